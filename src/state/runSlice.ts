/**
 * The run slice: starts, pauses, resumes and stops training through the injected engine, and turns
 * the engine's callbacks into store updates. Per-batch, per-epoch and data-progress callbacks are
 * buffered and applied together by `schedule`, so React renders a few times per second however
 * fast batches arrive.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { RunConfig } from '../config/runConfig';
import type { Checkpoint, RunHandle, RunOptions, RunResult, TrainingEngine } from '../engine/types';
import { memoryCheckpointStore, type CheckpointStore } from './checkpoints';
import { validateConfig } from '../config/runConfig';
import { SCENARIOS } from '../scenarios';
import type { Schedule } from './frameSchedule';
import type { LabState, PendingUpdates, RunError, RunSlice } from './labState';
import { canTrain, isRunActive } from './selectors';

export interface RunDeps {
  engine: TrainingEngine;
  schedule: Schedule;
  /** Where the run's latest checkpoint is kept (IndexedDB in the browser); this page's memory by default. */
  checkpoints?: CheckpointStore;
}

/** `done` rejects with `{name, message}` (or, defensively, anything at all). */
export function toRunError(e: unknown, phase: RunError['phase']): RunError {
  if (e && typeof e === 'object' && 'message' in e && typeof (e as { message: unknown }).message === 'string') {
    const name = 'name' in e && typeof (e as { name: unknown }).name === 'string' ? (e as { name: string }).name : 'Error';
    const { detail } = e as { detail?: unknown };
    return { name, message: (e as { message: string }).message, phase, ...(typeof detail === 'string' ? { detail } : {}) };
  }
  return { name: 'Error', message: String(e), phase };
}

function emptyPending(): PendingUpdates {
  return { batches: [], epochs: [], data: null };
}

export function createRunSlice(deps: RunDeps): StateCreator<LabState, [], [], RunSlice> {
  return (set, get) => {
    const checkpoints = deps.checkpoints ?? memoryCheckpointStore();
    /** The checkpoint on offer, kept here (its weights stay out of the store's state). */
    let offered: Checkpoint | undefined;
    /** Whether a failed checkpoint write has been reported in this run (once is enough). */
    let checkpointWarned = false;
    let handle: RunHandle | null = null;
    let pending = emptyPending();
    let flushScheduled = false;

    function flush() {
      flushScheduled = false;
      const updates = pending;
      pending = emptyPending();
      get().applyUpdates(updates);
      // The first batch or epoch ends the preparing phase (backend, data, model build).
      if (get().status === 'preparing' && (updates.batches.length > 0 || updates.epochs.length > 0)) {
        set({ status: 'training' });
      }
    }

    function queue(add: (p: PendingUpdates) => void) {
      add(pending);
      if (!flushScheduled) {
        flushScheduled = true;
        deps.schedule(flush);
      }
    }

    /** Where a failure happened: before the model summary, an IMDB run is still loading its data. */
    function phaseOf(config: RunConfig): RunError['phase'] {
      return get().summary === null && SCENARIOS[config.scenario].data.kind === 'imdb' ? 'data' : 'train';
    }

    function finish(runId: number, config: RunConfig, outcome: { result: RunResult } | { error: unknown }) {
      if (get().runId !== runId) return;
      // Apply the last buffered updates now, so the final epoch is on the charts.
      flush();
      handle = null;
      if ('error' in outcome) {
        // The checkpoint stays, and is offered at once (a crashed worker, a lost GPU): the next
        // Train starts a fresh worker, and the run can continue where it was.
        set({ status: 'error', error: toRunError(outcome.error, phaseOf(config)) });
        void get().findCheckpoint();
        return;
      }
      const { result } = outcome;
      // Finished or stopped on purpose: nothing to resume.
      void checkpoints.clear().catch(() => undefined);
      get().setResult(result);
      if (result.reason === 'nan') {
        set({
          status: 'error',
          error: {
            name: 'NaN loss',
            message: result.message ?? 'The loss became NaN. Try a lower learning rate.',
            phase: 'train',
          },
        });
      } else {
        set({ status: 'done' });
      }
    }

    return {
      status: 'idle',
      runId: 0,
      runConfig: null,
      error: null,
      plan: null,
      notices: [],
      checkpointOffer: null,

      async findCheckpoint() {
        const found = await checkpoints.latest().catch(() => undefined);
        // Only a checkpoint whose settings still make a valid run is worth offering.
        if (!found || validateConfig(found.config).length > 0 || found.epoch >= found.config.hp.epochs) return;
        offered = found;
        // The typed trainer (and tfjs on a CPU backend) continue to the bit; a GPU adds in its own order.
        const exact = !found.candidate || found.candidate.trainer === 'typed' || found.candidate.backend === 'cpu' || found.candidate.backend === 'wasm';
        set({ checkpointOffer: { scenario: found.config.scenario, epoch: found.epoch, epochs: found.config.hp.epochs, exact } });
      },

      async resumeFromCheckpoint() {
        const checkpoint = offered;
        if (!checkpoint || isRunActive(get())) return;
        offered = undefined;
        set({ checkpointOffer: null });
        get().loadConfig(checkpoint.config);
        get().startRun({ resumeFrom: checkpoint });
      },

      discardCheckpoint() {
        offered = undefined;
        set({ checkpointOffer: null });
        void checkpoints.clear().catch(() => undefined);
      },

      startRun(options: RunOptions = {}) {
        const state = get();
        if (!canTrain(state)) return;
        if (!options.resumeFrom && offered) {
          // A new run replaces the unfinished one.
          offered = undefined;
          set({ checkpointOffer: null });
        }
        checkpointWarned = false;
        // A new Train replaces the previous run and its charts.
        handle?.stop();
        handle = null;
        pending = emptyPending();
        const runId = state.runId + 1;
        const config: RunConfig = { scenario: state.config.scenario, hp: { ...state.config.hp } };
        state.resetResults();
        set({ runId, runConfig: config, status: 'preparing', error: null, plan: null });

        const live = () => get().runId === runId;
        let started: RunHandle;
        try {
          started = deps.engine.train(config, {
            onPlan: (plan) => live() && set({ plan }),
            onData: (progress) => live() && queue((p) => { p.data = progress; }),
            onPreview: (preview) => live() && get().setPreview(preview),
            onSummary: (summary) => live() && get().setSummary(summary),
            onBatch: (update) => live() && queue((p) => { p.batches.push(update); }),
            onEpoch: (update) => live() && queue((p) => { p.epochs.push(update); }),
            onCheckpoint: (checkpoint) => {
              if (!live()) return;
              checkpoints.save(checkpoint).catch((e: unknown) => {
                if (checkpointWarned || !live()) return;
                checkpointWarned = true;
                const why = e instanceof Error ? e.message : String(e);
                get().addNotice(`This run's progress could not be saved for resuming after a reload (${why}). Training goes on unaffected.`);
              });
            },
          }, options);
        } catch (e) {
          set({ status: 'error', error: toRunError(e, 'train') });
          return;
        }
        if (!live()) {
          // A callback started another run synchronously (not expected, but cheap to honour).
          started.stop();
          return;
        }
        handle = started;
        started.done.then(
          (result) => finish(runId, config, { result }),
          (error: unknown) => finish(runId, config, { error }),
        );
      },

      pauseRun() {
        const { status } = get();
        if (!handle || (status !== 'training' && status !== 'preparing')) return;
        handle.pause();
        set({ status: 'paused' });
      },

      resumeRun() {
        if (!handle || get().status !== 'paused') return;
        handle.resume();
        set({ status: get().lastBatch || get().epochs.length > 0 ? 'training' : 'preparing' });
      },

      stopRun() {
        if (!handle || !isRunActive(get()) || get().status === 'stopping') return;
        handle.stop();
        set({ status: 'stopping' });
      },

      leaveRun() {
        const state = get();
        if (state.runConfig === null && state.status === 'idle') return;
        handle?.stop();
        handle = null;
        pending = emptyPending();
        state.resetResults();
        // A new run id: callbacks and the outcome of the run being left are ignored from now on.
        set({ runId: state.runId + 1, runConfig: null, status: 'idle', error: null, plan: null });
      },

      addNotice(message) {
        const { notices } = get();
        if (notices[notices.length - 1] === message) return;
        set({ notices: [...notices, message] });
      },

      dismissNotice(index) {
        set({ notices: get().notices.filter((_, i) => i !== index) });
      },

      predict(request) {
        return deps.engine.predict(request);
      },

      inspect(request) {
        return deps.engine.inspect(request);
      },
    };
  };
}
