/**
 * The typed trainer behind the training loop's `BatchTrainer` interface. The tfjs model is
 * the record of the weights for everything else (validation, best-epoch copies, "try the model"),
 * so `syncModel` copies the network's weights into it whenever the loop asks.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec/types';
import type { BatchTrainer } from '../batchTrainer';
import type { TrainerInfo } from '../types';
import type { Split } from '../data/dataset';
import type { Rng } from '../rng';
import { TypedNetwork } from './network';
import { shardedStepFor, type TrainHelper } from './shardedStep';

export interface TypedTrainerOptions {
  batchSize: number;
  learningRate: number;
  /** Draws the dropout masks. */
  rng: Rng;
  /** Other threads that can take shards of a batch, where that pays (`trainingThreads`). */
  helpers?: readonly TrainHelper[];
}

/** The trainer, and how many threads share each batch. */
export type TypedBatchTrainer = BatchTrainer & { readonly threads: number };

/** Starts from the model's current weights; the model's layers must match `spec.layers` one to one. */
export function typedArrayBatchTrainer(spec: ModelSpec, model: tf.LayersModel, train: Split, opts: TypedTrainerOptions): TypedBatchTrainer {
  if (model.layers.length !== spec.layers.length) {
    throw new Error(`The model has ${model.layers.length} layers, its spec ${spec.layers.length}.`);
  }
  const weights = model.layers.map((layer) => layer.getWeights().map((w) => w.dataSync() as Float32Array));
  const network = new TypedNetwork(spec, weights, { maxBatch: opts.batchSize, learningRate: opts.learningRate, rng: opts.rng });
  const n = train.xShape[0];
  const xRow = train.x.length / n, yRow = train.y.length / n;
  // Batches are gathered straight into the network's input buffer.
  const xb = network.input;
  const yb = new Float32Array(opts.batchSize * yRow);
  const x = train.x, y = train.y;
  /** Whether the network has trained since the model last got its weights. */
  let dirty = false;
  const sharded = shardedStepFor(network, spec, weights, opts.batchSize, opts.helpers ?? [], opts.rng);
  const threads = sharded?.plannedThreads ?? 1;

  return {
    threads,
    step(order, from, size) {
      for (let k = 0; k < size; k++) {
        const row = order ? order[from + k] : from + k;
        // Plain loops: `subarray` would allocate two views per sample. Word ids become floats
        // (exact below 2²⁴), since the network's input buffer is float memory.
        for (let j = 0; j < xRow; j++) xb[k * xRow + j] = x[row * xRow + j];
        for (let j = 0; j < yRow; j++) yb[k * yRow + j] = y[row * yRow + j];
      }
      dirty = true;
      if (sharded) return sharded.step(xb, yb, size).then(({ loss, acc }): [number, number] => [loss, acc]);
      const { loss, acc } = network.trainStep(xb, yb, size);
      return [loss, acc];
    },
    syncModel() {
      // The loop syncs after every epoch and again when a run ends: the second is free.
      if (!dirty) return;
      dirty = false;
      network.layerWeights().forEach((layerWeights, i) => {
        if (layerWeights.length === 0) return;
        const tensors = layerWeights.map((w, k) => tf.tensor(w, model.layers[i].weights[k].shape as number[], 'float32'));
        model.layers[i].setWeights(tensors);
        tf.dispose(tensors);
      });
    },
    resetStates: () => network.resetStates(),
    // The helpers' networks hold half a batch's activations each: free them with the run.
    dispose: () => sharded?.release(),
  };
}

/**
 * Starts the typed trainer where `choice` says so; where it cannot start (a model whose
 * arena would not fit in WebAssembly's memory), tfjs trains instead and the reason says why.
 */
export function startTrainer(choice: TrainerInfo, build: () => TypedBatchTrainer): { trainer: TrainerInfo; batchTrainer?: BatchTrainer } {
  if (choice.kind !== 'typed') return { trainer: choice };
  try {
    const batchTrainer = build();
    if (batchTrainer.threads === 1) return { trainer: choice, batchTrainer };
    return { trainer: { ...choice, reason: `${choice.reason} Each batch is split across ${batchTrainer.threads} threads.`, threads: batchTrainer.threads }, batchTrainer };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { trainer: { kind: 'tensors', reason: `tfjs kernels on the backend: the typed trainer could not start (${why}).` } };
  }
}
