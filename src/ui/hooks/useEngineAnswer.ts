/**
 * Debounced questions to the engine for the panels that answer as the user types ("try the
 * model", Inspect): waits until typing pauses, asks, and drops answers that arrive after a newer
 * question (the latest input always wins).
 */
import { useEffect, useRef, useState } from 'react';

export interface AnswerState<A> {
  result: A | null;
  error: string | null;
  pending: boolean;
}

const messageOf = (e: unknown): string =>
  e instanceof Error || (e && typeof e === 'object' && 'message' in e) ? String((e as { message: unknown }).message) : String(e);

/**
 * `request` null means "nothing to ask" (empty input, or no trained model yet). `key` identifies
 * the request so the effect does not re-run for an equal object; `modelVersion` re-asks when the
 * weights changed (another epoch trained).
 */
export function useEngineAnswer<Q, A>(ask: (request: Q) => Promise<A>, request: Q | null, key: string, modelVersion: string, delayMs: number): AnswerState<A> {
  const [state, setState] = useState<AnswerState<A>>({ result: null, error: null, pending: false });
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
      ask(current).then(
        (result) => ticket === latest.current && setState({ result, error: null, pending: false }),
        (e: unknown) => ticket === latest.current && setState({ result: null, error: messageOf(e), pending: false }),
      );
    }, delayMs);
    return () => clearTimeout(timer);
  }, [key, modelVersion, delayMs, ask]);

  return state;
}
