import * as tf from '@tensorflow/tfjs';
import { Conv2DBackpropFilter, backend_util, type Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  NODE_BACKENDS, TOLERANCE, liveCounts, normals, relativeError, runKernel, useBackend, withStockKernels,
} from './testBackends';

interface Case {
  name: string;
  /** [batch, height, width, inChannels], or NCHW when dataFormat says so. */
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides?: number | [number, number];
  pad: Conv2DBackpropFilterAttrs['pad'];
  dataFormat?: 'NHWC' | 'NCHW';
}

/** Conv1D as tfjs runs it: a height-1 image. */
const conv1d = (batch: number, steps: number, inC: number, kernel: number, outC: number, pad: 'same' | 'valid'): Case => ({
  name: `Conv1D ${batch}x${steps}x${inC}, k=${kernel} -> ${outC}, ${pad}`,
  xShape: [batch, 1, steps, inC],
  filterShape: [1, kernel, inC, outC],
  pad,
});

const CASES: Case[] = [
  conv1d(3, 17, 8, 3, 8, 'same'),
  conv1d(3, 17, 8, 3, 8, 'valid'),
  conv1d(2, 11, 5, 1, 7, 'same'),
  conv1d(2, 11, 5, 5, 7, 'same'),
  conv1d(2, 11, 5, 5, 7, 'valid'),
  conv1d(1, 9, 3, 3, 1, 'same'),
  conv1d(4, 6, 1, 5, 3, 'same'),
  conv1d(2, 8, 4, 4, 4, 'same'), // even kernel: 'same' pads unevenly
  { name: 'Conv1D stride 2, same', xShape: [2, 1, 15, 6], filterShape: [1, 3, 6, 5], strides: [1, 2], pad: 'same' },
  { name: '2-D 3x3 filter, stride 2, valid', xShape: [2, 7, 9, 3], filterShape: [3, 3, 3, 4], strides: 2, pad: 'valid' },
  { name: '2-D 3x5 filter, same', xShape: [1, 6, 8, 5], filterShape: [3, 5, 5, 6], pad: 'same' },
  { name: 'explicit padding', xShape: [2, 5, 6, 4], filterShape: [2, 3, 4, 4], pad: [[0, 0], [1, 0], [2, 1], [0, 0]] },
  { name: 'NCHW', xShape: [2, 5, 1, 13], filterShape: [1, 3, 5, 6], pad: 'same', dataFormat: 'NCHW' },
];

function attrsOf(c: Case): Conv2DBackpropFilterAttrs {
  return { strides: c.strides ?? 1, pad: c.pad, dataFormat: c.dataFormat ?? 'NHWC', filterShape: c.filterShape };
}

/** dy has the shape the forward convolution's output would have. */
function dyShapeOf(c: Case): number[] {
  const a = attrsOf(c);
  const format = a.dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst';
  const info = backend_util.computeConv2DInfo(c.xShape, c.filterShape, a.strides, 1, a.pad, undefined, false, format);
  return info.outShape;
}

function run(c: Case, x: Float32Array, dy: Float32Array) {
  return tf.tidy(() => runKernel(Conv2DBackpropFilter, { x: tf.tensor(x, c.xShape), dy: tf.tensor(dy, dyShapeOf(c)) }, attrsOf(c)));
}

describe('Conv2DBackpropFilter matches the stock CPU kernel', () => {
  for (const backend of NODE_BACKENDS) {
    it.each(CASES)(`${backend}: $name`, async (c) => {
      const x = normals(c.xShape.reduce((a, b) => a * b, 1), 11);
      const dy = normals(dyShapeOf(c).reduce((a, b) => a * b, 1), 12);
      await useBackend('cpu');
      const want = withStockKernels('cpu', () => run(c, x, dy));
      await useBackend(backend);
      const before = liveCounts();
      const got = run(c, x, dy);
      expect(liveCounts()).toEqual(before);
      expect(got.shape).toEqual(c.filterShape);
      expect(relativeError(got.values, want.values)).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it('wasm: an input too long for one im2col block is summed over chunks', async () => {
    // 45 x 1000 positions x (3 x 32) taps is over the 2^22-element block, so two chunks.
    const c = conv1d(45, 1000, 32, 3, 4, 'same');
    const x = normals(45 * 1000 * 32, 21);
    const dy = normals(45 * 1000 * 4, 22);
    await useBackend('cpu'); // our CPU kernel: the stock one is too slow at this size, and matches it above
    const want = run(c, x, dy);
    await useBackend('wasm');
    const before = liveCounts();
    const got = run(c, x, dy);
    expect(liveCounts()).toEqual(before);
    expect(relativeError(got.values, want.values)).toBeLessThanOrEqual(TOLERANCE);
  });
});
