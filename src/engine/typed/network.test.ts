/**
 * The typed trainer against tfjs: the same model and weights, trained a few steps on the
 * same batches with tfjs' `trainOnBatch` (tfjs-layers' LSTM with sigmoid gates, Adam) and with
 * `TypedNetwork.trainStep`, must report the same losses and accuracies and end with the same
 * weights (tfjs-layers' LSTM is the reference; where it cannot run, the fused LSTM, which its own
 * tests check against tfjs-layers). Dropout is off here (its masks come from different generators); `layers.test.ts`
 * covers the masks.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { metricOf } from '../spec/losses';
import type { LayerSpec, ModelSpec } from '../spec/types';
import { buildModel, type LstmFactory } from '../tfjs/buildModel';
import { LSTM_FACTORIES } from '../tfjs/lstmFactories';
import { createRng } from '../rng';
import { TypedNetwork } from './network';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => tf.disposeVariables());

const lstm = (units: number, more: Partial<Extract<LayerSpec, { kind: 'lstm' }>> = {}): LayerSpec => ({
  kind: 'lstm', units, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false, ...more,
});

interface Case {
  name: string;
  spec: ModelSpec;
  batch: number;
  steps: number;
  /** The reference LSTM: tfjs-layers' unless it cannot (its gradient fails for one timestep). */
  reference?: LstmFactory;
}

/** A GRU or SimpleRNN with Keras' defaults. */
const rnn = (kind: 'gru' | 'simpleRnn', units: number, more: Partial<Extract<LayerSpec, { kind: 'gru' }>> = {}): LayerSpec => ({
  kind, units, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, ...more,
});

const CASES: Case[] = [
  {
    name: 'alphabet: LSTM(32) → Dense(26, softmax), batch 1',
    spec: { inputShape: [5, 1], inputDtype: 'float32', layers: [lstm(32), { kind: 'dense', units: 26, activation: 'softmax' }], loss: 'categoricalCrossentropy' },
    batch: 1, steps: 6,
  },
  {
    name: 'trend: 2 × LSTM(7, relu), Dropout(0) → Dense(1, sigmoid), batch 5',
    spec: {
      inputShape: [3, 1], inputDtype: 'float32', loss: 'binaryCrossentropy',
      layers: [
        lstm(7, { activation: 'relu', returnSequences: true }), { kind: 'dropout', rate: 0 },
        lstm(7, { activation: 'relu' }), { kind: 'dropout', rate: 0 }, { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    },
    batch: 5, steps: 4,
  },
  {
    name: 'odd sizes: units 1 and 3, sequence length 1, 3 features',
    spec: { inputShape: [1, 3], inputDtype: 'float32', layers: [lstm(3, { returnSequences: true }), lstm(1), { kind: 'dense', units: 4, activation: 'softmax' }], loss: 'categoricalCrossentropy' },
    batch: 2, steps: 3, reference: LSTM_FACTORIES.fused,
  },
  {
    name: 'stateful LSTM(8), batch 1, state carried across steps',
    spec: { inputShape: [1, 1], inputDtype: 'float32', layers: [lstm(8, { stateful: true }), { kind: 'dense', units: 26, activation: 'softmax' }], loss: 'categoricalCrossentropy' },
    batch: 1, steps: 5,
  },
  {
    // IMDB's shape: word ids, a row of the table per step, the gradient scattered back by id.
    name: 'IMDB: Embedding(11, 4) → LSTM(5) → Dense(1, sigmoid), batch 6, repeated ids',
    spec: { inputShape: [7], inputDtype: 'int32', layers: [{ kind: 'embedding', inputDim: 11, outputDim: 4 }, lstm(5), { kind: 'dense', units: 1, activation: 'sigmoid' }], loss: 'binaryCrossentropy' },
    batch: 6, steps: 4,
  },
  {
    name: 'IMDB with Dropout(0) around a sequence-returning LSTM(3) and LSTM(4), batch 3',
    spec: {
      inputShape: [5], inputDtype: 'int32', loss: 'binaryCrossentropy',
      layers: [
        { kind: 'embedding', inputDim: 9, outputDim: 6 }, { kind: 'dropout', rate: 0 }, lstm(3, { returnSequences: true }),
        lstm(4), { kind: 'dropout', rate: 0 }, { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    },
    batch: 3, steps: 3,
  },
  {
    // IMDB + Conv1D's shape: Embedding → Conv1D(same, relu) → MaxPooling1D → LSTM, an odd length
    // so the pooling drops the last step.
    name: 'IMDB + Conv1D: Embedding(12, 4) → Conv1D(5, 3, same, relu) → MaxPooling1D(2) → LSTM(6) → Dense(1, sigmoid)',
    spec: {
      inputShape: [9], inputDtype: 'int32', loss: 'binaryCrossentropy',
      layers: [
        { kind: 'embedding', inputDim: 12, outputDim: 4 }, { kind: 'conv1d', filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' },
        { kind: 'maxPooling1d', poolSize: 2 }, lstm(6), { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    },
    batch: 4, steps: 4,
  },
  {
    // A regression (a series' next value): relu LSTMs, a linear output, mean squared error (MAE as its metric).
    name: 'LSTM(relu) → LSTM(relu) → Dense(1, linear), mean squared error',
    spec: {
      inputShape: [6, 2], inputDtype: 'float32', loss: 'meanSquaredError',
      layers: [lstm(4, { activation: 'relu', returnSequences: true }), lstm(3, { activation: 'relu' }), { kind: 'dense', units: 1, activation: 'linear' }],
    },
    batch: 5, steps: 4,
  },
  {
    // An even kernel pads one more on the right under 'same'; 'valid' shortens the sequence.
    name: 'Conv1D padding: kernel 4 same, then kernel 2 valid, pool 3, on float input',
    spec: {
      inputShape: [8, 2], inputDtype: 'float32', loss: 'binaryCrossentropy',
      layers: [
        { kind: 'conv1d', filters: 3, kernelSize: 4, padding: 'same', activation: 'relu' },
        { kind: 'conv1d', filters: 4, kernelSize: 2, padding: 'valid', activation: 'relu' },
        { kind: 'maxPooling1d', poolSize: 3 }, lstm(3), { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    },
    batch: 3, steps: 3,
  },
  // GRU and SimpleRNN: tfjs runs our layers written in its ops (`../tfjs/recurrentLayers.ts`, held to the reference).
  {
    name: 'GRU: Embedding(11, 4) → GRU(5) → Dense(1, sigmoid), batch 6',
    spec: { inputShape: [7], inputDtype: 'int32', layers: [{ kind: 'embedding', inputDim: 11, outputDim: 4 }, rnn('gru', 5), { kind: 'dense', units: 1, activation: 'sigmoid' }], loss: 'binaryCrossentropy' },
    batch: 6, steps: 4,
  },
  {
    name: 'GRU(6, relu, sequences) → GRU(4) → Dense(3, softmax) on float input, batch 5',
    spec: {
      inputShape: [4, 3], inputDtype: 'float32', loss: 'categoricalCrossentropy',
      layers: [rnn('gru', 6, { activation: 'relu', returnSequences: true }), rnn('gru', 4), { kind: 'dense', units: 3, activation: 'softmax' }],
    },
    batch: 5, steps: 4,
  },
  {
    name: 'SimpleRNN(6, sequences) → Dropout(0) → SimpleRNN(3, relu) → Dense(1, sigmoid), batch 4',
    spec: {
      inputShape: [5, 2], inputDtype: 'float32', loss: 'binaryCrossentropy',
      layers: [rnn('simpleRnn', 6, { returnSequences: true }), { kind: 'dropout', rate: 0 }, rnn('simpleRnn', 3, { activation: 'relu' }), { kind: 'dense', units: 1, activation: 'sigmoid' }],
    },
    batch: 4, steps: 4,
  },
  {
    name: 'GRU(3) and SimpleRNN(2) at batch 1, one timestep (the dot-product path)',
    spec: { inputShape: [1, 2], inputDtype: 'float32', layers: [rnn('gru', 3, { returnSequences: true }), rnn('simpleRnn', 2), { kind: 'dense', units: 4, activation: 'softmax' }], loss: 'categoricalCrossentropy' },
    batch: 1, steps: 3,
  },
];

function batchData(spec: ModelSpec, batch: number, seed: number): { x: Float32Array | Int32Array; y: Float32Array; classes: number } {
  const rng = createRng(seed);
  const last = spec.layers[spec.layers.length - 1] as Extract<LayerSpec, { kind: 'dense' }>;
  const classes = last.units;
  const first = spec.layers[0];
  const length = batch * spec.inputShape.reduce((a, d) => a * d, 1);
  const x = first.kind === 'embedding'
    ? Int32Array.from({ length }, () => rng.int(0, first.inputDim))
    : Float32Array.from({ length }, () => rng.next() * 2 - 1);
  const y = new Float32Array(batch * classes);
  for (let b = 0; b < batch; b++) {
    if (spec.loss === 'meanSquaredError') for (let c = 0; c < classes; c++) y[b * classes + c] = rng.next() * 4 - 2;
    else if (classes === 1) y[b] = rng.next() < 0.5 ? 0 : 1;
    else y[b * classes + rng.int(0, classes)] = 1;
  }
  return { x, y, classes };
}

/** |got − want| ≤ 1e-4·|want| + 1e-5·max|want|, as the fused LSTM's tests. */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  expect(got.length, what).toBe(want.length);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    const tol = 1e-4 * Math.abs(want[i]) + 1e-5 * scale + 1e-7;
    if (!(Math.abs(got[i] - want[i]) <= tol)) expect.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]} (tolerance ${tol})`);
  }
}

describe.each(['wasm-relaxed-simd', 'wasm-simd', 'js'] as const)('TypedNetwork.trainStep (%s kernels) matches tfjs trainOnBatch', (kernels) => {
  for (const c of CASES) {
    it(c.name, async () => {
      const model = buildModel(c.spec, { seed: 7, batchSize: c.batch, lstm: c.reference });
      const optimizer = tf.train.adam(0.01);
      model.compile({ optimizer, loss: c.spec.loss, metrics: [metricOf(c.spec.loss).keras] });
      const start = model.layers.map((l) => l.getWeights().map((w) => w.dataSync() as Float32Array));
      const net = new TypedNetwork(c.spec, start, { maxBatch: c.batch, learningRate: 0.01, rng: createRng(1), kernels });
      expect(net.kernelKind).toBe(kernels);

      for (let step = 0; step < c.steps; step++) {
        const { x, y, classes } = batchData(c.spec, c.batch, 100 + step);
        const xt = tf.tensor(x, [c.batch, ...c.spec.inputShape], c.spec.inputDtype);
        const yt = tf.tensor(y, [c.batch, classes]);
        const [wantLoss, wantAcc] = (await model.trainOnBatch(xt, yt)) as number[];
        tf.dispose([xt, yt]);
        const got = net.trainStep(x, y, c.batch);
        expectClose([got.loss], [wantLoss], `loss at step ${step}`);
        expect(got.acc, `accuracy at step ${step}`).toBeCloseTo(wantAcc, 6);
      }
      model.layers.forEach((layer, i) => {
        layer.getWeights().forEach((w, k) => expectClose(net.layerWeights()[i][k], w.dataSync(), `${layer.name} weight ${k}`));
      });
      const probe = batchData(c.spec, c.batch, 999).x;
      const pt = tf.tensor(probe, [c.batch, ...c.spec.inputShape], c.spec.inputDtype);
      const want = model.predict(pt) as tf.Tensor;
      expectClose(net.predict(probe, c.batch), want.dataSync(), 'predictions');
      tf.dispose([pt, want]);
      model.dispose();
      optimizer.dispose();
    });
  }

  it('keeps the weights it was given as a copy, and resets stateful states to zero', () => {
    const spec = CASES[3].spec;
    const w = [[new Float32Array(4 * 8), new Float32Array(8 * 32), new Float32Array(32)], [new Float32Array(8 * 26), new Float32Array(26)]];
    w[0][0].fill(0.3);
    w[1][0].forEach((_, i, a) => (a[i] = Math.sin(i)));
    const net = new TypedNetwork(spec, w, { maxBatch: 1, learningRate: 0.01, rng: createRng(1), kernels });
    const x = Float32Array.of(0.5);
    const first = net.predict(x, 1);
    const second = net.predict(x, 1);
    expect(Array.from(second)).not.toEqual(Array.from(first));
    net.resetStates();
    expect(Array.from(net.predict(x, 1))).toEqual(Array.from(first));
    net.trainStep(x, Float32Array.from({ length: 26 }, (_, i) => (i === 3 ? 1 : 0)), 1);
    expect(w[0][0][0]).toBe(Math.fround(0.3));
  });
});
