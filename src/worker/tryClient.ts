/**
 * The main thread's side of the try-the-model worker (`try.worker.ts`): it forwards the training
 * worker's snapshots and asks for predictions, and says when it cannot answer (no snapshot yet,
 * a model it cannot run, no worker at all), so the caller asks the training worker instead.
 */
import type { ModelSnapshot, PredictRequest, PredictResult } from '../engine/types';
import type { InspectRequest, InspectResult } from '../engine/inspect/types';
import type { FromTryWorker, ToTryWorker } from './protocol';

const defaultCreateTryWorker = (): Worker =>
  new Worker(new URL('./try.worker.ts', import.meta.url), { type: 'module', name: 'lstm-lab-try' });

export interface TryClient {
  /** Loads a run's snapshot (the first of a run carries its vocabulary; kept here for a restarted worker). */
  load(snapshot: ModelSnapshot): void;
  /** Forgets the model: a new run started. */
  clear(): void;
  /** An answer from the latest snapshot, or null when this side cannot give one. */
  predict(request: PredictRequest): Promise<PredictResult | null>;
  /** The Inspect view's answer from the latest snapshot, or null when this side cannot give one. */
  inspect(request: InspectRequest): Promise<InspectResult | null>;
  dispose(): void;
}

/**
 * `lazy`: start the worker at the first question, not at the first snapshot (a worker for a kind
 * of question not every page asks); until then only the latest snapshot is kept.
 */
export function createTryClient(create: () => Worker = defaultCreateTryWorker, { lazy = false } = {}): TryClient {
  let worker: Worker | null | undefined;
  let loaded = false;
  let vocabWords: readonly string[] | undefined;
  /** A lazy client's latest snapshot, not yet sent: its worker has not started. */
  let unsent: ModelSnapshot | undefined;
  let nextId = 1;
  const pending = new Map<number, (result: PredictResult | InspectResult | null) => void>();

  const failAll = (): void => {
    for (const resolve of pending.values()) resolve(null);
    pending.clear();
  };
  const ensure = (): Worker | null => {
    if (worker !== undefined) return worker;
    try {
      const w = create();
      w.onmessage = (event: MessageEvent<FromTryWorker>) => {
        const m = event.data;
        if (m.type === 'loadFailed') loaded = false;
        if (m.type === 'ready' || m.type === 'loadFailed') return;
        const resolve = pending.get(m.requestId);
        pending.delete(m.requestId);
        resolve?.(m.type === 'requestError' ? null : m.result);
      };
      w.onerror = (event: ErrorEvent) => {
        // A crashed helper only costs speed: the next snapshot starts a fresh one.
        event.preventDefault();
        w.terminate();
        worker = undefined;
        loaded = false;
        failAll();
      };
      worker = w;
    } catch {
      worker = null; // no workers here: the training worker answers everything
    }
    return worker;
  };
  const send = (message: ToTryWorker): void => ensure()?.postMessage(message);
  /** A question for the worker, or null at once when it has no model to answer from. */
  const ask = <A extends PredictResult | InspectResult>(make: (requestId: number) => ToTryWorker): Promise<A | null> => {
    if (unsent) {
      const snapshot = unsent;
      unsent = undefined;
      load(snapshot);
    }
    if (!loaded || !worker) return Promise.resolve(null);
    const requestId = nextId++;
    return new Promise((resolve) => {
      pending.set(requestId, resolve as (result: PredictResult | InspectResult | null) => void);
      send(make(requestId));
    });
  };

  function load(snapshot: ModelSnapshot): void {
    if (snapshot.vocabWords) vocabWords = snapshot.vocabWords;
    const fresh = worker === undefined;
    if (!ensure()) return;
    // A worker started after the run's first snapshot still needs the vocabulary.
    send({ type: 'load', snapshot: fresh && !snapshot.vocabWords && vocabWords ? { ...snapshot, vocabWords } : snapshot });
    loaded = true;
  }

  return {
    load(snapshot) {
      if (lazy && worker === undefined) {
        if (snapshot.vocabWords) vocabWords = snapshot.vocabWords;
        unsent = snapshot;
        return;
      }
      load(snapshot);
    },
    clear() {
      loaded = false;
      unsent = undefined;
      vocabWords = undefined;
      if (worker) send({ type: 'clear' });
    },
    predict(request) {
      return ask<PredictResult>((requestId) => ({ type: 'predict', requestId, request }));
    },
    inspect(request) {
      return ask<InspectResult>((requestId) => ({ type: 'inspect', requestId, request }));
    },
    dispose() {
      unsent = undefined;
      worker?.terminate();
      worker = undefined;
      loaded = false;
      failAll();
    },
  };
}
