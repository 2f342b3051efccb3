import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/runConfig';
import { SCENARIO_IDS } from './types';
import { kerasScript } from './kerasScript';

describe('kerasScript', () => {
  it.each(SCENARIO_IDS)('%s: data, model, compile, fit with the run’s settings, evaluate, and the exported weights', (id) => {
    const config = defaultConfig(id);
    const script = kerasScript(config);
    expect(script).toContain(`SEED = ${config.hp.seed}`);
    expect(script).toContain('model.compile(');
    expect(script).toMatch(new RegExp(`epochs=${id === 'alphabet-stateful' ? 1 : config.hp.epochs}, batch_size=${config.hp.batchSize}`));
    expect(script).toContain(`model.load_weights("lstm-lab-${id}.h5")`);
    expect(script).toContain('model.evaluate(');
  });

  it('loads IMDB as the run did: vocabulary, length, the subset, and the test set as validation', () => {
    const base = defaultConfig('imdb-small-vocab');
    const script = kerasScript({ ...base, hp: { ...base.hp, trainSubset: 2000 } });
    expect(script).toContain(`imdb.load_data(num_words=${base.hp.vocabSize})`);
    expect(script).toContain(`pad_sequences(x_train, maxlen=${base.hp.seqLength})`);
    expect(script).toContain('x_train, y_train = x_train[:2000], y_train[:2000]');
    expect(script).toContain('validation_data=(x_test, y_test)');
  });

  it('takes the trend’s validation split and resets the stateful alphabet each epoch', () => {
    expect(kerasScript(defaultConfig('trend'))).toContain(`validation_split=${defaultConfig('trend').hp.validationSplit}`);
    expect(kerasScript(defaultConfig('trend-two-features'))).not.toContain('prev_move > 0');
    expect(kerasScript(defaultConfig('alphabet-stateful'))).toMatch(/for epoch in range\(300\):[\s\S]*model\.reset_states\(\)/);
  });
});
