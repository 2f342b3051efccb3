/**
 * What the reference recurrent layers (`lstm.ts`, `gru.ts`, `simpleRnn.ts`) share: the float64
 * arithmetic they are written in, the masked input of a step, and Keras' masking of whole steps.
 *
 * Sequences are batch-major and flat: x is [batch, steps, inputDim], element (b, t, k) at
 * (b·steps + t)·inputDim + k. A step mask is [batch, steps], element (b, t) at b·steps + t.
 *
 * Masking (a step mask from `Embedding(mask_zero=True)`: word id 0 is masked), as Keras' RNN runs
 * it (`backend.rnn` with a mask): at a masked step every state of that row (h, and c for an LSTM)
 * stays what it was; the row's output there is its previous output, zeros before its first real
 * step (Keras starts `prev_output` at zeros, not at h0). So with `return_sequences=False` the
 * output is the state after the last real step. A Bidirectional that returns sequences outputs
 * zeros at masked steps instead (`zeroMasked`: Keras forces `zero_output_for_mask` there).
 */

export type Floats = ArrayLike<number>;

export type CellActivation = 'tanh' | 'relu';

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
export const act = (a: CellActivation, z: number): number => (a === 'relu' ? Math.max(0, z) : Math.tanh(z));
/** act′ from act's output (tanh′ = 1 − y², relu′ = [y > 0]), as tfjs' gradients take it. */
export const actGradFromOutput = (a: CellActivation, y: number): number => (a === 'relu' ? (y > 0 ? 1 : 0) : 1 - y * y);

/**
 * `a` as a Float64Array (exact from float32), copied once per call rather than kept: the loops
 * then read one kind of array, and weights changed in place between calls are read afresh.
 */
export const float64 = (a: Floats): Float64Array => (a instanceof Float64Array ? a : Float64Array.from(a));

/**
 * out[m, n] = a[m, k] · b[k, n] (+ out when `accumulate`). Each element sums its k products in
 * order of k (so the same bits however the loops go); b's rows are read contiguously, each one
 * once for all m rows of a (3–4× faster than by columns on IMDB's 500-step traces).
 */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number, out: Float64Array, accumulate = false): Float64Array {
  if (!accumulate) out.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    const bp = p * n;
    for (let r = 0; r < m; r++) {
      const ap = a[r * k + p];
      const row = r * n;
      for (let col = 0; col < n; col++) out[row + col] += ap * b[bp + col];
    }
  }
  return out;
}

/** out[m, k] = d[m, n] · bᵀ (b is [k, n]), each element summed in order of n. */
export function matmulTransposed(d: Float64Array, b: Float64Array, m: number, k: number, n: number, out: Float64Array): Float64Array {
  for (let r = 0; r < m; r++) {
    for (let p = 0; p < k; p++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += d[r * n + j] * b[p * n + j];
      out[r * k + p] = sum;
    }
  }
  return out;
}

/** grad[k, n] += a[m, k]ᵀ · d[m, n]: a weight's gradient from its input and the pre-activations' gradient. */
export function accumulateOuter(a: Float64Array, d: Float64Array, m: number, k: number, n: number, grad: Float64Array): void {
  for (let r = 0; r < m; r++) {
    for (let p = 0; p < k; p++) {
      const ap = a[r * k + p];
      if (ap === 0) continue;
      for (let j = 0; j < n; j++) grad[p * n + j] += ap * d[r * n + j];
    }
  }
}

/** The masked input of step t, [batch, inputDim], into `xt`. */
export function stepInput(x: Floats, t: number, batch: number, steps: number, inputDim: number, mask: Floats | undefined, xt: Float64Array): Float64Array {
  for (let b = 0; b < batch; b++) {
    const src = (b * steps + t) * inputDim, dst = b * inputDim;
    for (let k = 0; k < inputDim; k++) xt[dst + k] = x[src + k] * (mask ? mask[dst + k] : 1);
  }
  return xt;
}

/** h ⊙ mask into `out`, or h itself without a mask. */
export function masked(h: Float64Array, mask: Floats | undefined, out: Float64Array): Float64Array {
  if (!mask) return h;
  for (let j = 0; j < h.length; j++) out[j] = h[j] * mask[j];
  return out;
}

/** Whether row b's step t is real (not masked). Any non-zero is real, as tfjs casts the mask to bool. */
export const isReal = (stepMask: Floats | undefined, b: number, t: number, steps: number): boolean => !stepMask || stepMask[b * steps + t] !== 0;

/** The step mask of word ids [batch, steps]: 0 where the id is 0 (`Embedding(mask_zero=True)`), else 1. */
export function maskOfIds(ids: Floats): Float64Array {
  return Float64Array.from(ids, (id) => (id === 0 ? 0 : 1));
}

/** A step mask checked against its sequence: [batch, steps]. */
export function checkStepMask(stepMask: Floats | undefined, batch: number, steps: number): void {
  if (stepMask && stepMask.length !== batch * steps) {
    throw new Error(`A step mask is [batch, steps] = ${batch * steps} values; got ${stepMask.length}.`);
  }
}

/**
 * At a masked step, row b keeps its state: `next`'s row b becomes `prev`'s. `next` holds the cell's
 * update of every row, [batch, width].
 */
export function keepMaskedRows(next: Float64Array, prev: Float64Array, stepMask: Floats | undefined, t: number, batch: number, steps: number, width: number): void {
  if (!stepMask) return;
  for (let b = 0; b < batch; b++) {
    if (!isReal(stepMask, b, t, steps)) next.set(prev.subarray(b * width, (b + 1) * width), b * width);
  }
}

/** Zeros row b of `a` [batch, width] where step t is masked: what no cell computed (gates, gradients). */
export function zeroMaskedRows(a: Float64Array, stepMask: Floats | undefined, t: number, batch: number, steps: number, width: number): void {
  if (!stepMask) return;
  for (let b = 0; b < batch; b++) if (!isReal(stepMask, b, t, steps)) a.fill(0, b * width, (b + 1) * width);
}

/**
 * A recurrent layer's output from its state after each step, `h[t]` [batch, u] (steps 0…T−1):
 * h of every step [batch, steps, u] with `returnSequences`, else the last output [batch, u].
 * With a step mask, Keras' masked outputs (see above): the previous output, zeros before the
 * first real step, or zeros at every masked step with `zeroMasked`.
 */
export function sequenceOutput(
  h: readonly Float64Array[], batch: number, units: number, returnSequences: boolean, stepMask?: Floats, zeroMasked = false,
): Float64Array {
  const T = h.length, U = units;
  if (!stepMask) {
    if (!returnSequences) return Float64Array.from(h[T - 1]);
    const y = new Float64Array(batch * T * U);
    for (let t = 0; t < T; t++) for (let b = 0; b < batch; b++) y.set(h[t].subarray(b * U, (b + 1) * U), (b * T + t) * U);
    return y;
  }
  const y = new Float64Array(returnSequences ? batch * T * U : batch * U);
  for (let b = 0; b < batch; b++) {
    /** The step whose h is this row's current output; −1 for zeros. */
    let last = -1;
    for (let t = 0; t < T; t++) {
      const real = isReal(stepMask, b, t, T);
      if (real) last = t;
      const shown = real || !zeroMasked ? last : -1;
      if (returnSequences && shown >= 0) y.set(h[shown].subarray(b * U, (b + 1) * U), (b * T + t) * U);
      if (!returnSequences && t === T - 1 && shown >= 0) y.set(h[shown].subarray(b * U, (b + 1) * U), b * U);
    }
  }
  return y;
}

/**
 * Backpropagation through time of the outputs and the carried state, step by step from the last:
 * `take(t)` gives the gradient reaching the state h_t that step t's cell produced, for its rows
 * that are real (zero for masked rows); `give(t, dhPrev)` takes the gradient the cell passed on to
 * h_{t−1}, for the real rows. A masked row passes the state's gradient through unchanged, and
 * hands the gradient of its output on to the output it copied (the last real step's h, or none).
 * `dh0` at the end is the gradient reaching the initial state. (Outputs that are zeros at masked
 * steps pass nothing back: give them a `dy` that is zero there.)
 */
export class StateGradient {
  /** Gradient reaching the state carried after the current step, [batch, u]. */
  dh0: Float64Array;
  /** Gradient reaching the output a masked step copied (the previous output), [batch, u]. */
  private readonly copied: Float64Array;

  constructor(
    private readonly dy: Floats, private readonly returnSequences: boolean, private readonly batch: number,
    private readonly steps: number, private readonly units: number, private readonly stepMask: Floats | undefined,
  ) {
    this.dh0 = new Float64Array(batch * units);
    this.copied = new Float64Array(batch * units);
  }

  /** The gradient reaching step t's output, row b, unit k. */
  private fromOutput(b: number, t: number, k: number): number {
    const { dy, steps: T, units: U } = this;
    return this.returnSequences ? dy[(b * T + t) * U + k] : t === T - 1 ? dy[b * U + k] : 0;
  }

  take(t: number): Float64Array {
    const { batch: B, units: U, steps: T } = this, dh = new Float64Array(B * U);
    for (let b = 0; b < B; b++) {
      const real = isReal(this.stepMask, b, t, T);
      for (let k = 0; k < U; k++) {
        const s = b * U + k;
        if (!this.stepMask) {
          dh[s] = this.fromOutput(b, t, k) + this.dh0[s];
        } else if (real) {
          dh[s] = this.fromOutput(b, t, k) + this.copied[s] + this.dh0[s];
          this.copied[s] = 0;
        } else {
          this.copied[s] += this.fromOutput(b, t, k);
        }
      }
    }
    return dh;
  }

  give(t: number, dhPrev: Float64Array): void {
    const { batch: B, units: U, steps: T } = this;
    for (let b = 0; b < B; b++) {
      if (isReal(this.stepMask, b, t, T)) this.dh0.set(dhPrev.subarray(b * U, (b + 1) * U), b * U);
    }
  }
}
