import { describe, expect, it } from 'vitest';
import { HP_KEYS, HYPERPARAMS, type HyperParams } from '../config/hyperparams';
import { validateConfig } from '../config/runConfig';
import { DEFAULT_SCENARIO, SCENARIOS, SCENARIO_LIST, isScenarioId, isTutorialId } from './index';
import { SCENARIO_IDS } from './types';

describe('scenario registry', () => {
  it('lists every id once, in SCENARIO_IDS order', () => {
    const ids = SCENARIO_LIST.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...SCENARIO_IDS]);
  });

  it('keys every scenario by its own id', () => {
    for (const [key, s] of Object.entries(SCENARIOS)) expect(s.id).toBe(key);
  });

  it('has a valid default scenario and recognises ids', () => {
    expect(isScenarioId(DEFAULT_SCENARIO)).toBe(true);
    expect(isScenarioId('nope')).toBe(false);
  });
});

describe.each(SCENARIO_LIST.map((s) => [s.id, s] as const))('%s', (id, s) => {
  it('defaults pass validateConfig', () => {
    expect(validateConfig({ scenario: id, hp: { ...s.defaults } })).toEqual([]);
  });

  it('defaults set every hyperparameter', () => {
    expect(Object.keys(s.defaults).sort()).toEqual([...HP_KEYS].sort());
  });

  it('form fields are distinct hyperparameter keys', () => {
    expect(s.fields.length).toBeGreaterThan(0);
    expect(new Set(s.fields).size).toBe(s.fields.length);
    for (const field of s.fields) expect(HYPERPARAMS).toHaveProperty(field);
  });

  it('states its source, and a published result or, beyond the tutorials, its recipe and chance', () => {
    expect(s.title).not.toBe('');
    expect(s.summary).not.toBe('');
    expect(s.source.title).not.toBe('');
    expect(s.kerasParams).toBeGreaterThan(0);
    // A tutorial publishes a figure; a card of the lab's own says it is one, and publishes nothing.
    expect(isTutorialId(id)).toBe(s.published !== null);
    expect(s.beyond === undefined).toBe(s.published !== null);
    const figure = s.published?.value ?? s.beyond!.chance;
    expect(figure).toBeGreaterThan(0);
    expect(figure).toBeLessThanOrEqual(1);
  });

  it('names the hyperparameter its timesteps come from, and only that one', () => {
    const steps = (hp: HyperParams) => s.model(hp).inputShape[0];
    if (s.stepsField) {
      expect(s.fields).toContain(s.stepsField);
      expect(steps({ ...s.defaults, [s.stepsField]: 7 })).toBe(7);
      expect(steps({ ...s.defaults, [s.stepsField]: 11 })).toBe(11);
    }
    // No other field moves them (for a tutorial that fixes them, no field at all).
    for (const field of HP_KEYS.filter((k) => k !== s.stepsField && HYPERPARAMS[k].kind === 'int')) {
      expect([field, steps({ ...s.defaults, [field]: 3 })]).toEqual([field, steps(s.defaults)]);
    }
  });

  it('builds a model spec whose data kind fits the input', () => {
    const spec = s.model(s.defaults);
    expect(spec.layers.length).toBeGreaterThan(0);
    // Word ids go into an Embedding; float features straight into the first recurrent layer.
    expect(spec.layers[0].kind === 'embedding').toBe(spec.inputDtype === 'int32');
    expect(spec.inputShape.every((d) => Number.isInteger(d) && d > 0)).toBe(true);
  });
});
