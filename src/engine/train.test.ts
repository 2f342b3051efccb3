import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { evaluateModel } from './evaluate';
import { trainModel } from './train';
import type { Split } from './data/dataset';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tinyModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

const control = { signal: new AbortController().signal, waitIfPaused: async () => undefined };

describe('trainModel', () => {
  it('stops on a NaN loss with a message, as TerminateOnNaN does', async () => {
    const model = tinyModel();
    const data: Split = { x: Float32Array.from([1, 2, NaN, 4]), xShape: [2, 2], y: Float32Array.from([0, 1]), yShape: [2, 1] };
    const result = await trainModel(model, data, { epochs: 3, batchSize: 2, shuffle: false, stateful: false, rng: createRng(1), control, callbacks: {} });
    expect(result.reason).toBe('nan');
    expect(result.message).toMatch(/NaN at epoch 1, batch 1/);
    model.dispose();
  });

  it('creates no tensors that outlive a run, across epochs', async () => {
    const model = tinyModel();
    const data: Split = { x: Float32Array.from({ length: 64 }, (_, i) => Math.sin(i)), xShape: [32, 2], y: Float32Array.from({ length: 32 }, (_, i) => i % 2), yShape: [32, 1] };
    await trainModel(model, data, { epochs: 1, batchSize: 4, shuffle: true, stateful: false, rng: createRng(1), control, callbacks: {} });
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await trainModel(model, data, {
      epochs: 4, batchSize: 4, shuffle: true, stateful: false, rng: createRng(2), control, validation: data,
      callbacks: { onEpoch: () => counts.push(tf.memory().numTensors) },
    });
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('reports Keras-style epoch means and validation figures', async () => {
    const model = tinyModel();
    const data: Split = { x: Float32Array.from({ length: 40 }, (_, i) => i / 40), xShape: [20, 2], y: Float32Array.from({ length: 20 }, (_, i) => i % 2), yShape: [20, 1] };
    const epochs: number[][] = [];
    await trainModel(model, data, {
      epochs: 2, batchSize: 6, shuffle: false, stateful: false, rng: createRng(1), control, validation: data,
      callbacks: { onEpoch: (e) => epochs.push([e.loss, e.acc, e.valLoss!, e.valAcc!]) },
    });
    expect(epochs).toHaveLength(2);
    for (const e of epochs) for (const v of e) expect(Number.isFinite(v)).toBe(true);
    model.dispose();
  });

  it('restores the best epoch when asked (EarlyStopping restore_best_weights)', async () => {
    // A learning rate far too high makes validation accuracy jump around, so the best epoch is
    // not the last one; the test checks that precondition itself.
    const rng = createRng(5);
    const n = 64;
    const x = Float32Array.from({ length: n * 2 }, () => rng.next() * 2 - 1);
    const y = Float32Array.from({ length: n }, (_, i) => (x[2 * i] + 0.3 * x[2 * i + 1] > 0 ? 1 : 0));
    const data: Split = { x, xShape: [n, 2], y, yShape: [n, 1] };
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid', kernelInitializer: 'zeros' })] });
    model.compile({ optimizer: tf.train.sgd(40), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const before = tf.memory().numTensors;
    const result = await trainModel(model, data, {
      epochs: 12, batchSize: 8, shuffle: true, stateful: false, rng: createRng(2), control, validation: data, callbacks: {}, restoreBest: true,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.best!.epoch).not.toBe(result.last!.epoch);
    expect(result.restoredBest).toBe(true);
    expect((await evaluateModel(model, data, 'validation', false)).accuracy).toBeCloseTo(result.best!.valAcc!, 5);
    // The last epoch's validation no longer describes the model, so it is not passed on as the score.
    expect(result.evaluation).toBeUndefined();
    model.dispose();
  });
});
