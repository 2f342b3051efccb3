/**
 * Keras `pad_sequences`, returning a flat row-major `[n, maxlen]` typed array instead of a numpy
 * matrix so the result can go straight into a `Split` (and across `postMessage`).
 *
 * Semantics follow Keras exactly: sequences longer than `maxlen` lose values from the front
 * (`truncating: 'pre'`, the default) or the back (`'post'`); shorter ones are filled with `value`
 * at the front (`padding: 'pre'`, the default) or the back (`'post'`). An empty sequence becomes a
 * row of padding. Values are stored in the requested dtype, so floats are cut toward zero in an
 * int32 result, as numpy's assignment does.
 */

export type PadSide = 'pre' | 'post';

export interface PadOptions {
  /** Row length. Undefined means the longest sequence's length (Keras: `maxlen=None`). */
  maxlen?: number;
  /** Where padding goes when a sequence is short. Default `'pre'`. */
  padding?: PadSide;
  /** Which end loses values when a sequence is long. Default `'pre'` (keep the last `maxlen`). */
  truncating?: PadSide;
  /** Fill value. Default 0. */
  value?: number;
  /** Default `'int32'`, as in Keras. */
  dtype?: 'int32' | 'float32';
}

/** @returns `[seqs.length, maxlen]`, row-major. */
export function padSequences(seqs: ArrayLike<number>[], opts: PadOptions & { dtype: 'float32' }): Float32Array;
export function padSequences(seqs: ArrayLike<number>[], opts?: PadOptions & { dtype?: 'int32' }): Int32Array;
export function padSequences(seqs: ArrayLike<number>[], opts?: PadOptions): Int32Array | Float32Array;
export function padSequences(seqs: ArrayLike<number>[], opts: PadOptions = {}): Int32Array | Float32Array {
  const { padding = 'pre', truncating = 'pre', value = 0, dtype = 'int32' } = opts;
  // Keras raises on an empty list with maxlen=None (np.max of nothing); an empty batch is more
  // useful here, e.g. for a zero-sample validation split.
  const maxlen = opts.maxlen ?? seqs.reduce((m, s) => Math.max(m, s.length), 0);
  if (!Number.isInteger(maxlen) || maxlen < 0) throw new RangeError(`maxlen must be a whole number ≥ 0 (got ${maxlen}).`);
  const out = dtype === 'float32' ? new Float32Array(seqs.length * maxlen) : new Int32Array(seqs.length * maxlen);
  if (value !== 0) out.fill(value);
  for (let row = 0; row < seqs.length; row++) {
    const s = seqs[row];
    const kept = Math.min(s.length, maxlen);
    // First source index that survives truncation, and first destination column it lands in.
    const from = truncating === 'pre' ? s.length - kept : 0;
    const to = row * maxlen + (padding === 'pre' ? maxlen - kept : 0);
    for (let i = 0; i < kept; i++) out[to + i] = s[from + i];
  }
  return out;
}
