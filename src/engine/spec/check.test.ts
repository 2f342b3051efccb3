/**
 * `checkModel` over every tutorial and over configurations that cannot train: each problem names
 * the hyperparameter to change, and the app's entry points (validateConfig, the URL codec) refuse
 * them before anything is built.
 */
import { describe, expect, it } from 'vitest';
import { HYPERPARAMS, type HyperParams } from '../../config/hyperparams';
import { validateConfig } from '../../config/runConfig';
import { SCENARIOS, SCENARIO_LIST, type ScenarioId } from '../../scenarios';
import { decodeConfig } from '../../url/codec';
import { checkModel, formatBytes, MODEL_FIELD, type ModelSource } from './check';
import { MEMORY_LIMIT_BYTES, trainingMemoryBytes } from './model';
import type { LayerSpec } from './types';

/** imdb-seq as large as the form allows: 100k words × 1024, LSTM(1024) over 1000 steps, batch 1024. */
const HUGE: Partial<HyperParams> = { vocabSize: 100_000, embeddingDim: 1024, units: 1024, seqLength: 1000, batchSize: 1024 };

describe.each(SCENARIO_LIST.map((s) => [s.id, s] as const))('%s', (_id, s) => {
  it('passes at its defaults', () => {
    expect(checkModel(s, s.defaults)).toEqual([]);
  });

  it('passes at every field’s minimum the tutorial’s structure allows', () => {
    // The smallest sizes still make a model (a MaxPooling1D(2), as the Conv1D models have, needs 2 steps).
    const least = Object.fromEntries(s.fields.flatMap((f) => {
      const def = HYPERPARAMS[f];
      return def.kind === 'int' ? [[f, def.min]] : [];
    }));
    const pools = s.model(s.defaults).layers.some((l) => l.kind === 'maxPooling1d');
    const hp = { ...s.defaults, ...least, ...(pools ? { seqLength: 2 } : {}) };
    expect(checkModel(s, hp)).toEqual([]);
  });
});

describe('checkModel: configurations that cannot train', () => {
  const bad: [string, ScenarioId, Partial<HyperParams>, string, string | RegExp][] = [
    [
      'pooling over one step', 'imdb-seq-cnn', { seqLength: 1 }, 'seqLength',
      'MaxPooling1D(2) needs at least 2 timesteps (got 1). Set the sequence length to at least 2.',
    ],
    [
      'the largest IMDB model the form allows', 'imdb-seq', HUGE, 'batchSize',
      /^This model needs about 6\d GB to train \(the limit is 2 GB\): reduce batch size, sequence length or LSTM units\.$/,
    ],
    [
      'IMDB sequence classification at batch 1024', 'imdb-seq', { batchSize: 1024 }, 'batchSize',
      /^This model needs about 2\.5 GB to train \(the limit is 2 GB\): reduce batch size, sequence length or LSTM units\.$/,
    ],
    [
      // Weights dominate here; a narrower embedding also narrows the LSTM's input, so it saves most.
      'a huge vocabulary and embedding, small batch', 'imdb-small-vocab', { vocabSize: 100_000, embeddingDim: 1024, batchSize: 8 }, 'embeddingDim',
      /^This model needs about 2\.1 GB to train \(the limit is 2 GB\): reduce embedding size or vocabulary size\.$/,
    ],
  ];
  it.each(bad)('%s: names %s', (_name, id, change, field, message) => {
    const s = SCENARIOS[id];
    const problems = checkModel(s, { ...s.defaults, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
  });

  const lstm: LayerSpec = { kind: 'lstm', units: 4, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false };
  const dense: LayerSpec = { kind: 'dense', units: 1, activation: 'sigmoid' };
  const source = (layers: LayerSpec[], stepsField: ModelSource['stepsField'] = 'seqLength'): ModelSource => ({
    fields: ['seqLength', 'units', 'batchSize'],
    stepsField,
    model: (hp) => ({ inputShape: [hp.seqLength, 3], inputDtype: 'float32', layers, loss: 'binaryCrossentropy' }),
  });
  const hp = { ...SCENARIOS.alphabet.defaults, seqLength: 3 };

  it('finds the least sequence length a valid convolution needs', () => {
    const valid = source([{ kind: 'conv1d', filters: 4, kernelSize: 5, padding: 'valid', activation: 'relu' }, { kind: 'maxPooling1d', poolSize: 2 }, lstm, dense]);
    // Conv1D(4, 5) leaves 1 step from 5; the pooling after it needs 2: so 6.
    expect(checkModel(valid, hp)).toEqual([{ field: 'seqLength', message: 'Conv1D(4, 5) needs at least 5 timesteps to fit its kernel without padding (got 3). Set the sequence length to at least 6.' }]);
  });

  it('names the model itself where no hyperparameter sets the timesteps, or the layers do not fit together', () => {
    const pooled = [{ kind: 'maxPooling1d', poolSize: 4 } as LayerSpec, lstm, dense];
    expect(checkModel(source(pooled, null), hp)).toEqual([{ field: MODEL_FIELD, message: 'MaxPooling1D(4) needs at least 4 timesteps (got 3).' }]);
    expect(checkModel(source([lstm, lstm, dense]), hp)[0]).toMatchObject({ field: MODEL_FIELD, message: expect.stringContaining('LSTM(4) needs a sequence') });
    // Keras builds a Dense over a sequence, but the losses need one vector per sample.
    expect(checkModel(source([{ ...lstm, returnSequences: true } as LayerSpec, dense]), hp)).toEqual([{
      field: MODEL_FIELD,
      message: 'The model must end in one vector per sample, but its last layer gives [3, 1]: the last recurrent layer should not return sequences.',
    }]);
  });
});

describe('validateConfig and the URL codec refuse them before anything is built', () => {
  const urls: [string, string, RegExp][] = [
    ['tutorial=imdb-seq-cnn&seqLength=1&trainSubset=200&epochs=1', 'seqLength', /^MaxPooling1D\(2\) needs at least 2 timesteps \(got 1\)\. Set the sequence length to at least 2\./],
    ['tutorial=imdb-seq&vocabSize=100000&embeddingDim=1024&units=1024&seqLength=1000&batchSize=1024', 'batchSize', /^This model needs about 6\d GB to train/],
  ];
  it.each(urls)('?%s', (query, field, message) => {
    const params = new URLSearchParams(query);
    const id = params.get('tutorial') as ScenarioId;
    const hp = { ...SCENARIOS[id].defaults };
    for (const [k, v] of params) if (k !== 'tutorial') Object.assign(hp, { [k]: Number(v) });
    const problems = validateConfig({ scenario: id, hp });
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0].message).toMatch(message);

    // The codec reports it and falls back to the tutorial's settings, as for its other combinations.
    const decoded = decodeConfig(query);
    expect(decoded.problems.map((p) => p.field)).toEqual([field]);
    expect(decoded.problems[0].message).toMatch(message);
    expect(decoded.problems[0].message).toMatch(/Restored the tutorial’s settings\.$/);
    expect(decoded.config).toEqual({ scenario: id, hp: SCENARIOS[id].defaults });
  });
});

describe('formatBytes', () => {
  it.each([
    [65.2e9, '65 GB'],
    [2.53e9, '2.5 GB'],
    [MEMORY_LIMIT_BYTES, '2 GB'],
    [480e6, '480 MB'],
    [1.25e6, '1.3 MB'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it('the limit sits between the tutorials and the form’s largest IMDB model', () => {
    const s = SCENARIOS['imdb-seq'];
    expect(trainingMemoryBytes(s.model(s.defaults), s.defaults)).toBeLessThan(MEMORY_LIMIT_BYTES / 10);
    expect(trainingMemoryBytes(s.model({ ...s.defaults, ...HUGE }), { batchSize: 1024 })).toBeGreaterThan(10 * MEMORY_LIMIT_BYTES);
  });
});
