/**
 * Training with tfjs on the active backend: the model built from the spec (with the fused LSTM or
 * tfjs-layers' own), Adam, and `trainOnBatch` on batches sliced or gathered from the split,
 * uploaded once. The tfjs model holds the run's weights; `tfjsRunModel` answers from it.
 * Its checkpoints hold Adam's moments in the typed trainer's layout (`typed/adam.ts`), so either
 * trainer can continue the other's run; a lost GPU fails the step that finds it (`gpuLoss.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import type { BatchTrainer } from '../batchTrainer';
import type { Split } from '../data/dataset';
import { createRng } from '../rng';
import type { RunModel } from '../runModel';
import { isStateful, weightShapes } from '../spec/model';
import { metricOf } from '../spec/losses';
import type { ModelSpec } from '../spec/types';
import type { AdamState } from '../typed/adam';
import type { TrainerState } from '../types';
import type { ModelWeights } from '../weights';
import { buildModel, type LstmFactory } from './buildModel';
import { watchGpuLoss, type GpuLossWatch } from './gpuLoss';

/** Samples per `model.predict` batch when nothing fixes it: large, for few kernel dispatches. */
const PREDICT_BATCH = 256;

/**
 * A tfjs model as the run's model. Owns it: `dispose` frees it. `gpu`: a prediction fails when the
 * GPU is lost, instead of waiting for it for ever.
 */
export function tfjsRunModel(spec: ModelSpec, model: tf.LayersModel, gpu?: GpuLossWatch): RunModel {
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
          const probs = (await (gpu ? gpu.guard(out.data()) : out.data())) as Float32Array;
          return { probs, threads: 1 };
        } finally {
          out.dispose();
        }
      } finally {
        input.dispose();
      }
    },
    async getWeights() {
      const tensors = model.getWeights();
      const reads = Promise.all(tensors.map((w) => w.data()));
      const values = await (gpu ? gpu.guard(reads) : reads);
      return values.map((v, i) => ({ shape: [...shapes[i]], values: (v as Float32Array).slice() }));
    },
    setWeights(weights: ModelWeights) {
      const tensors = weights.map((w) => tf.tensor(w.values, w.shape, 'float32'));
      model.setWeights(tensors);
      tf.dispose(tensors);
    },
    resetStates: () => {
      if (stateful) model.resetStates();
    },
    dispose: () => {
      gpu?.stop();
      model.dispose();
    },
  };
}

/** Adam's β1 and β2: tfjs' defaults, as `tf.train.adam(lr)` and the typed trainer use them. */
const BETA1 = 0.9;
const BETA2 = 0.999;

/**
 * β1ᵗ and β2ᵗ, which tfjs keeps as variables it does not save: `setWeights` recomputes them as
 * powers from the step count, which differ in the last bits from the products it accumulated, so a
 * resumed run drifted from an uninterrupted one (resume.test.ts, in the 8th digit by epoch 3).
 * They are read and written directly.
 */
interface AdamPowers {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

/** Adam's state in the typed trainer's layout: moments per weight, in `model.getWeights()` order. */
async function adamState(optimizer: tf.AdamOptimizer, sizes: readonly number[]): Promise<AdamState> {
  const saved = await optimizer.getWeights();
  try {
    // [iterations, first moments…, second moments…], one moment per trainable weight in the
    // order the model trains them; none before the first step.
    const moments = saved.slice(1);
    const read = async (k: number) => (moments[k] ? ((await moments[k].tensor.data()) as Float32Array).slice() : new Float32Array(sizes[k % sizes.length]));
    if (moments.length !== 0 && moments.length !== 2 * sizes.length) throw new Error(`Adam holds ${moments.length / 2} moments for ${sizes.length} weights.`);
    const all = await Promise.all(Array.from({ length: 2 * sizes.length }, (_, k) => read(k)));
    const powers = optimizer as unknown as AdamPowers;
    return {
      m: all.slice(0, sizes.length),
      v: all.slice(sizes.length),
      accBeta1: (await powers.accBeta1.data())[0],
      accBeta2: (await powers.accBeta2.data())[0],
    };
  } finally {
    saved[0]?.tensor.dispose(); // the step count, made for the call; the moments are Adam's own
  }
}

/** Continues `optimizer` from `state` (before its first step). */
async function restoreAdam(optimizer: tf.AdamOptimizer, state: AdamState, shapes: readonly (readonly number[])[]): Promise<void> {
  if (state.m.length !== shapes.length || state.m.some((m, k) => m.length !== shapes[k].reduce((a, b) => a * b, 1))) {
    throw new Error('The optimizer state does not fit this model.');
  }
  // The step count is what tfjs saves; the typed trainer keeps β1ᵗ⁺¹, from which it follows.
  const steps = Math.round(Math.log(state.accBeta1) / Math.log(BETA1)) - 1;
  const moment = (a: Float32Array, k: number, which: string) => ({ name: `weight_${k}/${which}`, tensor: tf.tensor(a, [...shapes[k]], 'float32') });
  const named = [
    { name: 'iter', tensor: tf.scalar(steps, 'int32') },
    ...state.m.map((a, k) => moment(a, k, 'm')),
    ...state.v.map((a, k) => moment(a, k, 'v')),
  ];
  try {
    await optimizer.setWeights(named);
  } finally {
    // `setWeights` made variables of the moments; these tensors are no longer needed.
    tf.dispose(named.map((n) => n.tensor));
  }
  const powers = optimizer as unknown as AdamPowers;
  powers.accBeta1.assign(tf.scalar(state.accBeta1));
  powers.accBeta2.assign(tf.scalar(state.accBeta2));
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
  // The masks' stream is the trainer's, so a checkpoint can say where it stands.
  const maskRng = createRng(opts.seed).fork();
  const built = buildModel(spec, { seed: opts.seed, batchSize: opts.batchSize, lstm: opts.lstm, weights, maskRng });
  // A model compiled with an optimizer instance does not own it: Adam's moment variables are
  // freed with the trainer, or every run would leak them.
  const optimizer = tf.train.adam(opts.learningRate, BETA1, BETA2);
  const gpu = watchGpuLoss();
  const shapes = weightShapes(spec).flat();
  let x: tf.Tensor | undefined, y: tf.Tensor | undefined;
  try {
    built.compile({ optimizer, loss: spec.loss, metrics: [metricOf(spec.loss).keras] });
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
    model: tfjsRunModel(spec, built, gpu),
    threads: 1,
    async step(order, from, size) {
      const [xb, yb] = tf.tidy(() => {
        if (!order) return [xs.slice(from, size), ys.slice(from, size)];
        const idx = tf.tensor1d(order.subarray(from, from + size), 'int32');
        return [xs.gather(idx), ys.gather(idx)];
      });
      try {
        const [loss, acc] = (await gpu.guard(built.trainOnBatch(xb, yb))) as number[];
        // A lost GPU returns zeros or NaN as if the model had diverged: say what happened instead.
        const lost = gpu.lost();
        if (lost) throw lost;
        return [loss, acc];
      } finally {
        xb.dispose();
        yb.dispose();
      }
    },
    async state(): Promise<TrainerState> {
      const adam = await gpu.guard(adamState(optimizer, shapes.map((s) => s.reduce((a, b) => a * b, 1))));
      // Read back from a dead context, the state (and the weights read before it) would be zeros.
      const lost = gpu.lost();
      if (lost) throw lost;
      return { adam, maskRng: maskRng.state() };
    },
    async restore(state: TrainerState) {
      await restoreAdam(optimizer, state.adam, shapes);
      maskRng.setState(state.maskRng);
    },
    dispose() {
      xs.dispose();
      ys.dispose();
      optimizer.dispose();
    },
  };
}
