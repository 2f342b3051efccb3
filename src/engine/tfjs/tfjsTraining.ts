/**
 * Training with tfjs on the active backend: the model built from the spec (with the fused LSTM or
 * tfjs-layers' own), Adam, and `trainOnBatch` on batches sliced or gathered from the split,
 * uploaded once. The tfjs model holds the run's weights; `tfjsRunModel` answers from it.
 */
import * as tf from '@tensorflow/tfjs';
import type { BatchTrainer } from '../batchTrainer';
import type { Split } from '../data/dataset';
import type { RunModel } from '../runModel';
import { isStateful, weightShapes } from '../spec/model';
import type { ModelSpec } from '../spec/types';
import type { ModelWeights } from '../weights';
import { buildModel, type LstmFactory } from './buildModel';

/** Samples per `model.predict` batch when nothing fixes it: large, for few kernel dispatches. */
const PREDICT_BATCH = 256;

/** A tfjs model as the run's model. Owns it: `dispose` frees it. */
export function tfjsRunModel(spec: ModelSpec, model: tf.LayersModel): RunModel {
  const stateful = isStateful(spec);
  const shapes = weightShapes(spec).flat();
  return {
    spec,
    async predict(x, n) {
      const input = x instanceof Int32Array ? tf.tensor(x, [n, ...spec.inputShape], 'int32') : tf.tensor(x, [n, ...spec.inputShape], 'float32');
      try {
        // A stateful model's batch size is part of its input shape (one sample per row of state).
        const out = model.predict(input, { batchSize: stateful ? model.inputs[0].shape[0] ?? 1 : PREDICT_BATCH }) as tf.Tensor;
        try {
          return { probs: (await out.data()) as Float32Array, threads: 1 };
        } finally {
          out.dispose();
        }
      } finally {
        input.dispose();
      }
    },
    getWeights: () => model.getWeights().map((w, i) => ({ shape: [...shapes[i]], values: (w.dataSync() as Float32Array).slice() })),
    setWeights(weights: ModelWeights) {
      const tensors = weights.map((w) => tf.tensor(w.values, w.shape, 'float32'));
      model.setWeights(tensors);
      tf.dispose(tensors);
    },
    resetStates: () => {
      if (stateful) model.resetStates();
    },
    dispose: () => model.dispose(),
  };
}

export interface TfjsTrainingOptions {
  batchSize: number;
  learningRate: number;
  /** Seeds the dropout masks. */
  seed: number;
  /** The LSTM layer to build with: the fused LSTM or tfjs-layers' own. */
  lstm: LstmFactory;
}

/** Builds `spec` from `weights` on the active backend and trains it with Adam. */
export function tfjsBatchTrainer(spec: ModelSpec, weights: ModelWeights, train: Split, opts: TfjsTrainingOptions): BatchTrainer {
  const built = buildModel(spec, { seed: opts.seed, batchSize: opts.batchSize, lstm: opts.lstm, weights });
  // A model compiled with an optimizer instance does not own it: Adam's moment variables are
  // freed with the trainer, or every run would leak them.
  const optimizer = tf.train.adam(opts.learningRate);
  let x: tf.Tensor | undefined, y: tf.Tensor | undefined;
  try {
    built.compile({ optimizer, loss: spec.loss, metrics: ['accuracy'] });
    x = train.x instanceof Int32Array ? tf.tensor(train.x, train.xShape, 'int32') : tf.tensor(train.x, train.xShape, 'float32');
    y = tf.tensor(train.y, train.yShape, 'float32');
  } catch (e) {
    tf.dispose([x, y].filter((t): t is tf.Tensor => t !== undefined));
    optimizer.dispose();
    built.dispose();
    throw e;
  }
  const xs = x, ys = y;
  return {
    model: tfjsRunModel(spec, built),
    threads: 1,
    async step(order, from, size) {
      const [xb, yb] = tf.tidy(() => {
        if (!order) return [xs.slice(from, size), ys.slice(from, size)];
        const idx = tf.tensor1d(order.subarray(from, from + size), 'int32');
        return [xs.gather(idx), ys.gather(idx)];
      });
      try {
        const [loss, acc] = (await built.trainOnBatch(xb, yb)) as number[];
        return [loss, acc];
      } finally {
        xb.dispose();
        yb.dispose();
      }
    },
    dispose() {
      xs.dispose();
      ys.dispose();
      optimizer.dispose();
    },
  };
}
