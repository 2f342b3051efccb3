import * as tf from '@tensorflow/tfjs';
import { BatchMatMul } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { TOLERANCE, liveCounts, normals, relativeError, runKernel, useBackend, withStockKernels } from './testBackends';

interface Case {
  name: string;
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

const CASES: Case[] = [
  { name: '2-D, no transpose (stock XNNPACK path)', a: [7, 5], b: [5, 3], transposeA: false, transposeB: false },
  { name: '2-D, A transposed (dB = A^T . dC)', a: [9, 6], b: [9, 4], transposeA: true, transposeB: false },
  { name: '2-D, B transposed (dA = dC . B^T)', a: [6, 9], b: [4, 9], transposeA: false, transposeB: true },
  { name: '2-D, both transposed', a: [13, 7], b: [11, 13], transposeA: true, transposeB: true },
  { name: 'one row and one column', a: [1, 5], b: [1, 5], transposeA: false, transposeB: true },
  { name: 'batched A, 2-D B: folded into rows', a: [3, 4, 5], b: [5, 6], transposeA: false, transposeB: false },
  { name: 'batched A transposed, B transposed', a: [2, 5, 4], b: [6, 5], transposeA: true, transposeB: true },
  { name: 'unit batch on both', a: [1, 5, 4], b: [1, 5, 3], transposeA: true, transposeB: false },
  { name: '2-D A, B with unit batch', a: [4, 5], b: [1, 3, 5], transposeA: false, transposeB: true },
  { name: 'rank-4 A with unit-batch B', a: [2, 3, 4, 5], b: [1, 1, 6, 5], transposeA: false, transposeB: true },
  { name: 'batched on both sides (stock path)', a: [3, 4, 5], b: [3, 5, 2], transposeA: false, transposeB: false },
  { name: 'batched on both sides, transposed (stock path)', a: [2, 5, 4], b: [2, 3, 5], transposeA: true, transposeB: true },
];

const size = (shape: number[]): number => shape.reduce((x, y) => x * y, 1);

function run(c: Case, a: Float32Array, b: Float32Array) {
  return tf.tidy(() =>
    runKernel(BatchMatMul, { a: tf.tensor(a, c.a), b: tf.tensor(b, c.b) }, { transposeA: c.transposeA, transposeB: c.transposeB }),
  );
}

describe('BatchMatMul on wasm matches the stock CPU kernel', () => {
  it.each(CASES)('$name', async (c) => {
    const a = normals(size(c.a), 31);
    const b = normals(size(c.b), 32);
    await useBackend('cpu');
    const want = withStockKernels('cpu', () => run(c, a, b));
    await useBackend('wasm');
    const before = liveCounts();
    const got = run(c, a, b);
    expect(liveCounts()).toEqual(before);
    expect(got.shape).toEqual(want.shape);
    expect(relativeError(got.values, want.values)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('still reports mismatched inner dimensions', async () => {
    await useBackend('wasm');
    const before = liveCounts();
    expect(() => tf.tidy(() => tf.matMul(tf.zeros([3, 4]), tf.zeros([5, 2]), true, false))).toThrow(/inner shapes/);
    expect(liveCounts()).toEqual(before);
  });
});
