/**
 * The typed trainer behind the training loop's `BatchTrainer` interface: a `TypedNetwork` holds
 * the run's only copy of the weights, and `typedRunModel` answers every prediction from it.
 */
import type { BatchTrainer } from '../batchTrainer';
import type { Split } from '../data/dataset';
import type { Rng } from '../rng';
import type { ModelSpec } from '../spec/types';
import { layerValues, type ModelWeights } from '../weights';
import type { KernelKind } from './kernels';
import { TypedNetwork } from './network';
import { shardedStepFor, type ShardedStep, type TrainHelper } from './shardedStep';
import type { PredictHelper } from './sharedScoring';
import { typedRunModel } from './typedRunModel';

export interface TypedTrainerOptions {
  batchSize: number;
  learningRate: number;
  /** Draws the dropout masks (and seeds the helpers'). */
  rng: Rng;
  /** Other threads that take shards of each batch: the plan gives as many as pay (`plan/threads.ts`). */
  helpers?: readonly TrainHelper[];
  /** Other threads that share large predictions (validation, the test set). */
  predictHelpers?: () => readonly PredictHelper[];
  /** The kernels to use; the best this host has by default. */
  kernels?: KernelKind;
}

/** Trains `spec` from `weights` (copied) on `train`. */
export function typedBatchTrainer(spec: ModelSpec, weights: ModelWeights, train: Split, opts: TypedTrainerOptions): BatchTrainer {
  const values = layerValues(spec, weights);
  const network = new TypedNetwork(spec, values, {
    maxBatch: opts.batchSize, learningRate: opts.learningRate, rng: opts.rng, kernels: opts.kernels,
  });
  const model = typedRunModel(spec, network, opts.batchSize, opts.predictHelpers);
  const n = train.xShape[0];
  const xRow = train.x.length / n, yRow = train.y.length / n;
  // Batches are gathered straight into the network's input buffer.
  const xb = network.input;
  const yb = new Float32Array(opts.batchSize * yRow);
  const x = train.x, y = train.y;
  const helpers = opts.helpers ?? [];
  // The helpers' dropout streams are seeded from the run's mask stream at the first step of each
  // epoch, so a checkpoint (that stream's position) fixes them too and a resumed run repeats the
  // same masks on every thread.
  let sharded: ShardedStep | null = null;
  const shardedStep = (): ShardedStep | null => {
    if (!sharded && helpers.length > 0) sharded = shardedStepFor(network, spec, values, opts.batchSize, helpers, opts.rng);
    return sharded;
  };

  return {
    model,
    threads: helpers.length > 0 ? 1 + helpers.length : 1,
    step(order, from, size) {
      for (let k = 0; k < size; k++) {
        const row = order ? order[from + k] : from + k;
        // Plain loops: `subarray` would allocate two views per sample. Word ids become floats
        // (exact below 2²⁴), since the network's input buffer is float memory.
        for (let j = 0; j < xRow; j++) xb[k * xRow + j] = x[row * xRow + j];
        for (let j = 0; j < yRow; j++) yb[k * yRow + j] = y[row * yRow + j];
      }
      model.changed();
      const shards = shardedStep();
      if (shards) return shards.step(xb, yb, size).then(({ loss, acc }): [number, number] => [loss, acc]);
      const { loss, acc } = network.trainStep(xb, yb, size);
      return [loss, acc];
    },
    epochStart() {
      sharded?.release();
      sharded = null;
    },
    state: () => ({ adam: network.optimizerState(), maskRng: opts.rng.state() }),
    restore(state) {
      network.setOptimizerState(state.adam);
      opts.rng.setState(state.maskRng);
    },
    // The helpers' networks hold half a batch's activations each: free them with the run.
    dispose: () => sharded?.release(),
  };
}
