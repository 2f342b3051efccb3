import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import { SCENARIO_IDS } from '../../scenarios/types';
import type { ModelSpec } from '../spec/types';
import { TYPED_LAYERS } from './layers';
import { typedTrainerSupport } from './support';

describe('typedTrainerSupport', () => {
  it('takes word ids only into a leading Embedding', () => {
    const imdb = SCENARIOS['imdb-seq'].model(SCENARIOS['imdb-seq'].defaults);
    expect(typedTrainerSupport(imdb)).toBeNull();
    expect(typedTrainerSupport({ ...imdb, inputDtype: 'float32' })).toMatch(/only an Embedding takes word ids/);
    expect(typedTrainerSupport({ ...imdb, layers: imdb.layers.slice(1) })).toMatch(/only an Embedding takes word ids/);
    expect(typedTrainerSupport({ ...imdb, layers: [{ kind: 'dropout', rate: 0.2 }, ...imdb.layers] })).toMatch(/not the first layer/);
    expect(typedTrainerSupport({ ...imdb, inputShape: [500, 1] })).toMatch(/input is not \[timesteps\]/);
  });

  it('takes every tutorial at its defaults', () => {
    for (const id of SCENARIO_IDS) expect(typedTrainerSupport(SCENARIOS[id].model(SCENARIOS[id].defaults)), id).toBeNull();
  });

  it('has a layer for every kind (the tutorials’, GRU, SimpleRNN, Bidirectional, GlobalAveragePooling1D), and refuses a Dense that would see a sequence', () => {
    expect(Object.keys(TYPED_LAYERS).sort()).toEqual(['bidirectional', 'conv1d', 'dense', 'dropout', 'embedding', 'globalAveragePooling1d', 'gru', 'lstm', 'maxPooling1d', 'simpleRnn']);
    const alphabet = SCENARIOS.alphabet.model(SCENARIOS.alphabet.defaults);
    const seq = { ...alphabet, layers: [{ ...alphabet.layers[0], returnSequences: true } as typeof alphabet.layers[0], alphabet.layers[1]] };
    expect(typedTrainerSupport(seq)).toMatch(/sequence/);
    expect(typedTrainerSupport(alphabet)).toBeNull();
    const gru = { kind: 'gru', units: 4, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0 } as const;
    const wrapped = (returnSequences: boolean): ModelSpec => ({ ...alphabet, layers: [{ kind: 'bidirectional', layer: { ...gru, returnSequences } }, alphabet.layers[1]] });
    expect(typedTrainerSupport(wrapped(false))).toBeNull();
    expect(typedTrainerSupport(wrapped(true))).toMatch(/sequence/);
    // A pooling layer makes the sequence one vector, with a Dropout between or not.
    const pool = { kind: 'globalAveragePooling1d' } as const, dropout = { kind: 'dropout', rate: 0.5 } as const;
    expect(typedTrainerSupport({ ...alphabet, layers: [...wrapped(true).layers.slice(0, 1), pool, dropout, alphabet.layers[1]] })).toBeNull();
    expect(typedTrainerSupport({ ...alphabet, layers: [seq.layers[0], pool, alphabet.layers[1]] })).toBeNull();
    expect(typedTrainerSupport({ ...alphabet, layers: [seq.layers[0], dropout, alphabet.layers[1]] })).toMatch(/sequence/);
  });

  it('takes Embedding(mask_zero=True) before any recurrent layer but a stateful LSTM', () => {
    const imdb = SCENARIOS['imdb-seq'].model(SCENARIOS['imdb-seq'].defaults);
    const layers = imdb.layers.map((l) => (l.kind === 'embedding' ? { ...l, maskZero: true } : l));
    expect(typedTrainerSupport({ ...imdb, layers })).toBeNull();
    const stateful = layers.map((l) => (l.kind === 'lstm' ? { ...l, stateful: true } : l));
    expect(typedTrainerSupport({ ...imdb, layers: stateful })).toMatch(/stateful LSTM cannot read the step mask/);
    // Unmasked, a stateful LSTM after an Embedding is as before.
    expect(typedTrainerSupport({ ...imdb, layers: imdb.layers.map((l) => (l.kind === 'lstm' ? { ...l, stateful: true } : l)) })).toBeNull();
  });
});
