/**
 * Sharded steps against one thread: without dropout the only difference is the order in which
 * the batch's gradient is summed, so losses, accuracies and weights after several Adam steps agree
 * to float rounding, whatever happens to the helpers.
 */
import { describe, expect, it } from 'vitest';
import { weightShapes } from '../spec/model';
import type { ModelSpec } from '../spec/types';
import { createRng } from '../rng';
import { TypedNetwork } from './network';
import { ShardedStep, shardRows, type TrainHelper } from './shardedStep';
import { inProcessTrainHelper } from './testing';

const spec: ModelSpec = {
  inputShape: [6], inputDtype: 'int32', loss: 'binaryCrossentropy',
  layers: [
    { kind: 'embedding', inputDim: 13, outputDim: 5 },
    { kind: 'lstm', units: 7, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false },
    { kind: 'dense', units: 1, activation: 'sigmoid' },
  ],
};
const BATCH = 14;

function initialWeights(model = spec): Float32Array[][] {
  const rng = createRng(4);
  const r = (n: number) => Float32Array.from({ length: n }, () => rng.next() - 0.5);
  if (model !== spec) return weightShapes(model).map((layer) => layer.map((shape) => r(shape.reduce((a, d) => a * d, 1))));
  return [[r(13 * 5)], [r(5 * 28), r(7 * 28), r(28)], [r(7), r(1)]];
}

function batch(step: number, model = spec): { x: Float32Array; y: Float32Array } {
  const rng = createRng(50 + step);
  const x = Float32Array.from({ length: BATCH * 6 }, () => rng.int(0, 13));
  // With a step mask, reviews pre-padded to 0–5 of their 6 steps (a stray 0 among the words too).
  const first = model.layers[0];
  if (first.kind === 'embedding' && first.maskZero) for (let b = 0; b < BATCH; b++) x.fill(0, b * 6, b * 6 + (b % 6));
  return { x, y: Float32Array.from({ length: BATCH }, () => rng.int(0, 2)) };
}

const network = (model = spec) => new TypedNetwork(model, initialWeights(model), { maxBatch: BATCH, learningRate: 0.05, rng: createRng(1) });

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= 1e-5 + 1e-4 * Math.abs(want[i]))) expect.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]}`);
  }
}

/** Trains `steps` batches on one thread and with these helpers; compares every step and the weights at the end. */
async function compare(helpers: TrainHelper[], steps = 4, minGraceMs?: number, model = spec): Promise<ShardedStep> {
  const alone = network(model);
  const shared = network(model);
  const sharded = new ShardedStep(shared, helpers, model, initialWeights(model), { maxBatch: BATCH, minShardRows: 3, seeds: helpers.map((_, k) => k + 7), minGraceMs });
  for (let step = 0; step < steps; step++) {
    const { x, y } = batch(step, model);
    const want = alone.trainStep(x, y, BATCH);
    const got = await sharded.step(x, y, BATCH);
    expect(got.loss, `loss at step ${step}`).toBeCloseTo(want.loss, 5);
    expect(got.acc, `accuracy at step ${step}`).toBeCloseTo(want.acc, 6);
  }
  alone.layerWeights().flat().forEach((w, i) => expectClose(shared.layerWeights().flat()[i], w, `weight ${i}`));
  return sharded;
}

describe('shardRows', () => {
  it('cuts a batch into near-equal runs of rows, larger first, never below the minimum', () => {
    expect(shardRows(32, 2, 8)).toEqual([[0, 16], [16, 16]]);
    expect(shardRows(14, 4, 3)).toEqual([[0, 4], [4, 4], [8, 3], [11, 3]]);
    expect(shardRows(20, 4, 8)).toEqual([[0, 10], [10, 10]]);
    expect(shardRows(5, 4, 8)).toEqual([[0, 5]]);
  });
});

describe('ShardedStep', () => {
  it('trains as one thread does, with one helper or three', async () => {
    const one = [inProcessTrainHelper()];
    expect(await (await compare(one)).threads()).toBe(2);
    expect(one[0].chunks).toBe(4);
    const three = [inProcessTrainHelper(), inProcessTrainHelper(), inProcessTrainHelper()];
    expect(await (await compare(three)).threads()).toBe(4);
    expect(three.map((h) => h.chunks)).toEqual([4, 4, 4]);
  });

  it('trains a regression (linear output, mean squared error, MAE as its metric) as one thread does', async () => {
    const regression: ModelSpec = { ...spec, loss: 'meanSquaredError', layers: [...spec.layers.slice(0, -1), { kind: 'dense', units: 1, activation: 'linear' }] };
    await compare([inProcessTrainHelper(), inProcessTrainHelper()], 4, undefined, regression);
  });

  it('trains a masked Bidirectional model (each shard’s mask from its own rows’ ids) as one thread does', async () => {
    const masked: ModelSpec = {
      ...spec,
      layers: [
        { kind: 'embedding', inputDim: 13, outputDim: 5, maskZero: true },
        { kind: 'bidirectional', layer: { kind: 'gru', units: 4, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0 } },
        { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    };
    await compare([inProcessTrainHelper(), inProcessTrainHelper()], 3, undefined, masked);
  });

  it('trains the short-reviews card’s shape (Bidirectional(LSTM, sequences) → GlobalAveragePooling1D) as one thread does', async () => {
    const pooled: ModelSpec = {
      ...spec,
      layers: [
        { kind: 'embedding', inputDim: 13, outputDim: 5, maskZero: true },
        { kind: 'bidirectional', layer: { kind: 'lstm', units: 4, activation: 'tanh', returnSequences: true, dropout: 0, recurrentDropout: 0, stateful: false } },
        { kind: 'globalAveragePooling1d' },
        { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    };
    await compare([inProcessTrainHelper(), inProcessTrainHelper()], 3, undefined, pooled);
  });

  it('computes a crashed helper’s shard itself and drops the helper', async () => {
    const crashing = inProcessTrainHelper({ failOnChunk: 2 });
    const sharded = await compare([crashing, inProcessTrainHelper()]);
    expect(crashing.chunks).toBe(2);
    expect(await sharded.threads()).toBe(2);
  });

  it('does not wait forever for a helper that stops answering', async () => {
    const hung = inProcessTrainHelper({ hangOnChunk: 2 });
    const sharded = await compare([hung], 4, 30);
    expect(hung.chunks).toBe(2);
    expect(await sharded.threads()).toBe(1);
  });

  it('lets the helpers free their networks when the run is over', async () => {
    const helper = inProcessTrainHelper();
    const sharded = await compare([helper], 1);
    expect(helper.loaded()).toBe(true);
    sharded.release();
    await sharded.threads();
    expect(helper.loaded()).toBe(false);
    expect(await sharded.threads()).toBe(1);
  });

  it('does not wait forever for a helper that never finishes loading: a hung helper must not hang every later run', async () => {
    const hung = inProcessTrainHelper({ hangOnLoad: true });
    const shared = network();
    const sharded = new ShardedStep(shared, [hung, inProcessTrainHelper()], spec, initialWeights(), { maxBatch: BATCH, minShardRows: 3, seeds: [7, 8], loadGraceMs: 50 });
    const { x, y } = batch(0);
    const want = network().trainStep(x, y, BATCH);
    const got = await sharded.step(x, y, BATCH);
    expect(got.loss).toBeCloseTo(want.loss, 5);
    expect(hung.chunks).toBe(0);
    expect(await sharded.threads()).toBe(2);
  });

  it('leaves out a helper that cannot load the model', async () => {
    const sharded = await compare([inProcessTrainHelper({ failLoad: true })], 2);
    expect(await sharded.threads()).toBe(1);
  });
});
