/**
 * The runs slice: kept runs (listed, renamed, deleted, opened, compared), the storage they use,
 * the model the page can try and download (the current run's, an opened run's or a loaded
 * file's), and what went wrong keeping them. Every run is recorded through `trackRun`
 * (`runRecording.ts`), which the store wires into the engine.
 */
import type { StateCreator } from 'zustand/vanilla';
import { validateConfig, type RunConfig } from '../config/runConfig';
import type { ModelSnapshot, TrainingEngine } from '../engine/types';
import { memoryDatasetStore, type DatasetStore } from '../platform/datasetStore';
import { DamagedEntryError, type KeptModel, type RunRecord, type RunStore } from '../platform/runStore';
import type { LabState, RunsProblem, RunsSlice, ShownModel } from './labState';
import { startRecording } from './runRecording';
import { isRunActive } from './selectors';
import { cardOpener, userRunKind } from './userRunKinds';
import { keptKind, type UserRunKind } from '../engine/configModel';

export interface RunsDeps {
  store: RunStore;
  /** Where the user's datasets are kept, once each by hash (IndexedDB in the browser); this page's memory by default. */
  datasets?: DatasetStore;
  engine: TrainingEngine;
  now?: () => number;
}

/** "Free space" keeps the weights of this many newest runs (and every run's curves). */
export const KEEP_MODELS = 3;

/** Why a storage operation failed, as a clause ("this site’s storage is full…"). */
export function storageReason(e: unknown): string {
  const name = e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
  const detail = e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  if (name === 'QuotaExceededError') return 'this site’s storage is full: make room by deleting old runs or with Free space';
  return `${detail || name || 'unknown error'}; private browsing can block it`;
}

/** What failed: writing a run's record or its model, reading the kept runs, or changing one. */
export type StorageAction = 'save' | 'model' | 'read' | 'change';

/** A failed write or read, in one or two sentences for the user, naming the run where there is one. */
export function storageProblem(e: unknown, what: StorageAction, run?: string): string {
  const reason = storageReason(e);
  const named = run ? `“${run}”` : 'This run';
  switch (what) {
    case 'save':
      return `${named} could not be kept in the browser’s storage (${reason}). It goes on training, and its curves and model stay on this page: download what you want to keep.`;
    case 'model':
      return `The trained model of ${run ? named : 'this run'} was not kept (${reason}); its curves are kept. Download the model from this page before leaving it.`;
    case 'read':
      return `Kept runs could not be read (${reason}).`;
    case 'change':
      return `${run ? named : 'The kept run'} could not be changed (${reason}).`;
  }
}

/** Why an opened run has no model to try, in one sentence; undefined where "train for an epoch" is the answer. */
export function missingModelText(record: RunRecord): string | undefined {
  if (record.hasModel) return undefined;
  if (record.modelGone === 'not-kept') return 'This run’s trained model was not kept: storing it failed. Its curves are kept; train it again to try it.';
  if (record.outcome === 'running') return 'This run was cut off before its end, so no trained model was kept; resume it or train it again.';
  if (record.outcome === 'failed') return 'This run failed before its end, so no trained model was kept; train it again to try it.';
  // Records written before `modelGone` existed lost their weights to Free space only.
  if (record.modelGone === 'freed' || record.epochs.length > 0) return 'This run’s trained model was removed by Free space; its curves are kept. Train it again to try it.';
  return undefined;
}

const listedNames = (records: readonly RunRecord[]) => {
  const names = records.slice(0, 3).map((r) => `“${r.name}”`).join(', ');
  return records.length > 3 ? `${names} and ${records.length - 3} more` : names;
};

const upsert = (runs: RunRecord[], record: RunRecord): RunRecord[] =>
  [record, ...runs.filter((r) => r.id !== record.id)].sort((a, b) => b.startedAt - a.startedAt);

const snapshotOf = (model: KeptModel): ModelSnapshot => ({ ...model, final: true });

/** The configuration a kept or loaded model is opened with, keeping this machine's backend and trainer choices. */
function onThisMachine(config: RunConfig, current: RunConfig): RunConfig {
  return { scenario: config.scenario, hp: { ...config.hp, backend: current.hp.backend, trainer: current.hp.trainer } };
}

/** The problems with `problem` added, or in place of an older one with the same key. */
const withProblem = (problems: readonly RunsProblem[], problem: RunsProblem): RunsProblem[] =>
  problems.some((p) => p.key === problem.key) ? problems.map((p) => (p.key === problem.key ? problem : p)) : [...problems, problem];

export function createRunsSlice(deps: RunsDeps): StateCreator<LabState, [], [], RunsSlice> {
  const { store } = deps;
  const datasets = deps.datasets ?? memoryDatasetStore();
  return (set, get) => {
    // In the order they were ticked: a run ticked later is added after the others, which keep
    // their colour, legend place and chart column (listing order would shift them all when a
    // newer run is ticked).
    const comparedOf = (runs: RunRecord[], ids: string[]) =>
      ids.map((id) => runs.find((r) => r.id === id)).filter((r): r is RunRecord => r !== undefined);
    const report = (key: string, text: string) => set({ runsProblems: withProblem(get().runsProblems, { key, text }) });
    /** Runs this page is recording now: listed whatever the store says, their next write puts them back. */
    const live = new Set<string>();

    async function refreshUsage() {
      try {
        set({ storage: await store.usage() });
      } catch {
        // The figure is a nicety; the list's own errors are reported by refreshRuns.
      }
    }

    async function relistDatasets(): Promise<void> {
      try {
        set({ datasets: await datasets.list() });
      } catch (e) {
        report('datasets:read', `Kept datasets could not be read (${storageReason(e)}).`);
      }
    }

    /** Reads the list again; the records this page holds that storage lacks (live or unsaved) stay listed. */
    async function relist(): Promise<boolean> {
      try {
        const listing = await store.list();
        const pageOnly = get().runs.filter((r) => (live.has(r.id) || get().unsavedIds.includes(r.id)) && !listing.runs.some((k) => k.id === r.id));
        const runs = pageOnly.reduce(upsert, listing.runs);
        set({ runs, damagedRuns: listing.damaged, runsLoaded: true, compared: comparedOf(runs, get().compareIds) });
        await relistDatasets();
        return true;
      } catch (e) {
        set({ runsLoaded: true });
        report('read', storageProblem(e, 'read'));
        return false;
      }
    }

    // The browser closed the database under the page (site data cleared): the store opens it again
    // at the next operation; the list is read again and what went is named.
    store.onLost(() => {
      void (async () => {
        const before = get().runs.filter((r) => !live.has(r.id));
        if (!(await relist())) return;
        const gone = before.filter((r) => !get().runs.some((k) => k.id === r.id));
        // One clearing can close more than one connection: the first notice, which names what went, stands.
        if (gone.length === 0 && get().runsProblems.some((p) => p.key === 'lost')) return;
        const what = gone.length === 0 ? 'no kept run was lost' : `${gone.length === 1 ? '1 kept run is' : `${gone.length} kept runs are`} gone (${listedNames(gone)})`;
        report('lost', `The browser’s storage for this site was cleared while this page was open: ${what}. Runs are kept again from now on.`);
        await refreshUsage();
      })();
    });

  /** Records a run; `lab`: the tutorial panels' own run (its weights become the page's model to download). */
    function track(config: RunConfig, run: { id: string; resumed: boolean }, lab: boolean) {
      const labRunId = get().runId;
      // The record a resumed run continues (cut off by a reload, a crash or a lost GPU): its own, by id.
      const continues = run.resumed ? get().runs.find((r) => r.id === run.id) : undefined;
      const tracker = startRecording(config, {
        store,
        continues,
        now: deps.now,
        id: run.id,
        events: {
          onSaved: (record) => {
            if (record.outcome !== 'running') live.delete(record.id);
            const unsavedIds = get().unsavedIds.filter((id) => id !== record.id);
            // The notice of an earlier failed write stays until the user dismisses it.
            set({ runs: upsert(get().runs, record), unsavedIds });
            if (record.outcome !== 'running') void refreshUsage();
          },
          onError: (record, e, what) => {
            if (record.outcome !== 'running') live.delete(record.id);
            if (what === 'record') {
              const unsavedIds = get().unsavedIds.includes(record.id) ? get().unsavedIds : [...get().unsavedIds, record.id];
              set({ runs: upsert(get().runs, record), unsavedIds });
            } else {
              set({ runs: upsert(get().runs, record) });
            }
            report(`${record.id}:${what}`, storageProblem(e, what === 'record' ? 'save' : 'model', record.name));
          },
          onModel: (model, id) => {
            // The run's own weights already answer "try the model"; these are for downloads.
            if (lab && get().runId === labRunId) set({ model: { model, labRunId, source: 'run', runId: id, name: config.scenario } });
          },
        },
      });
      live.add(tracker.id);
      return tracker;
    }

    /** Shows a model in the panels and gives it to "try the model". */
    function show(model: KeptModel, shown: Omit<ShownModel, 'model' | 'labRunId'>) {
      deps.engine.loadModel?.(snapshotOf(model));
      set({ model: { model, labRunId: get().runId, ...shown } });
    }

    return {
      runs: [],
      runsLoaded: false,
      damagedRuns: [],
      storage: null,
      runsProblems: [],
      unsavedIds: [],
      model: null,
      opened: null,
      compareIds: [],
      compared: [],

      trackRun(config, run) {
        const tracker = track(config, run, true);
        // A new run is what the charts show.
        set({ compareIds: [], compared: [], opened: null });
        return tracker;
      },

      trackUserRun(config, run) {
        return track(config, run, false);
      },

      async refreshRuns() {
        await relist();
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
          report(`${id}:change`, e instanceof DamagedEntryError ? `“${record.name}” cannot be renamed: ${e.message}` : storageProblem(e, 'change', record.name));
          if (e instanceof DamagedEntryError) await relist();
        }
      },

      async deleteRun(id) {
        const record = get().runs.find((r) => r.id === id);
        try {
          await store.delete(id);
        } catch (e) {
          report(`${id}:change`, storageProblem(e, 'change', record?.name));
          return;
        }
        live.delete(id);
        // Its checkpoint goes with it.
        await get().discardCheckpoint(id);
        const runs = get().runs.filter((r) => r.id !== id);
        const compareIds = get().compareIds.filter((c) => c !== id);
        set({ runs, compareIds, compared: comparedOf(runs, compareIds), unsavedIds: get().unsavedIds.filter((u) => u !== id) });
        await refreshUsage();
      },

      async deleteDamaged(key) {
        try {
          await store.delete(key);
        } catch (e) {
          report('damaged:change', `The damaged record could not be deleted (${storageReason(e)}).`);
          return;
        }
        set({ damagedRuns: get().damagedRuns.filter((d) => d.key !== key) });
        await refreshUsage();
      },

      async openRun(id) {
        if (isRunActive(get())) return;
        let record: RunRecord | undefined;
        try {
          record = (await store.get(id)) ?? get().runs.find((r) => r.id === id);
        } catch (e) {
          if (e instanceof DamagedEntryError) {
            // Changed under the page (another tab, another version): listed as damaged from now on.
            const name = get().runs.find((r) => r.id === id)?.name;
            report(`${id}:record`, `${name ? `“${name}”` : 'The run'} cannot be opened: ${e.message}`);
            await relist();
            return;
          }
          record = get().runs.find((r) => r.id === id);
          report('read', storageProblem(e, 'read'));
        }
        if (!record) return;
        let kept: KeptModel | undefined;
        let modelMissing = missingModelText(record);
        if (record.hasModel) {
          try {
            kept = await store.getModel(id);
            if (!kept) modelMissing = 'This run’s trained model is no longer in the browser’s storage; its curves are kept. Train it again to try it.';
          } catch (e) {
            modelMissing = e instanceof DamagedEntryError
              ? `This run’s kept model cannot be used (${e.message.replace(/\.$/, '')}); its curves are kept. Train it again to try it.`
              : storageProblem(e, 'read');
          }
        }
        const data = record.config.data;
        if (data) {
          // A run of a user's data opens in its own card, which trains on an engine of its own: the tutorial panels stay as they are.
          const kind = userRunKind(data);
          if (!kind || !keptKind(data.task.kind)) {
            report(`${id}:record`, `“${record.name}” was trained on ${data.task.kind} data, which this version of the lab cannot open.`);
            return;
          }
          let datasetKept = false;
          try {
            datasetKept = (await datasets.get(data.hash)) !== undefined;
          } catch {
            // Unreadable storage reads as removed: the card says the data is gone and opens the curves.
          }
          (await cardOpener(data.task.kind as UserRunKind))({ record, data, ...(kept ? { model: kept } : {}), ...(kept || !modelMissing ? {} : { modelMissing }), datasetKept });
          return;
        }
        if (isRunActive(get())) return;
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
          opened: { runId: id, labRunId: get().runId, ...(kept || !modelMissing ? {} : { modelMissing }) },
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
          const evicted: RunRecord = { ...record, hasModel: false, modelBytes: 0, modelGone: 'freed' };
          try {
            await store.deleteModel(record.id);
            await store.put(evicted);
          } catch (e) {
            report(`${record.id}:change`, storageProblem(e, 'change', record.name));
            break;
          }
          runs = upsert(runs, evicted);
        }
        set({ runs, compared: comparedOf(runs, get().compareIds) });
        await refreshUsage();
      },

      datasets: [],

      async keepDataset(record, content) {
        try {
          // Stored once per hash: the same bytes trained again write nothing.
          if (!(await datasets.get(record.hash))) await datasets.put(record, content);
        } catch (e) {
          report(`dataset:${record.hash}`, `The data “${record.name}” could not be kept in the browser’s storage (${storageReason(e)}); its runs are kept, and opening one will ask for the file again.`);
          return;
        }
        await relistDatasets();
      },

      async deleteDataset(hash) {
        try {
          await datasets.delete(hash);
        } catch (e) {
          report(`dataset:${hash}`, `The data could not be removed (${storageReason(e)}).`);
          return;
        }
        set({ datasets: get().datasets.filter((d) => d.hash !== hash) });
        await refreshUsage();
      },

      datasetContent: (hash) => datasets.getContent(hash),

      dismissRunsProblem(key) {
        set({ runsProblems: get().runsProblems.filter((p) => p.key !== key) });
      },
    };
  };
}
