/**
 * Debounced predictions for the "try the model" panels: waits until typing pauses, asks the
 * engine, and drops answers that arrive after a newer question (the latest input always wins).
 */
import { useEffect, useRef, useState } from 'react';
import type { PredictRequest, PredictResult } from '../../engine/types';
import { useLab } from './useLab';

export interface PredictionState {
  result: PredictResult | null;
  error: string | null;
  pending: boolean;
}

/**
 * `request` null means "nothing to ask" (empty input, or no trained model yet). `key` identifies
 * the request so the effect does not re-run for an equal object; `modelVersion` re-asks when the
 * weights changed (another epoch trained).
 */
export function usePrediction(
  request: PredictRequest | null,
  key: string,
  modelVersion: string,
  delayMs: number,
): PredictionState {
  const predict = useLab((s) => s.predict);
  const [state, setState] = useState<PredictionState>({ result: null, error: null, pending: false });
  const latest = useRef(0);
  const requestRef = useRef(request);
  requestRef.current = request;

  useEffect(() => {
    const ticket = ++latest.current;
    const current = requestRef.current;
    if (!current) {
      setState({ result: null, error: null, pending: false });
      return;
    }
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      predict(current).then(
        (result) => ticket === latest.current && setState({ result, error: null, pending: false }),
        (e: unknown) =>
          ticket === latest.current &&
          setState({ result: null, error: e instanceof Error || (e && typeof e === 'object' && 'message' in e) ? String((e as { message: unknown }).message) : String(e), pending: false }),
      );
    }, delayMs);
    return () => clearTimeout(timer);
  }, [key, modelVersion, delayMs, predict]);

  return state;
}
