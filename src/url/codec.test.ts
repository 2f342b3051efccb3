import { describe, expect, it } from 'vitest';
import { HP_KEYS } from '../config/hyperparams';
import { defaultConfig, type RunConfig } from '../config/runConfig';
import { SCENARIO_LIST } from '../scenarios';
import { decodeConfig, encodeConfig } from './codec';

describe('URL codec', () => {
  it.each(SCENARIO_LIST.map((s) => [s.id]))('round-trips the defaults of %s', (id) => {
    const config = defaultConfig(id);
    const { config: back, problems } = decodeConfig(encodeConfig(config));
    expect(problems).toEqual([]);
    expect(back).toEqual(config);
  });

  it('round-trips edited values of every kind, with or without "?"', () => {
    const config: RunConfig = defaultConfig('trend');
    config.hp = { ...config.hp, units: 17, learningRate: 0.0025, shuffle: true, backend: 'wasm', seed: 123456, validationSplit: 0.35 };
    expect(decodeConfig('?' + encodeConfig(config)).config).toEqual(config);
    expect(decodeConfig(encodeConfig(config)).config).toEqual(config);
  });

  it('carries the recurrent layer of the memory card, and refuses a GRU for a tutorial', () => {
    const config: RunConfig = defaultConfig('memory');
    config.hp = { ...config.hp, cell: 'simpleRnn', seqLength: 101 };
    expect(decodeConfig(encodeConfig(config))).toMatchObject({ config, problems: [] });
    const refused = decodeConfig('tutorial=alphabet&cell=gru');
    expect(refused.problems).toEqual([expect.objectContaining({ field: 'cell' })]);
  });

  it('writes every hyperparameter so a link survives changed defaults', () => {
    const params = new URLSearchParams(encodeConfig(defaultConfig('alphabet')));
    for (const key of HP_KEYS) expect(params.has(key)).toBe(true);
  });

  it('starts from the scenario defaults for absent parameters', () => {
    expect(decodeConfig('tutorial=trend&epochs=3').config).toEqual({
      scenario: 'trend',
      hp: { ...defaultConfig('trend').hp, epochs: 3 },
    });
  });

  const bad: [string, string, RegExp][] = [
    ['epochs=abc', 'epochs', /not a number/],
    ['epochs=', 'epochs', /not a number/],
    ['epochs=2.5', 'epochs', /whole number/],
    ['epochs=0', 'epochs', /between 1 and/],
    ['epochs=1e9', 'epochs', /between 1 and/],
    ['learningRate=-1', 'learningRate', /between/],
    ['dropout=NaN', 'dropout', /not a number/],
    ['shuffle=maybe', 'shuffle', /true or false/],
    ['backend=quantum', 'backend', /one of auto, webgpu/],
    ['colour=blue', 'colour', /Unknown parameter/],
    ['tutorial=nope', 'tutorial', /Unknown tutorial/],
  ];
  it.each(bad)('reports %s and falls back to the default', (query, field, message) => {
    const { config, problems } = decodeConfig(query);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
    expect(config).toEqual(defaultConfig('alphabet'));
  });

  it('keeps the good values when some are bad', () => {
    const { config, problems } = decodeConfig('tutorial=trend&epochs=7&units=-3&zzz=1');
    expect(config.hp.epochs).toBe(7);
    expect(config.hp.units).toBe(defaultConfig('trend').hp.units);
    expect(problems.map((p) => p.field).sort()).toEqual(['units', 'zzz']);
  });

  it('restores the tutorial settings when a combination cannot train', () => {
    const { config, problems } = decodeConfig('tutorial=alphabet-stateful&batchSize=8');
    expect(problems[0].field).toBe('batchSize');
    expect(config).toEqual(defaultConfig('alphabet-stateful'));
  });

  it('says which value it kept: the link’s tutorial’s own default', () => {
    const { config, problems } = decodeConfig('tutorial=alphabet&epochs=abc');
    expect(config.hp.epochs).toBe(500);
    expect(problems.map((p) => p.message)).toEqual(['Epochs: “abc” is not a number; kept the tutorial’s default, 500.']);
  });

  // One rule for every key, the tutorial included: the last occurrence counts, and the repeat is reported.
  const repeated: [string, string, (c: RunConfig) => unknown, unknown][] = [
    ['tutorial=alphabet&tutorial=trend', 'tutorial', (c) => c.scenario, 'trend'],
    ['epochs=5&epochs=7', 'epochs', (c) => c.hp.epochs, 7],
    ['backend=cpu&backend=wasm', 'backend', (c) => c.hp.backend, 'wasm'],
    ['shuffle=false&shuffle=true', 'shuffle', (c) => c.hp.shuffle, true],
  ];
  it.each(repeated)('keeps the last of a repeated key: %s', (query, field, pick, want) => {
    const { config, problems } = decodeConfig(query);
    expect(pick(config)).toEqual(want);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toEqual({ field, message: expect.stringMatching(/appears 2 times; the last one counts/) });
  });

  it('falls back to the tutorial’s default when the last of a repeated key is bad, and says so', () => {
    const { config, problems } = decodeConfig('epochs=5&epochs=abc');
    expect(config.hp.epochs).toBe(500);
    expect(problems.map((p) => p.message)).toContain('Epochs: “abc” is not a number; kept the tutorial’s default, 500.');
  });

  it('cuts long values and keys in messages, saying how long they were', () => {
    const long = 'x'.repeat(10_240);
    const { problems } = decodeConfig(`units=${long}&${long}=1`);
    for (const p of problems) {
      expect(p.message.length).toBeLessThan(120);
      expect(p.message).toContain('(10,240 characters)');
    }
    expect(problems).toHaveLength(2);
  });

  it('never throws on garbage', () => {
    for (const q of ['%%%', '?&&=&', 'tutorial', '=1', 'epochs=%E0%A4%A', '?tutorial=imdb-seq&seqLength=%00']) {
      expect(() => decodeConfig(q)).not.toThrow();
    }
  });

  // Names a plain object answers from Object.prototype: a lookup table written as an object
  // literal finds a function (or the prototype itself) under each of them.
  const BUILT_IN_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype', 'length', 'name'])];

  it.each(BUILT_IN_NAMES)('reports the key %s as unknown, alone or after valid settings', (name) => {
    const alone = decodeConfig(`${encodeURIComponent(name)}=1`);
    expect(alone.config).toEqual(defaultConfig('alphabet'));
    expect(alone.problems).toEqual([{ field: name, message: `Unknown parameter “${name}” was ignored.` }]);

    const after = decodeConfig(`tutorial=trend&epochs=7&${encodeURIComponent(name)}=1&units=9`);
    expect(after.config).toEqual({ scenario: 'trend', hp: { ...defaultConfig('trend').hp, epochs: 7, units: 9 } });
    expect(after.problems.map((p) => p.field)).toEqual([name]);
  });

  it.each(BUILT_IN_NAMES)('reports the value %s as invalid wherever a name is looked up', (name) => {
    const value = encodeURIComponent(name);
    const unknownTutorial = decodeConfig(`tutorial=${value}`);
    expect(unknownTutorial.config).toEqual(defaultConfig('alphabet'));
    expect(unknownTutorial.problems.map((p) => [p.field, p.message.startsWith(`Unknown tutorial “${name}”`)])).toEqual([['tutorial', true]]);
    for (const query of [`tutorial=trend&lstmImpl=${value}`, `tutorial=trend&trainer=${value}`, `tutorial=trend&backend=${value}`, `tutorial=trend&shuffle=${value}`, `tutorial=trend&epochs=${value}`]) {
      const { config, problems } = decodeConfig(query);
      expect(config).toEqual(defaultConfig('trend'));
      expect(problems).toHaveLength(1);
      expect(problems[0].message).toContain(`“${name}”`);
    }
  });

  it.each([
    ['lstmImpl=fused', 'auto'],
    ['lstmImpl=layers', 'layers'],
    ['lstmImpl=layers&trainer=typed', 'typed'],
    ['trainer=typed&lstmImpl=layers', 'typed'],
  ])('reads the old lstmImpl parameter: %s → trainer %s', (query, trainer) => {
    const { config, problems } = decodeConfig(`tutorial=trend&${query}`);
    expect(problems).toEqual([]);
    expect(config.hp.trainer).toBe(trainer);
  });

  it('reports a bad old value under its new name', () => {
    const { config, problems } = decodeConfig('tutorial=trend&lstmImpl=fast');
    expect(config.hp.trainer).toBe('auto');
    expect(problems.map((p) => p.field)).toEqual(['trainer']);
  });
});
