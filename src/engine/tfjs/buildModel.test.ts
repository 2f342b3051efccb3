import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialWeights } from '../spec/initialWeights';
import { SCENARIOS, SCENARIO_LIST } from '../../scenarios';
import type { ModelSpec } from '../spec/types';
import { computeFans } from '../spec/kerasInit';
import { buildModel, tfjsLstm, type LstmFactory } from './buildModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every weight's values, by variable name without the uniquifying suffix. */
function weightsOf(model: tf.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
}

function sameWeights(a: Map<string, Float32Array>, b: Map<string, Float32Array>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.length !== v.length || v.some((x, i) => x !== w[i])) return false;
  }
  return true;
}

const build = (spec: ModelSpec, seed: number, batchSize = 1) => buildModel(spec, { seed, batchSize });

describe.each(SCENARIO_LIST.map((s) => [s.id, s] as const))('%s', (_id, s) => {
  const spec = s.model(s.defaults);

  it('matches Keras: parameter count, layer classes, LSTM config, same seed → same weights, no leaks', () => {
    const before = tf.memory().numTensors;
    const a = build(spec, s.defaults.seed, s.defaults.batchSize);
    const b = build(spec, s.defaults.seed, s.defaults.batchSize);
    const c = build(spec, s.defaults.seed + 1, s.defaults.batchSize);
    try {
      expect(a.countParams()).toBe(s.kerasParams);
      expect(a.layers).toHaveLength(spec.layers.length);

      for (const layer of a.layers.filter((l) => l.getClassName() === 'LSTM')) {
        const config = layer.getConfig();
        expect(config.recurrentActivation).toBe('sigmoid');
        expect(config.unitForgetBias).toBe(true);
      }
      spec.layers.forEach((l, i) => {
        if (l.kind !== 'lstm') return;
        const config = a.layers[i].getConfig();
        expect(config.activation).toBe(l.activation);
        expect(config.returnSequences).toBe(l.returnSequences);
        expect(config.dropout).toBe(l.dropout);
        expect(config.recurrentDropout).toBe(l.recurrentDropout);
        expect(config.stateful).toBe(l.stateful);
      });

      expect(sameWeights(weightsOf(a), weightsOf(b))).toBe(true);
      expect(sameWeights(weightsOf(a), weightsOf(c))).toBe(false);
    } finally {
      a.dispose();
      b.dispose();
      c.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes the input shape (with a fixed batch when stateful)', () => {
    const model = build(spec, 1, 4);
    try {
      const stateful = spec.layers.some((l) => l.kind === 'lstm' && l.stateful);
      expect(model.inputs[0].shape).toEqual([stateful ? 4 : null, ...spec.inputShape]);
    } finally {
      model.dispose();
    }
  });
});

describe('initial weights are Keras’', () => {
  const spec: ModelSpec = {
    inputShape: [6],
    inputDtype: 'int32',
    layers: [
      { kind: 'embedding', inputDim: 40, outputDim: 8 },
      { kind: 'conv1d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
      { kind: 'maxPooling1d', poolSize: 2 },
      { kind: 'lstm', units: 5, activation: 'tanh', returnSequences: true, dropout: 0, recurrentDropout: 0, stateful: false },
      { kind: 'dropout', rate: 0.5 },
      { kind: 'lstm', units: 5, activation: 'relu', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false },
      { kind: 'dense', units: 3, activation: 'softmax' },
    ],
    loss: 'categoricalCrossentropy',
  };

  it('each role gets its initialiser', () => {
    const model = build(spec, 3);
    try {
      const w = weightsOf(model);
      expect([...w.keys()]).toEqual([
        'embedding/embeddings',
        'conv1d/kernel', 'conv1d/bias',
        'lstm/kernel', 'lstm/recurrent_kernel', 'lstm/bias',
        'lstm_1/kernel', 'lstm_1/recurrent_kernel', 'lstm_1/bias',
        'dense/kernel', 'dense/bias',
      ]);
      const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(maxAbs(w.get('embedding/embeddings')!)).toBeLessThanOrEqual(0.05);
      expect(maxAbs(w.get('embedding/embeddings')!)).toBeGreaterThan(0.04);
      // Conv1D fans include the receptive field: kernel [3, 8, 4] → fan_in 24, fan_out 12.
      expect(computeFans([3, 8, 4])).toEqual({ fanIn: 24, fanOut: 12 });
      expect(maxAbs(w.get('conv1d/kernel')!)).toBeLessThanOrEqual(Math.sqrt(6 / 36));
      expect(maxAbs(w.get('conv1d/bias')!)).toBe(0);
      // LSTM(5) on 4 features: kernel [4, 20] glorot, recurrent [5, 20] orthogonal rows, forget bias 1.
      expect(maxAbs(w.get('lstm/kernel')!)).toBeLessThanOrEqual(Math.sqrt(6 / 24));
      const r = w.get('lstm/recurrent_kernel')!;
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < 5; j++) {
          let dot = 0;
          for (let k = 0; k < 20; k++) dot += r[i * 20 + k] * r[j * 20 + k];
          expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
        }
      }
      expect(Array.from(w.get('lstm/bias')!)).toEqual([...Array(5).fill(0), ...Array(5).fill(1), ...Array(10).fill(0)]);
      expect(maxAbs(w.get('dense/kernel')!)).toBeLessThanOrEqual(Math.sqrt(6 / 8));
      expect(maxAbs(w.get('dense/bias')!)).toBe(0);
    } finally {
      model.dispose();
    }
  });

  it('holds exactly the spec\'s initial weights, or the weights given', () => {
    const model = build(spec, 3);
    const given = initialWeights(spec, 11);
    const other = buildModel(spec, { seed: 3, weights: given });
    try {
      const values = (m: tf.LayersModel) => [...weightsOf(m).values()];
      expect(values(model)).toEqual(initialWeights(spec, 3).map((w) => w.values));
      expect(values(other)).toEqual(given.map((w) => w.values));
      expect(() => buildModel(spec, { seed: 3, weights: given.slice(1) })).toThrow(/hold 10 arrays; this model needs 11/);
    } finally {
      model.dispose();
      other.dispose();
    }
  });

  it('names layers as Keras does and rejects a stateful model without a batch size', () => {
    const model = build(spec, 3);
    expect(model.layers.map((l) => l.name)).toEqual(['embedding', 'conv1d', 'max_pooling1d', 'lstm', 'dropout', 'lstm_1', 'dense']);
    model.dispose();
    const stateful = SCENARIOS['alphabet-stateful'];
    expect(() => buildModel(stateful.model(stateful.defaults), { seed: 1 })).toThrow(/batch size/);
  });
});

describe('dropout', () => {
  const spec: ModelSpec = {
    inputShape: [4, 3],
    inputDtype: 'float32',
    layers: [
      { kind: 'lstm', units: 16, activation: 'tanh', returnSequences: true, dropout: 0.5, recurrentDropout: 0.5, stateful: false },
      { kind: 'dropout', rate: 0.5 },
    ],
    loss: 'binaryCrossentropy',
  };

  /** One training-mode forward pass through layer `i`. */
  const run = (model: tf.LayersModel, i: number, x: tf.Tensor): Float32Array =>
    tf.tidy(() => (model.layers[i].apply(x, { training: true }) as tf.Tensor).dataSync() as Float32Array);

  it('masks change from batch to batch but repeat for the same seed; inference is deterministic', () => {
    const x = tf.ones([2, 4, 16]);
    const xs = tf.ones([2, 4, 3]);
    const a = build(spec, 9);
    const b = build(spec, 9);
    try {
      const a1 = run(a, 1, x);
      const a2 = run(a, 1, x);
      expect(a1).not.toEqual(a2); // tfjs' own seeded Dropout would repeat its mask here
      expect(run(b, 1, x)).toEqual(a1);
      expect(run(b, 1, x)).toEqual(a2);
      const zeros = a1.filter((v) => v === 0).length;
      expect(zeros / a1.length).toBeGreaterThan(0.3);
      expect(zeros / a1.length).toBeLessThan(0.7);
      for (const v of a1) expect(v === 0 || v === 2).toBe(true);
      // The LSTM's input and recurrent masks are seeded too.
      const l1 = run(a, 0, xs);
      expect(run(b, 0, xs)).toEqual(l1);
      expect(run(a, 0, xs)).not.toEqual(l1);
      // Outside training: identity for Dropout, no masks in the LSTM.
      const p1 = tf.tidy(() => (a.predict(xs) as tf.Tensor).dataSync());
      const p2 = tf.tidy(() => (b.predict(xs) as tf.Tensor).dataSync());
      expect(p1).toEqual(p2);
    } finally {
      a.dispose();
      b.dispose();
      tf.dispose([x, xs]);
    }
  });
});

describe('LstmFactory', () => {
  it('plugs in another LSTM; weights are set by role, not by class', () => {
    const calls: Parameters<LstmFactory>[] = [];
    const factory: LstmFactory = (spec, extra) => {
      calls.push([spec, extra]);
      return tfjsLstm(spec, extra);
    };
    const s = SCENARIOS.trend;
    const spec = s.model(s.defaults);
    const viaFactory = buildModel(spec, { seed: 5, lstm: factory });
    const stock = buildModel(spec, { seed: 5 });
    try {
      expect(calls).toHaveLength(2);
      expect(calls[0][1].inputShape).toEqual([3, 1]);
      expect(calls[1][1].inputShape).toBeUndefined();
      expect(sameWeights(weightsOf(viaFactory), weightsOf(stock))).toBe(true);
    } finally {
      viaFactory.dispose();
      stock.dispose();
    }
  });

  it('rejects a layer whose weights do not have the Keras LSTM layout', () => {
    const before = tf.memory().numTensors;
    const gru: LstmFactory = (spec, extra) =>
      tf.layers.gru({ units: spec.units, kernelInitializer: 'zeros', recurrentInitializer: 'zeros', ...extra, dropoutFunc: undefined });
    const s = SCENARIOS.alphabet;
    expect(() => buildModel(s.model(s.defaults), { seed: 1, lstm: gru })).toThrow(/weight lstm\/kernel has shape \[1,96\], expected kernel/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('training', () => {
  it('fits, and two runs from the same seed (dropout included) end with the same weights', async () => {
    const s = SCENARIOS.trend;
    const hp = { ...s.defaults, units: 8, dropout: 0.2, recurrentDropout: 0.2 };
    const spec = s.model(hp);
    const rng = Array.from({ length: 32 * 3 }, (_, i) => ((i * 7919) % 101) / 101);
    const fitOnce = async (): Promise<Map<string, Float32Array>> => {
      const model = buildModel(spec, { seed: 4 });
      const x = tf.tensor3d(rng, [32, 3, 1]);
      const y = tf.tensor2d(Array.from({ length: 32 }, (_, i) => i % 2), [32, 1]);
      try {
        model.compile({ optimizer: tf.train.adam(0.01), loss: spec.loss });
        const h = await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
        expect(Number.isFinite(h.history.loss[1] as number)).toBe(true);
        return weightsOf(model);
      } finally {
        model.optimizer.dispose();
        model.dispose();
        tf.dispose([x, y]);
      }
    };
    const before = tf.memory().numTensors;
    const a = await fitOnce();
    const b = await fitOnce();
    expect(sameWeights(a, b)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
