/** The configuration slice: the selected tutorial and its hyperparameters, as the form edits them. */
import type { StateCreator } from 'zustand/vanilla';
import type { HpKey, Problem } from '../config/hyperparams';
import { defaultConfig, validateConfig, type RunConfig } from '../config/runConfig';
import { parseField } from './fieldInput';
import type { ConfigSlice, LabState } from './labState';

export interface ConfigInit {
  config: RunConfig;
  /** Problems found while reading the URL. */
  problems: Problem[];
}

function without<T extends object>(record: T, key: keyof T): T {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export function createConfigSlice(init: ConfigInit): StateCreator<LabState, [], [], ConfigSlice> {
  return (set, get) => ({
    config: init.config,
    drafts: {},
    fieldErrors: {},
    configProblems: validateConfig(init.config),
    urlProblems: init.problems,

    selectScenario(id) {
      const { config } = get();
      if (config.scenario === id) return;
      get().leaveRun();
      const next = defaultConfig(id);
      // Backend and LSTM implementation describe this machine, not the tutorial: keep them.
      next.hp.backend = config.hp.backend;
      next.hp.trainer = config.hp.trainer;
      set({ config: next, drafts: {}, fieldErrors: {}, configProblems: validateConfig(next) });
    },

    setField(key, raw) {
      const { config, drafts, fieldErrors } = get();
      const parsed = parseField(key, raw);
      // Checkboxes and selects always show the committed value; only typed text needs a draft.
      const draft = typeof raw === 'string' && typeof config.hp[key] === 'number' ? raw : undefined;
      if (!parsed.ok) {
        set({ drafts: { ...drafts, [key]: String(raw) }, fieldErrors: { ...fieldErrors, [key]: parsed.message } });
        return;
      }
      const nextDrafts = draft === undefined ? without(drafts, key) : { ...drafts, [key]: draft };
      const nextErrors = without(fieldErrors, key);
      if (Object.is(config.hp[key], parsed.value)) {
        // Same value (e.g. "1.0" after "1"): no config change, so no URL write.
        set({ drafts: nextDrafts, fieldErrors: nextErrors });
        return;
      }
      const next: RunConfig = { ...config, hp: { ...config.hp, [key]: parsed.value } };
      set({ config: next, drafts: nextDrafts, fieldErrors: nextErrors, configProblems: validateConfig(next) });
    },

    settleField(key: HpKey) {
      const { drafts, fieldErrors } = get();
      if (fieldErrors[key] !== undefined || drafts[key] === undefined) return;
      set({ drafts: without(drafts, key) });
    },

    loadConfig(config) {
      const next: RunConfig = { scenario: config.scenario, hp: { ...config.hp } };
      set({ config: next, drafts: {}, fieldErrors: {}, configProblems: validateConfig(next) });
    },

    resetToDefaults() {
      const next = defaultConfig(get().config.scenario);
      set({ config: next, drafts: {}, fieldErrors: {}, configProblems: validateConfig(next) });
    },

    dismissUrlProblems() {
      set({ urlProblems: [] });
    },
  });
}
