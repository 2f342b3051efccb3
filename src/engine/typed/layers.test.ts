import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { createArena } from './kernels';
import type { LayerContext } from './layerBase';
import { createTypedLayer } from './layers';

/** A layer's context on a fresh JavaScript arena. */
const ctx = (inShape: number[], maxBatch: number, weights: Float32Array[] = [], seed = 5): LayerContext => {
  const { arena, kernels } = createArena(200_000, 'js');
  return { inShape, maxBatch, weights, alloc: arena, kernels, rng: createRng(seed) };
};

describe('typed-array Dropout', () => {
  it('drops a fraction `rate` in training, scales the rest by 1/(1−rate), and passes gradient through the same mask', () => {
    const layer = createTypedLayer({ kind: 'dropout', rate: 0.25 }, ctx([50, 40], 4));
    const x = new Float32Array(4 * 50 * 40).fill(2);
    const y = layer.forward(x, 4, true).slice();
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros / y.length).toBeGreaterThan(0.22);
    expect(zeros / y.length).toBeLessThan(0.28);
    expect(new Set(y.filter((v) => v !== 0))).toEqual(new Set([Math.fround(2 / 0.75)]));
    const dx = layer.backward(new Float32Array(x.length).fill(1), 4);
    for (let i = 0; i < x.length; i++) expect(dx[i] === 0).toBe(y[i] === 0);
    // A new mask per call.
    const again = Array.from(layer.forward(x, 4, true));
    expect(again).not.toEqual(Array.from(y));
  });

  it('is the identity outside training', () => {
    const layer = createTypedLayer({ kind: 'dropout', rate: 0.5 }, ctx([3], 2));
    const x = Float32Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(layer.forward(x, 2, false))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('typed-array LSTM dropout', () => {
  const spec = { kind: 'lstm', units: 4, activation: 'tanh', returnSequences: false, dropout: 0.5, recurrentDropout: 0.5, stateful: false } as const;
  const weights = () => [Float32Array.from({ length: 2 * 16 }, (_, i) => Math.sin(i)), Float32Array.from({ length: 4 * 16 }, (_, i) => Math.cos(i) / 4), new Float32Array(16)];

  it('draws fresh masks for each training call and none in inference', () => {
    const layer = createTypedLayer(spec, ctx([3, 2], 8, weights(), 9));
    const x = Float32Array.from({ length: 8 * 3 * 2 }, (_, i) => (i % 5) / 5);
    const inference = Array.from(layer.forward(x, 8, false));
    expect(Array.from(layer.forward(x, 8, false))).toEqual(inference);
    const a = Array.from(layer.forward(x, 8, true));
    const b = Array.from(layer.forward(x, 8, true));
    expect(a).not.toEqual(inference);
    expect(b).not.toEqual(a);
  });
});

describe('typed-array Embedding', () => {
  const table = () => Float32Array.from({ length: 5 * 2 }, (_, i) => i);

  it('copies a row per id and scatters the gradient back by id, summing repeats', () => {
    const layer = createTypedLayer({ kind: 'embedding', inputDim: 5, outputDim: 2 }, ctx([3], 2, [table()]));
    const ids = Float32Array.of(4, 0, 4, 1, 1, 1);
    expect(Array.from(layer.forward(ids, 2, true))).toEqual([8, 9, 0, 1, 8, 9, 2, 3, 2, 3, 2, 3]);
    layer.backward(Float32Array.from({ length: 12 }, (_, i) => i + 1), 2);
    // Row 4 gets steps 0 and 2 of sample 0; row 1 all three steps of sample 1; rows 2 and 3 nothing.
    expect(Array.from(layer.grads[0])).toEqual([3, 4, 7 + 9 + 11, 8 + 10 + 12, 0, 0, 0, 0, 1 + 5, 2 + 6]);
  });

  it('refuses an id outside the vocabulary with a message that says so', () => {
    const layer = createTypedLayer({ kind: 'embedding', inputDim: 5, outputDim: 2 }, ctx([2], 1, [table()]));
    expect(() => layer.forward(Float32Array.of(1, 5), 1, true)).toThrow(/Word id 5 is outside the Embedding's vocabulary of 5/);
    expect(() => layer.forward(Float32Array.of(-1, 0), 1, true)).toThrow(/Word id -1/);
  });
});
