/** Test doubles for the helper threads of the typed predictor and trainer (imported by tests only). */
import { createRng } from '../rng';
import { TypedNetwork } from './network';
import { TypedPredictor } from './typedPredictor';
import type { PredictHelper } from './sharedScoring';
import type { TrainHelper } from './shardedStep';

export interface HelperBehaviour {
  failLoad?: boolean;
  /** Never finishes loading, as a hung worker (or one busy with an older request) would. */
  hangOnLoad?: boolean;
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

/** A training helper stand-in: its own network, answering a macrotask later, failing on request. */
export function inProcessTrainHelper(behaviour: HelperBehaviour = {}): TrainHelper & { chunks: number; resets: number; loaded(): boolean } {
  let network: TypedNetwork | null = null;
  const later = () => new Promise((resolve) => setTimeout(resolve, 2));
  return {
    chunks: 0,
    resets: 0,
    loaded: () => network !== null,
    unloadTrainer() {
      network = null;
    },
    async reset() {
      await later();
      this.resets++;
      network = null;
    },
    async loadTrainer(spec, weights, { maxBatch, seed }) {
      await later();
      if (behaviour.failLoad) throw new RangeError('no memory');
      if (behaviour.hangOnLoad) await new Promise(() => {});
      network = new TypedNetwork(spec, weights, { maxBatch, learningRate: 0, rng: createRng(seed) });
    },
    async trainShard(params, x, y, n, meanOver) {
      await later();
      if (++this.chunks === behaviour.failOnChunk) throw new Error('worker crashed');
      if (behaviour.hangOnChunk !== undefined && this.chunks >= behaviour.hangOnChunk) await new Promise(() => {});
      network!.setWeights(params);
      const { loss, acc } = network!.gradients(x, y, n, meanOver);
      network!.copyGradients(params);
      return { gradients: params, loss, acc };
    },
  };
}
