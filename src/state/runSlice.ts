/**
 * The run slice: starts, pauses, resumes and stops training through the injected engine, and turns
 * the engine's callbacks into store updates. Per-batch, per-epoch and data-progress callbacks are
 * buffered and applied together by `schedule`, so React renders a few times per second however
 * fast batches arrive.
 */
import type { StateCreator } from 'zustand/vanilla';
import { HP_KEYS } from '../config/hyperparams';
import type { RunConfig } from '../config/runConfig';
import type { Checkpoint, RunHandle, RunOptions, RunResult, TrainingEngine } from '../engine/types';
import { SCENARIOS } from '../scenarios';
import { continuedSeries } from './batchSeries';
import type { UserRunKind } from '../engine/configModel';
import { LEGACY_KEY, memoryCheckpointStore, type CheckpointStore, type StoredCheckpoint } from './checkpoints';
import type { Schedule } from './frameSchedule';
import type { LabState, PendingUpdates, ResumableRun, RunError, RunSlice, StartOptions } from './labState';
import { newRunId } from './runRecording';
import { memoryRunLocks, memoryTabRuns, type RunLocks, type TabRuns } from './runOwnership';
import { canTrain, isRunActive } from './selectors';
import { cardResumer, runTitle, userRunKind } from './userRunKinds';

export interface RunDeps {
  engine: TrainingEngine;
  schedule: Schedule;
  /** Where unfinished runs' checkpoints are kept (IndexedDB in the browser); this page's memory by default. */
  checkpoints?: CheckpointStore;
  /** One lock per run, shared by the origin's tabs (Web Locks in the browser); this page's by default. */
  locks?: RunLocks;
  /** The last run this tab trained, across its reloads (sessionStorage in the browser). */
  tabRuns?: TabRuns;
  /** Ids for new kept runs. */
  newRunId?: () => string;
}

const sameConfig = (a: RunConfig, b: RunConfig) => a.scenario === b.scenario && HP_KEYS.every((k) => a.hp[k] === b.hp[k]);

/** The typed trainer (and tfjs on a CPU backend) continue to the bit; a GPU adds in its own order. */
function isExact(checkpoint: Checkpoint): boolean {
  const c = checkpoint.candidate;
  return !c || c.trainer === 'typed' || c.backend === 'cpu' || c.backend === 'wasm';
}

function resumableOf(runId: string, checkpoint: Checkpoint): ResumableRun {
  return {
    runId, scenario: checkpoint.config.scenario, title: runTitle(checkpoint.config), epoch: checkpoint.epoch, epochs: checkpoint.config.hp.epochs,
    exact: isExact(checkpoint), validating: checkpoint.unvalidated !== undefined,
  };
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
    const locks = deps.locks ?? memoryRunLocks();
    const tabRuns = deps.tabRuns ?? memoryTabRuns();
    const makeRunId = deps.newRunId ?? newRunId;
    /** Whether a failed checkpoint write has been reported in this run (once is enough). */
    let checkpointWarned = false;
    /** Runs of a user's data whose failed checkpoint write was reported (once each). */
    const userCheckpointWarned = new Set<string>();
    /** Runs of a user's data this tab trains now (their cards' engines): their locks are this tab's own. */
    const userRunsHere = new Set<string>();
    /** Whether this page started a run: from then on, the banner offers only this tab's own unfinished run. */
    let startedHere = false;
    let handle: RunHandle | null = null;
    /** Whether the current run trained a batch or finished an epoch its checkpoint did not hold. */
    let currentProgressed: () => boolean = () => false;
    /** Releases the current run's lock (set once it is held). */
    let release: (() => void) | null = null;
    let pending = emptyPending();
    let flushScheduled = false;
    /** The look for checkpoints in progress (`findCheckpoints`). */
    let finding: Promise<void> = Promise.resolve();

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

    /** A run of a user's data this tab now trains, under its lock: returns the release, which also forgets it. */
    function ownUserRun(runId: string, lock: () => void): () => void {
      tabRuns.remember(runId);
      userRunsHere.add(runId);
      set({ userRunsTraining: [...userRunsHere] });
      return () => {
        userRunsHere.delete(runId);
        set({ userRunsTraining: [...userRunsHere] });
        lock();
      };
    }

    function releaseLock() {
      release?.();
      release = null;
    }

    /** Where a failure happened: before the model summary, an IMDB run is still loading its data. */
    function phaseOf(config: RunConfig): RunError['phase'] {
      return get().summary === null && SCENARIOS[config.scenario].data.kind === 'imdb' ? 'data' : 'train';
    }

    /** A run's name for messages: its kept record's, else its tutorial's. */
    function nameOf(runId: string, config?: RunConfig): string {
      const record = get().runs.find((r) => r.id === runId);
      return `“${record?.name ?? (config ? runTitle(config) : 'an unfinished run')}”`;
    }

    /**
     * The single checkpoint of earlier versions (no run id): moved once to the kept run it most
     * likely continues (the newest unfinished one of its settings) or to a run of its own, or
     * dropped with a message when it cannot be read.
     */
    async function adoptLegacy(stored: StoredCheckpoint[]): Promise<StoredCheckpoint[]> {
      const legacy = stored.find((s) => s.runId === LEGACY_KEY);
      if (!legacy) return stored;
      const rest = stored.filter((s) => s !== legacy);
      try {
        if ('checkpoint' in legacy) {
          const config = legacy.checkpoint.config;
          const record = get().runs.find((r) => (r.outcome === 'running' || r.outcome === 'failed') && sameConfig(r.config, config));
          const runId = record?.id ?? makeRunId();
          await checkpoints.save(runId, legacy.checkpoint);
          rest.push({ runId, checkpoint: legacy.checkpoint });
        } else {
          get().addNotice(`A checkpoint left by an earlier version of the lab could not be used and was dropped: ${legacy.problem}.`);
        }
        await checkpoints.delete(LEGACY_KEY);
      } catch {
        // Storage refused: it is read again next time.
      }
      return rest;
    }

    async function findCheckpoints(): Promise<void> {
      let stored: StoredCheckpoint[];
      try {
        stored = await checkpoints.list();
      } catch {
        // Storage cannot be read (private mode): nothing to offer.
        return;
      }
      // The records say which checkpoints belong to runs that ended, and name the rest.
      if (!get().runsLoaded) await get().refreshRuns();
      stored = await adoptLegacy(stored);
      const held = await locks.held().catch(() => new Set<string>());
      const { recordId } = get();
      const mine = isRunActive(get()) ? recordId : null;
      const ended = (id: string) => {
        const outcome = get().runs.find((r) => r.id === id)?.outcome;
        return outcome !== undefined && outcome !== 'running' && outcome !== 'failed';
      };
      const resumable: ResumableRun[] = [];
      const damagedCheckpoints: LabState['damagedCheckpoints'] = [];
      for (const s of stored) {
        if (s.runId === mine || held.has(s.runId) || userRunsHere.has(s.runId)) continue;
        if (ended(s.runId)) {
          // Left behind by a run that ended after all (stopped while its last write was on its way).
          void checkpoints.delete(s.runId).catch(() => undefined);
        } else if ('checkpoint' in s) {
          resumable.push(resumableOf(s.runId, s.checkpoint));
        } else {
          damagedCheckpoints.push({ runId: s.runId, message: `The checkpoint of ${nameOf(s.runId)} cannot be resumed: ${s.problem}.` });
        }
      }
      const startedAt = (id: string) => get().runs.find((r) => r.id === id)?.startedAt ?? 0;
      resumable.sort((a, b) => startedAt(b.runId) - startedAt(a.runId));
      const own = tabRuns.last();
      // The banner offers this tab's own unfinished run; before this page trained, the newest.
      const offer = resumable.find((r) => r.runId === own) ?? (startedHere ? undefined : resumable[0]);
      set({
        resumable, damagedCheckpoints,
        checkpointOffer: isRunActive(get()) ? null : offer ?? null,
        trainingElsewhere: [...held].filter((id) => id !== mine && !userRunsHere.has(id)),
      });
    }

    function finish(
      runId: number, recordId: string, config: RunConfig, resumed: Checkpoint | undefined, progressed: () => boolean,
      outcome: { result: RunResult } | { error: unknown },
    ) {
      if (get().runId !== runId) return;
      // Apply the last buffered updates now, so the final epoch is on the charts.
      flush();
      handle = null;
      releaseLock();
      // A resumed run that failed or was stopped before it trained a batch or finished an epoch
      // changed nothing: its record and checkpoint stay as they were (`runRecording.ts` leaves the
      // record alone too).
      const untouched = resumed !== undefined && !progressed();
      if ('error' in outcome) {
        const error = toRunError(outcome.error, untouched ? 'resume' : phaseOf(config));
        if (untouched) {
          // The first sentence says why; the loader's advice after it (rebuild, press Retry) is for a new run.
          const why = error.message.split(/(?<=\.)\s+(?=[A-Z`])/)[0].replace(/\.$/, '');
          const where = resumed.unvalidated ? `at epoch ${resumed.epoch + 1}’s validation` : `from epoch ${resumed.epoch}`;
          error.message = `Resuming ${nameOf(recordId, config)} ${where} failed: ${why}. The run and its checkpoint are kept as they were: resume it again once that is fixed.`;
        }
        // The checkpoint stays, and is offered at once (a crashed worker, a lost GPU): the next
        // Train starts a fresh worker, and the run can continue where it was.
        set({ status: 'error', error });
        void get().findCheckpoints();
        return;
      }
      const { result } = outcome;
      // Finished or stopped on purpose: nothing to resume.
      if (untouched) void get().findCheckpoints();
      else void get().discardCheckpoint(recordId);
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

    /** Starts a run recorded as `recordId` (new, or the resumed one); `lock`: its lock, already held. */
    function begin(options: StartOptions, recordId: string, lock: (() => void) | null) {
      const state = get();
      if (!canTrain(state)) {
        lock?.();
        return;
      }
      // What the engine is given (the record id is the host's).
      const { resumeFrom: resumed, initialWeights } = options;
      const runOptions: RunOptions = { ...(initialWeights ? { initialWeights } : {}), ...(resumed ? { resumeFrom: resumed } : {}) };
      startedHere = true;
      tabRuns.remember(recordId);
      checkpointWarned = false;
      // A new Train replaces the previous run and its charts.
      handle?.stop();
      handle = null;
      releaseLock();
      pending = emptyPending();
      const runId = state.runId + 1;
      const config: RunConfig = { scenario: state.config.scenario, hp: { ...state.config.hp } };
      state.resetResults();
      const continued = resumed ? state.runs.find((r) => r.id === recordId) : undefined;
      set({
        runId, recordId, runConfig: config, status: 'preparing', error: null, plan: null, checkpointOffer: null,
        resumable: state.resumable.filter((r) => r.runId !== recordId),
        // A resumed run's loss curve goes on from its kept one.
        ...(continued && continued.batches.length > 0 ? { batchSeries: continuedSeries(continued.batches, continued.batchStride) } : {}),
      });

      const live = () => get().runId === runId;
      /** Whether the run trained a batch or finished an epoch its checkpoint did not hold (a resume that only validates has no batch). */
      let moved = !resumed;
      const progressed = () => moved;
      currentProgressed = progressed;
      // The run trains in this tab only: its lock is held until it ends.
      if (lock) release = lock;
      else {
        void locks.acquire(recordId).then((r) => {
          if (r && live() && isRunActive(get())) release = r;
          else r?.();
        });
      }
      let started: RunHandle;
      try {
        started = deps.engine.train(config, {
          onPlan: (plan) => live() && set({ plan }),
          onData: (progress) => live() && queue((p) => { p.data = progress; }),
          onPreview: (preview) => live() && get().setPreview(preview),
          onSummary: (summary) => live() && get().setSummary(summary),
          onBatch: (update) => {
            moved = true;
            if (live()) queue((p) => { p.batches.push(update); });
          },
          onEpoch: (update) => {
            if (resumed && update.epoch > resumed.epoch) moved = true;
            if (live()) queue((p) => { p.epochs.push(update); });
          },
          onCheckpoint: (checkpoint) => {
            if (!live()) return;
            checkpoints.save(recordId, checkpoint).catch((e: unknown) => {
              if (checkpointWarned || !live()) return;
              checkpointWarned = true;
              const why = e instanceof Error ? e.message : String(e);
              get().addNotice(`This run's progress could not be saved for resuming after a reload (${why}). Training goes on unaffected.`);
            });
          },
        }, runOptions);
      } catch (e) {
        releaseLock();
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
        (result) => finish(runId, recordId, config, resumed, progressed, { result }),
        (error: unknown) => finish(runId, recordId, config, resumed, progressed, { error }),
      );
    }

    return {
      status: 'idle',
      runId: 0,
      recordId: null,
      runConfig: null,
      error: null,
      plan: null,
      notices: [],
      resumable: [],
      checkpointOffer: null,
      damagedCheckpoints: [],
      userRunsTraining: [],
      trainingElsewhere: [],

      findCheckpoints() {
        // One look at a time, in order: two at once (startup, a run's end, the tab shown again)
        // could adopt the old slot twice or leave the older answer last.
        finding = finding.then(findCheckpoints, findCheckpoints);
        return finding;
      },

      async resumeFromCheckpoint(runId = get().checkpointOffer?.runId) {
        if (!runId || isRunActive(get())) return;
        const lock = await locks.acquire(runId);
        if (!lock) {
          get().addNotice(`${nameOf(runId)} is training in another tab: it can be resumed there, or here once that tab is closed.`);
          await get().findCheckpoints();
          return;
        }
        let stored: StoredCheckpoint | undefined;
        try {
          stored = await checkpoints.get(runId);
        } catch (e) {
          stored = { runId, problem: `it could not be read (${e instanceof Error ? e.message : String(e)})` };
        }
        if (!stored || 'problem' in stored || isRunActive(get())) {
          lock();
          if (stored && 'problem' in stored) get().addNotice(`The checkpoint of ${nameOf(runId)} cannot be resumed: ${stored.problem}.`);
          await get().findCheckpoints();
          return;
        }
        // The record it continues must be at hand (a resume right after the page opened).
        if (!get().runsLoaded) await get().refreshRuns();
        const data = stored.checkpoint.config.data;
        if (data) {
          // A run of a user's data resumes in its own card, on its engine; the lock goes with it.
          const kind = userRunKind(data);
          if (!kind) {
            lock();
            get().addNotice(`${nameOf(runId)} was trained on ${data.task.kind} data, which this version of the lab cannot resume.`);
            return;
          }
          // Offered no more while it trains here; listed as training.
          const { checkpointOffer, resumable } = get();
          set({ checkpointOffer: checkpointOffer?.runId === runId ? null : checkpointOffer, resumable: resumable.filter((r) => r.runId !== runId) });
          (await cardResumer(data.task.kind as UserRunKind))({ runId, checkpoint: stored.checkpoint, release: ownUserRun(runId, lock) });
          return;
        }
        get().loadConfig(stored.checkpoint.config);
        begin({ resumeFrom: stored.checkpoint }, runId, lock);
      },

      async discardCheckpoint(runId = get().checkpointOffer?.runId) {
        if (!runId) return;
        const { resumable, damagedCheckpoints, checkpointOffer } = get();
        set({
          resumable: resumable.filter((r) => r.runId !== runId),
          damagedCheckpoints: damagedCheckpoints.filter((d) => d.runId !== runId),
          checkpointOffer: checkpointOffer?.runId === runId ? null : checkpointOffer,
        });
        await checkpoints.delete(runId).catch(() => undefined);
      },

      async holdUserRun(runId) {
        const lock = await locks.acquire(runId);
        return lock ? ownUserRun(runId, lock) : null;
      },

      async keepUserCheckpoint(runId, checkpoint) {
        try {
          await checkpoints.save(runId, checkpoint);
        } catch (e) {
          if (userCheckpointWarned.has(runId)) return;
          userCheckpointWarned.add(runId);
          const why = e instanceof Error ? e.message : String(e);
          get().addNotice(`The progress of ${nameOf(runId)} could not be saved for resuming after a reload (${why}). Training goes on unaffected.`);
        }
      },

      startRun(options: StartOptions = {}) {
        begin(options, options.runId ?? makeRunId(), null);
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
        if (isRunActive(state) && state.recordId) {
          // Leaving a run in progress stops it on purpose: nothing to resume (unless it was a resume
          // that had not trained yet, which changed nothing).
          if (currentProgressed()) void checkpoints.delete(state.recordId).catch(() => undefined);
        }
        handle?.stop();
        handle = null;
        releaseLock();
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
