/**
 * Derived values components select. Each returns a primitive or a reference already in the state,
 * so zustand's equality check does not re-render on every store write.
 */
import { SCENARIOS, type Scenario } from '../scenarios';
import type { LabState } from './labState';

/** Any field error or cross-field problem blocks training. */
export function hasProblems(s: Pick<LabState, 'fieldErrors' | 'configProblems'>): boolean {
  return Object.keys(s.fieldErrors).length > 0 || s.configProblems.length > 0;
}

export function isRunActive(s: Pick<LabState, 'status'>): boolean {
  return s.status === 'preparing' || s.status === 'training' || s.status === 'paused' || s.status === 'stopping';
}

export function canTrain(s: Pick<LabState, 'fieldErrors' | 'configProblems' | 'status'>): boolean {
  return !hasProblems(s) && !isRunActive(s);
}

export const selectScenario = (s: LabState): Scenario => SCENARIOS[s.config.scenario];

/** The tutorial the charts and "try the model" are about: the run's, or the selected one before any run. */
export const selectRunScenario = (s: LabState): Scenario => SCENARIOS[(s.runConfig ?? s.config).scenario];

/** Predictions need weights that have seen at least one full epoch. */
export function canPredict(s: Pick<LabState, 'epochs' | 'status'>): boolean {
  return s.epochs.length > 0 && s.status !== 'preparing';
}
