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

/** Shortest gap between two re-asks for a newer model (epochs can end every few milliseconds). */
export const REASK_MS = 250;

/**
 * `request` null means "nothing to ask" (empty input, or no trained model yet). `key` identifies
 * the request: a new key waits `delayMs` for typing to pause, then asks. `modelVersion` re-asks
 * the same question when the weights changed (another epoch trained), at most every `REASK_MS`
 * and without the typing delay. An answer is shown whenever it answers the current key, even if a
 * newer model's answer is on its way: while a run trains fast, an answer from a few epochs ago
 * beats none.
 */
export function useEngineAnswer<Q, A>(ask: (request: Q) => Promise<A>, request: Q | null, key: string, modelVersion: string, delayMs: number): AnswerState<A> {
  const [state, setState] = useState<AnswerState<A>>({ result: null, error: null, pending: false });
  const keyRef = useRef(key);
  keyRef.current = key;
  const requestRef = useRef(request);
  requestRef.current = request;
  /** When the last question was sent, and whether one is on its way. */
  const lastAsk = useRef(0);
  const inFlight = useRef(false);
  /** A newer model arrived while a question was on its way: ask again when it lands. */
  const stale = useRef(false);
  const reaskTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const send = useRef<() => void>(() => undefined);
  send.current = () => {
    const current = requestRef.current;
    if (!current) return;
    const askedKey = keyRef.current;
    lastAsk.current = performance.now();
    inFlight.current = true;
    stale.current = false;
    const done = (next: AnswerState<A>) => {
      inFlight.current = false;
      if (askedKey === keyRef.current) setState(next);
      if (stale.current) scheduleReask();
    };
    ask(current).then(
      (result) => done({ result, error: null, pending: false }),
      (e: unknown) => done({ result: null, error: messageOf(e), pending: false }),
    );
  };
  const scheduleReask = () => {
    if (reaskTimer.current !== null) return;
    const wait = Math.max(0, lastAsk.current + REASK_MS - performance.now());
    reaskTimer.current = setTimeout(() => {
      reaskTimer.current = null;
      send.current();
    }, wait);
  };

  // A new question: wait for typing to pause.
  useEffect(() => {
    if (!requestRef.current) {
      setState({ result: null, error: null, pending: false });
      return;
    }
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => send.current(), delayMs);
    return () => clearTimeout(timer);
  }, [key, delayMs, ask]);

  // The same question for a newer model: re-ask soon, without dropping the answer on screen.
  useEffect(() => {
    if (!requestRef.current) return;
    if (inFlight.current) stale.current = true;
    else scheduleReask();
  }, [modelVersion]);

  useEffect(() => () => {
    if (reaskTimer.current !== null) clearTimeout(reaskTimer.current);
  }, []);

  return state;
}
