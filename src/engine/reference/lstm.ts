/**
 * The reference LSTM: Keras' cell, forward and backward, written for clarity, not speed. Every
 * fast implementation (the typed trainer's JavaScript and WebAssembly kernels, the fused LSTM's
 * GLSL and WGSL shaders and its tfjs paths) is tested against these functions, and these are
 * tested against tfjs-layers' own LSTM (`lstm.test.ts`), which is the link to Keras.
 *
 * Layout (Keras): kernel W [inputDim, 4u], recurrent kernel R [u, 4u], bias [4u], row-major,
 * gate columns in the order i, f, c (the candidate, "g" here), o. Batch-major sequences: x is
 * [batch, steps, inputDim], element (b, t, k) at (b·steps + t)·inputDim + k.
 *
 * One step, per batch row and unit, with act = tanh or relu and the recurrent activation sigmoid:
 *   z = (x_t ⊙ mᵢ)·W + (h_{t−1} ⊙ mᵣ)·R + b
 *   i = σ(z_i), f = σ(z_f), g = act(z_g), o = σ(z_o)
 *   c_t = f·c_{t−1} + i·g,  h_t = o·act(c_t)
 * Dropout masks mᵢ [batch, inputDim] and mᵣ [batch, u] are drawn once per sequence and already
 * scaled by 1/(1 − rate) (Keras' `implementation=2`: one mask for all four gates).
 *
 * An optional step mask [batch, steps] masks whole steps as Keras does (`sequence.ts`): a masked
 * step leaves h and c unchanged. Without one, every step runs, as it always has.
 *
 * Arithmetic is in float64 (`Math.exp`, `Math.tanh`), so the reference carries no rounding of
 * its own beyond float32 inputs; the fast versions are judged by their distance from it.
 */
import {
  act, actGradFromOutput, checkStepMask, float64, keepMaskedRows, masked, matmul, sequenceOutput, sigmoid, StateGradient,
  stepInput, zeroMaskedRows, type CellActivation, type Floats,
} from './sequence';

export type { CellActivation } from './sequence';

/**
 * One step's cell update from summed pre-activations `z` [batch, 4u] and c_{t−1} [batch, u]:
 * the activated gates [batch, 4u] (i, f, g, o), c_t and h_t [batch, u].
 */
export function cellForward(
  z: Floats, cPrev: Floats, batch: number, units: number, activation: CellActivation,
): { gates: Float64Array; c: Float64Array; h: Float64Array } {
  const u = units, gates = new Float64Array(batch * 4 * u), c = new Float64Array(batch * u), h = new Float64Array(batch * u);
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < u; k++) {
      const zr = b * 4 * u;
      const i = sigmoid(z[zr + k]), f = sigmoid(z[zr + u + k]), g = act(activation, z[zr + 2 * u + k]), o = sigmoid(z[zr + 3 * u + k]);
      gates[zr + k] = i;
      gates[zr + u + k] = f;
      gates[zr + 2 * u + k] = g;
      gates[zr + 3 * u + k] = o;
      const ct = f * cPrev[b * u + k] + i * g;
      c[b * u + k] = ct;
      h[b * u + k] = o * act(activation, ct);
    }
  }
  return { gates, c, h };
}

/**
 * One step's backward: from the activated gates, c_t, c_{t−1}, the gradient reaching h_t (`dh`)
 * and the gradient reaching c_t from step t+1 (`dc`), the pre-activations' gradient `dz`
 * [batch, 4u] and the gradient for c_{t−1}.
 */
export function cellBackward(
  gates: Floats, c: Floats, cPrev: Floats, dh: Floats, dc: Floats, batch: number, units: number, activation: CellActivation,
): { dz: Float64Array; dcPrev: Float64Array } {
  const u = units, dz = new Float64Array(batch * 4 * u), dcPrev = new Float64Array(batch * u);
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < u; k++) {
      const r = b * 4 * u, s = b * u + k;
      const i = gates[r + k], f = gates[r + u + k], g = gates[r + 2 * u + k], o = gates[r + 3 * u + k];
      const ac = act(activation, c[s]);
      const dct = dc[s] + dh[s] * o * actGradFromOutput(activation, ac);
      dz[r + k] = dct * g * i * (1 - i);
      dz[r + u + k] = dct * cPrev[s] * f * (1 - f);
      dz[r + 2 * u + k] = dct * i * actGradFromOutput(activation, g);
      dz[r + 3 * u + k] = dh[s] * ac * o * (1 - o);
      dcPrev[s] = dct * f;
    }
  }
  return { dz, dcPrev };
}

/** An LSTM layer's weights and sizes (Keras layout). */
export interface LstmWeights {
  inputDim: number;
  units: number;
  kernel: Floats;
  recurrentKernel: Floats;
  bias: Floats;
}

export interface LstmOptions {
  activation: CellActivation;
  /** Initial states [batch, u]; zeros when absent. */
  h0?: Floats;
  c0?: Floats;
  /** Scaled dropout masks, one per sequence: [batch, inputDim] and [batch, u]. */
  inputMask?: Floats;
  recurrentMask?: Floats;
  /**
   * The first step to run (0 when absent): steps before it are taken as already run, h0 and c0
   * being the state they left. Their inputs get no gradient, nor do the weights through them.
   * The Inspect view runs only a review's words this way, after its padding (`../inspect/`).
   */
  from?: number;
  /**
   * Steps to mask, [batch, steps]: 0 where a step is masked (word id 0 under
   * `Embedding(mask_zero=True)`), 1 where it is real. A masked step leaves h and c unchanged
   * (Keras). Not with `from`: a masked sequence runs from step 0.
   */
  stepMask?: Floats;
}

/** Everything a forward pass computed, step by step, for the backward and for inspection. */
export interface LstmForward {
  batch: number;
  /** Steps of the sequence, those before `from` included. */
  steps: number;
  /** The first step run; the arrays below hold steps from…steps−1 (index t − from). */
  from: number;
  /** Activated gates per step, [batch, 4u] each; zeros in a row whose step is masked (no gate acted). */
  gates: Float64Array[];
  /** c_t and h_t per step, [batch, u] each (at a masked step, the state it kept). */
  c: Float64Array[];
  h: Float64Array[];
  /** Final states. */
  hT: Float64Array;
  cT: Float64Array;
  /** The step mask it ran with, if any: the output and the backward follow it. */
  stepMask?: Floats;
}

/** The same values, bit for bit (−0 is not 0 here). */
function sameValues(a: Float64Array, b: Float64Array): boolean {
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j] || (a[j] === 0 && !Object.is(a[j], b[j]))) return false;
  return true;
}

/** The LSTM over x [batch, steps, inputDim], from step `options.from` (0) on. */
export function lstmForward(x: Floats, batch: number, steps: number, w: LstmWeights, options: LstmOptions): LstmForward {
  const { inputDim: I, units: U } = w, G = 4 * U, from = options.from ?? 0, stepMask = options.stepMask;
  checkStepMask(stepMask, batch, steps);
  if (stepMask && from > 0) throw new Error('A masked sequence runs from step 0: its masked steps leave the state as it was.');
  let h: Float64Array = Float64Array.from(options.h0 ?? new Float64Array(batch * U));
  let c: Float64Array = Float64Array.from(options.c0 ?? new Float64Array(batch * U));
  const out: LstmForward = { batch, steps, from, gates: [], c: [], h: [], hT: h, cT: c };
  if (stepMask) out.stepMask = stepMask;
  let xt = new Float64Array(batch * I), previous = new Float64Array(batch * I);
  const hm = new Float64Array(batch * U), projection = new Float64Array(batch * G);
  const kernel = float64(w.kernel), recurrentKernel = float64(w.recurrentKernel);
  for (let t = from; t < steps; t++) {
    // z = b + (x_t ⊙ mᵢ)·W + (h ⊙ mᵣ)·R, each sum in this order. The first two terms are kept
    // from the step before when its input was the same (a run of padding: 480 of a short review's
    // 500 steps), so the same bits either way.
    stepInput(x, t, batch, steps, I, options.inputMask, xt);
    if (t === from || !sameValues(xt, previous)) {
      for (let b = 0; b < batch; b++) for (let j = 0; j < G; j++) projection[b * G + j] = w.bias[j];
      matmul(xt, kernel, batch, I, G, projection, true);
    }
    [xt, previous] = [previous, xt];
    const z = Float64Array.from(projection);
    matmul(masked(h, options.recurrentMask, hm), recurrentKernel, batch, U, G, z, true);
    const step = cellForward(z, c, batch, U, options.activation);
    keepMaskedRows(step.h, h, stepMask, t, batch, steps, U);
    keepMaskedRows(step.c, c, stepMask, t, batch, steps, U);
    zeroMaskedRows(step.gates, stepMask, t, batch, steps, G);
    out.gates.push(step.gates);
    out.c.push(step.c);
    out.h.push(step.h);
    h = step.h;
    c = step.c;
  }
  out.hT = h;
  out.cT = c;
  return out;
}

/**
 * The layer's output: h of every step [batch, steps, u] with `returnSequences`, else the last h
 * [batch, u]. A forward that started after step 0 takes the steps before from `earlier`, a
 * one-row forward of them (the same for every row). A masked forward's output is Keras' (see
 * `sequence.ts`): a masked step outputs the previous output, zeros before the first real step.
 */
export function lstmOutput(f: LstmForward, units: number, returnSequences: boolean, earlier?: LstmForward): Float64Array {
  if (f.stepMask) return sequenceOutput(f.h, f.batch, units, returnSequences, f.stepMask);
  if (!returnSequences) return Float64Array.from(f.hT);
  if (f.from > 0 && !(earlier && earlier.batch === 1 && earlier.from === 0 && earlier.h.length >= f.from)) {
    throw new Error(`The sequence's first ${f.from} steps were not run: give them (a one-row forward from step 0).`);
  }
  const y = new Float64Array(f.batch * f.steps * units);
  for (let t = 0; t < f.steps; t++) {
    for (let b = 0; b < f.batch; b++) {
      const h = t < f.from ? earlier!.h[t] : f.h[t - f.from].subarray(b * units, (b + 1) * units);
      y.set(h, (b * f.steps + t) * units);
    }
  }
  return y;
}

export interface LstmGradients {
  /** [batch, steps, inputDim] */
  dx: Float64Array;
  dKernel: Float64Array;
  dRecurrentKernel: Float64Array;
  dBias: Float64Array;
}

/**
 * Backpropagation through time from the gradient of the layer's output: `dy` is [batch, steps, u]
 * with `returnSequences`, else [batch, u] (reaching the last h only). Initial states get no
 * gradient; nor do steps before `f.from`, nor masked steps (their inputs get zeros; the state's
 * gradient passes them unchanged). `inputOnly`: skip the weights' gradients (left zero),
 * for a gradient with respect to the input alone (integrated gradients).
 */
export function lstmBackward(
  x: Floats, w: LstmWeights, f: LstmForward, dy: Floats, returnSequences: boolean, options: LstmOptions, inputOnly = false,
): LstmGradients {
  const { inputDim: I, units: U } = w, G = 4 * U, { batch: B, steps: T, from } = f;
  const grads: LstmGradients = {
    dx: new Float64Array(B * T * I), dKernel: new Float64Array(inputOnly ? 0 : I * G),
    dRecurrentKernel: new Float64Array(inputOnly ? 0 : U * G), dBias: new Float64Array(inputOnly ? 0 : G),
  };
  const h0 = Float64Array.from(options.h0 ?? new Float64Array(B * U));
  const c0 = Float64Array.from(options.c0 ?? new Float64Array(B * U));
  const xt = new Float64Array(B * I), hmBuffer = new Float64Array(B * U);
  const kernel = float64(w.kernel), recurrentKernel = float64(w.recurrentKernel);
  const stepMask = f.stepMask, state = new StateGradient(dy, returnSequences, B, T, U, stepMask);
  let dc: Float64Array = new Float64Array(B * U);
  for (let t = T - 1; t >= from; t--) {
    const s = t - from;
    const dh = state.take(t);
    const cPrev = s === 0 ? c0 : f.c[s - 1];
    const { dz, dcPrev } = cellBackward(f.gates[s], f.c[s], cPrev, dh, dc, B, U, options.activation);
    // A masked row ran no cell: nothing reaches its gates, and c's gradient passes it unchanged.
    zeroMaskedRows(dz, stepMask, t, B, T, G);
    keepMaskedRows(dcPrev, dc, stepMask, t, B, T, U);
    dc = dcPrev;
    if (!inputOnly) {
      stepInput(x, t, B, T, I, options.inputMask, xt);
      const hm = masked(s === 0 ? h0 : f.h[s - 1], options.recurrentMask, hmBuffer);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < G; j++) {
          const g = dz[b * G + j];
          grads.dBias[j] += g;
          for (let k = 0; k < I; k++) grads.dKernel[k * G + j] += xt[b * I + k] * g;
          for (let k = 0; k < U; k++) grads.dRecurrentKernel[k * G + j] += hm[b * U + k] * g;
        }
      }
    }
    // dx_t = (dz·Wᵀ) ⊙ mᵢ, dh_{t−1} = (dz·Rᵀ) ⊙ mᵣ.
    const dhNext = new Float64Array(B * U);
    for (let b = 0; b < B; b++) {
      const dzb = b * G;
      for (let k = 0; k < I; k++) {
        let sum = 0;
        const wk = k * G;
        for (let j = 0; j < G; j++) sum += dz[dzb + j] * kernel[wk + j];
        grads.dx[(b * T + t) * I + k] = sum * (options.inputMask ? options.inputMask[b * I + k] : 1);
      }
      for (let k = 0; k < U; k++) {
        let sum = 0;
        const rk = k * G;
        for (let j = 0; j < G; j++) sum += dz[dzb + j] * recurrentKernel[rk + j];
        dhNext[b * U + k] = sum * (options.recurrentMask ? options.recurrentMask[b * U + k] : 1);
      }
    }
    state.give(t, dhNext);
  }
  return grads;
}
