/**
 * The runs slice: kept runs (listed, renamed, deleted, opened, compared), the storage they use,
 * the model the page can try and download (the current run's, an opened run's or a loaded
 * file's), and what went wrong keeping them. Every run is recorded through `trackRun`
 * (`runRecording.ts`), which the store wires into the engine.
 */
import type { StateCreator } from 'zustand/vanilla';
import { validateConfig, type RunConfig } from '../config/runConfig';
import type { ModelSnapshot, TrainingEngine } from '../engine/types';
import type { KeptModel, RunRecord, RunStore } from '../platform/runStore';
import type { LabState, RunsSlice, ShownModel } from './labState';
import { startRecording } from './runRecording';
import { isRunActive } from './selectors';

export interface RunsDeps {
  store: RunStore;
  engine: TrainingEngine;
  now?: () => number;
  newId?: () => string;
}

/** "Free space" keeps the weights of this many newest runs (and every run's curves). */
export const KEEP_MODELS = 3;

/** A failed write or read, in words for the user. */
export function storageProblem(e: unknown, what: 'save' | 'read' | 'change'): string {
  const name = e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
  const detail = e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  if (name === 'QuotaExceededError') {
    return 'The browser’s storage for this site is full, so this run is not kept. It goes on training, and its curves and model stay on this page: download them, and make room by deleting old runs or with Free space.';
  }
  const action = { save: 'This run could not be kept in the browser’s storage', read: 'Kept runs could not be read', change: 'The kept run could not be changed' }[what];
  return `${action} (${detail || name || 'unknown error'}). Private browsing can block it. ${what === 'save' ? 'The run goes on training and stays on this page.' : ''}`.trim();
}

const upsert = (runs: RunRecord[], record: RunRecord): RunRecord[] =>
  [record, ...runs.filter((r) => r.id !== record.id)].sort((a, b) => b.startedAt - a.startedAt);

const snapshotOf = (model: KeptModel): ModelSnapshot => ({ ...model, final: true });

/** The configuration a kept or loaded model is opened with, keeping this machine's backend and trainer choices. */
function onThisMachine(config: RunConfig, current: RunConfig): RunConfig {
  return { scenario: config.scenario, hp: { ...config.hp, backend: current.hp.backend, trainer: current.hp.trainer } };
}

export function createRunsSlice(deps: RunsDeps): StateCreator<LabState, [], [], RunsSlice> {
  const { store } = deps;
  return (set, get) => {
    const comparedOf = (runs: RunRecord[], ids: string[]) => runs.filter((r) => ids.includes(r.id));

    async function refreshUsage() {
      try {
        set({ storage: await store.usage() });
      } catch {
        // The figure is a nicety; the list's own errors are reported by refreshRuns.
      }
    }

    /** Shows a model in the panels and gives it to "try the model". */
    function show(model: KeptModel, shown: Omit<ShownModel, 'model' | 'labRunId'>) {
      deps.engine.loadModel?.(snapshotOf(model));
      set({ model: { model, labRunId: get().runId, ...shown } });
    }

    return {
      runs: [],
      runsLoaded: false,
      storage: null,
      runsProblem: null,
      unsavedIds: [],
      model: null,
      opened: null,
      compareIds: [],
      compared: [],

      trackRun(config, run) {
        const labRunId = get().runId;
        // The record a resumed run continues (cut off by a reload, a crash or a lost GPU): its own, by id.
        const continues = run.resumed ? get().runs.find((r) => r.id === run.id) : undefined;
        const tracker = startRecording(config, {
          store,
          continues,
          now: deps.now,
          newId: () => run.id,
          events: {
            onSaved: (record) => {
              const unsavedIds = get().unsavedIds.filter((id) => id !== record.id);
              set({ runs: upsert(get().runs, record), unsavedIds, ...(unsavedIds.length === 0 ? { runsProblem: null } : {}) });
              if (record.outcome !== 'running') void refreshUsage();
            },
            onError: (record, e) => {
              const unsavedIds = get().unsavedIds.includes(record.id) ? get().unsavedIds : [...get().unsavedIds, record.id];
              set({ runs: upsert(get().runs, record), unsavedIds, runsProblem: storageProblem(e, 'save') });
            },
            onModel: (model, id) => {
              // The run's own weights already answer "try the model"; these are for downloads.
              if (get().runId === labRunId) set({ model: { model, labRunId, source: 'run', runId: id, name: config.scenario } });
            },
          },
        });
        // A new run is what the charts show.
        set({ compareIds: [], compared: [], opened: null });
        return tracker;
      },

      async refreshRuns() {
        try {
          const runs = await store.list();
          set({ runs, runsLoaded: true, compared: comparedOf(runs, get().compareIds) });
        } catch (e) {
          set({ runsLoaded: true, runsProblem: storageProblem(e, 'read') });
        }
        await refreshUsage();
      },

      async renameRun(id, name) {
        const trimmed = name.trim();
        const record = get().runs.find((r) => r.id === id);
        if (!record || !trimmed || trimmed === record.name) return;
        const renamed = { ...record, name: trimmed };
        set({ runs: upsert(get().runs, renamed), compared: comparedOf(upsert(get().runs, renamed), get().compareIds) });
        try {
          const stored = await store.get(id);
          if (stored) await store.put({ ...stored, name: trimmed });
        } catch (e) {
          set({ runsProblem: storageProblem(e, 'change') });
        }
      },

      async deleteRun(id) {
        try {
          await store.delete(id);
        } catch (e) {
          set({ runsProblem: storageProblem(e, 'change') });
          return;
        }
        // Its checkpoint goes with it.
        await get().discardCheckpoint(id);
        const runs = get().runs.filter((r) => r.id !== id);
        const compareIds = get().compareIds.filter((c) => c !== id);
        set({ runs, compareIds, compared: comparedOf(runs, compareIds), unsavedIds: get().unsavedIds.filter((u) => u !== id) });
        await refreshUsage();
      },

      async openRun(id) {
        if (isRunActive(get())) return;
        let record: RunRecord | undefined;
        let kept: KeptModel | undefined;
        try {
          record = (await store.get(id)) ?? get().runs.find((r) => r.id === id);
          kept = record?.hasModel ? await store.getModel(id) : undefined;
        } catch (e) {
          record = get().runs.find((r) => r.id === id);
          set({ runsProblem: storageProblem(e, 'read') });
        }
        if (!record || isRunActive(get())) return;
        get().leaveRun();
        const config = onThisMachine(record.config, get().config);
        const batches = record.batches;
        set({
          config, drafts: {}, fieldErrors: {}, configProblems: validateConfig(config),
          runConfig: record.config,
          status: 'done',
          plan: record.plan ?? null,
          epochs: record.epochs,
          batchSeries: { kept: batches, plotted: batches, stride: record.batchStride, seen: batches.length, ema: 0 },
          lastBatch: null,
          summary: record.summary ?? null,
          result: record.result ?? { reason: 'stopped', epochsDone: record.epochs.length, last: record.epochs[record.epochs.length - 1] },
          evaluation: record.result?.evaluation ?? null,
          compareIds: [],
          compared: [],
          model: null,
          opened: { runId: id, labRunId: get().runId },
        });
        if (kept) show(kept, { source: 'kept', runId: id, name: record.name });
      },

      openModel({ config, model, name }) {
        if (isRunActive(get())) return;
        get().leaveRun();
        const next = onThisMachine(config, get().config);
        set({
          config: next, drafts: {}, fieldErrors: {}, configProblems: validateConfig(next),
          runConfig: config,
          compareIds: [],
          compared: [],
          opened: null,
        });
        show({ ...model, config }, { source: 'file', name });
      },

      toggleCompare(id) {
        const ids = get().compareIds;
        const compareIds = ids.includes(id) ? ids.filter((c) => c !== id) : [...ids, id];
        set({ compareIds, compared: comparedOf(get().runs, compareIds) });
      },

      clearCompare() {
        set({ compareIds: [], compared: [] });
      },

      async freeSpace() {
        const shown = get().model?.runId;
        const withModels = get().runs.filter((r) => r.hasModel && r.outcome !== 'running');
        const evict = withModels.slice(KEEP_MODELS).filter((r) => r.id !== shown);
        let runs = get().runs;
        for (const record of evict) {
          const evicted = { ...record, hasModel: false, modelBytes: 0 };
          try {
            await store.deleteModel(record.id);
            await store.put(evicted);
          } catch (e) {
            set({ runsProblem: storageProblem(e, 'change') });
            break;
          }
          runs = upsert(runs, evicted);
        }
        set({ runs, compared: comparedOf(runs, get().compareIds) });
        await refreshUsage();
      },

      dismissRunsProblem() {
        set({ runsProblem: null });
      },
    };
  };
}
