import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ModelSpec } from './spec/types';
import type { Split } from './data/dataset';
import { evaluateModel } from './evaluate';
import { buildModel } from './tfjs/buildModel';
import { LSTM_FACTORIES } from './tfjs/lstmFactories';
import { createRng } from './rng';
import { inProcessHelper } from './typed/testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => {
  tf.disposeVariables();
  vi.restoreAllMocks();
});

const SPEC: ModelSpec = {
  inputShape: [12], inputDtype: 'int32', loss: 'binaryCrossentropy',
  layers: [
    { kind: 'embedding', inputDim: 40, outputDim: 6 },
    { kind: 'lstm', units: 9, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false },
    { kind: 'dense', units: 1, activation: 'sigmoid' },
  ],
};

function reviews(n: number): Split {
  const rng = createRng(2);
  return {
    x: Int32Array.from({ length: n * 12 }, () => rng.int(0, 40)), xShape: [n, 12],
    y: Float32Array.from({ length: n }, () => rng.int(0, 2)), yShape: [n, 1],
  };
}

describe('evaluateModel', () => {
  it('scores the same through the typed predictor (given the spec) as through model.predict', async () => {
    const model = buildModel(SPEC, { seed: 4, lstm: LSTM_FACTORIES.fused });
    const data = reviews(300);
    const predict = vi.spyOn(model, 'predict');
    const typed = await evaluateModel(model, data, 'test', false, { spec: SPEC });
    expect(predict).not.toHaveBeenCalled();
    const stock = await evaluateModel(model, data, 'test', false);
    expect(predict).toHaveBeenCalledTimes(1);
    expect(typed.accuracy).toBe(stock.accuracy);
    expect(typed.confusion).toEqual(stock.confusion);
    expect(typed.loss).toBeCloseTo(stock.loss, 5);
    model.dispose();
  });

  it('shares the split with helper threads and scores exactly as alone', async () => {
    const model = buildModel(SPEC, { seed: 4, lstm: LSTM_FACTORIES.fused });
    const data = reviews(2000); // 8 chunks of the predictor's 256
    const helper = inProcessHelper();
    const alone = await evaluateModel(model, data, 'test', false, { spec: SPEC });
    const shared = await evaluateModel(model, data, 'test', false, { spec: SPEC, predictHelpers: () => [helper] });
    expect(helper.chunks).toBeGreaterThan(0);
    expect(shared).toEqual({ ...alone, threads: 2 });
    model.dispose();
  });

  it('keeps model.predict for stateful models, whose predictions depend on their state', async () => {
    const spec: ModelSpec = { ...SPEC, layers: SPEC.layers.map((l) => (l.kind === 'lstm' ? { ...l, stateful: true } : l)) };
    const model = buildModel(spec, { seed: 4, batchSize: 1, lstm: LSTM_FACTORIES.fused });
    const predict = vi.spyOn(model, 'predict');
    await evaluateModel(model, reviews(5), 'train', true, { spec });
    expect(predict).toHaveBeenCalled();
    model.dispose();
  });
});

describe('evaluateModel with a model too large for the typed predictor', () => {
  it('falls back to model.predict instead of failing the run', async () => {
    // 20,000 words × 4·200 units: a 16 M-float Embedding table, plus the Embedding itself.
    const spec: ModelSpec = {
      ...SPEC,
      layers: [
        { kind: 'embedding', inputDim: 20_000, outputDim: 1024 },
        { kind: 'lstm', units: 200, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false },
        { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    };
    const model = buildModel(spec, { seed: 4, lstm: LSTM_FACTORIES.fused });
    const predict = vi.spyOn(model, 'predict');
    const result = await evaluateModel(model, reviews(4), 'test', false, { spec });
    expect(predict).toHaveBeenCalled();
    expect(result.count).toBe(4);
    model.dispose();
  });
});
