/**
 * The typed predictor against tfjs' `model.predict` with the same weights, for every model shape
 * it takes (Embedding, a convolutional front or features, stacked LSTMs, Dropout, sigmoid or
 * softmax), on every kernel set and with more samples than one pass holds.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import type { BidirectionalInner, LayerSpec, ModelSpec } from '../spec/types';
import { bidirectionalForward } from '../reference/bidirectional';
import { averagePool } from '../reference/pooling';
import { RECURRENT_KINDS, recurrentOutput, type RecurrentWeights } from '../reference/recurrent';
import { maskOfIds } from '../reference/sequence';
import { embed, expectNear, prePadded, repad, uniform } from '../reference/testing';
import { weightShapes } from '../spec/model';
import { TypedNetwork } from './network';
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

describe.each(['wasm-relaxed-simd', 'js'] as const)('TypedPredictor with Embedding(mask_zero=True) and Bidirectional (%s kernels)', (kernels) => {
  const VOCAB = 25, E = 6;
  const recurrent = (kind: 'lstm' | 'gru' | 'simpleRnn', units: number, returnSequences: boolean): BidirectionalInner =>
    kind === 'lstm'
      ? { kind, units, activation: 'tanh', returnSequences, dropout: 0.2, recurrentDropout: 0.2, stateful: false }
      : { kind, units, activation: 'tanh', returnSequences, dropout: 0.2, recurrentDropout: 0.2 };
  const reviews = (steps: number, layers: LayerSpec[], classes = 1): ModelSpec => ({
    inputShape: [steps], inputDtype: 'int32', loss: classes === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy',
    layers: [
      { kind: 'embedding', inputDim: VOCAB, outputDim: E, maskZero: true }, { kind: 'dropout', rate: 0.3 }, ...layers,
      { kind: 'dense', units: classes, activation: classes === 1 ? 'sigmoid' : 'softmax' },
    ],
  });
  const MODELS: { name: string; spec: (steps: number) => ModelSpec }[] = [
    { name: 'Embedding(mask_zero) → LSTM(7) → Dense(1, sigmoid) (the table path)', spec: (T) => reviews(T, [recurrent('lstm', 7, false)]) },
    { name: 'Embedding(mask_zero) → LSTM(6, sequences) → LSTM(5) → Dense(3, softmax)', spec: (T) => reviews(T, [recurrent('lstm', 6, true), recurrent('lstm', 5, false)], 3) },
    {
      name: 'Embedding(mask_zero) → Bidirectional(LSTM(4), sequences) → Bidirectional(GRU(3)) → Dense(1, sigmoid) (the layers path)',
      spec: (T) => reviews(T, [{ kind: 'bidirectional', layer: recurrent('lstm', 4, true) }, { kind: 'bidirectional', layer: recurrent('gru', 3, false) }]),
    },
    {
      // The short-reviews card's shape: the layers path, the mean of each review's real steps.
      name: 'Embedding(mask_zero) → Bidirectional(LSTM(4), sequences) → GlobalAveragePooling1D → Dropout → Dense(1, sigmoid)',
      spec: (T) => reviews(T, [{ kind: 'bidirectional', layer: recurrent('lstm', 4, true) }, { kind: 'globalAveragePooling1d' }, { kind: 'dropout', rate: 0.5 }]),
    },
    {
      name: 'Embedding(mask_zero) → LSTM(5, sequences) → GlobalAveragePooling1D → Dense(3, softmax)',
      spec: (T) => reviews(T, [recurrent('lstm', 5, true), { kind: 'globalAveragePooling1d' }], 3),
    },
    { name: 'Bidirectional(SimpleRNN(5)) without a mask', spec: (T) => ({ ...reviews(T, [{ kind: 'bidirectional', layer: recurrent('simpleRnn', 5, false) }]), layers: reviews(T, [{ kind: 'bidirectional', layer: recurrent('simpleRnn', 5, false) }]).layers.map((l) => (l.kind === 'embedding' ? { ...l, maskZero: false } : l)) }) },
  ];

  /** The float64 reference of these models: the embedding, each recurrent or pooling layer with the step mask, Dense, the output activation. */
  function reference(spec: ModelSpec, weights: Float32Array[][], ids: Int32Array, n: number): Float64Array {
    const T = spec.inputShape[0], first = spec.layers[0] as Extract<LayerSpec, { kind: 'embedding' }>;
    const stepMask = first.maskZero ? maskOfIds(ids) : undefined;
    let h = embed(ids, weights[0][0], E), width = E;
    spec.layers.forEach((l, i) => {
      const w = weights[i];
      if (l.kind === 'globalAveragePooling1d') h = averagePool(h, n, T, width, stepMask);
      const inner = l.kind === 'bidirectional' ? l.layer : l.kind === 'lstm' || l.kind === 'gru' || l.kind === 'simpleRnn' ? l : null;
      if (!inner) return;
      const one = (k: number): RecurrentWeights => ({ inputDim: width, units: inner.units, kernel: w[k], recurrentKernel: w[k + 1], bias: w[k + 2] });
      if (l.kind === 'bidirectional') {
        h = bidirectionalForward(inner.kind, h, n, T, { forward: one(0), backward: one(3) }, { activation: inner.activation, returnSequences: inner.returnSequences, stepMask }).y;
        width = 2 * inner.units;
      } else {
        h = recurrentOutput(RECURRENT_KINDS[inner.kind].run(h, n, T, one(0), { activation: inner.activation, stepMask }).forward, inner.units, inner.returnSequences);
        width = inner.units;
      }
    });
    const dense = spec.layers[spec.layers.length - 1] as Extract<LayerSpec, { kind: 'dense' }>, [dk, db] = weights[weights.length - 1];
    const C = dense.units, out = new Float64Array(n * C);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < C; c++) {
        let z = db[c];
        for (let k = 0; k < width; k++) z += h[r * width + k] * dk[k * C + c];
        out[r * C + c] = z;
      }
      if (C === 1) out[r] = 1 / (1 + Math.exp(-out[r]));
      else {
        const max = Math.max(...out.subarray(r * C, (r + 1) * C));
        let sum = 0;
        for (let c = 0; c < C; c++) sum += out[r * C + c] = Math.exp(out[r * C + c] - max);
        for (let c = 0; c < C; c++) out[r * C + c] /= sum;
      }
    }
    return out;
  }

  const weightsOf = (spec: ModelSpec): Float32Array[][] =>
    weightShapes(spec).map((layer, i) => layer.map((shape, k) => uniform(shape.reduce((a, d) => a * d, 1), i === 0 ? 1 : 0.5, 10 * i + k + 1)));

  it.each(MODELS)('$name: as the reference over several passes, padding to any length', ({ spec: specOf }) => {
    const spec = specOf(12);
    expect(typedPredictorSupport(spec)).toBeNull();
    const weights = weightsOf(spec);
    const rng = createRng(2);
    // 300 reviews of 0–12 words, pre-padded, some with a 0 among their words.
    const n = 300, lengths = Array.from({ length: n }, () => rng.int(0, 13));
    const ids = prePadded(lengths, 12, VOCAB, 3);
    for (let r = 0; r < n; r += 7) ids[r * 12 + 11 - (r % 5)] = 0;
    const predictor = new TypedPredictor(spec, weights, kernels);
    const got = predictor.predict(ids, n);
    expectNear(got, reference(spec, weights, ids, n), 'predictions');
    // The network's forward agrees (the run's fallback, and the page's for other models).
    const network = new TypedNetwork(spec, weights, { maxBatch: 64, learningRate: 0, rng: createRng(1), kernels });
    for (let from = 0; from < n; from += 64) {
      const B = Math.min(64, n - from);
      expectNear(network.predict(ids.subarray(from * 12, (from + B) * 12), B), got.subarray(from * (got.length / n), (from + B) * (got.length / n)), `network rows ${from}…`);
    }
    if (!(spec.layers[0] as { maskZero?: boolean }).maskZero) return;
    // Pre-padded to 40 steps instead: the same predictions, to the bit.
    const longer = new TypedPredictor(specOf(40), weights, kernels);
    expect(Array.from(longer.predict(repad(ids, n, 12, { steps: 40, post: false }), n))).toEqual(Array.from(predictor.predict(repad(ids, n, 12, { steps: 12, post: false }), n)));
  });

  it('refuses a stateful model with a Bidirectional, and says so', () => {
    const spec = reviews(5, [{ kind: 'bidirectional', layer: recurrent('lstm', 4, true) }, { kind: 'lstm', units: 3, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: true }]);
    expect(typedPredictorSupport(spec)).toMatch(/stateful/);
  });
});
