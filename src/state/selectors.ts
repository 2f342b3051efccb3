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

/** The model the page can try and download, if it belongs to what the panels show now. */
export const selectModel = (s: Pick<LabState, 'model' | 'runId'>) => (s.model && s.model.labRunId === s.runId ? s.model : null);

/**
 * Predictions need weights that have seen at least one full epoch: the run's, or a kept run's or
 * a file's loaded into the page (a kept run whose weights were evicted has none).
 */
export function canPredict(s: Pick<LabState, 'epochs' | 'status' | 'model' | 'runId' | 'opened'>): boolean {
  if (s.status === 'preparing') return false;
  const model = selectModel(s);
  if (model && model.source !== 'run') return true;
  if (s.opened && s.opened.labRunId === s.runId) return false;
  return s.epochs.length > 0;
}

/**
 * Why the kept run the panels show has no model to try (removed by Free space, not kept because
 * storage failed, damaged…), in one sentence; null where there is a model or nothing was opened.
 */
export const selectModelMissing = (s: Pick<LabState, 'opened' | 'runId' | 'model'>): string | null =>
  s.opened && s.opened.labRunId === s.runId && !selectModel(s) ? (s.opened.modelMissing ?? null) : null;
