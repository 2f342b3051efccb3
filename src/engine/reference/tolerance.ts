/**
 * How far a fast implementation may sit from the reference: the one comparison every kernel test,
 * runtime self-check and backend probe uses.
 *
 * Mixed tolerance per element: |got − want| ≤ rtol·|want| + atolFraction·max|want|. The relative
 * part judges values of normal size; the absolute part, a fraction of the largest value, keeps
 * elements near zero (where float32 cancellation leaves a few ulps of the big terms) from failing
 * on noise. Sizes differ by output, so each output is compared on its own.
 */

export interface Tolerance {
  rtol: number;
  atolFraction: number;
}

/**
 * Our kernels against the float64 reference: float32 arithmetic on small sizes lands well inside
 * (the Node paths pass at a tenth of it), and a wrong gate, index or sign is off by orders of magnitude.
 */
export const KERNEL_TOLERANCE: Tolerance = { rtol: 1e-4, atolFraction: 1e-5 };

export interface Comparison {
  /** Worst |got − want| / tolerance; ≤ 1 passes. Infinity for a NaN or a length mismatch. */
  ratio: number;
  /** Index of the worst element; −1 when the lengths differ (or nothing was off at all). */
  at: number;
  /** max|got − want| / max|want|, for reports (0 when equal). */
  error: number;
}

/** Compares one output with its reference value. */
export function compareToReference(got: ArrayLike<number>, want: ArrayLike<number>, tolerance: Tolerance = KERNEL_TOLERANCE): Comparison {
  if (got.length !== want.length) return { ratio: Infinity, at: -1, error: Infinity };
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  let ratio = 0, at = -1, worstDiff = 0;
  for (let i = 0; i < want.length; i++) {
    const diff = Math.abs(got[i] - want[i]);
    const r = diff / (tolerance.rtol * Math.abs(want[i]) + tolerance.atolFraction * scale + 1e-30);
    // NaN compares false: it becomes the worst case instead of being skipped.
    if (!(r <= ratio)) {
      ratio = Number.isNaN(r) ? Infinity : r;
      at = i;
    }
    if (!(diff <= worstDiff)) worstDiff = Number.isNaN(diff) ? Infinity : diff;
  }
  return { ratio, at, error: worstDiff === 0 ? 0 : worstDiff / scale };
}
