import { describe, expect, it } from 'vitest';
import { CHAR_TEXT_DEFAULTS, charTextProblems, charTextSource } from './charTextModel';
import { summarizeSpec } from '../spec/model';

describe('the character model', () => {
  it('is Embedding(vocabulary) → LSTM → Dense(vocabulary, softmax) on categorical cross-entropy', () => {
    const spec = charTextSource(57).model(CHAR_TEXT_DEFAULTS);
    expect(spec).toMatchObject({ inputShape: [40], inputDtype: 'int32', loss: 'categoricalCrossentropy' });
    expect(spec.layers.map((l) => l.kind)).toEqual(['embedding', 'lstm', 'dense']);
    expect(spec.layers[0]).toMatchObject({ inputDim: 57, outputDim: 32 });
    expect(spec.layers[2]).toMatchObject({ units: 57, activation: 'softmax' });
  });

  it('has as many parameters as Keras counts for it', () => {
    // Keras: Embedding 57·32, LSTM 4·128·(32 + 128 + 1), Dense 128·57 + 57.
    const keras = 57 * 32 + 4 * 128 * (32 + 128 + 1) + 128 * 57 + 57;
    expect(summarizeSpec(charTextSource(57).model(CHAR_TEXT_DEFAULTS), 128).totalParams).toBe(keras);
  });

  it('stacks LSTMs, every one but the last returning sequences', () => {
    const spec = charTextSource(10).model({ ...CHAR_TEXT_DEFAULTS, layers: 3 });
    expect(spec.layers.filter((l) => l.kind === 'lstm').map((l) => l.kind === 'lstm' && l.returnSequences)).toEqual([true, true, false]);
  });

  it('accepts its defaults and refuses a field out of bounds with the form’s sentence', () => {
    expect(charTextProblems(57, CHAR_TEXT_DEFAULTS)).toEqual([]);
    expect(charTextProblems(57, { ...CHAR_TEXT_DEFAULTS, units: 0 })).toEqual([{ field: 'units', message: 'LSTM units must be between 1 and 1024 (got 0).' }]);
  });

  it('refuses a model too large to train, naming what to reduce', () => {
    const problems = charTextProblems(4096, { ...CHAR_TEXT_DEFAULTS, units: 1024, seqLength: 1000, batchSize: 1024, layers: 4 });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^This model needs about .* to train \(the limit is .*\): reduce /);
  });
});
