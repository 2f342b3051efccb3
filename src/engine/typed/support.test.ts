import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import { SCENARIO_IDS } from '../../scenarios/types';
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

  it('has a layer for every kind (the tutorials’ and GRU, SimpleRNN), and refuses a Dense that would see a sequence', () => {
    expect(Object.keys(TYPED_LAYERS).sort()).toEqual(['conv1d', 'dense', 'dropout', 'embedding', 'gru', 'lstm', 'maxPooling1d', 'simpleRnn']);
    const alphabet = SCENARIOS.alphabet.model(SCENARIOS.alphabet.defaults);
    const seq = { ...alphabet, layers: [{ ...alphabet.layers[0], returnSequences: true } as typeof alphabet.layers[0], alphabet.layers[1]] };
    expect(typedTrainerSupport(seq)).toMatch(/sequence/);
    expect(typedTrainerSupport(alphabet)).toBeNull();
  });
});
