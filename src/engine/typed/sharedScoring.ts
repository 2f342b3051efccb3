/**
 * Scoring a large split on more than one core. Samples are independent at inference, so the
 * split is cut into chunks that the calling thread's predictor and any number of helpers (other
 * workers, each with its own `TypedPredictor` from the same weights) pull from one queue until it
 * is empty: a busy or slow helper simply takes fewer chunks. Each sample's numbers do not depend
 * on which thread or batch computed it (same kernels, rows independent), so the result is the one
 * a single thread would give.
 *
 * A helper that fails (its worker crashed, memory refused) is dropped and its chunk goes back in
 * the queue; the calling thread always finishes what is left, so evaluation never depends on a
 * helper.
 */
import type { ModelSpec } from '../spec/types';
import type { TypedPredictor } from './typedPredictor';

/** Another thread with its own typed predictor. */
export interface PredictHelper {
  /** Builds the helper's predictor from these weights (layers in spec order, as `getWeights()`). */
  load(spec: ModelSpec, weights: readonly (readonly Float32Array[])[]): Promise<void>;
  /**
   * Probabilities [n, classes] for `n` samples of `x` (batch-major, as `TypedPredictor.predict`).
   * `x` is a copy made for this call: the helper may keep or transfer its memory.
   */
  predict(x: Int32Array | Float32Array, n: number): Promise<Float32Array>;
}

export interface SharedPredictOptions {
  /** Samples per chunk: the predictor's batch, so a chunk is one pass. */
  chunk: number;
  /** Lets the calling thread receive the helpers' replies between its own chunks. */
  yieldToHost: () => Promise<void>;
  /**
   * How long, once its own queue is empty, the calling thread waits for helpers' last chunks
   * before computing them itself: at least this many ms, or 20 of its own chunk times if longer.
   */
  minGraceMs?: number;
}

const DEFAULT_MIN_GRACE_MS = 2000;

/** Requests each helper has queued at once, so it never waits for the caller to hand out the next chunk. */
const IN_FLIGHT_PER_HELPER = 2;

export interface SharedPrediction {
  probs: Float32Array;
  /** Threads that computed at least one chunk (the calling thread counts when it did). */
  threads: number;
}

export async function sharedPredict(
  local: TypedPredictor, helpers: readonly PredictHelper[], spec: ModelSpec, weights: readonly (readonly Float32Array[])[],
  x: Int32Array | Float32Array, n: number, options: SharedPredictOptions,
): Promise<SharedPrediction> {
  const perSample = x.length / Math.max(1, n);
  const chunks: number[] = [];
  for (let from = 0; from < n; from += options.chunk) chunks.push(from);
  let classes = 0;
  let result: Float32Array | null = null;
  // Chunks stored (a late reply for a chunk already recomputed is dropped) and chunks a helper holds.
  const done = new Set<number>();
  const inFlight = new Set<number>();
  const store = (from: number, probs: Float32Array, count: number): void => {
    if (done.has(from)) return;
    done.add(from);
    if (!result) {
      classes = probs.length / count;
      result = new Float32Array(n * classes);
    }
    result.set(probs, from * classes);
  };
  const size = (from: number): number => Math.min(options.chunk, n - from);
  const contributed = new Set<PredictHelper | 'local'>();

  // Helpers only pay off when there is more than a chunk or two to share.
  const useHelpers = chunks.length > 2 ? helpers : [];
  const helperLoops = useHelpers.map(async (helper) => {
    try {
      await helper.load(spec, weights);
    } catch {
      return; // this helper sits the evaluation out
    }
    const pull = async (): Promise<void> => {
      for (let from = chunks.shift(); from !== undefined; from = chunks.shift()) {
        const count = size(from);
        inFlight.add(from);
        try {
          store(from, await helper.predict(x.slice(from * perSample, (from + count) * perSample), count), count);
          contributed.add(helper);
        } catch {
          if (!done.has(from)) chunks.push(from); // someone else computes it; this loop stops
          return;
        } finally {
          inFlight.delete(from);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT_PER_HELPER }, pull));
  });

  const computeHere = (from: number): void => {
    const count = size(from);
    store(from, local.predict(x.subarray(from * perSample, (from + count) * perSample), count), count);
    contributed.add('local');
  };
  let ownMs = 0, own = 0;
  for (let from = chunks.shift(); from !== undefined; from = chunks.shift()) {
    const t0 = performance.now();
    computeHere(from);
    ownMs += performance.now() - t0;
    own++;
    if (useHelpers.length > 0) await options.yieldToHost();
  }
  if (useHelpers.length > 0) {
    // Wait for the helpers' last chunks, but not forever: a helper that stops answering (a hung
    // worker) must not hang the evaluation, so past the grace period they are computed here.
    const grace = Math.max(options.minGraceMs ?? DEFAULT_MIN_GRACE_MS, 20 * (own > 0 ? ownMs / own : 0));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(helperLoops), new Promise<void>((resolve) => (timer = setTimeout(resolve, grace)))]);
    clearTimeout(timer);
  }
  // What is left: chunks a failed helper put back, and those a silent helper still holds.
  for (const from of [...chunks.splice(0), ...inFlight]) if (!done.has(from)) computeHere(from);
  return { probs: result ?? new Float32Array(0), threads: Math.max(1, contributed.size) };
}
