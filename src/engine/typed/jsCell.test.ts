/** The typed-array cell arithmetic (the typed trainer's JavaScript kernels) against the reference cell. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import * as reference from '../reference/lstm';
import { compareToReference } from '../reference/tolerance';
import { cellBackward, cellForward, fastExp, fastTanh, transpose } from './jsCell';

describe('fast activations', () => {
  it('match Math.exp and tanh to float32 precision', () => {
    let worstExp = 0, worstTanh = 0;
    // fastExp clamps its argument to ±88 (float32's range), so compare inside that range.
    for (let i = -8700; i <= 8700; i++) {
      const x = i / 100;
      worstExp = Math.max(worstExp, Math.abs(fastExp(x) - Math.exp(x)) / Math.exp(x));
      const t = Math.tanh(x);
      worstTanh = Math.max(worstTanh, Math.abs(fastTanh(x) - t) / Math.max(Math.abs(t), 1e-30));
    }
    expect(worstExp).toBeLessThan(5e-7);
    expect(worstTanh).toBeLessThan(5e-7);
    expect(fastTanh(1e-8)).toBeCloseTo(1e-8, 14);
  });

  it('saturate without overflow and propagate NaN', () => {
    expect(fastExp(-1000)).toBeLessThan(1e-38);
    expect(fastExp(-1000)).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(fastExp(1000))).toBe(true);
    expect(fastTanh(1000)).toBe(1);
    expect(fastTanh(-1000)).toBe(-1);
    expect(fastExp(NaN)).toBeNaN();
    expect(fastTanh(NaN)).toBeNaN();
  });
});

describe('cell step against the reference cell', () => {
  const rand = (n: number, scale: number, seed: number): Float32Array => {
    const rng = createRng(seed);
    return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
  };
  const CASES = [
    { batch: 3, units: 5, activation: 'tanh' },
    { batch: 2, units: 1, activation: 'relu' },
    { batch: 1, units: 7, activation: 'relu' },
  ] as const;

  it.each(CASES)('forward and backward, B$batch U$units $activation, at offsets', ({ batch: B, units: U, activation }) => {
    const G = 4 * U, relu = activation === 'relu';
    const za = rand(B * G, 2, 1), zb = rand(B * G, 1, 2), cPrev = rand(B * U, 1.5, 3), dh = rand(B * U, 1, 4), dcIn = rand(B * U, 1, 5);
    // Outputs at an offset of 2, as the trainer addresses one timestep of a longer array.
    const gates = new Float32Array(2 + B * G), c = new Float32Array(2 + B * U), h = new Float32Array(2 + B * U);
    cellForward(B, U, relu, za, 0, zb, 0, cPrev, 0, gates, 2, c, 2, h, 2);
    const want = reference.cellForward(za.map((v, i) => v + zb[i]), cPrev, B, U, activation);
    expect(compareToReference(gates.subarray(2), want.gates).ratio).toBeLessThanOrEqual(1);
    expect(compareToReference(c.subarray(2), want.c).ratio).toBeLessThanOrEqual(1);
    expect(compareToReference(h.subarray(2), want.h).ratio).toBeLessThanOrEqual(1);

    const dG = new Float32Array(B * G), dc = dcIn.slice();
    cellBackward(B, U, relu, gates, 2, c, 2, cPrev, 0, dh, 0, dc, 0, dG, 0);
    const back = reference.cellBackward(gates.subarray(2), c.subarray(2), cPrev, dh, dcIn, B, U, activation);
    expect(compareToReference(dG, back.dz).ratio).toBeLessThanOrEqual(1);
    expect(compareToReference(dc, back.dcPrev).ratio).toBeLessThanOrEqual(1);
  });

  it('a swapped gate is caught', () => {
    const B = 2, U = 3, G = 12;
    const z = rand(B * G, 2, 6), cPrev = rand(B * U, 1, 7);
    const gates = new Float32Array(B * G), c = new Float32Array(B * U), h = new Float32Array(B * U);
    // Input and forget pre-activations swapped: what a wrong column offset would do.
    const swapped = z.map((_, i) => z[Math.floor(i / G) * G + ((i % G) < U ? (i % G) + U : (i % G) < 2 * U ? (i % G) - U : i % G)]);
    cellForward(B, U, false, swapped, 0, null, 0, cPrev, 0, gates, 0, c, 0, h, 0);
    expect(compareToReference(c, reference.cellForward(z, cPrev, B, U, 'tanh').c).ratio).toBeGreaterThan(1);
  });
});

describe('transpose', () => {
  it('transposes from an offset', () => {
    const src = Float32Array.from([0, 0, 1, 2, 3, 4, 5, 6]); // offset 2, then [2, 3]
    const dst = new Float32Array(6);
    transpose(src, 2, 2, 3, dst);
    expect(Array.from(dst)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
