import * as tf from '@tensorflow/tfjs';
import { UnsortedSegmentSum } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { segmentSumLayout, sortBySegment } from './segmentSum';
import {
  NODE_BACKENDS, TOLERANCE, ints, liveCounts, normals, relativeError, runKernel, useBackend, withStockKernels,
} from './testBackends';

interface Case {
  name: string;
  xShape: number[];
  /** Ids cover the leading dimensions of x. */
  idsShape: number[];
  numSegments: number;
  /** The ids; seeded random in [-2, numSegments + 2) when absent (so some are dropped). */
  ids?: number[];
}

const CASES: Case[] = [
  { name: 'Embedding gradient shape, 2-D', xShape: [96, 16], idsShape: [96], numSegments: 50 },
  { name: 'odd sizes', xShape: [37, 5], idsShape: [37], numSegments: 11 },
  { name: 'one id repeated (the padding id)', xShape: [40, 7], idsShape: [40], numSegments: 9, ids: Array(40).fill(0) },
  { name: 'negative and out-of-range ids are dropped', xShape: [6, 3], idsShape: [6], numSegments: 4, ids: [-1, 0, 4, 3, 99, 0] },
  { name: 'every id dropped', xShape: [3, 2], idsShape: [3], numSegments: 5, ids: [-3, 5, 7] },
  { name: 'rank-3 data, 1-D ids', xShape: [13, 3, 4], idsShape: [13], numSegments: 6 },
  { name: 'rank-1 data', xShape: [9], idsShape: [9], numSegments: 4 },
  { name: 'more segments than rows', xShape: [5, 8], idsShape: [5], numSegments: 300 },
];

/** Reference: the stock CPU kernel, whose own shape rule matches TensorFlow's for 1-D ids. */
async function stockCpu(x: Float32Array, xShape: number[], ids: Int32Array, idsShape: number[], numSegments: number) {
  await useBackend('cpu');
  return withStockKernels('cpu', () =>
    tf.tidy(() => runKernel(UnsortedSegmentSum, { x: tf.tensor(x, xShape), segmentIds: tf.tensor(ids, idsShape, 'int32') }, { numSegments })),
  );
}

function caseData(c: Case, seed: number) {
  const size = c.xShape.reduce((a, b) => a * b, 1);
  const rows = c.idsShape.reduce((a, b) => a * b, 1);
  const ids = c.ids ? Int32Array.from(c.ids) : ints(rows, -2, c.numSegments + 2, seed);
  return { x: normals(size, seed + 1), ids };
}

describe('UnsortedSegmentSum matches the stock CPU kernel', () => {
  for (const backend of NODE_BACKENDS) {
    it.each(CASES)(`${backend}: $name`, async (c) => {
      const { x, ids } = caseData(c, c.xShape.length * 100 + c.numSegments);
      const want = await stockCpu(x, c.xShape, ids, c.idsShape, c.numSegments);
      await useBackend(backend);
      const before = liveCounts();
      const got = tf.tidy(() =>
        runKernel(UnsortedSegmentSum, { x: tf.tensor(x, c.xShape), segmentIds: tf.tensor(ids, c.idsShape, 'int32') }, { numSegments: c.numSegments }),
      );
      expect(liveCounts()).toEqual(before);
      expect(got.shape).toEqual(want.shape);
      expect(got.dtype).toBe('float32');
      expect(relativeError(got.values, want.values)).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});

describe('UnsortedSegmentSum follows TensorFlow where tfjs CPU does not', () => {
  for (const backend of NODE_BACKENDS) {
    it(`${backend}: ids of rank 2 cover the first two dimensions of x`, async () => {
      const xShape = [4, 6, 3], idsShape = [4, 6], numSegments = 7;
      const { x, ids } = caseData({ name: '', xShape, idsShape, numSegments }, 5);
      // Reference: oneHot(ids)^T . x as a [rows, rowSize] matrix (oneHot gives zero rows for dropped ids).
      await useBackend('cpu');
      const want = tf.tidy(() => {
        const oneHot = tf.oneHot(tf.tensor1d(ids, 'int32'), numSegments).toFloat();
        return tf.matMul(oneHot, tf.tensor2d(x, [24, 3]), true, false).dataSync();
      });
      await useBackend(backend);
      const got = tf.tidy(() =>
        runKernel(UnsortedSegmentSum, { x: tf.tensor(x, xShape), segmentIds: tf.tensor(ids, idsShape, 'int32') }, { numSegments }),
      );
      expect(got.shape).toEqual([numSegments, 3]);
      expect(relativeError(got.values, want)).toBeLessThanOrEqual(TOLERANCE);
    });

    it(`${backend}: int32 data sums to int32`, async () => {
      await useBackend(backend);
      const got = tf.tidy(() =>
        runKernel(UnsortedSegmentSum, { x: tf.tensor1d([1, 2, 3, 4], 'int32'), segmentIds: tf.tensor1d([1, 1, 0, 9], 'int32') }, { numSegments: 3 }),
      );
      expect(got.dtype).toBe('int32');
      expect(Array.from(got.values)).toEqual([3, 3, 0]);
    });

    it(`${backend}: rejects ids that are not a prefix of x's shape`, async () => {
      await useBackend(backend);
      const before = liveCounts();
      expect(() => tf.tidy(() =>
        runKernel(UnsortedSegmentSum, { x: tf.zeros([4, 3]), segmentIds: tf.zeros([3], 'int32') }, { numSegments: 2 }),
      )).toThrow(/prefix/);
      expect(liveCounts()).toEqual(before);
    });
  }
});

describe('segment helpers', () => {
  it('sorts stably by segment and drops ids outside [0, numSegments)', () => {
    const { perm, offsets } = sortBySegment([2, 0, 2, -1, 5, 0, 1], 3);
    expect(Array.from(offsets)).toEqual([0, 2, 3, 5]);
    expect(Array.from(perm)).toEqual([1, 5, 6, 0, 2]);
  });

  it.each([
    { x: [10, 4], ids: [10], n: 3, out: [3, 4], rows: 10, rowSize: 4 },
    { x: [2, 5, 4], ids: [2, 5], n: 3, out: [3, 4], rows: 10, rowSize: 4 },
    { x: [7], ids: [7], n: 2, out: [2], rows: 7, rowSize: 1 },
    { x: [2, 3], ids: [], n: 4, out: [4, 2, 3], rows: 1, rowSize: 6 },
  ])('layout of x $x with ids $ids', ({ x, ids, n, out, rows, rowSize }) => {
    expect(segmentSumLayout(x, ids, n)).toEqual({ outShape: out, rows, rowSize });
  });

  it.each([
    { x: [4, 3], ids: [3], n: 2 },
    { x: [4], ids: [4, 1], n: 2 },
    { x: [4], ids: [4], n: -1 },
    { x: [4], ids: [4], n: 1.5 },
  ])('rejects x $x, ids $ids, numSegments $n', ({ x, ids, n }) => {
    expect(() => segmentSumLayout(x, ids, n)).toThrow(/UnsortedSegmentSum/);
  });
});
