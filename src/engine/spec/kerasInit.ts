/**
 * Keras' default initialisers, computed in plain JavaScript from a seeded `Rng`.
 *
 * Why not tfjs' own: its orthogonal initialiser runs a QR decomposition on the active backend,
 * which takes 13–90 s for an LSTM(128) on CPU or software WebGL (see TFJS-NOTES.md); and its
 * randomness comes from `Math.random` unless seeded per initialiser. Here the maths runs in
 * Float64 on the main JS heap (milliseconds), the result is cast to Float32 once, and the same
 * seed gives the same weights on every backend.
 *
 * Every function returns a row-major Float32Array for `shape` (Keras/tfjs weight layout).
 */
import type { Rng } from '../rng';

/** Number of elements in a shape. */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Keras `compute_fans`: for a kernel of rank ≥ 3 (convolutions, `(kernel_size, in, out)` in
 * Conv1D), both fans are multiplied by the receptive field size.
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  const receptiveField = sizeOf(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2] * receptiveField, fanOut: shape[shape.length - 1] * receptiveField };
}

export function zeros(shape: readonly number[]): Float32Array {
  return new Float32Array(sizeOf(shape));
}

/** Keras `RandomUniform(minval, maxval)`. */
export function randomUniform(shape: readonly number[], rng: Rng, min: number, max: number): Float32Array {
  const out = new Float32Array(sizeOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = min + (max - min) * rng.next();
  return out;
}

/** Keras `Embedding`'s default `embeddings_initializer='uniform'`: U(−0.05, 0.05). */
export const embeddingUniform = (shape: readonly number[], rng: Rng): Float32Array => randomUniform(shape, rng, -0.05, 0.05);

/** Keras `glorot_uniform`: U(−limit, limit) with limit = sqrt(6 / (fan_in + fan_out)). */
export function glorotUniform(shape: readonly number[], rng: Rng): Float32Array {
  const { fanIn, fanOut } = computeFans(shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return randomUniform(shape, rng, -limit, limit);
}

/**
 * Thin QR of an m×n matrix (m ≥ n) by Householder reflections, in Float64.
 * `a` is column-major (column j at `a[j*m .. j*m+m)`) and is overwritten. Returns Q (m×n,
 * column-major, orthonormal columns) and the diagonal of R.
 * Householder rather than Gram–Schmidt: it stays orthogonal to rounding even for the badly
 * conditioned square matrices that random normal draws sometimes give.
 */
export function householderQr(a: Float64Array, m: number, n: number): { q: Float64Array; rDiag: Float64Array } {
  if (m < n) throw new RangeError(`householderQr needs rows ≥ cols (got ${m}×${n}).`);
  const vs = new Float64Array(m * n); // Householder vectors, v_k in rows k..m-1 of column k
  const rDiag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const col = k * m;
    let norm = 0;
    for (let i = k; i < m; i++) norm += a[col + i] * a[col + i];
    norm = Math.sqrt(norm);
    // Reflect onto −sign(a_kk)·‖x‖·e_k, which avoids cancellation when forming v.
    const alpha = a[col + k] >= 0 ? -norm : norm;
    rDiag[k] = alpha;
    const v = col; // v_k lives in column k of `vs`
    for (let i = k; i < m; i++) vs[v + i] = a[col + i];
    vs[v + k] -= alpha;
    let vNorm = 0;
    for (let i = k; i < m; i++) vNorm += vs[v + i] * vs[v + i];
    if (vNorm === 0) continue; // column already zero below the diagonal: H_k = I
    const scale = 2 / vNorm;
    // A[k:, j] -= scale · v (vᵀ A[k:, j]) for the remaining columns.
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      let dot = 0;
      for (let i = k; i < m; i++) dot += vs[v + i] * a[cj + i];
      dot *= scale;
      for (let i = k; i < m; i++) a[cj + i] -= dot * vs[v + i];
    }
  }
  // Q = H_0 H_1 … H_{n-1} · I[:, :n], applied right to left. Before H_k is applied, columns < k are
  // still unit vectors with zeros in rows ≥ k, so only columns k..n-1 change.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = k * m;
    let vNorm = 0;
    for (let i = k; i < m; i++) vNorm += vs[v + i] * vs[v + i];
    if (vNorm === 0) continue;
    const scale = 2 / vNorm;
    for (let j = k; j < n; j++) {
      const cj = j * m;
      let dot = 0;
      for (let i = k; i < m; i++) dot += vs[v + i] * q[cj + i];
      dot *= scale;
      for (let i = k; i < m; i++) q[cj + i] -= dot * vs[v + i];
    }
  }
  return { q, rDiag };
}

/**
 * Keras `Orthogonal(gain)`: view the shape as rows = prod(shape[:-1]) × cols = shape[-1]; draw a
 * standard normal (max, min) matrix (row-major draw order), take its thin QR, multiply Q's columns
 * by sign(diag R) so the result does not depend on the QR routine's sign convention, transpose
 * if rows < cols. Tall results have orthonormal columns, wide ones orthonormal rows.
 */
export function orthogonal(shape: readonly number[], rng: Rng, gain = 1): Float32Array {
  if (shape.length < 2) throw new RangeError(`orthogonal needs a shape of rank ≥ 2 (got [${shape.join(', ')}]).`);
  const cols = shape[shape.length - 1];
  const rows = sizeOf(shape) / cols;
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const a = new Float64Array(m * n); // column-major working copy of the row-major draw
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[j * m + i] = rng.normal();
  const { q, rDiag } = householderQr(a, m, n);
  const out = new Float32Array(rows * cols);
  for (let j = 0; j < n; j++) {
    const s = gain * (rDiag[j] < 0 ? -1 : 1);
    for (let i = 0; i < m; i++) {
      const v = s * q[j * m + i];
      // q is m×n; out is q itself when rows ≥ cols, its transpose otherwise.
      if (rows >= cols) out[i * cols + j] = v;
      else out[j * cols + i] = v;
    }
  }
  return out;
}

/**
 * Keras LSTM bias with `unit_forget_bias=True`: zeros, except 1 for the forget gate. The bias is
 * `[4·units]` in Keras gate order i, f, c, o, so the ones are `[units, 2·units)`.
 */
export function lstmUnitForgetBias(shape: readonly number[]): Float32Array {
  const out = zeros(shape);
  const units = out.length / 4;
  if (shape.length !== 1 || !Number.isInteger(units)) throw new RangeError(`An LSTM bias is [4·units] (got [${shape.join(', ')}]).`);
  out.fill(1, units, 2 * units);
  return out;
}

/** The initialisers a Keras model here uses, by the name Keras gives them. */
export const KERAS_INITIALIZERS = {
  glorot_uniform: glorotUniform,
  orthogonal: (shape: readonly number[], rng: Rng) => orthogonal(shape, rng),
  zeros: (shape: readonly number[]) => zeros(shape),
  embedding_uniform: embeddingUniform,
  unit_forget_bias: (shape: readonly number[]) => lstmUnitForgetBias(shape),
} as const satisfies Record<string, (shape: readonly number[], rng: Rng) => Float32Array>;

export type KerasInitializer = keyof typeof KERAS_INITIALIZERS;
