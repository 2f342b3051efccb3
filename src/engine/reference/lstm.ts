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
 * Arithmetic is in float64 (`Math.exp`, `Math.tanh`), so the reference carries no rounding of
 * its own beyond float32 inputs; the fast versions are judged by their distance from it.
 */

export type CellActivation = 'tanh' | 'relu';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const act = (a: CellActivation, z: number): number => (a === 'relu' ? Math.max(0, z) : Math.tanh(z));
/** act′ from act's output (tanh′ = 1 − y², relu′ = [y > 0]), as tfjs' gradients take it. */
const actGradFromOutput = (a: CellActivation, y: number): number => (a === 'relu' ? (y > 0 ? 1 : 0) : 1 - y * y);

type Floats = ArrayLike<number>;

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
}

/** Everything a forward pass computed, step by step ([t][…] arrays), for the backward and for inspection. */
export interface LstmForward {
  batch: number;
  steps: number;
  /** Activated gates per step, [batch, 4u] each. */
  gates: Float64Array[];
  /** c_t and h_t per step, [batch, u] each. */
  c: Float64Array[];
  h: Float64Array[];
  /** Final states. */
  hT: Float64Array;
  cT: Float64Array;
}

/** out[m, n] = a[m, k] · b[k, n] (+ out when `accumulate`). */
function matmul(a: Floats, b: Floats, m: number, k: number, n: number, out: Float64Array, accumulate = false): Float64Array {
  if (!accumulate) out.fill(0, 0, m * n);
  // Row by row of b (contiguous), not column by column: the same additions in the same order for
  // every element (so the same bits), 3–4× faster on IMDB's 500-step traces (the Inspect view).
  for (let r = 0; r < m; r++) {
    const row = r * n;
    for (let p = 0; p < k; p++) {
      const ap = a[r * k + p];
      const bp = p * n;
      for (let col = 0; col < n; col++) out[row + col] += ap * b[bp + col];
    }
  }
  return out;
}

/** The masked input of step t, [batch, inputDim]. */
function stepInput(x: Floats, t: number, batch: number, steps: number, inputDim: number, mask?: Floats): Float64Array {
  const xt = new Float64Array(batch * inputDim);
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < inputDim; k++) xt[b * inputDim + k] = x[(b * steps + t) * inputDim + k] * (mask ? mask[b * inputDim + k] : 1);
  }
  return xt;
}

const masked = (h: Floats, mask?: Floats): Float64Array => Float64Array.from(h, (v, j) => v * (mask ? mask[j] : 1));

/** The LSTM over x [batch, steps, inputDim]. */
export function lstmForward(x: Floats, batch: number, steps: number, w: LstmWeights, options: LstmOptions): LstmForward {
  const { inputDim: I, units: U } = w, G = 4 * U;
  let h: Float64Array = Float64Array.from(options.h0 ?? new Float64Array(batch * U));
  let c: Float64Array = Float64Array.from(options.c0 ?? new Float64Array(batch * U));
  const out: LstmForward = { batch, steps, gates: [], c: [], h: [], hT: h, cT: c };
  for (let t = 0; t < steps; t++) {
    const z = new Float64Array(batch * G);
    for (let b = 0; b < batch; b++) for (let j = 0; j < G; j++) z[b * G + j] = w.bias[j];
    matmul(stepInput(x, t, batch, steps, I, options.inputMask), w.kernel, batch, I, G, z, true);
    matmul(masked(h, options.recurrentMask), w.recurrentKernel, batch, U, G, z, true);
    const step = cellForward(z, c, batch, U, options.activation);
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

/** The layer's output: h of every step [batch, steps, u] with `returnSequences`, else the last h [batch, u]. */
export function lstmOutput(f: LstmForward, units: number, returnSequences: boolean): Float64Array {
  if (!returnSequences) return Float64Array.from(f.hT);
  const y = new Float64Array(f.batch * f.steps * units);
  for (let t = 0; t < f.steps; t++) {
    for (let b = 0; b < f.batch; b++) y.set(f.h[t].subarray(b * units, (b + 1) * units), (b * f.steps + t) * units);
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
 * with `returnSequences`, else [batch, u] (reaching the last h only). Initial states get no gradient.
 */
export function lstmBackward(
  x: Floats, w: LstmWeights, f: LstmForward, dy: Floats, returnSequences: boolean, options: LstmOptions,
): LstmGradients {
  const { inputDim: I, units: U } = w, G = 4 * U, { batch: B, steps: T } = f;
  const grads: LstmGradients = {
    dx: new Float64Array(B * T * I), dKernel: new Float64Array(I * G), dRecurrentKernel: new Float64Array(U * G), dBias: new Float64Array(G),
  };
  const h0 = Float64Array.from(options.h0 ?? new Float64Array(B * U));
  const c0 = Float64Array.from(options.c0 ?? new Float64Array(B * U));
  let dhNext = new Float64Array(B * U);
  let dc: Float64Array = new Float64Array(B * U);
  for (let t = T - 1; t >= 0; t--) {
    const dh = new Float64Array(B * U);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < U; k++) {
        const fromOutput = returnSequences ? dy[(b * T + t) * U + k] : t === T - 1 ? dy[b * U + k] : 0;
        dh[b * U + k] = fromOutput + dhNext[b * U + k];
      }
    }
    const cPrev = t === 0 ? c0 : f.c[t - 1];
    const { dz, dcPrev } = cellBackward(f.gates[t], f.c[t], cPrev, dh, dc, B, U, options.activation);
    dc = dcPrev;
    const xt = stepInput(x, t, B, T, I, options.inputMask);
    const hm = masked(t === 0 ? h0 : f.h[t - 1], options.recurrentMask);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < G; j++) {
        const g = dz[b * G + j];
        grads.dBias[j] += g;
        for (let k = 0; k < I; k++) grads.dKernel[k * G + j] += xt[b * I + k] * g;
        for (let k = 0; k < U; k++) grads.dRecurrentKernel[k * G + j] += hm[b * U + k] * g;
      }
    }
    // dx_t = (dz·Wᵀ) ⊙ mᵢ, dh_{t−1} = (dz·Rᵀ) ⊙ mᵣ.
    dhNext = new Float64Array(B * U);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < I; k++) {
        let s = 0;
        for (let j = 0; j < G; j++) s += dz[b * G + j] * w.kernel[k * G + j];
        grads.dx[(b * T + t) * I + k] = s * (options.inputMask ? options.inputMask[b * I + k] : 1);
      }
      for (let k = 0; k < U; k++) {
        let s = 0;
        for (let j = 0; j < G; j++) s += dz[b * G + j] * w.recurrentKernel[k * G + j];
        dhNext[b * U + k] = s * (options.recurrentMask ? options.recurrentMask[b * U + k] : 1);
      }
    }
  }
  return grads;
}
