/**
 * The reference GRU: Keras 2's default cell (`reset_after=True`, the cuDNN-compatible variant),
 * forward and backward, in float64, written for clarity. Fast versions are tested against it; it
 * is tested against tfjs-layers' GRU and against finite differences (`gru.test.ts`).
 *
 * Layout (Keras): kernel W [inputDim, 3u], recurrent kernel R [u, 3u], gate columns z (update),
 * r (reset), h (candidate); bias [2, 3u]: row 0 the input bias b_x, row 1 the recurrent bias
 * b_h (reset_after keeps them apart, hence the shape). Sequences as in `sequence.ts`.
 *
 * One step, per batch row and unit, with act = tanh (Keras' default) or relu:
 *   x̂ = (x_t ⊙ mᵢ)·W + b_x,   ĥ = (h_{t−1} ⊙ mᵣ)·R + b_h      (each [batch, 3u])
 *   z = σ(x̂_z + ĥ_z),  r = σ(x̂_r + ĥ_r),  n = act(x̂_h + r ⊙ ĥ_h)
 *   h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n
 * The reset gate acts after the recurrent product (reset_after): r ⊙ (h·R_h + b_hh), where
 * reset_after=False (tfjs-layers' only GRU, which refuses `resetAfter: true`) has (r ⊙ h)·R_h and
 * one bias. The blend uses h_{t−1} without its dropout mask, as Keras does.
 *
 * Dropout masks mᵢ [batch, inputDim] and mᵣ [batch, u], drawn once per sequence and scaled by
 * 1/(1 − rate), shared by the three gates, as the LSTM reference takes them: Keras'
 * `implementation=2`. (Keras' GRUCell switches to implementation 1 whenever recurrent dropout is
 * on, which draws three independent masks of each kind, one per gate: the same expectation, a
 * different noise.)
 *
 * An optional step mask [batch, steps] masks whole steps as Keras does (`sequence.ts`).
 */
import {
  act, actGradFromOutput, accumulateOuter, checkStepMask, float64, keepMaskedRows, masked, matmul, matmulTransposed,
  sequenceOutput, sigmoid, StateGradient, stepInput, zeroMaskedRows, type CellActivation, type Floats,
} from './sequence';

/** A GRU layer's weights and sizes (Keras layout, reset_after=True). */
export interface GruWeights {
  inputDim: number;
  units: number;
  /** [inputDim, 3u], columns z, r, h. */
  kernel: Floats;
  /** [u, 3u], columns z, r, h. */
  recurrentKernel: Floats;
  /** [2, 3u]: the input bias, then the recurrent bias. */
  bias: Floats;
}

export interface GruOptions {
  /** The candidate's activation (Keras' `activation`); the gates always use sigmoid. */
  activation: CellActivation;
  /** Initial state [batch, u]; zeros when absent. */
  h0?: Floats;
  /** Scaled dropout masks, one per sequence: [batch, inputDim] and [batch, u]. */
  inputMask?: Floats;
  recurrentMask?: Floats;
  /** Steps to mask, [batch, steps]: 0 masked, 1 real. A masked step leaves h unchanged. */
  stepMask?: Floats;
}

/** Everything a forward pass computed, step by step, for the backward and for inspection. */
export interface GruForward {
  batch: number;
  steps: number;
  /**
   * The activated gates per step, [batch, 3u] each: z, r and the candidate n, in Keras' column
   * order (what Inspect shows); zeros in a row whose step is masked.
   */
  gates: Float64Array[];
  /** The recurrent candidate term before the reset gate, ĥ_h = (h ⊙ mᵣ)·R_h + b_hh, per step [batch, u]. */
  recurrentCandidate: Float64Array[];
  /** h_t per step, [batch, u] (at a masked step, the state it kept). */
  h: Float64Array[];
  /** Final state. */
  hT: Float64Array;
  stepMask?: Floats;
}

export interface GruGradients {
  /** [batch, steps, inputDim] */
  dx: Float64Array;
  /** [inputDim, 3u] */
  dKernel: Float64Array;
  /** [u, 3u] */
  dRecurrentKernel: Float64Array;
  /** [2, 3u], as the bias: the input bias's gradient, then the recurrent bias's. */
  dBias: Float64Array;
  /** The initial state's gradient, [batch, u]. */
  dh0: Float64Array;
}

/** One step from the projections x̂ and ĥ [batch, 3u] and h_{t−1} [batch, u]: the gates [batch, 3u] and h_t. */
export function gruCellForward(
  xProj: Floats, hProj: Floats, hPrev: Floats, batch: number, units: number, activation: CellActivation,
): { gates: Float64Array; h: Float64Array } {
  const u = units, gates = new Float64Array(batch * 3 * u), h = new Float64Array(batch * u);
  for (let b = 0; b < batch; b++) {
    const r0 = b * 3 * u;
    for (let k = 0; k < u; k++) {
      const z = sigmoid(xProj[r0 + k] + hProj[r0 + k]);
      const r = sigmoid(xProj[r0 + u + k] + hProj[r0 + u + k]);
      const n = act(activation, xProj[r0 + 2 * u + k] + r * hProj[r0 + 2 * u + k]);
      gates[r0 + k] = z;
      gates[r0 + u + k] = r;
      gates[r0 + 2 * u + k] = n;
      h[b * u + k] = z * hPrev[b * u + k] + (1 - z) * n;
    }
  }
  return { gates, h };
}

/**
 * One step's backward: from the gates, ĥ_h, h_{t−1} and the gradient reaching h_t, the gradients
 * of the projections x̂ and ĥ [batch, 3u] and the part of h_{t−1}'s that goes by the blend z ⊙ h_{t−1}.
 */
export function gruCellBackward(
  gates: Floats, recurrentCandidate: Floats, hPrev: Floats, dh: Floats, batch: number, units: number, activation: CellActivation,
): { dxProj: Float64Array; dhProj: Float64Array; dhBlend: Float64Array } {
  const u = units, dxProj = new Float64Array(batch * 3 * u), dhProj = new Float64Array(batch * 3 * u), dhBlend = new Float64Array(batch * u);
  for (let b = 0; b < batch; b++) {
    const r0 = b * 3 * u;
    for (let k = 0; k < u; k++) {
      const s = b * u + k, z = gates[r0 + k], r = gates[r0 + u + k], n = gates[r0 + 2 * u + k];
      const g = dh[s];
      const dz = g * (hPrev[s] - n) * z * (1 - z);
      const dn = g * (1 - z) * actGradFromOutput(activation, n);
      const dr = dn * recurrentCandidate[s] * r * (1 - r);
      dxProj[r0 + k] = dz;
      dxProj[r0 + u + k] = dr;
      dxProj[r0 + 2 * u + k] = dn;
      dhProj[r0 + k] = dz;
      dhProj[r0 + u + k] = dr;
      dhProj[r0 + 2 * u + k] = dn * r;
      dhBlend[s] = g * z;
    }
  }
  return { dxProj, dhProj, dhBlend };
}

/** x̂ of step t: b_x + (x_t ⊙ mᵢ)·W, [batch, 3u]. */
function inputProjection(xt: Float64Array, kernel: Float64Array, bias: Floats, batch: number, inputDim: number, G: number): Float64Array {
  const p = new Float64Array(batch * G);
  for (let b = 0; b < batch; b++) for (let j = 0; j < G; j++) p[b * G + j] = bias[j];
  return matmul(xt, kernel, batch, inputDim, G, p, true);
}

/** ĥ of a step: b_h + (h ⊙ mᵣ)·R, [batch, 3u]. */
function recurrentProjection(hm: Float64Array, recurrentKernel: Float64Array, bias: Floats, batch: number, units: number, G: number): Float64Array {
  const p = new Float64Array(batch * G);
  for (let b = 0; b < batch; b++) for (let j = 0; j < G; j++) p[b * G + j] = bias[G + j];
  return matmul(hm, recurrentKernel, batch, units, G, p, true);
}

function checkWeights(w: GruWeights): void {
  const { inputDim: I, units: U } = w;
  if (w.kernel.length !== I * 3 * U || w.recurrentKernel.length !== U * 3 * U || w.bias.length !== 2 * 3 * U) {
    throw new Error(`A GRU of ${U} units on ${I} inputs has a kernel [${I}, ${3 * U}], a recurrent kernel [${U}, ${3 * U}] and a bias [2, ${3 * U}].`);
  }
}

/** The GRU over x [batch, steps, inputDim]. */
export function gruForward(x: Floats, batch: number, steps: number, w: GruWeights, options: GruOptions): GruForward {
  checkWeights(w);
  const { inputDim: I, units: U } = w, G = 3 * U, stepMask = options.stepMask;
  checkStepMask(stepMask, batch, steps);
  let h: Float64Array = Float64Array.from(options.h0 ?? new Float64Array(batch * U));
  const out: GruForward = { batch, steps, gates: [], recurrentCandidate: [], h: [], hT: h };
  if (stepMask) out.stepMask = stepMask;
  const kernel = float64(w.kernel), recurrentKernel = float64(w.recurrentKernel);
  const xt = new Float64Array(batch * I), hm = new Float64Array(batch * U);
  for (let t = 0; t < steps; t++) {
    const xProj = inputProjection(stepInput(x, t, batch, steps, I, options.inputMask, xt), kernel, w.bias, batch, I, G);
    const hProj = recurrentProjection(masked(h, options.recurrentMask, hm), recurrentKernel, w.bias, batch, U, G);
    const step = gruCellForward(xProj, hProj, h, batch, U, options.activation);
    const candidate = new Float64Array(batch * U);
    for (let b = 0; b < batch; b++) candidate.set(hProj.subarray(b * G + 2 * U, (b + 1) * G), b * U);
    keepMaskedRows(step.h, h, stepMask, t, batch, steps, U);
    zeroMaskedRows(step.gates, stepMask, t, batch, steps, G);
    zeroMaskedRows(candidate, stepMask, t, batch, steps, U);
    out.gates.push(step.gates);
    out.recurrentCandidate.push(candidate);
    out.h.push(step.h);
    h = step.h;
  }
  out.hT = h;
  return out;
}

/**
 * The layer's output: h of every step [batch, steps, u] with `returnSequences`, else the last
 * output [batch, u]; with a step mask, Keras' masked outputs (`sequence.ts`).
 */
export function gruOutput(f: GruForward, units: number, returnSequences: boolean): Float64Array {
  return sequenceOutput(f.h, f.batch, units, returnSequences, f.stepMask);
}

/**
 * Backpropagation through time from the gradient of the layer's output: `dy` is [batch, steps, u]
 * with `returnSequences`, else [batch, u]. Masked steps' inputs get zeros; the state's gradient
 * passes them unchanged.
 */
export function gruBackward(x: Floats, w: GruWeights, f: GruForward, dy: Floats, returnSequences: boolean, options: GruOptions): GruGradients {
  const { inputDim: I, units: U } = w, G = 3 * U, { batch: B, steps: T, stepMask } = f;
  const grads: GruGradients = {
    dx: new Float64Array(B * T * I), dKernel: new Float64Array(I * G), dRecurrentKernel: new Float64Array(U * G),
    dBias: new Float64Array(2 * G), dh0: new Float64Array(B * U),
  };
  const h0 = Float64Array.from(options.h0 ?? new Float64Array(B * U));
  const kernel = float64(w.kernel), recurrentKernel = float64(w.recurrentKernel);
  const xt = new Float64Array(B * I), hmBuffer = new Float64Array(B * U), dxt = new Float64Array(B * I), dhm = new Float64Array(B * U);
  const state = new StateGradient(dy, returnSequences, B, T, U, stepMask);
  for (let t = T - 1; t >= 0; t--) {
    const hPrev = t === 0 ? h0 : f.h[t - 1];
    const { dxProj, dhProj, dhBlend } = gruCellBackward(f.gates[t], f.recurrentCandidate[t], hPrev, state.take(t), B, U, options.activation);
    // A masked row ran no cell: nothing reaches its projections (its gradient for h_{t−1} is the state's, passed on below).
    zeroMaskedRows(dxProj, stepMask, t, B, T, G);
    zeroMaskedRows(dhProj, stepMask, t, B, T, G);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < G; j++) {
        grads.dBias[j] += dxProj[b * G + j];
        grads.dBias[G + j] += dhProj[b * G + j];
      }
    }
    accumulateOuter(stepInput(x, t, B, T, I, options.inputMask, xt), dxProj, B, I, G, grads.dKernel);
    accumulateOuter(masked(hPrev, options.recurrentMask, hmBuffer), dhProj, B, U, G, grads.dRecurrentKernel);
    // dx_t = (dx̂·Wᵀ) ⊙ mᵢ; dh_{t−1} = (dĥ·Rᵀ) ⊙ mᵣ + dh_t ⊙ z.
    matmulTransposed(dxProj, kernel, B, I, G, dxt);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < I; k++) grads.dx[(b * T + t) * I + k] = dxt[b * I + k] * (options.inputMask ? options.inputMask[b * I + k] : 1);
    }
    matmulTransposed(dhProj, recurrentKernel, B, U, G, dhm);
    const dhPrev = new Float64Array(B * U);
    for (let s = 0; s < B * U; s++) dhPrev[s] = dhm[s] * (options.recurrentMask ? options.recurrentMask[s] : 1) + dhBlend[s];
    state.give(t, dhPrev);
  }
  grads.dh0 = state.dh0;
  return grads;
}
