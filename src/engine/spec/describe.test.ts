import { describe, expect, it } from 'vitest';
import { describeLayer, describeModel, kerasCode } from './describe';
import { LAYER_KINDS } from './layers';
import { SCENARIOS, SCENARIO_LIST, type ScenarioId } from '../../scenarios/index';
import type { LayerKind, LayerSpec } from './types';

const SIGMOID_OUT = "Dense(1, activation='sigmoid')";
const TREND = [
  "LSTM(50, activation='relu', return_sequences=True)",
  'Dropout(0.2)',
  "LSTM(50, activation='relu')",
  'Dropout(0.2)',
  SIGMOID_OUT,
];

/** What each tutorial's Keras code says, layer by layer, for its default hyperparameters. */
const EXPECTED: { readonly [K in ScenarioId]: string[] } = {
  alphabet: ['LSTM(32)', "Dense(26, activation='softmax')"],
  'alphabet-stateful': ['LSTM(50, stateful=True)', "Dense(26, activation='softmax')"],
  trend: TREND,
  'trend-two-features': TREND,
  'imdb-small-vocab': ['Embedding(2000, 128)', 'LSTM(128, dropout=0.2, recurrent_dropout=0.2)', SIGMOID_OUT],
  'imdb-seq': ['Embedding(5000, 32)', 'LSTM(100)', SIGMOID_OUT],
  'imdb-seq-dropout': ['Embedding(5000, 32)', 'Dropout(0.2)', 'LSTM(100)', 'Dropout(0.2)', SIGMOID_OUT],
  'imdb-seq-lstm-dropout': ['Embedding(5000, 32)', 'LSTM(100, dropout=0.2, recurrent_dropout=0.2)', SIGMOID_OUT],
  'imdb-seq-cnn': [
    'Embedding(5000, 32)',
    "Conv1D(32, 3, padding='same', activation='relu')",
    'MaxPooling1D(2)',
    'LSTM(100)',
    SIGMOID_OUT,
  ],
  memory: ['LSTM(32)', "Dense(4, activation='softmax')"],
  'short-reviews': ['Embedding(20000, 64, mask_zero=True)', 'Dropout(0.2)', 'Bidirectional(LSTM(64, return_sequences=True))', 'GlobalAveragePooling1D()', 'Dropout(0.2)', SIGMOID_OUT],
  'short-reviews-conv': ['Embedding(20000, 32)', "Conv1D(32, 3, padding='same', activation='relu')", 'MaxPooling1D(2)', 'LSTM(100)', SIGMOID_OUT],
};

describe.each(SCENARIO_LIST.map((s) => [s.id, s] as const))('%s', (id, s) => {
  const spec = s.model(s.defaults);

  it('describes its layers as the tutorial writes them', () => {
    expect(describeModel(spec)).toEqual(EXPECTED[id]);
  });

  it('kerasCode adds every layer, gives the first its input shape, and compiles with Adam', () => {
    const code = kerasCode(spec, s.defaults);
    const adds = code.split('\n').filter((l) => l.startsWith('model.add('));
    expect(adds).toHaveLength(spec.layers.length);
    // The first layer gets its input keyword right after the positional arguments.
    const strip = (line: string) => line.replace(/, (input_shape|input_length|batch_input_shape)=(\([^)]*\)|\d+)/, '');
    expect(adds.map(strip)).toEqual(EXPECTED[id].map((l) => `model.add(${l})`));
    expect(adds[0]).toMatch(/(input_shape|input_length|batch_input_shape)=/);
    expect(adds.slice(1).join('\n')).not.toMatch(/input_/);
    expect(code).toContain(`optimizer=Adam(learning_rate=${s.defaults.learningRate})`);
    expect(code).toMatch(/^model\.compile\(loss='(binary|categorical)_crossentropy'/m);
    for (const kind of new Set(spec.layers.map((l) => l.kind))) expect(code).toContain(LAYER_KINDS[kind].className);
  });
});

describe('describeLayer', () => {
  it.each<[LayerSpec, string]>([
    [{ kind: 'embedding', inputDim: 2000, outputDim: 128 }, 'Embedding(2000, 128)'],
    [
      { kind: 'lstm', units: 8, activation: 'relu', returnSequences: true, dropout: 0.25, recurrentDropout: 0.1, stateful: true },
      "LSTM(8, activation='relu', return_sequences=True, dropout=0.25, recurrent_dropout=0.1, stateful=True)",
    ],
    [{ kind: 'lstm', units: 8, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false }, 'LSTM(8)'],
    [{ kind: 'dropout', rate: 0.5 }, 'Dropout(0.5)'],
    [{ kind: 'conv1d', filters: 16, kernelSize: 5, padding: 'valid', activation: 'relu' }, "Conv1D(16, 5, activation='relu')"],
    [{ kind: 'maxPooling1d', poolSize: 4 }, 'MaxPooling1D(4)'],
    [{ kind: 'dense', units: 3, activation: 'linear' }, 'Dense(3)'],
    [{ kind: 'embedding', inputDim: 100, outputDim: 8, maskZero: true }, 'Embedding(100, 8, mask_zero=True)'],
    [{ kind: 'bidirectional', layer: { kind: 'gru', units: 16, activation: 'tanh', returnSequences: true, dropout: 0, recurrentDropout: 0 } }, 'Bidirectional(GRU(16, return_sequences=True))'],
  ])('%j → %s', (spec, expected) => expect(describeLayer(spec)).toBe(expected));

  it('has a Keras class for every layer kind', () => {
    const kinds: LayerKind[] = ['embedding', 'lstm', 'gru', 'simpleRnn', 'bidirectional', 'dropout', 'conv1d', 'maxPooling1d', 'globalAveragePooling1d', 'dense'];
    expect(Object.keys(LAYER_KINDS).sort()).toEqual([...kinds].sort());
  });
});

describe('kerasCode', () => {
  it('writes the IMDB tutorial listing', () => {
    const s = SCENARIOS['imdb-small-vocab'];
    expect(kerasCode(s.model(s.defaults), s.defaults)).toBe(
      [
        'from tensorflow.keras.models import Sequential',
        'from tensorflow.keras.layers import Embedding, LSTM, Dense',
        'from tensorflow.keras.optimizers import Adam',
        '',
        'model = Sequential()',
        'model.add(Embedding(2000, 128, input_length=80))',
        'model.add(LSTM(128, dropout=0.2, recurrent_dropout=0.2))',
        "model.add(Dense(1, activation='sigmoid'))",
        "model.compile(loss='binary_crossentropy', optimizer=Adam(learning_rate=0.001), metrics=['accuracy'])",
      ].join('\n'),
    );
  });

  it('gives a stateful model its batch_input_shape', () => {
    const s = SCENARIOS['alphabet-stateful'];
    expect(kerasCode(s.model(s.defaults), s.defaults)).toContain('model.add(LSTM(50, batch_input_shape=(1, 1, 1), stateful=True))');
  });

  it('gives float inputs an input_shape tuple', () => {
    const s = SCENARIOS.trend;
    expect(kerasCode(s.model(s.defaults), { ...s.defaults, learningRate: 0.01 })).toContain(
      "model.add(LSTM(50, input_shape=(3, 1), activation='relu', return_sequences=True))",
    );
  });
});
