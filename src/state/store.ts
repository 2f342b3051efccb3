/**
 * The app's store, built from three slices: config (what the form edits), run (the engine's
 * lifecycle) and results (what the run reported). Dependencies are injected, so tests drive it with
 * a plain fake engine and a manual scheduler.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TrainingEngine } from '../engine/types';
import { DEFAULT_SERIES_OPTIONS, type SeriesOptions } from './batchSeries';
import { createConfigSlice, type ConfigInit } from './configSlice';
import { frameSchedule, type Schedule } from './frameSchedule';
import type { LabState } from './labState';
import type { CheckpointStore } from './checkpoints';
import { createResultsSlice } from './resultsSlice';
import { createRunSlice } from './runSlice';

export interface StoreDeps {
  engine: TrainingEngine;
  /** Starting configuration, usually decoded from the URL. */
  initial: ConfigInit;
  /** How buffered per-batch updates are flushed; defaults to animation frames, ≤10 per second. */
  schedule?: Schedule;
  series?: SeriesOptions;
  /** Where a run's checkpoints are kept for resuming (IndexedDB in the browser). */
  checkpoints?: CheckpointStore;
}

export type LabStore = StoreApi<LabState>;

export function createLabStore(deps: StoreDeps): LabStore {
  const schedule = deps.schedule ?? frameSchedule(100);
  return createStore<LabState>()((...a) => ({
    ...createConfigSlice(deps.initial)(...a),
    ...createRunSlice({ engine: deps.engine, schedule, checkpoints: deps.checkpoints })(...a),
    ...createResultsSlice(deps.series ?? DEFAULT_SERIES_OPTIONS)(...a),
  }));
}

export type { LabState, RunStatus, RunError } from './labState';
