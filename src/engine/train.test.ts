import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { evaluateModel } from './evaluate';
import { trainModel } from './train';
import type { Split } from './data/dataset';
import type { BatchUpdate, EpochUpdate } from './types';
import type { ModelSpec } from './spec/types';
import { initialWeights } from './spec/initialWeights';
import { tfjsBatchTrainer } from './tfjs/tfjsTraining';
import { LSTM_FACTORIES } from './tfjs/lstmFactories';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Logistic regression on two features: the smallest model the loop can train. */
const SPEC: ModelSpec = { inputShape: [2], inputDtype: 'float32', loss: 'binaryCrossentropy', layers: [{ kind: 'dense', units: 1, activation: 'sigmoid' }] };

const tinyTrainer = (data: Split, learningRate = 0.01) =>
  tfjsBatchTrainer(SPEC, initialWeights(SPEC, 1), data, { batchSize: 8, learningRate, seed: 1, lstm: LSTM_FACTORIES.layers });

const control = { signal: new AbortController().signal, waitIfPaused: async () => undefined };

describe('trainModel', () => {
  it('stops on a NaN loss with a message, as TerminateOnNaN does', async () => {
    const data: Split = { x: Float32Array.from([1, 2, NaN, 4]), xShape: [2, 2], y: Float32Array.from([0, 1]), yShape: [2, 1] };
    const trainer = tinyTrainer(data);
    const result = await trainModel(trainer, data, { epochs: 3, batchSize: 2, shuffle: false, stateful: false, rng: createRng(1), control, callbacks: {} });
    expect(result.reason).toBe('nan');
    expect(result.message).toMatch(/NaN at epoch 1, batch 1/);
    trainer.model.dispose();
  });

  it('creates no tensors that outlive a run, across epochs, and frees everything but the model', async () => {
    const data: Split = { x: Float32Array.from({ length: 64 }, (_, i) => Math.sin(i)), xShape: [32, 2], y: Float32Array.from({ length: 32 }, (_, i) => i % 2), yShape: [32, 1] };
    const before = tf.memory().numTensors;
    const trainer = tinyTrainer(data);
    const counts: number[] = [];
    await trainModel(trainer, data, {
      epochs: 4, batchSize: 4, shuffle: true, stateful: false, rng: createRng(2), control, validation: data,
      callbacks: { onEpoch: () => counts.push(tf.memory().numTensors) },
    });
    expect(new Set(counts).size).toBe(1);
    // Only the model's two weights are left, and they go with it.
    expect(tf.memory().numTensors).toBe(before + 2);
    trainer.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports Keras-style epoch means and validation figures', async () => {
    const data: Split = { x: Float32Array.from({ length: 40 }, (_, i) => i / 40), xShape: [20, 2], y: Float32Array.from({ length: 20 }, (_, i) => i % 2), yShape: [20, 1] };
    const trainer = tinyTrainer(data);
    const epochs: number[][] = [];
    await trainModel(trainer, data, {
      epochs: 2, batchSize: 6, shuffle: false, stateful: false, rng: createRng(1), control, validation: data,
      callbacks: { onEpoch: (e) => epochs.push([e.loss, e.acc, e.valLoss!, e.valAcc!]) },
    });
    expect(epochs).toHaveLength(2);
    for (const e of epochs) for (const v of e) expect(Number.isFinite(v)).toBe(true);
    trainer.model.dispose();
  });

  it('restores the best epoch when asked (EarlyStopping restore_best_weights)', async () => {
    // A learning rate far too high makes validation accuracy jump around, so the best epoch is
    // not the last one; the test checks that precondition itself.
    const rng = createRng(5);
    const n = 64;
    const x = Float32Array.from({ length: n * 2 }, () => rng.next() * 2 - 1);
    const y = Float32Array.from({ length: n }, (_, i) => (x[2 * i] + 0.3 * x[2 * i + 1] > 0 ? 1 : 0));
    const data: Split = { x, xShape: [n, 2], y, yShape: [n, 1] };
    const trainer = tinyTrainer(data, 20);
    const result = await trainModel(trainer, data, {
      epochs: 12, batchSize: 8, shuffle: true, stateful: false, rng: createRng(2), control, validation: data, callbacks: {}, restoreBest: true,
    });
    expect(result.best!.epoch).not.toBe(result.last!.epoch);
    expect(result.restoredBest).toBe(true);
    expect((await evaluateModel(trainer.model, data, 'validation')).accuracy).toBeCloseTo(result.best!.valAcc!, 5);
    // The last epoch's validation no longer describes the model, so it is not passed on as the score.
    expect(result.evaluation).toBeUndefined();
    trainer.model.dispose();
  });

  it('judges the best epoch of a regression by the lowest validation MAE, its metric', async () => {
    // Linear regression with a learning rate too high: the error jumps around, so the best epoch is not the last.
    const spec: ModelSpec = { inputShape: [2], inputDtype: 'float32', loss: 'meanSquaredError', layers: [{ kind: 'dense', units: 1, activation: 'linear' }] };
    const rng = createRng(9);
    const n = 64;
    const x = Float32Array.from({ length: n * 2 }, () => rng.next() * 2 - 1);
    const y = Float32Array.from({ length: n }, (_, i) => 2 * x[2 * i] - x[2 * i + 1] + 0.5);
    const data: Split = { x, xShape: [n, 2], y, yShape: [n, 1] };
    const trainer = tfjsBatchTrainer(spec, initialWeights(spec, 1), data, { batchSize: 8, learningRate: 1.5, seed: 1, lstm: LSTM_FACTORIES.layers });
    const epochs: EpochUpdate[] = [];
    const result = await trainModel(trainer, data, {
      epochs: 10, batchSize: 8, shuffle: true, stateful: false, rng: createRng(2), control, validation: data, callbacks: { onEpoch: (e) => epochs.push(e) }, restoreBest: true,
    });
    const lowest = Math.min(...epochs.map((e) => e.valAcc!));
    expect(result.best!.valAcc).toBe(lowest);
    expect(Math.max(...epochs.map((e) => e.valAcc!))).toBeGreaterThan(lowest);
    if (result.best!.epoch !== result.last!.epoch) {
      expect((await evaluateModel(trainer.model, data, 'validation')).accuracy).toBeCloseTo(lowest, 5);
    }
    trainer.model.dispose();
  });
});

describe('per-batch updates, as Keras’ progress bar', () => {
  /** A trainer whose batches report the losses given, one per step, taking `stepMs` each on a busy clock. */
  function scripted(losses: number[], stepMs = 0) {
    let k = 0;
    return {
      model: { spec: SPEC, predict: async () => ({ probs: new Float32Array(0), threads: 1 }), getWeights: async () => [], setWeights() {}, resetStates() {}, dispose() {} },
      threads: 1,
      step: () => {
        const until = performance.now() + stepMs;
        while (performance.now() < until) { /* a step's work */ }
        const loss = losses[k++ % losses.length];
        return [loss, loss > 1 ? 0 : 1] as [number, number];
      },
      dispose() {},
    };
  }
  const rows = (n: number): Split => ({ x: new Float32Array(n * 2), xShape: [n, 2], y: new Float32Array(n), yShape: [n, 1] });

  it('reports the epoch’s running mean loss and accuracy, and every raw loss for the curve', async () => {
    const updates: BatchUpdate[] = [];
    await trainModel(scripted([2, 0.5, 1.5, 0.5]), rows(4), {
      epochs: 1, batchSize: 1, shuffle: false, stateful: false, rng: createRng(1), control, callbacks: { onBatch: (u) => updates.push(u) },
    });
    const last = updates.at(-1)!;
    expect(last.loss).toBeCloseTo((2 + 0.5 + 1.5 + 0.5) / 4, 10);
    expect(last.acc).toBeCloseTo(2 / 4, 10);
    expect(updates.flatMap((u) => u.losses)).toEqual([2, 0.5, 1.5, 0.5]);
  });

  it('moves the batch counter through the epoch when epochs are short, and smooths the ETA', async () => {
    const updates: BatchUpdate[] = [];
    // 40 epochs of 23 one-millisecond batches: each epoch is shorter than the gap between updates.
    const started = performance.now();
    await trainModel(scripted([1], 1), rows(23), {
      epochs: 40, batchSize: 1, shuffle: false, stateful: false, rng: createRng(1), control, callbacks: { onBatch: (u) => updates.push(u) },
    });
    const midEpoch = updates.filter((u) => u.batch < u.batches);
    expect(new Set(midEpoch.map((u) => u.batch)).size).toBeGreaterThan(3);
    expect(updates[0].etaSec).toBeUndefined();
    // Smoothed from short steps: the ETA tracks the steps left, not the first step's warm-up. A
    // step is measured, not assumed to be 1 ms: on a loaded machine a 1 ms timer takes longer.
    const msPerStep = (performance.now() - started) / (40 * 23);
    const late = updates.filter((u) => u.etaSec !== undefined && u.epoch > 5 && u.epoch < 35);
    for (const u of late) {
      const stepsLeft = (40 - u.epoch) * 23 + (23 - u.batch);
      expect(u.etaSec! * 1000).toBeGreaterThan(stepsLeft * msPerStep * 0.25);
      expect(u.etaSec! * 1000).toBeLessThan(stepsLeft * msPerStep * 4);
    }
  });
});
