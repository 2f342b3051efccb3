/**
 * Kept runs: one record per training run (its configuration, curves, evaluation, plan and
 * timings) and, stored apart so they can be evicted on their own, its trained weights. In the
 * browser they live in IndexedDB through `idb`; tests and browsers without IndexedDB use the
 * in-memory store, which behaves the same.
 *
 * Writes are not caught here: a failed one (a full quota, private mode) rejects, and the caller
 * says so to the user while the run goes on (`state/runRecording.ts`).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RunConfig } from '../config/runConfig';
import type { EpochUpdate, ModelSnapshot, ModelSummary, Plan, RunResult } from '../engine/types';
import type { ScenarioId } from '../scenarios';
import type { BatchPoint } from '../state/batchSeries';

/**
 * How a kept run ended. `running` is a run still being recorded, or one whose tab closed or
 * crashed mid-run (its last epoch-end write is what is left of it: the seam for resuming).
 */
export type RunOutcome = 'running' | 'completed' | 'stopped' | 'nan' | 'failed';

export interface RunRecord {
  id: string;
  /** Shown in the Runs panel; the user may rename it. */
  name: string;
  scenario: ScenarioId;
  /** The configuration it trained with: what its URL encodes. */
  config: RunConfig;
  /** Epoch ms when it started, and when it ended (absent while running). */
  startedAt: number;
  endedAt?: number;
  /** Time spent training, ms, across its resumes (a closed page's time never counts); absent in older records. */
  trainingMs?: number;
  outcome: RunOutcome;
  /** The engine's failure message, for a failed run. */
  error?: string;
  /** Per-epoch history, every epoch. */
  epochs: EpochUpdate[];
  /** The per-batch loss curve, thinned to at most `MAX_BATCH_POINTS` (every `batchStride`-th batch). */
  batches: BatchPoint[];
  batchStride: number;
  /** Outcome, best epoch and the final evaluation (with the confusion matrix for binary tasks). */
  result?: RunResult;
  /** Who trained it: trainer, backend, threads and why. */
  plan?: Plan;
  summary?: ModelSummary;
  /** Whether its trained weights are kept (`getModel`); false before the end and once evicted. */
  hasModel: boolean;
  /** Bytes of the kept weights (0 without). */
  modelBytes: number;
}

/** What the per-batch curve keeps per run: twice the live chart's points, enough to redraw it. */
export const MAX_BATCH_POINTS = 2000;

/** The trained model of a run: its final snapshot (the IMDB vocabulary cut to the words it uses). */
export type KeptModel = Pick<ModelSnapshot, 'config' | 'weights' | 'epoch' | 'vocabWords'>;

export interface StorageUse {
  /** Bytes the kept runs take, by our own count (records as JSON, weights as floats). */
  runsBytes: number;
  /** The browser's figures for this site (`navigator.storage.estimate`), where it gives them. */
  usage?: number;
  quota?: number;
}

export interface RunStore {
  /** Every record, newest first. */
  list(): Promise<RunRecord[]>;
  get(id: string): Promise<RunRecord | undefined>;
  put(record: RunRecord): Promise<void>;
  /** Removes the record and its weights. */
  delete(id: string): Promise<void>;
  putModel(id: string, model: KeptModel): Promise<void>;
  getModel(id: string): Promise<KeptModel | undefined>;
  deleteModel(id: string): Promise<void>;
  usage(): Promise<StorageUse>;
}

/** Bytes a model's weights take (float32). */
export function modelBytes(model: Pick<KeptModel, 'weights'>): number {
  return model.weights.reduce((sum, w) => sum + w.values.byteLength, 0);
}

/** Our own count of what the kept runs take: records as JSON text, weights as their floats. */
export function runsBytes(records: readonly RunRecord[]): number {
  return records.reduce((sum, r) => sum + JSON.stringify(r).length + r.modelBytes, 0);
}

const byNewest = (a: RunRecord, b: RunRecord) => b.startedAt - a.startedAt;

/** The browser's estimate of this site's storage, or nothing where it has none. */
async function browserEstimate(): Promise<Pick<StorageUse, 'usage' | 'quota'>> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.estimate) return {};
  try {
    const { usage, quota } = await storage.estimate();
    return { usage, quota };
  } catch {
    return {};
  }
}

/** A store in this page's memory: for tests, and where IndexedDB cannot be opened. Copies on the way in and out, as IndexedDB does. */
export function memoryRunStore(): RunStore {
  const records = new Map<string, RunRecord>();
  const models = new Map<string, KeptModel>();
  return {
    async list() {
      return [...records.values()].map((r) => structuredClone(r)).sort(byNewest);
    },
    async get(id) {
      const r = records.get(id);
      return r && structuredClone(r);
    },
    async put(record) {
      records.set(record.id, structuredClone(record));
    },
    async delete(id) {
      records.delete(id);
      models.delete(id);
    },
    async putModel(id, model) {
      models.set(id, structuredClone(model));
    },
    async getModel(id) {
      const m = models.get(id);
      return m && structuredClone(m);
    },
    async deleteModel(id) {
      models.delete(id);
    },
    async usage() {
      return { runsBytes: runsBytes([...records.values()]) };
    },
  };
}

const DB_NAME = 'lstm-lab-runs';
const RUNS = 'runs';
const MODELS = 'models';

interface RunsDb extends DBSchema {
  [RUNS]: { key: string; value: RunRecord };
  [MODELS]: { key: string; value: KeptModel };
}

/** Runs in IndexedDB: records in one object store, weights in another (keyed by the run's id). */
export function idbRunStore(name = DB_NAME): RunStore {
  let db: Promise<IDBPDatabase<RunsDb>> | undefined;
  const open = (): Promise<IDBPDatabase<RunsDb>> => {
    if (typeof indexedDB === 'undefined') return Promise.reject(new Error('This browser offers no IndexedDB here.'));
    db ??= openDB<RunsDb>(name, 1, {
      upgrade(d) {
        d.createObjectStore(RUNS, { keyPath: 'id' });
        d.createObjectStore(MODELS);
      },
    });
    // A failed open (private mode, say) is tried again next time rather than remembered.
    db.catch(() => (db = undefined));
    return db;
  };
  return {
    async list() {
      return (await (await open()).getAll(RUNS)).sort(byNewest);
    },
    async get(id) {
      return (await open()).get(RUNS, id);
    },
    async put(record) {
      await (await open()).put(RUNS, record);
    },
    async delete(id) {
      const tx = (await open()).transaction([RUNS, MODELS], 'readwrite');
      await Promise.all([tx.objectStore(RUNS).delete(id), tx.objectStore(MODELS).delete(id), tx.done]);
    },
    async putModel(id, model) {
      await (await open()).put(MODELS, model, id);
    },
    async getModel(id) {
      return (await open()).get(MODELS, id);
    },
    async deleteModel(id) {
      await (await open()).delete(MODELS, id);
    },
    async usage() {
      const records = await (await open()).getAll(RUNS);
      return { runsBytes: runsBytes(records), ...(await browserEstimate()) };
    },
  };
}
