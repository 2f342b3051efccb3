/**
 * The reference SimpleRNN: Keras' `SimpleRNN` cell, forward and backward, in float64, written for
 * clarity. Tested against tfjs-layers' `simpleRNN` and finite differences (`simpleRnn.test.ts`).
 *
 * Layout (Keras): kernel W [inputDim, u], recurrent kernel R [u, u], bias [u]. Sequences as in
 * `sequence.ts`. One step, per batch row, with act = tanh (Keras' default) or relu:
 *   h_t = act((x_t ⊙ mᵢ)·W + b + (h_{t−1} ⊙ mᵣ)·R)
 * Dropout masks mᵢ [batch, inputDim] and mᵣ [batch, u] are drawn once per sequence and scaled by
 * 1/(1 − rate) (Keras' SimpleRNNCell draws one of each). An optional step mask [batch, steps]
 * masks whole steps as Keras does (`sequence.ts`).
 */
import {
  act, actGradFromOutput, accumulateOuter, checkStepMask, float64, keepMaskedRows, masked, matmul, matmulTransposed,
  sequenceOutput, StateGradient, stepInput, zeroMaskedRows, type CellActivation, type Floats,
} from './sequence';

/** A SimpleRNN layer's weights and sizes (Keras layout). */
export interface SimpleRnnWeights {
  inputDim: number;
  units: number;
  /** [inputDim, u] */
  kernel: Floats;
  /** [u, u] */
  recurrentKernel: Floats;
  /** [u] */
  bias: Floats;
}

export interface SimpleRnnOptions {
  activation: CellActivation;
  /** Initial state [batch, u]; zeros when absent. */
  h0?: Floats;
  /** Scaled dropout masks, one per sequence: [batch, inputDim] and [batch, u]. */
  inputMask?: Floats;
  recurrentMask?: Floats;
  /** Steps to mask, [batch, steps]: 0 masked, 1 real. A masked step leaves h unchanged. */
  stepMask?: Floats;
}

export interface SimpleRnnForward {
  batch: number;
  steps: number;
  /** h_t per step, [batch, u] (at a masked step, the state it kept). */
  h: Float64Array[];
  hT: Float64Array;
  stepMask?: Floats;
}

export interface SimpleRnnGradients {
  /** [batch, steps, inputDim] */
  dx: Float64Array;
  dKernel: Float64Array;
  dRecurrentKernel: Float64Array;
  dBias: Float64Array;
  /** The initial state's gradient, [batch, u]. */
  dh0: Float64Array;
}

function checkWeights(w: SimpleRnnWeights): void {
  const { inputDim: I, units: U } = w;
  if (w.kernel.length !== I * U || w.recurrentKernel.length !== U * U || w.bias.length !== U) {
    throw new Error(`A SimpleRNN of ${U} units on ${I} inputs has a kernel [${I}, ${U}], a recurrent kernel [${U}, ${U}] and a bias [${U}].`);
  }
}

/** The SimpleRNN over x [batch, steps, inputDim]. */
export function simpleRnnForward(x: Floats, batch: number, steps: number, w: SimpleRnnWeights, options: SimpleRnnOptions): SimpleRnnForward {
  checkWeights(w);
  const { inputDim: I, units: U } = w, stepMask = options.stepMask;
  checkStepMask(stepMask, batch, steps);
  let h: Float64Array = Float64Array.from(options.h0 ?? new Float64Array(batch * U));
  const out: SimpleRnnForward = { batch, steps, h: [], hT: h };
  if (stepMask) out.stepMask = stepMask;
  const kernel = float64(w.kernel), recurrentKernel = float64(w.recurrentKernel);
  const xt = new Float64Array(batch * I), hm = new Float64Array(batch * U);
  for (let t = 0; t < steps; t++) {
    // z = b + (x_t ⊙ mᵢ)·W + (h ⊙ mᵣ)·R, each sum in this order (Keras: bias_add, then the recurrent term).
    const z = new Float64Array(batch * U);
    for (let b = 0; b < batch; b++) for (let k = 0; k < U; k++) z[b * U + k] = w.bias[k];
    matmul(stepInput(x, t, batch, steps, I, options.inputMask, xt), kernel, batch, I, U, z, true);
    matmul(masked(h, options.recurrentMask, hm), recurrentKernel, batch, U, U, z, true);
    const next = z.map((v) => act(options.activation, v));
    keepMaskedRows(next, h, stepMask, t, batch, steps, U);
    out.h.push(next);
    h = next;
  }
  out.hT = h;
  return out;
}

/** h of every step [batch, steps, u] with `returnSequences`, else the last output [batch, u] (Keras' masked outputs with a step mask). */
export function simpleRnnOutput(f: SimpleRnnForward, units: number, returnSequences: boolean): Float64Array {
  return sequenceOutput(f.h, f.batch, units, returnSequences, f.stepMask);
}

/**
 * Backpropagation through time from the gradient of the layer's output: `dy` is [batch, steps, u]
 * with `returnSequences`, else [batch, u]. Masked steps' inputs get zeros.
 */
export function simpleRnnBackward(
  x: Floats, w: SimpleRnnWeights, f: SimpleRnnForward, dy: Floats, returnSequences: boolean, options: SimpleRnnOptions,
): SimpleRnnGradients {
  const { inputDim: I, units: U } = w, { batch: B, steps: T, stepMask } = f;
  const grads: SimpleRnnGradients = {
    dx: new Float64Array(B * T * I), dKernel: new Float64Array(I * U), dRecurrentKernel: new Float64Array(U * U),
    dBias: new Float64Array(U), dh0: new Float64Array(B * U),
  };
  const h0 = Float64Array.from(options.h0 ?? new Float64Array(B * U));
  const kernel = float64(w.kernel), recurrentKernel = float64(w.recurrentKernel);
  const xt = new Float64Array(B * I), hm = new Float64Array(B * U), dxt = new Float64Array(B * I);
  const state = new StateGradient(dy, returnSequences, B, T, U, stepMask);
  for (let t = T - 1; t >= 0; t--) {
    const hPrev = t === 0 ? h0 : f.h[t - 1], ht = f.h[t], dh = state.take(t);
    const dz = Float64Array.from(dh, (g, s) => g * actGradFromOutput(options.activation, ht[s]));
    zeroMaskedRows(dz, stepMask, t, B, T, U);
    for (let b = 0; b < B; b++) for (let k = 0; k < U; k++) grads.dBias[k] += dz[b * U + k];
    accumulateOuter(stepInput(x, t, B, T, I, options.inputMask, xt), dz, B, I, U, grads.dKernel);
    accumulateOuter(masked(hPrev, options.recurrentMask, hm), dz, B, U, U, grads.dRecurrentKernel);
    matmulTransposed(dz, kernel, B, I, U, dxt);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < I; k++) grads.dx[(b * T + t) * I + k] = dxt[b * I + k] * (options.inputMask ? options.inputMask[b * I + k] : 1);
    }
    const dhPrev = matmulTransposed(dz, recurrentKernel, B, U, U, new Float64Array(B * U));
    if (options.recurrentMask) for (let s = 0; s < B * U; s++) dhPrev[s] *= options.recurrentMask[s];
    state.give(t, dhPrev);
  }
  grads.dh0 = state.dh0;
  return grads;
}
