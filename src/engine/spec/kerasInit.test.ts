import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import {
  KERAS_INITIALIZERS,
  computeFans,
  embeddingUniform,
  glorotUniform,
  householderQr,
  lstmUnitForgetBias,
  orthogonal,
  randomUniform,
  zeros,
} from './kerasInit';

/** Largest |Gᵢⱼ − δᵢⱼ| of the Gram matrix of the k vectors of length len at `vec(i)`. */
function gramError(k: number, len: number, at: (v: number, i: number) => number): number {
  let worst = 0;
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let dot = 0;
      for (let i = 0; i < len; i++) dot += at(a, i) * at(b, i);
      worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

/** For a row-major rows×cols matrix: Gram error of its columns (tall) or rows (wide). */
function orthoError(w: Float32Array, rows: number, cols: number): number {
  return rows >= cols
    ? gramError(cols, rows, (c, i) => w[i * cols + c]) // QᵀQ = I
    : gramError(rows, cols, (r, i) => w[r * cols + i]); // QQᵀ = I
}

const mean = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
const variance = (a: ArrayLike<number>): number => {
  const m = mean(a);
  return Array.from(a).reduce((s, v) => s + (v - m) ** 2, 0) / a.length;
};

describe('computeFans (Keras compute_fans)', () => {
  it.each([
    { shape: [], fanIn: 1, fanOut: 1 },
    { shape: [7], fanIn: 7, fanOut: 7 },
    { shape: [32, 400], fanIn: 32, fanOut: 400 }, // Dense / LSTM kernel [in, out]
    { shape: [3, 32, 32], fanIn: 96, fanOut: 96 }, // Conv1D kernel (kernel_size, in, filters)
    { shape: [5, 4, 8], fanIn: 20, fanOut: 40 },
    { shape: [2, 3, 4, 5], fanIn: 24, fanOut: 30 }, // Conv2D: receptive field 2×3
  ])('$shape → fan_in $fanIn, fan_out $fanOut', ({ shape, fanIn, fanOut }) => {
    expect(computeFans(shape)).toEqual({ fanIn, fanOut });
  });
});

describe('glorotUniform', () => {
  it.each([
    [[128, 512]],
    [[3, 32, 32]],
    [[50, 1]],
  ])('%j stays within ±sqrt(6/(fan_in+fan_out)) with variance limit²/3', (shape) => {
    const w = glorotUniform(shape, createRng(1));
    const { fanIn, fanOut } = computeFans(shape);
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    expect(w.length).toBe(shape.reduce((a, b) => a * b, 1));
    expect(w.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThanOrEqual(limit);
    if (w.length > 1000) {
      // Var(U(−l, l)) = l²/3 = 2/(fan_in + fan_out), Glorot's target.
      expect(variance(w) / (2 / (fanIn + fanOut))).toBeCloseTo(1, 1);
      expect(Math.abs(mean(w))).toBeLessThan(limit / 20);
      expect(Math.max(...w)).toBeGreaterThan(limit * 0.99);
    }
  });
});

describe('orthogonal', () => {
  it.each([
    [[128, 512]], // LSTM recurrent kernel [u, 4u]: wide, orthonormal rows
    [[512, 128]], // tall, orthonormal columns
    [[50, 200]],
    [[64, 64]], // square
    [[1, 4]],
    [[7, 1]],
    [[3, 4, 5]], // rank 3: viewed as 12×5
  ])('%j is orthogonal (QᵀQ or QQᵀ ≈ I)', (shape) => {
    const w = orthogonal(shape, createRng(2));
    const cols = shape[shape.length - 1];
    const rows = w.length / cols;
    expect(orthoError(w, rows, cols)).toBeLessThan(1e-5);
  });

  it('applies the gain', () => {
    const a = orthogonal([6, 3], createRng(4));
    const b = orthogonal([6, 3], createRng(4), 2);
    b.forEach((v, i) => expect(v).toBeCloseTo(2 * a[i], 6));
  });

  it('has the sign convention of Keras: Q R with R’s diagonal positive, i.e. Q = A R⁻¹', () => {
    // For a tall draw A = QR with positive diag(R), the first column of Q is A's first column
    // normalised (same direction). Rebuild A from the same seed and check.
    const m = 9;
    const n = 4;
    const rng = createRng(5);
    const a: number[][] = Array.from({ length: m }, () => Array.from({ length: n }, () => rng.normal()));
    const q = orthogonal([m, n], createRng(5));
    const norm = Math.hypot(...a.map((r) => r[0]));
    for (let i = 0; i < m; i++) expect(q[i * n]).toBeCloseTo(a[i][0] / norm, 6);
  });

  it('householderQr reproduces A = QR', () => {
    const m = 12;
    const n = 5;
    const rng = createRng(6);
    const a = Float64Array.from({ length: m * n }, () => rng.normal());
    const { q, rDiag } = householderQr(a.slice(), m, n);
    // R = Qᵀ A must be upper triangular with the returned diagonal.
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[r * m + i] * a[c * m + i];
        if (r > c) expect(Math.abs(dot)).toBeLessThan(1e-12);
        if (r === c) expect(dot).toBeCloseTo(rDiag[r], 12);
      }
    }
  });

  it('handles a rank-deficient draw without NaN', () => {
    const a = new Float64Array(4 * 2); // zero matrix
    const { q } = householderQr(a, 4, 2);
    for (const v of q) expect(Number.isFinite(v)).toBe(true);
  });

  it('is fast: 128×512 well under 100 ms of CPU (about 40 ms here; tfjs takes 13–90 s)', () => {
    orthogonal([64, 256], createRng(0)); // warm up the JIT
    // CPU time of this process, best of three: wall time swings with whatever else the machine
    // runs (other test files, other builds), CPU time much less.
    const times = [7, 8, 9].map((seed) => {
      const t0 = process.cpuUsage();
      orthogonal([128, 512], createRng(seed));
      const dt = process.cpuUsage(t0);
      return (dt.user + dt.system) / 1000;
    });
    expect(Math.min(...times)).toBeLessThan(100);
  });

  it('rejects rank < 2', () => {
    expect(() => orthogonal([5], createRng(0))).toThrow(RangeError);
  });
});

describe('other initialisers', () => {
  it('zeros', () => {
    expect(Array.from(zeros([2, 3]))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('Embedding uniform is U(−0.05, 0.05)', () => {
    const w = embeddingUniform([200, 32], createRng(8));
    expect(w.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThanOrEqual(0.05);
    expect(variance(w) / (0.1 ** 2 / 12)).toBeCloseTo(1, 1);
  });

  it('randomUniform spans [min, max)', () => {
    const w = randomUniform([10_000], createRng(9), 2, 3);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...w)).toBeLessThanOrEqual(3);
    expect(mean(w)).toBeCloseTo(2.5, 1);
  });

  it('LSTM unit_forget_bias puts ones on the forget gate (order i, f, c, o)', () => {
    const b = lstmUnitForgetBias([12]);
    expect(Array.from(b)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(() => lstmUnitForgetBias([10])).toThrow(RangeError);
    expect(() => lstmUnitForgetBias([4, 4])).toThrow(RangeError);
  });
});

/** Initialisers that draw from the rng; the others are constants. */
const RANDOM = new Set(['glorot_uniform', 'orthogonal', 'embedding_uniform']);

describe.each(Object.entries(KERAS_INITIALIZERS))('%s', (name, init) => {
  const shape = name === 'unit_forget_bias' ? [40] : [10, 40];
  it('is deterministic per seed', () => {
    expect(init(shape, createRng(3))).toEqual(init(shape, createRng(3)));
  });
  it(RANDOM.has(name) ? 'differs between seeds' : 'ignores the seed', () => {
    const a = init(shape, createRng(3));
    const b = init(shape, createRng(4));
    expect(a.every((v, i) => v === b[i])).toBe(!RANDOM.has(name));
  });
});
