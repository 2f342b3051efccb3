/**
 * The typed trainer inside the training loop: the loop's promises (NaN stops a run, Stop
 * leaves the model with the weights trained so far, restore-best) hold on this path too.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import type { Split } from '../data/dataset';
import { createRng } from '../rng';
import { initialWeights } from '../spec/initialWeights';
import { trainModel } from '../train';
import { typedBatchTrainer } from './typedBatchTrainer';
import { inProcessTrainHelper } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => tf.disposeVariables());

const spec = SCENARIOS.trend.model({ ...SCENARIOS.trend.defaults, units: 6 });

function series(n: number, poison = false): Split {
  const rng = createRng(9);
  const x = Float32Array.from({ length: n * 3 }, () => rng.next());
  if (poison) x[4] = NaN;
  return { x, xShape: [n, 3, 1], y: Float32Array.from({ length: n }, () => rng.int(0, 2)), yShape: [n, 1] };
}

const setup = (data: Split, batchSize = 8) =>
  typedBatchTrainer(spec, initialWeights(spec, 3), data, { batchSize, learningRate: 0.01, rng: createRng(1) });

const base = { batchSize: 8, shuffle: true, stateful: false, rng: createRng(2), callbacks: {} };

describe('typed trainer in the training loop', () => {
  it('stops on a NaN loss with the message the tensor path gives', async () => {
    const data = series(32, true);
    const control = { signal: new AbortController().signal, waitIfPaused: async () => undefined };
    const result = await trainModel(setup(data), data, { ...base, epochs: 3, control });
    expect(result.reason).toBe('nan');
    expect(result.message).toMatch(/Loss became NaN at epoch 1/);
  });

  it('after Stop mid-epoch the model holds the weights trained so far', async () => {
    const data = series(400);
    const trainer = setup(data);
    const before = await trainer.model.getWeights();
    const controller = new AbortController();
    let steps = 0;
    // The loop asks before every batch; Stop arrives before the tenth.
    const waitIfPaused = async () => void (++steps === 10 && controller.abort());
    const result = await trainModel(trainer, data, { ...base, epochs: 5, control: { signal: controller.signal, waitIfPaused } });
    expect(result).toMatchObject({ reason: 'stopped', epochsDone: 0 });
    const after = await trainer.model.getWeights();
    expect(after.some((w, i) => w.values.some((v, j) => v !== before[i].values[j]))).toBe(true);
  });

  it('creates no tfjs tensors at all', async () => {
    const data = series(64);
    const before = tf.memory().numTensors;
    const trainer = setup(data);
    await trainModel(trainer, data, { ...base, epochs: 2, validation: data, control: { signal: new AbortController().signal, waitIfPaused: async () => undefined } });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('typedBatchTrainer', () => {
  it('shares each batch with the helpers it is given, and frees them with the run', async () => {
    const imdb = SCENARIOS['imdb-small-vocab'].model({ ...SCENARIOS['imdb-small-vocab'].defaults, seqLength: 20, units: 400 });
    const rng = createRng(4);
    const data: Split = {
      x: Int32Array.from({ length: 32 * 20 }, () => rng.int(0, 2000)), xShape: [32, 20],
      y: Float32Array.from({ length: 32 }, () => rng.int(0, 2)), yShape: [32, 1],
    };
    const helper = inProcessTrainHelper();
    const trainer = typedBatchTrainer(imdb, initialWeights(imdb, 3), data, { batchSize: 16, learningRate: 0.01, rng: createRng(1), helpers: [helper] });
    expect(trainer.threads).toBe(2);
    const [loss] = await trainer.step(null, 0, 16);
    expect(loss).toBeGreaterThan(0);
    expect(helper.chunks).toBe(1);
    // Disposing the trainer (the loop does, at the end of a run) frees the helper's network.
    trainer.dispose();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(helper.loaded()).toBe(false);
  });
});
