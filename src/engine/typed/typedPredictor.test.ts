/**
 * The typed predictor against tfjs' `model.predict` with the same weights, for every model shape
 * it takes (Embedding, a convolutional front or features, stacked LSTMs, Dropout, sigmoid or
 * softmax), on every kernel set and with more samples than one pass holds.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import type { LayerSpec, ModelSpec } from '../spec/types';
import { buildModel } from '../tfjs/buildModel';
import { LSTM_FACTORIES } from '../tfjs/lstmFactories';
import { createRng } from '../rng';
import { TypedPredictor, typedPredictorSupport } from './typedPredictor';
import { initialWeights } from '../spec/initialWeights';
import { layerValues } from '../weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => tf.disposeVariables());

const lstm = (units: number, more: Partial<Extract<LayerSpec, { kind: 'lstm' }>> = {}): LayerSpec => ({
  kind: 'lstm', units, activation: 'tanh', returnSequences: false, dropout: 0.2, recurrentDropout: 0.2, stateful: false, ...more,
});

const CASES: { name: string; spec: ModelSpec; n: number }[] = [
  {
    name: 'Embedding(50, 8) → Dropout → LSTM(12) → Dropout → Dense(1, sigmoid), 300 reviews (two passes)',
    spec: {
      inputShape: [9], inputDtype: 'int32', loss: 'binaryCrossentropy',
      layers: [{ kind: 'embedding', inputDim: 50, outputDim: 8 }, { kind: 'dropout', rate: 0.2 }, lstm(12), { kind: 'dropout', rate: 0.2 }, { kind: 'dense', units: 1, activation: 'sigmoid' }],
    },
    n: 300,
  },
  {
    name: 'Embedding → 2 × LSTM (sequences between) → Dense(3, softmax)',
    spec: {
      inputShape: [6], inputDtype: 'int32', loss: 'categoricalCrossentropy',
      layers: [{ kind: 'embedding', inputDim: 20, outputDim: 5 }, lstm(7, { returnSequences: true }), lstm(5), { kind: 'dense', units: 3, activation: 'softmax' }],
    },
    n: 40,
  },
  {
    // IMDB + Conv1D's shape: the front (Embedding, Conv1D, pooling) runs as the trainer's layers.
    name: 'Embedding → Dropout → Conv1D(6, 3, same, relu) → MaxPooling1D(2) → LSTM(7) → Dense(1, sigmoid), odd length',
    spec: {
      inputShape: [11], inputDtype: 'int32', loss: 'binaryCrossentropy',
      layers: [
        { kind: 'embedding', inputDim: 30, outputDim: 5 }, { kind: 'dropout', rate: 0.2 },
        { kind: 'conv1d', filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }, { kind: 'maxPooling1d', poolSize: 2 },
        lstm(7), { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    },
    n: 300,
  },
  { name: 'trend: 2 × LSTM(50, relu) with Dropout', spec: SCENARIOS.trend.model(SCENARIOS.trend.defaults), n: 70 },
  { name: 'alphabet: LSTM(32) → Dense(26, softmax)', spec: SCENARIOS.alphabet.model(SCENARIOS.alphabet.defaults), n: 20 },
];

function inputs(spec: ModelSpec, n: number): Int32Array | Float32Array {
  const rng = createRng(3);
  const size = n * spec.inputShape.reduce((a, d) => a * d, 1);
  if (spec.inputDtype === 'int32') {
    const vocab = (spec.layers[0] as Extract<LayerSpec, { kind: 'embedding' }>).inputDim;
    return Int32Array.from({ length: size }, () => rng.int(0, vocab));
  }
  return Float32Array.from({ length: size }, () => rng.next());
}

describe.each(['wasm-relaxed-simd', 'wasm-simd', 'js'] as const)('TypedPredictor (%s kernels) matches model.predict', (kernels) => {
  for (const c of CASES) {
    it(c.name, () => {
      expect(typedPredictorSupport(c.spec)).toBeNull();
      const model = buildModel(c.spec, { seed: 5, lstm: LSTM_FACTORIES.fused });
      const x = inputs(c.spec, c.n);
      const xt = c.spec.inputDtype === 'int32' ? tf.tensor(x, [c.n, ...c.spec.inputShape], 'int32') : tf.tensor(x, [c.n, ...c.spec.inputShape]);
      const want = (model.predict(xt) as tf.Tensor).dataSync();
      const got = new TypedPredictor(c.spec, layerValues(c.spec, initialWeights(c.spec, 5)), kernels).predict(x, c.n);
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) {
        if (!(Math.abs(got[i] - want[i]) <= 1e-5 + 1e-4 * Math.abs(want[i]))) expect.fail(`[${i}]: ${got[i]} vs ${want[i]}`);
      }
      tf.dispose(xt);
      model.dispose();
    });
  }
});

describe('typedPredictorSupport', () => {
  it('takes every IMDB model, and says why it refuses the others', () => {
    for (const id of ['imdb-small-vocab', 'imdb-seq', 'imdb-seq-dropout', 'imdb-seq-lstm-dropout', 'imdb-seq-cnn'] as const) {
      expect(typedPredictorSupport(SCENARIOS[id].model(SCENARIOS[id].defaults))).toBeNull();
    }
    expect(typedPredictorSupport(SCENARIOS['alphabet-stateful'].model(SCENARIOS['alphabet-stateful'].defaults))).toMatch(/stateful/);
    const cnn = SCENARIOS['imdb-seq-cnn'].model(SCENARIOS['imdb-seq-cnn'].defaults);
    const [embedding, conv, pool, lstmLayer, dense] = cnn.layers;
    expect(typedPredictorSupport({ ...cnn, layers: [embedding, conv, pool, dense] })).toMatch(/no LSTM/);
    expect(typedPredictorSupport({ ...cnn, layers: [embedding, lstmLayer, conv, dense] })).toMatch(/conv1d layer after its first LSTM/);
    expect(typedPredictorSupport({ ...cnn, layers: [embedding, dense, lstmLayer, dense] })).toMatch(/dense layer before its LSTM/);
  });
});
