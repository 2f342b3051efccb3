/**
 * Kept runs: one record per training run (its configuration, curves, evaluation, plan and
 * timings) and, stored apart so they can be evicted on their own, its trained weights. In the
 * browser they live in IndexedDB through `idb`; tests and browsers without IndexedDB use the
 * in-memory store, which behaves the same.
 *
 * Writes are not caught here: a failed one (a full quota, private mode) rejects, and the caller
 * says so to the user while the run goes on (`state/runRecording.ts`).
 *
 * Reads are checked (`runRecordSchema.ts`): whatever another version of the app, or anything else
 * on this origin, left in the database comes back either typed or as a damaged entry with one
 * sentence saying what is wrong, never as a value that breaks the page later.
 */
import type { DBSchema } from 'idb';
import type { RunConfig } from '../config/runConfig';
import type { GeneratedSamples } from '../engine/charText/generateText';
import type { EpochUpdate, ModelSnapshot, ModelSummary, Plan, RunResult } from '../engine/types';
import type { ScenarioId } from '../scenarios';
import type { BatchPoint } from '../state/batchSeries';
import { idbConnection, readAll, readKey } from './idbConnection';
import { checkKeptModel, checkRunRecord } from './runRecordSchema';

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
  /**
   * Why a finished run has no kept weights: removed by Free space (its curves kept), or their
   * write failed. Absent while it has them, and in records written before this was kept (those
   * lost theirs to Free space).
   */
  modelGone?: ModelGone;
  /** A run on a text: what it wrote after each epoch, the newest `MAX_TEXT_SAMPLES` epochs' (absent otherwise). */
  textSamples?: GeneratedSamples[];
}

/** Epochs of generated text a text run's record keeps (each a few hundred characters per temperature). */
export const MAX_TEXT_SAMPLES = 50;

/** Why a run's trained weights are not kept: `freed` by Free space, or `not-kept` because storage failed. */
export type ModelGone = 'freed' | 'not-kept';

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

/** An IndexedDB key: a damaged record's may be anything IndexedDB accepts, not only a string id. */
export type RecordKey = IDBValidKey;

/** A stored record that is not a run record this app can use: shown as damaged, to delete or export. */
export interface DamagedRecord {
  /** Its key in the database, to delete it by. */
  key: RecordKey;
  /** Its id, where it has a string one. */
  id?: string;
  /** What is wrong with it, in one sentence. */
  problem: string;
  /** The stored value as read, for exporting. */
  raw: unknown;
}

/** Every stored record: the good ones newest first, and apart from them the damaged ones. */
export interface RunListing {
  runs: RunRecord[];
  damaged: DamagedRecord[];
}

/** A record or kept model that was read but cannot be used; the message is one sentence saying why. */
export class DamagedEntryError extends Error {
  override readonly name = 'DamagedEntryError';
}

export interface RunStore {
  /** Every record: good ones newest first, damaged ones apart. */
  list(): Promise<RunListing>;
  /** The record, or undefined without one; rejects with `DamagedEntryError` for a damaged one. */
  get(id: string): Promise<RunRecord | undefined>;
  put(record: RunRecord): Promise<void>;
  /** Removes the record (a damaged one by its key) and its weights. */
  delete(key: RecordKey): Promise<void>;
  putModel(id: string, model: KeptModel): Promise<void>;
  /** The kept weights, or undefined without; rejects with `DamagedEntryError` when they cannot be used. */
  getModel(id: string): Promise<KeptModel | undefined>;
  deleteModel(id: string): Promise<void>;
  usage(): Promise<StorageUse>;
  /**
   * Calls `listener` when the browser closed the database under the page (site data cleared, the
   * database deleted): what was listed may be gone. The next operation opens it again. Returns the
   * unsubscribe function.
   */
  onLost(listener: () => void): () => void;
}

/** Bytes a model's weights take (float32). */
export function modelBytes(model: Pick<KeptModel, 'weights'>): number {
  return model.weights.reduce((sum, w) => sum + w.values.byteLength, 0);
}

/** The length of a value as JSON, or 0 for one JSON cannot write (a damaged record holding a BigInt). */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return 0;
  }
}

/** Our own count of what the kept runs take: records as JSON text, weights as their floats. */
export function runsBytes(records: readonly unknown[]): number {
  return records.reduce<number>((sum, r) => {
    const weights = r && typeof r === 'object' && 'modelBytes' in r && typeof r.modelBytes === 'number' && Number.isFinite(r.modelBytes) ? r.modelBytes : 0;
    return sum + jsonLength(r) + weights;
  }, 0);
}

const byNewest = (a: RunRecord, b: RunRecord) => b.startedAt - a.startedAt;

/** Sorts stored entries into good records (checked, newest first) and damaged ones. */
export function listingOf(entries: Iterable<readonly [RecordKey, unknown]>): RunListing {
  const runs: RunRecord[] = [];
  const damaged: DamagedRecord[] = [];
  for (const [key, raw] of entries) {
    const checked = checkRunRecord(raw);
    const problem = recordProblem(key, checked);
    if (problem === null && checked.ok) {
      runs.push(checked.value);
      continue;
    }
    const id = typeof key === 'string' ? key : undefined;
    damaged.push({ key, ...(id !== undefined ? { id } : {}), problem: problem ?? '', raw });
  }
  return { runs: runs.sort(byNewest), damaged };
}

/** The one sentence for a stored record that is not a good one under `key`, or null for a good one. */
function recordProblem(key: RecordKey, checked: ReturnType<typeof checkRunRecord>): string | null {
  if (!checked.ok) return checked.problem;
  // A record stored under a key other than its own id is not one this app wrote.
  return checked.value.id === key ? null : 'This run record’s id differs from the key it is stored under.';
}

function checkedRecord(key: RecordKey, raw: unknown): RunRecord | undefined {
  if (raw === undefined) return undefined;
  const checked = checkRunRecord(raw);
  const problem = recordProblem(key, checked);
  if (problem !== null || !checked.ok) throw new DamagedEntryError(problem ?? '');
  return checked.value;
}

function checkedModel(raw: unknown): KeptModel | undefined {
  if (raw === undefined) return undefined;
  const checked = checkKeptModel(raw);
  if (!checked.ok) throw new DamagedEntryError(checked.problem);
  return checked.value;
}

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

/** What a memory store starts with: raw entries, as another version of the app could have left them (for tests). */
export interface MemorySeed {
  records?: Iterable<readonly [RecordKey, unknown]>;
  models?: Iterable<readonly [string, unknown]>;
}

/**
 * A store in this page's memory: for tests, and where IndexedDB cannot be opened. Copies on the
 * way in and out and checks what it reads, as the IndexedDB store does. Keys are compared as
 * IndexedDB compares them for strings and numbers (by value).
 */
export function memoryRunStore(seed: MemorySeed = {}): RunStore {
  const records = new Map<RecordKey, unknown>(seed.records);
  const models = new Map<string, unknown>(seed.models);
  return {
    async list() {
      return listingOf([...records].map(([k, v]) => [k, structuredClone(v)] as const));
    },
    async get(id) {
      return checkedRecord(id, structuredClone(records.get(id)));
    },
    async put(record) {
      records.set(record.id, structuredClone(record));
    },
    async delete(key) {
      records.delete(key);
      if (typeof key === 'string') models.delete(key);
    },
    async putModel(id, model) {
      models.set(id, structuredClone(model));
    },
    async getModel(id) {
      return checkedModel(structuredClone(models.get(id)));
    },
    async deleteModel(id) {
      models.delete(id);
    },
    async usage() {
      return { runsBytes: runsBytes([...records.values()]) };
    },
    onLost() {
      return () => {};
    },
  };
}

const DB_NAME = 'lstm-lab-runs';
const RUNS = 'runs';
const MODELS = 'models';

/** What the database holds, as written; reads are checked before use, so values are `unknown` until then. */
interface RunsDb extends DBSchema {
  [RUNS]: { key: string; value: unknown };
  [MODELS]: { key: string; value: unknown };
}

/** Runs in IndexedDB: records in one object store, weights in another (keyed by the run's id). */
export function idbRunStore(name = DB_NAME): RunStore {
  // Reopened when the browser closes it (site data cleared with the page open): `idbConnection.ts`.
  const { use, onLost } = idbConnection<RunsDb>(name, (d) => {
    d.createObjectStore(RUNS, { keyPath: 'id' });
    d.createObjectStore(MODELS);
  });
  return {
    async list() {
      return use(async (d) => {
        const tx = d.transaction(RUNS);
        const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
        return listingOf(keys.map((k, i) => [k, values[i]] as const));
      });
    },
    async get(id) {
      return checkedRecord(id, await use((d) => readKey(d, RUNS, id)));
    },
    async put(record) {
      await use((d) => d.put(RUNS, record));
    },
    async delete(key) {
      await use(async (d) => {
        const tx = d.transaction([RUNS, MODELS], 'readwrite');
        // The typed key is a string; a damaged record's may be any IndexedDB key.
        const k = key as string;
        await Promise.all([tx.objectStore(RUNS).delete(k), tx.objectStore(MODELS).delete(k), tx.done]);
      });
    },
    async putModel(id, model) {
      await use((d) => d.put(MODELS, model, id));
    },
    async getModel(id) {
      return checkedModel(await use((d) => readKey(d, MODELS, id)));
    },
    async deleteModel(id) {
      await use((d) => d.delete(MODELS, id));
    },
    async usage() {
      const records = await use((d) => readAll(d, RUNS));
      return { runsBytes: runsBytes(records), ...(await browserEstimate()) };
    },
    onLost,
  };
}
