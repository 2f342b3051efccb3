/**
 * The app's store, built from four slices: config (what the form edits), run (the engine's
 * lifecycle), results (what the run reported) and runs (kept runs, recorded as they go). Dependencies are injected, so tests drive it with
 * a plain fake engine and a manual scheduler.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TrainingEngine } from '../engine/types';
import { DEFAULT_SERIES_OPTIONS, type SeriesOptions } from './batchSeries';
import { createConfigSlice, type ConfigInit } from './configSlice';
import { frameSchedule, type Schedule } from './frameSchedule';
import type { LabState } from './labState';
import type { CheckpointStore } from './checkpoints';
import type { RunLocks, TabRuns } from './runOwnership';
import { createResultsSlice } from './resultsSlice';
import type { DatasetStore } from '../platform/datasetStore';
import { memoryRunStore, type RunStore } from '../platform/runStore';
import { recordingEngine } from './runRecording';
import { createRunSlice } from './runSlice';
import { createRunsSlice } from './runsSlice';

export interface StoreDeps {
  engine: TrainingEngine;
  /** Starting configuration, usually decoded from the URL. */
  initial: ConfigInit;
  /** How buffered per-batch updates are flushed; defaults to animation frames, ≤10 per second. */
  schedule?: Schedule;
  series?: SeriesOptions;
  /** Where runs are kept (IndexedDB in the browser); without one, runs are not recorded. */
  runStore?: RunStore;
  /** Where the user's datasets are kept (IndexedDB in the browser). */
  datasets?: DatasetStore;
  /** Where a run's checkpoints are kept for resuming (IndexedDB in the browser). */
  checkpoints?: CheckpointStore;
  /** Which tab trains which run (Web Locks and sessionStorage in the browser). */
  locks?: RunLocks;
  tabRuns?: TabRuns;
}

export type LabStore = StoreApi<LabState>;

export function createLabStore(deps: StoreDeps): LabStore {
  const schedule = deps.schedule ?? frameSchedule(100);
  return createStore<LabState>()((...a) => {
    const [, get] = a;
    const runStore = deps.runStore;
    // Every Train is recorded when runs are kept; the run slice cannot tell.
    const engine = runStore
      ? recordingEngine(deps.engine, (config, options) => get().trackRun(config, { id: get().recordId!, resumed: options?.resumeFrom !== undefined }))
      : deps.engine;
    return {
      ...createConfigSlice(deps.initial)(...a),
      ...createRunSlice({ engine, schedule, checkpoints: deps.checkpoints, locks: deps.locks, tabRuns: deps.tabRuns })(...a),
      ...createResultsSlice(deps.series ?? DEFAULT_SERIES_OPTIONS)(...a),
      ...createRunsSlice({ store: runStore ?? memoryRunStore(), engine: deps.engine, datasets: deps.datasets })(...a),
    };
  });
}

export type { LabState, RunStatus, RunError } from './labState';
