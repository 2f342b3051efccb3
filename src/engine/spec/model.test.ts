/**
 * Whole models walked through the layer rows, for every tutorial at its defaults and at other
 * sizes: shapes and parameters against the tfjs model the builder makes (and Keras' counts), the
 * multiply-adds against the trainer chooser's count, and the memory estimate against the arena
 * `TypedNetwork` actually sizes.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HyperParams } from '../../config/hyperparams';
import { SCENARIOS, SCENARIO_LIST, type Scenario } from '../../scenarios';
import { createRng } from '../rng';
import { buildModel } from '../tfjs/buildModel';
import { summarizeModel } from '../tfjs/summary';
import { TypedNetwork } from '../typed/network';
import {
  forwardMacsPerSample, isStateful, kerasLayerNames, MEMORY_LIMIT_BYTES, modelShapes, parameterCount, summarizeSpec,
  trainingMemoryBytes, weightShapes,
} from './model';
import type { LayerSpec, ModelSpec } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => tf.disposeVariables());

/** Other sizes than the tutorial's, so a coincidence at the defaults cannot pass for a rule. */
const OTHER: Partial<HyperParams> = { units: 7, layers: 3, seqLength: 9, embeddingDim: 6, vocabSize: 40 };

/** Every tutorial at its defaults and at `OTHER` sizes (stateful ones keep batch 1). */
const CASES: [string, Scenario, HyperParams][] = SCENARIO_LIST.flatMap((s) => [
  [`${s.id} (defaults)`, s, s.defaults] as [string, Scenario, HyperParams],
  [`${s.id} (other sizes)`, s, { ...s.defaults, ...OTHER }] as [string, Scenario, HyperParams],
]);

describe.each(CASES)('%s', (_name, s, hp) => {
  const spec = s.model(hp);

  it('shapes fit, and the summary equals the built tfjs model’s', () => {
    expect(modelShapes(spec).ok).toBe(true);
    const model = buildModel(spec, { seed: 1, batchSize: hp.batchSize });
    try {
      expect(summarizeSpec(spec, hp.batchSize)).toEqual(summarizeModel(model));
      expect(parameterCount(spec)).toBe(model.countParams());
      // Weight shapes in Keras order, as the built layers hold them.
      expect(weightShapes(spec)).toEqual(model.layers.map((l) => l.weights.map((w) => w.shape)));
    } finally {
      model.dispose();
    }
  });

  it('is stateful exactly when its LSTM is', () => {
    expect(isStateful(spec)).toBe(spec.layers.some((l) => l.kind === 'lstm' && l.stateful));
  });
});

describe.each(SCENARIO_LIST.map((s) => [s.id, s] as const))('%s at its defaults', (_id, s) => {
  const spec = s.model(s.defaults);

  it('has Keras’ parameter count and fits in memory', () => {
    expect(parameterCount(spec)).toBe(s.kerasParams);
    expect(trainingMemoryBytes(spec, s.defaults)).toBeLessThan(MEMORY_LIMIT_BYTES);
  });

  /**
   * The estimate against the arena `TypedNetwork` sizes (its `SizingArena` pass). From batch 4 on
   * it is within 0.1% below (each buffer's 4-float alignment) to 2% above (MaxPooling1D's argmax
   * indices, an Int32Array outside the arena). Below 4 rows the LSTM skips its transposed copies of
   * the kernels, which the estimate always counts: up to 20% above there, on the smallest models.
   */
  it.each([
    [1, 0.999, 1.2],
    [4, 0.999, 1.02],
    [16, 0.999, 1.02],
  ])('estimates the typed trainer’s memory at batch %d within [%f, %f] of its arena', (batch, low, high) => {
    if (isStateful(spec) && batch !== s.defaults.batchSize) return; // a stateful model has one batch size
    const weights = weightShapes(spec).map((layer) => layer.map((shape) => new Float32Array(shape.reduce((a, d) => a * d, 1))));
    const network = new TypedNetwork(spec, weights, { maxBatch: batch, learningRate: 0.001, rng: createRng(1), kernels: 'js' });
    const ratio = trainingMemoryBytes(spec, { batchSize: batch }) / (4 * network.arenaFloats);
    expect(ratio).toBeGreaterThanOrEqual(low);
    expect(ratio).toBeLessThanOrEqual(high);
  });
});

describe('modelShapes', () => {
  const lstm = (units: number, returnSequences = false): LayerSpec => ({
    kind: 'lstm', units, activation: 'tanh', returnSequences, dropout: 0, recurrentDropout: 0, stateful: false,
  });
  const dense: LayerSpec = { kind: 'dense', units: 1, activation: 'sigmoid' };
  const model = (inputShape: number[], layers: LayerSpec[]): ModelSpec => ({ inputShape, inputDtype: 'float32', layers, loss: 'binaryCrossentropy' });

  it('lets a model end in a sequence, as Keras does', () => {
    expect(modelShapes(model([6, 2], [lstm(4, true), dense]))).toMatchObject({ ok: true, output: [6, 1] });
  });

  it('gives each layer its input and output', () => {
    const shapes = modelShapes(model([6, 2], [lstm(4, true), lstm(3), dense]));
    expect(shapes).toEqual({
      ok: true,
      output: [1],
      layers: [
        { spec: lstm(4, true), inShape: [6, 2], outShape: [6, 4] },
        { spec: lstm(3), inShape: [6, 4], outShape: [3] },
        { spec: dense, inShape: [3], outShape: [1] },
      ],
    });
  });

  it.each<[string, ModelSpec, number, string]>([
    ['an LSTM after one that returns a vector', model([6, 2], [lstm(4), lstm(3), dense]), 1, 'LSTM(3) needs a sequence [timesteps, features] but gets [4]'],
    ['no layers', model([6, 2], []), -1, 'The model has no layers.'],
    ['an empty input', model([0, 2], [lstm(4), dense]), -1, 'needs whole sizes of at least 1'],
  ])('names the first layer that cannot take its input: %s', (_name, spec, layer, message) => {
    const shapes = modelShapes(spec);
    expect(shapes.ok).toBe(false);
    if (shapes.ok) return;
    expect(shapes.layer).toBe(layer);
    expect(shapes.problem.cause).toBe('structure');
    expect(shapes.problem.message).toContain(message);
  });

  it.each([
    // Alphabet: 5 steps × 4·32·(1 + 32) for the LSTM, then Dense 32 × 26.
    ['alphabet', 5 * 4 * 32 * 33 + 32 * 26],
    // IMDB sequence: the Embedding is a row copy (no products), the LSTM(100) runs over 500 steps of 32 features.
    ['imdb-seq', 500 * 4 * 100 * (32 + 100) + 100],
    // IMDB + Conv1D: 500 steps × 3 × 32 × 32 for the convolution, then the LSTM over the 250 pooled steps.
    ['imdb-seq-cnn', 500 * 3 * 32 * 32 + 250 * 4 * 100 * (32 + 100) + 100],
  ] as const)('counts %s\'s forward multiply-adds per sample', (id, macs) => {
    expect(forwardMacsPerSample(SCENARIOS[id].model(SCENARIOS[id].defaults))).toBe(macs);
  });

  it('refuses to count what does not fit, with the layer’s sentence', () => {
    const broken = model([1, 2], [{ kind: 'maxPooling1d', poolSize: 2 }, lstm(3), dense]);
    expect(() => forwardMacsPerSample(broken)).toThrow('MaxPooling1D(2) needs at least 2 timesteps (got 1).');
    expect(() => trainingMemoryBytes(broken, { batchSize: 1 })).toThrow('MaxPooling1D(2)');
    expect(() => buildModel(broken, { seed: 1 })).toThrow('MaxPooling1D(2)');
  });
});

describe('kerasLayerNames', () => {
  it('numbers each kind from its second instance, as Keras does', () => {
    const spec = SCENARIO_LIST.find((s) => s.id === 'imdb-seq-dropout')!;
    expect(kerasLayerNames(spec.model(spec.defaults))).toEqual(['embedding', 'dropout', 'lstm', 'dropout_1', 'dense']);
  });
});

describe('trainingMemoryBytes', () => {
  it('grows with the batch by the per-sample activations, and the batch size is the only input it reads', () => {
    const s = SCENARIO_LIST.find((x) => x.id === 'imdb-seq')!;
    const spec = s.model(s.defaults);
    const one = trainingMemoryBytes(spec, { batchSize: 1 });
    const two = trainingMemoryBytes(spec, { batchSize: 2 });
    const perSample = two - one;
    // IMDB sequence classification: 500 steps of LSTM(100) on 32 features dominate, about 2.4 MB a sample.
    expect(perSample).toBeGreaterThan(2.3e6);
    expect(perSample).toBeLessThan(2.5e6);
    expect(trainingMemoryBytes(spec, { batchSize: 64 })).toBe(one + 63 * perSample);
  });
});

describe('trainingMemoryBytes with masking and Bidirectional', () => {
  // Sizes in multiples of 4, so the arena's 4-float alignment of each buffer does not count.
  const recurrent = { units: 16, activation: 'tanh', dropout: 0.2, recurrentDropout: 0.1 } as const;
  const reviews = (layers: LayerSpec[]): ModelSpec => ({
    inputShape: [12], inputDtype: 'int32', loss: 'binaryCrossentropy',
    layers: [{ kind: 'embedding', inputDim: 40, outputDim: 16, maskZero: true }, ...layers, { kind: 'dense', units: 1, activation: 'sigmoid' }],
  });
  const SPECS: Record<string, ModelSpec> = {
    'Embedding(mask_zero) → LSTM': reviews([{ kind: 'lstm', ...recurrent, returnSequences: false, stateful: false }]),
    'Embedding(mask_zero) → Bidirectional(LSTM, sequences) → Bidirectional(GRU)': reviews([
      { kind: 'bidirectional', layer: { kind: 'lstm', ...recurrent, returnSequences: true, stateful: false } },
      { kind: 'bidirectional', layer: { kind: 'gru', ...recurrent, units: 4, returnSequences: false } },
    ]),
    'Bidirectional(SimpleRNN) on features': {
      inputShape: [8, 4], inputDtype: 'float32', loss: 'binaryCrossentropy',
      layers: [{ kind: 'bidirectional', layer: { kind: 'simpleRnn', ...recurrent, returnSequences: false } }, { kind: 'dense', units: 4, activation: 'softmax' }],
    },
  };

  /** As the tutorials above: within 0.1% below to 2% above the arena from batch 4 on, up to 20% above at batch 1. */
  it.each(Object.keys(SPECS).flatMap((name) => ([[1, 0.999, 1.2], [4, 0.999, 1.02], [16, 0.999, 1.02]] as const).map(([batch, low, high]) => [name, batch, low, high] as const)))(
    '%s at batch %d: within [%f, %f] of the typed trainer’s arena',
    (name, batch, low, high) => {
      const spec = SPECS[name];
      const weights = weightShapes(spec).map((layer) => layer.map((shape) => new Float32Array(shape.reduce((a, d) => a * d, 1))));
      const network = new TypedNetwork(spec, weights, { maxBatch: batch, learningRate: 0.001, rng: createRng(1), kernels: 'js' });
      const ratio = trainingMemoryBytes(spec, { batchSize: batch }) / (4 * network.arenaFloats);
      expect(ratio).toBeGreaterThanOrEqual(low);
      expect(ratio).toBeLessThanOrEqual(high);
    },
  );
});
