import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { bestKernelKind, createArena, kernelsAvailable, type KernelKind, type TypedKernels } from './kernels';

/** A WebAssembly kind and the JavaScript reference on arenas filled alike, so every kernel can be run on each and compared. */
function pair(floats: number, kind: KernelKind) {
  const wasm = createArena(floats, kind);
  expect(wasm.kernels.kind).toBe(kind);
  const js = createArena(floats, 'js');
  return { wasm, js };
}

function fill(view: Float32Array, rng: ReturnType<typeof createRng>, zeros = 0): void {
  for (let i = 0; i < view.length; i++) view[i] = rng.next() < zeros ? 0 : rng.next() * 2 - 1;
}

function expectClose(got: Float32Array, want: Float32Array): void {
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= 1e-5 * (1 + Math.abs(want[i])))) expect.fail(`[${i}]: ${got[i]} vs ${want[i]}`);
  }
}

describe('kernel kinds', () => {
  it('has both WebAssembly kinds here (relaxed SIMD via vitest.setup.ts on Node 20) and picks the best', () => {
    expect(kernelsAvailable('wasm-simd')).toBe(true);
    expect(kernelsAvailable('wasm-relaxed-simd')).toBe(true);
    expect(bestKernelKind()).toBe('wasm-relaxed-simd');
    expect(createArena(16).kernels.kind).toBe('wasm-relaxed-simd');
    expect(createArena(16, 'wasm-simd').kernels.kind).toBe('wasm-simd');
    expect(createArena(16, 'js').kernels.kind).toBe('js');
  });
});

describe.each(['wasm-relaxed-simd', 'wasm-simd'] as const)('%s kernels', (kind) => {

  // Sizes around the vector width (4), the register tile (4 × 8), the k block (64) and the packed
  // column panel (128), with and without accumulation.
  const SIZES = [
    [1, 1, 1], [1, 5, 128], [3, 7, 5], [5, 3, 130], [4, 33, 26], [7, 128, 3], [8, 70, 16], [9, 65, 13], [6, 2, 7], [12, 129, 44],
    [9, 130, 270], [16, 64, 256], [5, 200, 137], [64, 128, 512],
  ] as const;

  for (const [m, k, n] of SIZES) {
    it(`gemm, its transposed-A form and gemmBT agree with JavaScript at ${m}×${k}×${n}`, () => {
      const rng = createRng(m * 100 + k * 10 + n);
      const { wasm, js } = pair(4 * (m * k + k * n + 2 * m * n) + 64, kind);
      const run = (K: TypedKernels, alloc: { alloc(n: number): Float32Array }) => {
        const a = alloc.alloc(m * k), b = alloc.alloc(k * n), bt = alloc.alloc(n * k), c = alloc.alloc(m * n);
        return { K, a, b, bt, c };
      };
      const w = run(wasm.kernels, wasm.arena);
      const j = run(js.kernels, js.arena);
      for (const key of ['a', 'b', 'bt', 'c'] as const) {
        fill(j[key], rng, key === 'a' ? 0.3 : 0); // zeros in A exercise the skip
        w[key].set(j[key]);
      }
      for (const accumulate of [true, false]) {
        for (const x of [w, j]) x.K.gemm(x.a, 0, k, 1, x.b, 0, x.c, 0, m, k, n, accumulate);
        expectClose(w.c, j.c);
        // A read as Aᵀ of a [k, m] matrix: same storage, strides swapped.
        for (const x of [w, j]) x.K.gemm(x.a, 0, 1, m, x.b, 0, x.c, 0, Math.min(m, k), Math.min(m, k), n, accumulate);
        expectClose(w.c, j.c);
        for (const x of [w, j]) x.K.gemmBT(x.a, 0, x.bt, 0, x.c, 0, m, k, n, accumulate);
        expectClose(w.c, j.c);
      }
    });
  }

  it('gemm matches a plain triple loop, offsets included', () => {
    const { arena, kernels } = createArena(1000, kind);
    const rng = createRng(4);
    const a = arena.alloc(40), b = arena.alloc(60), c = arena.alloc(40);
    fill(a, rng);
    fill(b, rng);
    // C[2,6] = A[2,3] (from offset 4) · B[3,6] (from offset 6), written from offset 8.
    kernels.gemm(a, 4, 3, 1, b, 6, c, 8, 2, 3, 6, false);
    for (let i = 0; i < 2; i++) {
      for (let jj = 0; jj < 6; jj++) {
        let s = 0;
        for (let p = 0; p < 3; p++) s += a[4 + i * 3 + p] * b[6 + p * 6 + jj];
        expect(c[8 + i * 6 + jj]).toBeCloseTo(s, 5);
      }
    }
    expect(c[7]).toBe(0);
    expect(c[20]).toBe(0);
  });

  it('adam agrees with JavaScript, including the scalar tail', () => {
    const rng = createRng(8);
    const { wasm, js } = pair(4 * 4 * 11 + 64, kind);
    const parts = (alloc: { alloc(n: number): Float32Array }) => [alloc.alloc(11), alloc.alloc(11), alloc.alloc(11), alloc.alloc(11)];
    const pw = parts(wasm.arena), pj = parts(js.arena);
    pj.forEach((v, i) => {
      fill(v, rng);
      if (i === 3) v.forEach((x, q) => (v[q] = Math.abs(x))); // second moments are non-negative
      pw[i].set(v);
    });
    for (let step = 1; step <= 3; step++) {
      const args = [11, 0.9, 0.999, 0.001 / (1 - 0.9 ** step), 1 / (1 - 0.999 ** step), 1e-7] as const;
      wasm.kernels.adam(pw[0], pw[1], pw[2], pw[3], ...args);
      js.kernels.adam(pj[0], pj[1], pj[2], pj[3], ...args);
    }
    for (let i = 0; i < 4; i++) expectClose(pw[i], pj[i]);
  });

  // Units around the vector width (tails through lane 0), both activations, pre-activations
  // wide enough to reach the exp clamp and small enough for tanh's polynomial branch.
  for (const [batch, units, relu] of [[1, 1, false], [3, 7, false], [2, 32, false], [5, 129, false], [2, 5, true], [4, 16, true]] as const) {
    it(`lstmCell agrees with the fused LSTM's cellForward at batch ${batch}, units ${units}${relu ? ', relu' : ''}`, () => {
      const rng = createRng(batch * 1000 + units);
      const { wasm, js } = pair(4 * 7 * batch * units + 64, kind);
      const parts = (alloc: { alloc(n: number): Float32Array }) => ({
        gates: alloc.alloc(4 * batch * units), cPrev: alloc.alloc(batch * units), c: alloc.alloc(batch * units), h: alloc.alloc(batch * units),
      });
      const w = parts(wasm.arena), j = parts(js.arena);
      j.gates.forEach((_, i) => (j.gates[i] = i % 9 === 0 ? (rng.next() * 2 - 1) * 100 : (rng.next() * 2 - 1) * (i % 2 ? 0.1 : 4)));
      fill(j.cPrev, rng);
      w.gates.set(j.gates);
      w.cPrev.set(j.cPrev);
      wasm.kernels.lstmCell(w.gates, 0, w.cPrev, 0, w.c, 0, w.h, 0, batch, units, relu);
      js.kernels.lstmCell(j.gates, 0, j.cPrev, 0, j.c, 0, j.h, 0, batch, units, relu);
      // Activated gates to a few float32 ulps, relative; c and h also carry c's float32 sum.
      for (let i = 0; i < j.gates.length; i++) {
        if (!(Math.abs(w.gates[i] - j.gates[i]) <= 1e-6 * Math.abs(j.gates[i]) + 1e-30)) expect.fail(`gate[${i}]: ${w.gates[i]} vs ${j.gates[i]}`);
      }
      expectClose(w.c, j.c);
      expectClose(w.h, j.h);
    });
  }

  for (const [batch, units, relu] of [[1, 1, false], [3, 7, false], [2, 32, false], [5, 129, false], [2, 5, true], [4, 16, true]] as const) {
    it(`lstmCellBackward agrees with the fused LSTM's cellBackward at batch ${batch}, units ${units}${relu ? ', relu' : ''}`, () => {
      const rng = createRng(batch * 977 + units);
      const n = batch * units;
      const { wasm, js } = pair(4 * (8 * n + 16) + 64, kind);
      const parts = (alloc: { alloc(n: number): Float32Array }) => ({
        gates: alloc.alloc(4 * n), cells: alloc.alloc(n), cPrev: alloc.alloc(n), dh: alloc.alloc(n), dc: alloc.alloc(n), dG: alloc.alloc(4 * n),
      });
      const w = parts(wasm.arena), j = parts(js.arena);
      // Activated gates: sigmoid ones in (0, 1); g in (−1, 1), or ≥ 0 past relu with some exact zeros.
      for (let b = 0; b < batch; b++) {
        for (let k = 0; k < 4 * units; k++) {
          const gate = Math.floor(k / units), v = rng.next();
          j.gates[b * 4 * units + k] = gate !== 2 ? v : relu ? (v < 0.3 ? 0 : v * 3) : v * 2 - 1;
        }
      }
      // c_t wide enough for tanh's two branches and both sides of relu.
      j.cells.forEach((_, i) => (j.cells[i] = (rng.next() * 2 - 1) * (i % 3 === 0 ? 3 : 0.4)));
      for (const v of [j.cPrev, j.dh, j.dc]) fill(v, rng);
      for (const key of ['gates', 'cells', 'cPrev', 'dh', 'dc'] as const) w[key].set(j[key]);
      wasm.kernels.lstmCellBackward(w.gates, 0, w.cells, 0, w.cPrev, 0, w.dh, 0, w.dc, 0, w.dG, 0, batch, units, relu);
      js.kernels.lstmCellBackward(j.gates, 0, j.cells, 0, j.cPrev, 0, j.dh, 0, j.dc, 0, j.dG, 0, batch, units, relu);
      expectClose(w.dG, j.dG);
      expectClose(w.dc, j.dc);
    });
  }

  // The GRU's step: units around the vector width (the tail one unit at a time), both activations.
  for (const [batch, units, relu] of [[1, 1, false], [3, 7, false], [2, 32, false], [4, 13, true], [2, 8, true]] as const) {
    it(`gruCell and gruCellBackward agree with JavaScript at batch ${batch}, units ${units}${relu ? ', relu' : ''}`, () => {
      const rng = createRng(batch * 313 + units);
      const n = batch * units, G = 3 * n;
      const { wasm, js } = pair(4 * (8 * G + 3 * n) + 64, kind);
      const parts = (alloc: { alloc(n: number): Float32Array }) => ({
        xg: alloc.alloc(G), hh: alloc.alloc(G), gates: alloc.alloc(G), hPrev: alloc.alloc(n), h: alloc.alloc(n),
        dh: alloc.alloc(n), dXg: alloc.alloc(G), dHH: alloc.alloc(G),
      });
      const w = parts(wasm.arena), j = parts(js.arena);
      // Pre-activations wide enough for the exp clamp and tanh's polynomial branch.
      for (const v of [j.xg, j.hh]) v.forEach((_, i) => (v[i] = (rng.next() * 2 - 1) * (i % 7 === 0 ? 40 : i % 2 ? 0.2 : 3)));
      fill(j.hPrev, rng);
      fill(j.dh, rng);
      for (const key of ['xg', 'hh', 'hPrev', 'dh'] as const) w[key].set(j[key]);
      wasm.kernels.gruCell(w.xg, 0, w.hh, 0, w.gates, 0, w.hPrev, 0, w.h, 0, batch, units, relu);
      js.kernels.gruCell(j.xg, 0, j.hh, 0, j.gates, 0, j.hPrev, 0, j.h, 0, batch, units, relu);
      expectClose(w.gates, j.gates);
      expectClose(w.h, j.h);
      // The backward from the same (JavaScript) gates, so only the backward's arithmetic is compared.
      w.gates.set(j.gates);
      wasm.kernels.gruCellBackward(w.gates, 0, w.hh, 0, w.hPrev, 0, w.dh, 0, w.dXg, 0, w.dHH, 0, batch, units, relu);
      js.kernels.gruCellBackward(j.gates, 0, j.hh, 0, j.hPrev, 0, j.dh, 0, j.dXg, 0, j.dHH, 0, batch, units, relu);
      expectClose(w.dXg, j.dXg);
      expectClose(w.dHH, j.dHH);
      expectClose(w.dh, j.dh);
    });
  }

  // SimpleRNN's step: lengths around the vector width (the tail one at a time), both activations.
  for (const [n, relu] of [[1, false], [7, false], [64, false], [13, true], [8, true]] as const) {
    it(`rnnCell and rnnCellBackward agree with JavaScript on ${n} floats${relu ? ', relu' : ''}`, () => {
      const rng = createRng(n * 17 + (relu ? 1 : 0));
      const { wasm, js } = pair(4 * 5 * n + 64, kind);
      const parts = (alloc: { alloc(n: number): Float32Array }) => ({ pre: alloc.alloc(n), h: alloc.alloc(n), dh: alloc.alloc(n), dPre: alloc.alloc(n) });
      const w = parts(wasm.arena), j = parts(js.arena);
      // Pre-activations wide enough for the exp clamp and tanh's polynomial branch.
      j.pre.forEach((_, i) => (j.pre[i] = (rng.next() * 2 - 1) * (i % 7 === 0 ? 40 : i % 2 ? 0.2 : 3)));
      fill(j.dh, rng);
      for (const key of ['pre', 'dh'] as const) w[key].set(j[key]);
      wasm.kernels.rnnCell(w.pre, 0, w.h, 0, n, relu);
      js.kernels.rnnCell(j.pre, 0, j.h, 0, n, relu);
      expectClose(w.h, j.h);
      for (let i = 0; i < n; i++) expect(j.h[i]).toBeCloseTo(relu ? Math.max(0, j.pre[i]) : Math.tanh(j.pre[i]), 5);
      wasm.kernels.rnnCellBackward(w.h, 0, w.dh, 0, w.dPre, 0, n, relu);
      js.kernels.rnnCellBackward(j.h, 0, j.dh, 0, j.dPre, 0, n, relu);
      expectClose(w.dPre, j.dPre);
      expect(Array.from(w.dh).every((v) => v === 0) && Array.from(j.dh).every((v) => v === 0)).toBe(true);
    });
  }

  it('lstmCellBackward propagates NaN from the gradient', () => {
    const { arena, kernels } = createArena(64, kind);
    const gates = arena.alloc(4), cells = arena.alloc(1), cPrev = arena.alloc(1), dh = arena.alloc(1), dc = arena.alloc(1), dG = arena.alloc(4);
    gates.set([0.5, 0.5, 0.5, 0.5]);
    cells[0] = 0.3;
    dh[0] = NaN;
    kernels.lstmCellBackward(gates, 0, cells, 0, cPrev, 0, dh, 0, dc, 0, dG, 0, 1, 1, false);
    expect(Number.isNaN(dG[0]) && Number.isNaN(dG[3]) && Number.isNaN(dc[0])).toBe(true);
  });

  it('lstmCell updates c in place and propagates NaN', () => {
    const { arena, kernels } = createArena(64, kind);
    const gates = arena.alloc(8), c = arena.alloc(2), h = arena.alloc(2);
    gates.set([NaN, 0, 0, 0, 1, 1, 0, 0]); // i, f, g, o for units 2: unit 0 sees a NaN input gate
    c.set([1, 1]);
    kernels.lstmCell(gates, 0, c, 0, c, 0, h, 0, 1, 2, false);
    expect(Number.isNaN(c[0]) && Number.isNaN(h[0])).toBe(true);
    // unit 1: i = f = o = σ(0) = 0.5, g = tanh(1), c_prev = 1
    expect(c[1]).toBeCloseTo(0.5 * 1 + 0.5 * Math.tanh(1), 6);
    expect(h[1]).toBeCloseTo(0.5 * Math.tanh(c[1]), 6);
  });

  it('propagates NaN through the products (a diverging run must show a NaN loss)', () => {
    const { arena, kernels } = createArena(64, kind);
    const a = arena.alloc(4), b = arena.alloc(16), c = arena.alloc(4);
    a.set([NaN, 0, 0, 0]);
    b.fill(1);
    kernels.gemm(a, 0, 4, 1, b, 0, c, 0, 1, 4, 4, false);
    expect(Array.from(c).every(Number.isNaN)).toBe(true);
  });
});

describe('a trap in the kernels', () => {
  it('is confined to its arena: each arena has its own instance and memory, and the kernels keep no state between calls (gemm rewrites its packing space each time)', () => {
    /** An arena holding A [2,3], B [3,4] (the same values in each) and C [2,4], and C = A·B on it. */
    const setUp = () => {
      const { arena, kernels } = createArena(64);
      const [a, b, c] = [arena.alloc(6), arena.alloc(12), arena.alloc(8)];
      fill(a, createRng(1));
      fill(b, createRng(2));
      return { a, b, c, kernels, product: () => kernels.gemm(a, 0, 3, 1, b, 0, c, 0, 2, 3, 4, false) };
    };
    const first = setUp(), second = setUp();
    second.product();
    const want = second.c.slice();

    // Far past the end of the first arena's memory: "memory access out of bounds".
    expect(() => first.kernels.gemm(first.a, 1 << 28, 3, 1, first.b, 0, first.c, 0, 2, 3, 4, false)).toThrow(WebAssembly.RuntimeError);
    second.c.fill(0);
    second.product();
    expect(second.c).toEqual(want);
    // Even the arena that trapped computes correctly again: nothing was left half-done.
    first.product();
    expect(first.c).toEqual(want);
  });
});
