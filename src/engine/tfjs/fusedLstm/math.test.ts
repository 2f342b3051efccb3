/** The typed-array arithmetic behind the CPU and WASM kernels. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../rng';
import { fastExp, fastSigmoid, fastTanh, gemm, transpose } from './math';

describe('fast activations', () => {
  it('match Math.exp, sigmoid and tanh to float32 precision', () => {
    let worstExp = 0, worstSig = 0, worstTanh = 0;
    // fastExp clamps its argument to ±88 (float32's range), so compare inside that range.
    for (let i = -8700; i <= 8700; i++) {
      const x = i / 100;
      worstExp = Math.max(worstExp, Math.abs(fastExp(x) - Math.exp(x)) / Math.exp(x));
      const s = 1 / (1 + Math.exp(-x));
      worstSig = Math.max(worstSig, Math.abs(fastSigmoid(x) - s) / s);
      const t = Math.tanh(x);
      worstTanh = Math.max(worstTanh, Math.abs(fastTanh(x) - t) / Math.max(Math.abs(t), 1e-30));
    }
    expect(worstExp).toBeLessThan(5e-7);
    expect(worstSig).toBeLessThan(5e-7);
    expect(worstTanh).toBeLessThan(5e-7);
    expect(fastTanh(1e-8)).toBeCloseTo(1e-8, 14);
  });

  it('saturate without overflow and propagate NaN', () => {
    expect(fastSigmoid(-1000)).toBeLessThan(1e-38);
    expect(fastSigmoid(-1000)).toBeGreaterThanOrEqual(0);
    expect(fastSigmoid(1000)).toBe(1);
    expect(fastTanh(1000)).toBe(1);
    expect(fastTanh(-1000)).toBe(-1);
    expect(fastSigmoid(NaN)).toBeNaN();
    expect(fastTanh(NaN)).toBeNaN();
  });
});

describe('gemm and transpose', () => {
  const rand = (n: number, seed: number, sparse = false): Float32Array => {
    const rng = createRng(seed);
    return Float32Array.from({ length: n }, () => (sparse && rng.next() < 0.3 ? 0 : rng.next() - 0.5));
  };
  // Sizes around the 4-row and 2-column unrolling exercise every remainder loop.
  for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [4, 9, 4], [6, 2, 3], [9, 13, 5]]) {
    it(`${m}×${k}·${k}×${n}, fresh and accumulating, at an offset`, () => {
      const a = rand(m * k, 1, true), b = rand(k * n, 2);
      const want = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) want[i * n + j] += a[i * k + p] * b[p * n + j];
      const c = new Float32Array(m * n + 3);
      gemm(a, 0, b, 0, c, 3, m, k, n, false);
      want.forEach((w, i) => expect(c[3 + i]).toBeCloseTo(w, 5));
      c.fill(1);
      gemm(a, 0, b, 0, c, 3, m, k, n, true);
      want.forEach((w, i) => expect(c[3 + i] - 1).toBeCloseTo(w, 5));
      // A read from an offset inside a larger array, as the kernels read one timestep.
      const padded = new Float32Array(2 + m * k);
      padded.set(a, 2);
      gemm(padded, 2, b, 0, c, 0, m, k, n, false);
      want.forEach((w, i) => expect(c[i]).toBeCloseTo(w, 5));
    });
  }

  it('transposes', () => {
    const src = Float32Array.from([0, 0, 1, 2, 3, 4, 5, 6]); // offset 2, then [2, 3]
    const dst = new Float32Array(6);
    transpose(src, 2, 2, 3, dst);
    expect(Array.from(dst)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
