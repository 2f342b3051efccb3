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

  it('cuts IMDB as the short-reviews card does, validates on training reviews, keeps the best epoch, and reads the test set and the short-review check at the end', () => {
    const script = kerasScript(defaultConfig('short-reviews'));
    expect(script).toContain("model.add(Embedding(20000, 64, input_length=400, mask_zero=True))");
    expect(script).toContain('model.add(Bidirectional(LSTM(64, return_sequences=True)))\nmodel.add(GlobalAveragePooling1D())');
    expect(script).toContain("rows.append([1] + list(words[len(words) - k:]))");
    expect(script).toContain('validation_data=(x_val, y_val)');
    expect(script).toContain("callbacks=[keras.callbacks.EarlyStopping(monitor='val_accuracy', mode='max', patience=2, restore_best_weights=True)]");
    expect(script).toContain('np.random.default_rng(21).integers(10, 26, len(test_reviews))');
    expect(script).toContain('model.evaluate(x_short, y_test');
    // Without restoring the best epoch, no callback.
    const base = defaultConfig('short-reviews');
    expect(kerasScript({ ...base, hp: { ...base.hp, restoreBest: false } })).not.toContain('EarlyStopping');
  });

  it('takes the trend’s validation split and resets the stateful alphabet each epoch', () => {
    expect(kerasScript(defaultConfig('trend'))).toContain(`validation_split=${defaultConfig('trend').hp.validationSplit}`);
    expect(kerasScript(defaultConfig('trend-two-features'))).not.toContain('prev_move > 0');
    expect(kerasScript(defaultConfig('alphabet-stateful'))).toMatch(/for epoch in range\(300\):[\s\S]*model\.reset_states\(\)/);
  });
});
