/**
 * Test helpers for the reference layers: seeded inputs, the float32 tolerance check, finite
 * differences, and running a tfjs-layers layer for its output and gradients. Test-only: imported
 * by `*.test.ts` files alone.
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { createRng } from '../rng';
import type { RecurrentGradients, RecurrentKind, RecurrentWeights } from './recurrent';
import type { CellActivation, Floats } from './sequence';
import { compareToReference, KERNEL_TOLERANCE, type Tolerance } from './tolerance';

/** A recurrent layer's test shape: batch, steps, sizes, activation, and whether it returns every step. */
export interface RecurrentCase { batch: number; steps: number; inputDim: number; units: number; activation: CellActivation; returnSequences: boolean }

/** The shapes every recurrent reference is checked on (against tfjs-layers and by finite differences). */
export const RECURRENT_CASES: readonly RecurrentCase[] = [
  { batch: 3, steps: 5, inputDim: 2, units: 3, activation: 'tanh', returnSequences: false },
  { batch: 2, steps: 4, inputDim: 3, units: 5, activation: 'relu', returnSequences: true },
  // tfjs-layers' RNN fails on a single timestep (its stack of one output), so the anchor starts at 2.
  { batch: 1, steps: 2, inputDim: 1, units: 1, activation: 'tanh', returnSequences: true },
  { batch: 5, steps: 3, inputDim: 7, units: 4, activation: 'relu', returnSequences: false },
];

/** n values uniform in [−scale, scale), seeded. */
export function uniform(n: number, scale: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

/** Finite differences in float64 against an analytic gradient: central differences carry ~1e−10 of error. */
export const FINITE_DIFFERENCE_TOLERANCE: Tolerance = { rtol: 1e-6, atolFraction: 1e-7 };

/** `got` within `tolerance` of `want` (float32 against the float64 reference by default). */
export function expectNear(got: Floats, want: Floats, label: string, tolerance: Tolerance = KERNEL_TOLERANCE): void {
  const c = compareToReference(got, want, tolerance);
  expect(c.ratio, `${label}: ${c.ratio === Infinity && c.at < 0 ? `length ${got.length}, want ${want.length}` : `off by ${c.error.toExponential(2)} of the largest, worst at ${c.at}`}`).toBeLessThanOrEqual(1);
}

/** The gradient of `loss` at `v` by central differences. */
export function finiteDifferences(loss: (v: Float64Array) => number, v: Floats, eps = 1e-6): Float64Array {
  const base = Float64Array.from(v), g = new Float64Array(base.length);
  for (let j = 0; j < base.length; j++) {
    const up = base.slice(), down = base.slice();
    up[j] += eps;
    down[j] -= eps;
    g[j] = (loss(up) - loss(down)) / (2 * eps);
  }
  return g;
}

/** Σ a·b: the scalar every gradient test differentiates (a layer's output against a fixed probe). */
export function dot(a: Floats, b: Floats): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** What a tfjs-layers layer computed: its output, its trainable weights' gradients (in its order) and the input's. */
export interface TfjsRun {
  y: Float32Array;
  dWeights: Float32Array[];
  dx: Float32Array;
}

/**
 * Runs `layer` (built, weights set) on x with an optional step mask, eagerly, and differentiates
 * Σ output·probe with respect to its trainable weights and its input.
 */
export function runTfjsLayer(layer: tf.layers.Layer, x: tf.Tensor, probe: Floats, mask?: tf.Tensor): TfjsRun {
  return tf.tidy(() => {
    const kwargs = mask ? { mask } : {};
    const apply = (input: tf.Tensor) => layer.apply(input, kwargs) as tf.Tensor;
    const out = apply(x);
    const probeT = tf.tensor(Float32Array.from(probe), out.shape);
    const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(apply(x), probeT)) as tf.Scalar, vars);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(apply(input), probeT)))(x);
    return {
      y: out.dataSync() as Float32Array,
      dWeights: vars.map((v) => grads[v.name].dataSync() as Float32Array),
      dx: dx.dataSync() as Float32Array,
    };
  });
}

/** Pre-padded word ids [rows, steps]: row r has `lengths[r]` ids in 1…vocab−1 after zeros. */
export function prePadded(lengths: readonly number[], steps: number, vocab: number, seed: number): Int32Array {
  const rng = createRng(seed), ids = new Int32Array(lengths.length * steps);
  lengths.forEach((n, r) => {
    for (let t = steps - n; t < steps; t++) ids[r * steps + t] = 1 + Math.floor(rng.next() * (vocab - 1));
  });
  return ids;
}

/** The same rows with their ids moved to the front (post-padding), or cut to their last `steps` positions. */
export function repad(ids: Int32Array, rows: number, steps: number, to: { steps: number; post: boolean }): Int32Array {
  const out = new Int32Array(rows * to.steps);
  for (let r = 0; r < rows; r++) {
    const words = Array.from(ids.subarray(r * steps, (r + 1) * steps)).filter((id) => id !== 0);
    if (words.length > to.steps) throw new Error(`Row ${r} has ${words.length} words, more than ${to.steps} steps.`);
    out.set(words, r * to.steps + (to.post ? 0 : to.steps - words.length));
  }
  return out;
}

/** Embedding lookup: ids [n] into rows of `table` [vocab, dim], [n, dim]. */
export function embed(ids: Floats, table: Floats, dim: number): Float64Array {
  const y = new Float64Array(ids.length * dim);
  for (let j = 0; j < ids.length; j++) for (let e = 0; e < dim; e++) y[j * dim + e] = table[ids[j] * dim + e];
  return y;
}

/** The embedding table's gradient from the embedded input's, dx [n, dim]: each row summed into its id's. */
export function embeddingGradient(ids: Floats, dx: Floats, vocab: number, dim: number): Float64Array {
  const g = new Float64Array(vocab * dim);
  for (let j = 0; j < ids.length; j++) for (let e = 0; e < dim; e++) g[ids[j] * dim + e] += dx[j * dim + e];
  return g;
}

/**
 * GRU weights on which Keras' reset_after=True cell (ours) and reset_after=False (tfjs-layers'
 * only GRU) compute the same function: r ⊙ (h·R_h + b_hh) = (r ⊙ h)·R_h holds for every r and h
 * exactly when R_h, the recurrent kernel's candidate block, is diagonal and b_hh = 0. So these
 * weights tie our GRU to tfjs-layers' own layer, forward and backward, at any size.
 */
export function resetAgnosticGru(inputDim: number, units: number, seed: number): { inputDim: number; units: number; kernel: Float32Array; recurrentKernel: Float32Array; bias: Float32Array } {
  const U = units, G = 3 * U;
  const recurrentKernel = uniform(U * G, 0.6, seed + 1);
  for (let j = 0; j < U; j++) for (let k = 0; k < U; k++) if (j !== k) recurrentKernel[j * G + 2 * U + k] = 0;
  const bias = uniform(2 * G, 0.3, seed + 2);
  bias.fill(0, G + 2 * U, 2 * G);
  return { inputDim, units, kernel: uniform(inputDim * G, 0.6, seed), recurrentKernel, bias };
}

/** The same weights as tfjs-layers' reset_after=False GRU takes them: kernel, recurrent kernel, bias [3u] (b_x + b_h). */
export function asResetBeforeGru(w: { units: number; kernel: Floats; recurrentKernel: Floats; bias: Floats }): [Float32Array, Float32Array, Float32Array] {
  const G = 3 * w.units;
  return [Float32Array.from(w.kernel), Float32Array.from(w.recurrentKernel), Float32Array.from({ length: G }, (_, j) => w.bias[j] + w.bias[G + j])];
}

/**
 * The recurrent kernel's gradient where the two variants share it on `resetAgnosticGru` weights:
 * the z and r columns, and the candidate block's diagonal (off it, reset_after's gradient is
 * r_k·h_j·δ_k where reset_before's is r_j·h_j·δ_k).
 */
export function sharedRecurrentGradient(dRecurrentKernel: Floats, units: number): Float64Array {
  const U = units, G = 3 * U, out: number[] = [];
  for (let j = 0; j < U; j++) {
    for (let c = 0; c < 2 * U; c++) out.push(dRecurrentKernel[j * G + c]);
    out.push(dRecurrentKernel[j * G + 2 * U + j]);
  }
  return Float64Array.from(out);
}

/** A reference kind's twin in tfjs-layers: how to build it, give it our weights, and compare gradients. */
export interface TfjsTwin {
  /** Weights both compute the same function with (for the GRU, `resetAgnosticGru`'s). */
  weights(inputDim: number, units: number, seed: number): RecurrentWeights;
  layer(units: number, activation: CellActivation, returnSequences: boolean): tf.RNN;
  /** Our weights in the twin's order and shapes. */
  tfjsWeights(w: RecurrentWeights): tf.Tensor[];
  /** Compares our weights' gradients with the twin's (where they share them). */
  expectGradients(g: Pick<RecurrentGradients, 'dKernel' | 'dRecurrentKernel' | 'dBias'>, want: Float32Array[], units: number, label: string): void;
}

const zerosInit = { kernelInitializer: 'zeros', recurrentInitializer: 'zeros', biasInitializer: 'zeros' } as const;
const keras3 = (w: RecurrentWeights, gates: number) => [
  tf.tensor2d(Float32Array.from(w.kernel), [w.inputDim, gates * w.units]),
  tf.tensor2d(Float32Array.from(w.recurrentKernel), [w.units, gates * w.units]),
  tf.tensor1d(Float32Array.from(w.bias)),
];
const sameThree: TfjsTwin['expectGradients'] = (g, want, _units, label) => {
  expectNear(g.dKernel, want[0], `${label} dKernel`);
  expectNear(g.dRecurrentKernel, want[1], `${label} dRecurrentKernel`);
  expectNear(g.dBias, want[2], `${label} dBias`);
};

export const TFJS_TWINS: { readonly [K in RecurrentKind]: TfjsTwin } = {
  lstm: {
    weights: (I, U, seed) => ({ inputDim: I, units: U, kernel: uniform(I * 4 * U, 0.6, seed), recurrentKernel: uniform(U * 4 * U, 0.6, seed + 1), bias: uniform(4 * U, 0.3, seed + 2) }),
    layer: (units, activation, returnSequences) => tf.layers.lstm({ units, activation, recurrentActivation: 'sigmoid', returnSequences, ...zerosInit }),
    tfjsWeights: (w) => keras3(w, 4),
    expectGradients: sameThree,
  },
  gru: {
    weights: resetAgnosticGru,
    layer: (units, activation, returnSequences) => tf.layers.gru({ units, activation, recurrentActivation: 'sigmoid', returnSequences, ...zerosInit }),
    tfjsWeights: (w) => {
      const [kernel, recurrentKernel, bias] = asResetBeforeGru(w);
      return [tf.tensor2d(kernel, [w.inputDim, 3 * w.units]), tf.tensor2d(recurrentKernel, [w.units, 3 * w.units]), tf.tensor1d(bias)];
    },
    expectGradients: (g, want, U, label) => {
      const G = 3 * U;
      expectNear(g.dKernel, want[0], `${label} dKernel`);
      expectNear(sharedRecurrentGradient(g.dRecurrentKernel, U), sharedRecurrentGradient(want[1], U), `${label} dRecurrentKernel`);
      expectNear(g.dBias.subarray(0, G), want[2], `${label} input bias`);
      expectNear(g.dBias.subarray(G, G + 2 * U), want[2].subarray(0, 2 * U), `${label} recurrent bias`);
    },
  },
  simpleRnn: {
    weights: (I, U, seed) => ({ inputDim: I, units: U, kernel: uniform(I * U, 0.6, seed), recurrentKernel: uniform(U * U, 0.6, seed + 1), bias: uniform(U, 0.3, seed + 2) }),
    layer: (units, activation, returnSequences) => tf.layers.simpleRNN({ units, activation, returnSequences, ...zerosInit }),
    tfjsWeights: (w) => keras3(w, 1),
    expectGradients: sameThree,
  },
};
