/**
 * The typed trainer inside the training loop: the loop's promises (NaN stops a run, Stop
 * leaves the model with the weights trained so far, restore-best) hold on this path too.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import type { Split } from '../data/dataset';
import { buildModel } from '../tfjs/buildModel';
import { LSTM_FACTORIES } from '../tfjs/lstmFactories';
import { createRng } from '../rng';
import { trainModel } from '../train';
import { startTrainer, typedArrayBatchTrainer } from './typedBatchTrainer';
import { createArena, MAX_ARENA_FLOATS } from './kernels';
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

function setup(data: Split, batchSize = 8) {
  const model = buildModel(spec, { seed: 3, lstm: LSTM_FACTORIES.fused });
  const batchTrainer = typedArrayBatchTrainer(spec, model, data, { batchSize, learningRate: 0.01, rng: createRng(1) });
  return { model, batchTrainer };
}

const base = { batchSize: 8, shuffle: true, stateful: false, rng: createRng(2), callbacks: {} };

describe('typed trainer in the training loop', () => {
  it('stops on a NaN loss with the message the tensor path gives', async () => {
    const data = series(32, true);
    const { model, batchTrainer } = setup(data);
    const control = { signal: new AbortController().signal, waitIfPaused: async () => undefined };
    const result = await trainModel(model, data, { ...base, epochs: 3, control, batchTrainer });
    expect(result.reason).toBe('nan');
    expect(result.message).toMatch(/Loss became NaN at epoch 1/);
    model.dispose();
  });

  it('after Stop mid-epoch the model holds the weights trained so far', async () => {
    const data = series(400);
    const { model, batchTrainer } = setup(data);
    const before = model.getWeights().map((w) => w.dataSync().slice());
    const controller = new AbortController();
    let steps = 0;
    // The loop asks before every batch; Stop arrives before the tenth.
    const waitIfPaused = async () => void (++steps === 10 && controller.abort());
    const result = await trainModel(model, data, { ...base, epochs: 5, batchTrainer, control: { signal: controller.signal, waitIfPaused } });
    expect(result).toMatchObject({ reason: 'stopped', epochsDone: 0 });
    const after = model.getWeights().map((w) => w.dataSync());
    expect(after.some((w, i) => w.some((v, j) => v !== before[i][j]))).toBe(true);
    model.dispose();
  });
});

describe('startTrainer', () => {
  const typed = { kind: 'typed', reason: 'small model.' } as const;

  it('starts the typed trainer only where it was chosen', () => {
    const data = series(16);
    const { model } = setup(data);
    const build = () => typedArrayBatchTrainer(spec, model, data, { batchSize: 8, learningRate: 0.01, rng: createRng(1) });
    expect(startTrainer(typed, build)).toMatchObject({ trainer: typed, batchTrainer: expect.anything() });
    const tensors = { kind: 'tensors', reason: 'big model' } as const;
    expect(startTrainer(tensors, () => expect.fail('must not build'))).toEqual({ trainer: tensors });
    model.dispose();
  });

  it('says how many threads share each batch when helpers take shards', async () => {
    const imdb = SCENARIOS['imdb-small-vocab'].model({ ...SCENARIOS['imdb-small-vocab'].defaults, seqLength: 20, units: 400 });
    const model = buildModel(imdb, { seed: 3, lstm: LSTM_FACTORIES.fused });
    const rng = createRng(4);
    const data: Split = {
      x: Int32Array.from({ length: 32 * 20 }, () => rng.int(0, 2000)), xShape: [32, 20],
      y: Float32Array.from({ length: 32 }, () => rng.int(0, 2)), yShape: [32, 1],
    };
    const helper = inProcessTrainHelper();
    const build = () => typedArrayBatchTrainer(imdb, model, data, { batchSize: 16, learningRate: 0.01, rng: createRng(1), helpers: [helper] });
    const { trainer, batchTrainer } = startTrainer(typed, build);
    expect(trainer).toEqual({ kind: 'typed', reason: 'small model. Each batch is split across 2 threads.', threads: 2 });
    const [loss] = await batchTrainer!.step(null, 0, 16);
    expect(loss).toBeGreaterThan(0);
    expect(helper.chunks).toBe(1);
    // Disposing the trainer (the loop does, at the end of a run) frees the helper's network.
    batchTrainer!.dispose();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(helper.loaded()).toBe(false);
    model.dispose();
  });

  it('falls back to tfjs, saying why, when the arena cannot be had', () => {
    const { trainer, batchTrainer } = startTrainer(typed, () => createArena(MAX_ARENA_FLOATS + 1) as never);
    expect(batchTrainer).toBeUndefined();
    expect(trainer).toEqual({ kind: 'tensors', reason: expect.stringMatching(/typed trainer could not start \(it would need 4\.0 GiB of memory, past WebAssembly's 4 GiB\)/) });
  });
});
