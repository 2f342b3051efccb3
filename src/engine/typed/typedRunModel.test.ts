/**
 * The typed run model answers exactly what a tfjs model with the same weights answers, through
 * its predictor where it can, through the network's own forward where it cannot, and only
 * rebuilds the predictor after the weights change.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { initialWeights } from '../spec/initialWeights';
import type { ModelSpec } from '../spec/types';
import { buildModel } from '../tfjs/buildModel';
import { tfjsRunModel } from '../tfjs/tfjsTraining';
import { layerValues } from '../weights';
import { TypedNetwork } from './network';
import { inProcessHelper } from './testing';
import { typedRunModel } from './typedRunModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => tf.disposeVariables());

const lstm = { kind: 'lstm', units: 9, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false } as const;
const REVIEWS: ModelSpec = {
  inputShape: [12], inputDtype: 'int32', loss: 'binaryCrossentropy',
  layers: [{ kind: 'embedding', inputDim: 40, outputDim: 6 }, lstm, { kind: 'dense', units: 1, activation: 'sigmoid' }],
};
const LETTERS: ModelSpec = {
  inputShape: [1, 1], inputDtype: 'float32', loss: 'categoricalCrossentropy',
  layers: [{ ...lstm, units: 5, stateful: true }, { kind: 'dense', units: 4, activation: 'softmax' }],
};

const ids = (n: number) => {
  const rng = createRng(2);
  return Int32Array.from({ length: n * 12 }, () => rng.int(0, 40));
};

function both(spec: ModelSpec, maxBatch: number, helpers = () => [] as ReturnType<typeof inProcessHelper>[]) {
  const weights = initialWeights(spec, 4);
  const network = new TypedNetwork(spec, layerValues(spec, weights), { maxBatch, learningRate: 0.01, rng: createRng(1) });
  const typed = typedRunModel(spec, network, maxBatch, helpers);
  const reference = tfjsRunModel(spec, buildModel(spec, { seed: 4, batchSize: maxBatch, weights }));
  return { network, typed, reference };
}

const close = (a: Float32Array, b: Float32Array) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
};

describe('typedRunModel', () => {
  it('predicts what the tfjs model with the same weights predicts', async () => {
    const { typed, reference } = both(REVIEWS, 32);
    const x = ids(300);
    close((await typed.predict(x, 300)).probs, (await reference.predict(x, 300)).probs);
    reference.dispose();
  });

  it('shares large batches with helper threads and answers exactly as alone', async () => {
    const helper = inProcessHelper();
    const { typed } = both(REVIEWS, 32, () => [helper]);
    const alone = both(REVIEWS, 32).typed;
    const x = ids(2000);
    const shared = await typed.predict(x, 2000);
    expect(helper.chunks).toBeGreaterThan(0);
    expect(shared.threads).toBe(2);
    expect(shared.probs).toEqual((await alone.predict(x, 2000)).probs);
  });

  it('keeps a stateful model’s state from call to call, as tfjs does, until reset', async () => {
    const { typed, reference } = both(LETTERS, 1);
    const letters = [0.1, 0.5, 0.9];
    for (const model of [typed, reference]) model.resetStates();
    for (const v of letters) close((await typed.predict(Float32Array.of(v), 1)).probs, (await reference.predict(Float32Array.of(v), 1)).probs);
    const carried = (await typed.predict(Float32Array.of(0.5), 1)).probs;
    typed.resetStates();
    const fresh = (await typed.predict(Float32Array.of(0.5), 1)).probs;
    expect(fresh).not.toEqual(carried);
    reference.dispose();
  });

  it('rebuilds its predictor only after the weights change', async () => {
    const { network, typed } = both(REVIEWS, 8);
    const x = ids(8);
    const first = (await typed.predict(x, 8)).probs;
    const y = new Float32Array(8).fill(1);
    network.trainStep(Float32Array.from(x), y, 8);
    // Not told of the step: the predictor still holds the old weights.
    expect((await typed.predict(x, 8)).probs).toEqual(first);
    typed.changed();
    expect((await typed.predict(x, 8)).probs).not.toEqual(first);
  });

  it('gives back the weights it was set to, Keras shapes and order', async () => {
    const { typed } = both(REVIEWS, 8);
    const other = initialWeights(REVIEWS, 9);
    typed.setWeights(other);
    expect(await typed.getWeights()).toEqual(other);
  });
});
