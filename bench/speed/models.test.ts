import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/scenarios';
import type { ModelSpec } from '../../src/engine/spec/types';
import { countFlops, lstmShapes, slowReason, SPEED_SCENARIOS, speedCase, tutorialSteps } from './models';

describe('countFlops', () => {
  it('counts IMDB tutorial 1: Embedding(2000,128) → LSTM(128) → Dense(1), 80 steps', () => {
    const f = countFlops(SCENARIOS['imdb-small-vocab'].model(SCENARIOS['imdb-small-vocab'].defaults));
    const lstm = 2 * 80 * 4 * 128 * (128 + 128); // 20,971,520
    const dense = 2 * 128 * 1;
    expect(f.layers.map((l) => l.forward)).toEqual([0, lstm, dense]);
    expect(f.layers.map((l) => l.outputShape)).toEqual([[80, 128], [128], [1]]);
    expect(f.forwardPerSample).toBe(lstm + dense);
    // 3 × the products, plus the Embedding gradient's scatter-add of 80 × 128.
    expect(f.trainingPerSample).toBe(3 * (lstm + dense) + 80 * 128);
    expect(f.trainingPerSample * 32).toBe(2_013_618_176); // ≈ 2.0 GFLOP per batch of 32
  });

  it('follows shapes through Conv1D(same) and MaxPooling1D', () => {
    const spec: ModelSpec = {
      inputShape: [10], inputDtype: 'int32', loss: 'binaryCrossentropy',
      layers: [
        { kind: 'embedding', inputDim: 50, outputDim: 4 },
        { kind: 'conv1d', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' },
        { kind: 'maxPooling1d', poolSize: 2 },
        { kind: 'lstm', units: 2, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false },
        { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    };
    const f = countFlops(spec);
    expect(f.layers.map((l) => l.outputShape)).toEqual([[10, 4], [10, 3], [5, 3], [2], [1]]);
    expect(f.layers.map((l) => l.forward)).toEqual([0, 2 * 10 * 3 * 4 * 3, 0, 2 * 5 * 4 * 2 * (3 + 2), 2 * 2]);
    expect(lstmShapes(spec)).toEqual([{ inputDim: 3, units: 2 }]);
  });

  it('counts valid padding, stacked LSTMs with returnSequences, and a Dense over a sequence', () => {
    const spec: ModelSpec = {
      inputShape: [6, 2], inputDtype: 'float32', loss: 'binaryCrossentropy',
      layers: [
        { kind: 'conv1d', filters: 1, kernelSize: 3, padding: 'valid', activation: 'relu' },
        { kind: 'lstm', units: 3, activation: 'relu', returnSequences: true, dropout: 0, recurrentDropout: 0, stateful: false },
        { kind: 'dropout', rate: 0.5 },
        { kind: 'dense', units: 2, activation: 'linear' },
      ],
    };
    const f = countFlops(spec);
    expect(f.layers.map((l) => l.outputShape)).toEqual([[4, 1], [4, 3], [4, 3], [4, 2]]);
    expect(f.layers[3].forward).toBe(2 * 4 * 3 * 2);
    expect(f.layers.map((l) => l.training)).toEqual(f.layers.map((l) => 3 * l.forward));
  });
});

describe('speedCase', () => {
  it.each([
    ['alphabet', 1, 1000, 1000, 500, 0],
    ['alphabet-stateful', 1, 25, 25, 300, 0],
    ['trend', 64, 800, 13, 200, 200],
    ['imdb-small-vocab', 32, 25_000, 782, 15, 25_000],
    ['imdb-seq', 64, 25_000, 391, 3, 25_000],
    ['imdb-seq-cnn', 64, 25_000, 391, 3, 25_000],
  ] as const)('%s: batch %i, %i training samples, %i steps per epoch, %i epochs, %i validated', (id, batch, samples, steps, epochs, validation) => {
    const c = speedCase(id);
    expect([c.batchSize, c.trainSamples, c.batchesPerEpoch, c.epochs, c.validationSamples]).toEqual([batch, samples, steps, epochs, validation]);
  });

  it.each(SPEED_SCENARIOS)('%s: positive flops, every LSTM found, vocabulary for word ids', (id) => {
    const c = speedCase(id);
    expect(c.trainingFlopsPerBatch).toBeGreaterThan(0);
    expect(c.trainingFlopsPerBatch).toBe(c.flops.trainingPerSample * c.batchSize);
    expect(c.lstms.length).toBe(c.spec.layers.filter((l) => l.kind === 'lstm').length);
    expect(c.vocabSize !== undefined).toBe(c.spec.inputDtype === 'int32');
  });

  it('gives whole-tutorial step counts for the targets', () => {
    expect(tutorialSteps(speedCase('alphabet'))).toEqual({ steps: 500_000, validations: 0 });
    expect(tutorialSteps(speedCase('trend'))).toEqual({ steps: 2600, validations: 200 });
  });
});

describe('slowReason', () => {
  it('skips tfjs-layers over 500 steps on cpu and software WebGL only', () => {
    expect(slowReason('node', 'cpu', 'layers', 'imdb-seq')).toMatch(/--slow/);
    expect(slowReason('browser', 'webgl', 'layers', 'imdb-seq-cnn')).toMatch(/--slow/);
    expect(slowReason('node', 'cpu', 'layers', 'imdb-small-vocab')).toBeUndefined();
    expect(slowReason('node', 'cpu', 'fused', 'imdb-seq')).toBeUndefined();
    expect(slowReason('browser', 'wasm', 'layers', 'imdb-seq')).toBeUndefined();
  });
});
