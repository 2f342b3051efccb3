import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/runConfig';
import { SCENARIO_LIST } from '../scenarios';
import { createLabStore } from './store';
import { canTrain } from './selectors';
import { createFakeEngine, manualSchedule } from './testEngine';

function makeStore(scenario: Parameters<typeof defaultConfig>[0] = 'alphabet') {
  return createLabStore({
    engine: createFakeEngine(),
    initial: { config: defaultConfig(scenario), problems: [] },
    schedule: manualSchedule(),
  });
}

describe('config slice', () => {
  it.each(SCENARIO_LIST.map((s) => [s.id]))('starts %s from its tutorial defaults with no problems', (id) => {
    const store = makeStore(id);
    expect(store.getState().config.hp).toEqual(SCENARIO_LIST.find((s) => s.id === id)!.defaults);
    expect(store.getState().configProblems).toEqual([]);
    expect(canTrain(store.getState())).toBe(true);
  });

  it('commits a valid value and keeps the typed text until blur', () => {
    const store = makeStore();
    store.getState().setField('learningRate', '0.010');
    expect(store.getState().config.hp.learningRate).toBe(0.01);
    expect(store.getState().drafts.learningRate).toBe('0.010');
    store.getState().settleField('learningRate');
    expect(store.getState().drafts.learningRate).toBeUndefined();
  });

  it('keeps invalid text, does not commit it, and blocks training', () => {
    const store = makeStore();
    const before = store.getState().config;
    store.getState().setField('epochs', '5000');
    const s = store.getState();
    expect(s.config).toBe(before);
    expect(s.drafts.epochs).toBe('5000');
    expect(s.fieldErrors.epochs).toMatch(/between 1 and 2000/);
    expect(canTrain(s)).toBe(false);
    // Blur does not throw the user's text away.
    s.settleField('epochs');
    expect(store.getState().drafts.epochs).toBe('5000');
    // Fixing it clears the error and commits.
    store.getState().setField('epochs', '20');
    expect(store.getState().fieldErrors).toEqual({});
    expect(store.getState().config.hp.epochs).toBe(20);
    expect(canTrain(store.getState())).toBe(true);
  });

  it('does not replace the config when the value is unchanged', () => {
    const store = makeStore();
    const before = store.getState().config;
    store.getState().setField('epochs', '500.0');
    expect(store.getState().config).toBe(before);
  });

  it('commits checkboxes and selects without drafts', () => {
    const store = makeStore();
    store.getState().setField('shuffle', false);
    store.getState().setField('backend', 'cpu');
    expect(store.getState().config.hp.shuffle).toBe(false);
    expect(store.getState().config.hp.backend).toBe('cpu');
    expect(store.getState().drafts).toEqual({});
  });

  it('reports cross-field problems from the scenario check', () => {
    const store = makeStore('alphabet-stateful');
    store.getState().setField('batchSize', '4');
    expect(store.getState().configProblems.map((p) => p.field)).toEqual(['batchSize']);
    expect(canTrain(store.getState())).toBe(false);
  });

  it('switching tutorial loads its defaults but keeps the backend choice', () => {
    const store = makeStore();
    store.getState().setField('backend', 'wasm');
    store.getState().setField('epochs', 'oops');
    store.getState().selectScenario('imdb-seq');
    const s = store.getState();
    expect(s.config.scenario).toBe('imdb-seq');
    expect(s.config.hp).toEqual({ ...defaultConfig('imdb-seq').hp, backend: 'wasm' });
    expect(s.drafts).toEqual({});
    expect(s.fieldErrors).toEqual({});
  });

  it('reset restores every tutorial default and clears drafts', () => {
    const store = makeStore('trend');
    store.getState().setField('units', '7');
    store.getState().setField('epochs', '');
    store.getState().resetToDefaults();
    expect(store.getState().config).toEqual(defaultConfig('trend'));
    expect(store.getState().drafts).toEqual({});
    expect(store.getState().fieldErrors).toEqual({});
  });

  it('holds URL problems until dismissed', () => {
    const store = createLabStore({
      engine: createFakeEngine(),
      initial: { config: defaultConfig('alphabet'), problems: [{ field: 'x', message: 'Unknown parameter “x” was ignored.' }] },
      schedule: manualSchedule(),
    });
    expect(store.getState().urlProblems).toHaveLength(1);
    store.getState().dismissUrlProblems();
    expect(store.getState().urlProblems).toEqual([]);
  });
});
