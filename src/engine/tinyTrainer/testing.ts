/** Test doubles for the typed predictor's helpers (imported by tests only). */
import { TypedPredictor } from './predictor';
import type { PredictHelper } from './sharedPredict';

export interface HelperBehaviour {
  failLoad?: boolean;
  /** Rejects this many chunks in (the first is 1), as a crashed worker would. */
  failOnChunk?: number;
  /** Never answers from this many chunks in, as a hung worker would. */
  hangOnChunk?: number;
}

/** A helper thread stand-in: its own typed predictor, answering a macrotask later, failing on request. */
export function inProcessHelper(behaviour: HelperBehaviour = {}): PredictHelper & { chunks: number } {
  let predictor: TypedPredictor | null = null;
  const later = () => new Promise((resolve) => setTimeout(resolve, 2));
  return {
    chunks: 0,
    async load(spec, weights) {
      await later();
      if (behaviour.failLoad) throw new RangeError('no memory');
      predictor = new TypedPredictor(spec, weights);
    },
    async predict(x, n) {
      await later();
      if (++this.chunks === behaviour.failOnChunk) throw new Error('worker crashed');
      if (behaviour.hangOnChunk !== undefined && this.chunks >= behaviour.hangOnChunk) await new Promise(() => {});
      return predictor!.predict(x, n);
    },
  };
}
