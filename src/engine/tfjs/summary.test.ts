import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS, SCENARIO_LIST, type ScenarioId } from '../../scenarios';
import { LAYER_KINDS } from '../spec/layers';
import type { SummaryRow } from '../types';
import { buildModel } from './buildModel';
import { kerasClassName, summarizeModel } from './summary';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** What Keras' `model.summary()` prints for each tutorial with its default hyperparameters. */
const trendRows = (features: number): SummaryRow[] => [
  { name: 'lstm', type: 'LSTM', outputShape: [null, features, 50], params: 10400 },
  { name: 'dropout', type: 'Dropout', outputShape: [null, features, 50], params: 0 },
  { name: 'lstm_1', type: 'LSTM', outputShape: [null, 50], params: 20200 },
  { name: 'dropout_1', type: 'Dropout', outputShape: [null, 50], params: 0 },
  { name: 'dense', type: 'Dense', outputShape: [null, 1], params: 51 },
];
const EMBEDDING_500: SummaryRow = { name: 'embedding', type: 'Embedding', outputShape: [null, 500, 32], params: 160000 };
const LSTM_100: SummaryRow = { name: 'lstm', type: 'LSTM', outputShape: [null, 100], params: 53200 };
const DENSE_100: SummaryRow = { name: 'dense', type: 'Dense', outputShape: [null, 1], params: 101 };

const KERAS_SUMMARY: { readonly [K in ScenarioId]: SummaryRow[] } = {
  alphabet: [
    { name: 'lstm', type: 'LSTM', outputShape: [null, 32], params: 4352 },
    { name: 'dense', type: 'Dense', outputShape: [null, 26], params: 858 },
  ],
  'alphabet-stateful': [
    // A stateful model has a fixed batch, and Keras prints it.
    { name: 'lstm', type: 'LSTM', outputShape: [1, 50], params: 10400 },
    { name: 'dense', type: 'Dense', outputShape: [1, 26], params: 1326 },
  ],
  trend: trendRows(3),
  'trend-two-features': trendRows(2),
  'imdb-small-vocab': [
    { name: 'embedding', type: 'Embedding', outputShape: [null, 80, 128], params: 256000 },
    { name: 'lstm', type: 'LSTM', outputShape: [null, 128], params: 131584 },
    { name: 'dense', type: 'Dense', outputShape: [null, 1], params: 129 },
  ],
  'imdb-seq': [EMBEDDING_500, LSTM_100, DENSE_100],
  'imdb-seq-dropout': [
    EMBEDDING_500,
    { name: 'dropout', type: 'Dropout', outputShape: [null, 500, 32], params: 0 },
    LSTM_100,
    { name: 'dropout_1', type: 'Dropout', outputShape: [null, 100], params: 0 },
    DENSE_100,
  ],
  'imdb-seq-lstm-dropout': [EMBEDDING_500, LSTM_100, DENSE_100],
  'imdb-seq-cnn': [
    EMBEDDING_500,
    { name: 'conv1d', type: 'Conv1D', outputShape: [null, 500, 32], params: 3104 },
    { name: 'max_pooling1d', type: 'MaxPooling1D', outputShape: [null, 250, 32], params: 0 },
    LSTM_100,
    DENSE_100,
  ],
  memory: [
    { name: 'lstm', type: 'LSTM', outputShape: [null, 32], params: 6016 },
    { name: 'dense', type: 'Dense', outputShape: [null, 4], params: 132 },
  ],
  'short-reviews': [
    { name: 'embedding', type: 'Embedding', outputShape: [null, 400, 64], params: 1280000 },
    { name: 'dropout', type: 'Dropout', outputShape: [null, 400, 64], params: 0 },
    // Keras prints the wrapper alone: both directions' weights, the two outputs side by side.
    { name: 'bidirectional', type: 'Bidirectional', outputShape: [null, 400, 128], params: 66048 },
    { name: 'global_average_pooling1d', type: 'GlobalAveragePooling1D', outputShape: [null, 128], params: 0 },
    { name: 'dropout_1', type: 'Dropout', outputShape: [null, 128], params: 0 },
    { name: 'dense', type: 'Dense', outputShape: [null, 1], params: 129 },
  ],
  'short-reviews-conv': [
    { name: 'embedding', type: 'Embedding', outputShape: [null, 400, 32], params: 640000 },
    { name: 'conv1d', type: 'Conv1D', outputShape: [null, 400, 32], params: 3104 },
    { name: 'max_pooling1d', type: 'MaxPooling1D', outputShape: [null, 200, 32], params: 0 },
    { name: 'lstm', type: 'LSTM', outputShape: [null, 100], params: 53200 },
    DENSE_100,
  ],
};

const models = new Map<ScenarioId, tf.Sequential>();
const modelFor = (id: ScenarioId): tf.Sequential => {
  let m = models.get(id);
  if (!m) {
    const s = SCENARIOS[id];
    m = buildModel(s.model(s.defaults), { seed: 1, batchSize: s.defaults.batchSize });
    models.set(id, m);
  }
  return m;
};
afterAll(() => models.forEach((m) => m.dispose()));

describe.each(SCENARIO_LIST.map((s) => [s.id, s] as const))('%s', (id, s) => {
  it('totals match Keras and the rows add up', () => {
    const summary = summarizeModel(modelFor(id));
    expect(summary.totalParams).toBe(s.kerasParams);
    expect(summary.trainableParams).toBe(s.kerasParams);
    expect(summary.rows.reduce((sum, r) => sum + r.params, 0)).toBe(s.kerasParams);
    expect(summary.rows.map((r) => r.type)).toEqual(
      s.model(s.defaults).layers.map((l) => LAYER_KINDS[l.kind].className),
    );
  });

  it('rows match Keras’ model.summary()', () => {
    expect(summarizeModel(modelFor(id)).rows).toEqual(KERAS_SUMMARY[id]);
  });

  it('survives structured cloning (postMessage)', () => {
    const summary = summarizeModel(modelFor(id));
    expect(structuredClone(summary)).toEqual(summary);
  });
});

describe('kerasClassName', () => {
  it('calls our own LSTM layer an LSTM, and leaves other names alone', () => {
    class FusedLSTM extends tf.layers.Layer {
      static className = 'FusedLSTM';
    }
    class Mystery extends tf.layers.Layer {
      static className = 'Mystery';
    }
    expect(kerasClassName(new FusedLSTM({}))).toBe('LSTM');
    expect(kerasClassName(new Mystery({}))).toBe('Mystery');
  });
});
