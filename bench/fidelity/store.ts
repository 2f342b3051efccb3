/**
 * The results file: one entry per finished (variant, seed) run, saved the moment it finishes, so
 * an interrupted benchmark resumes where it stopped. The pure half (parse, merge, what is still to
 * run) is unit-tested; the I/O half writes through a temporary file and a rename, so the file on
 * disk is always either the old complete version or the new one.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HP_KEYS, type BackendName, type HyperParams, type TrainerKind } from '../../src/config/hyperparams';
import { isTutorialId } from '../../src/scenarios';
import { TUTORIAL_IDS, type TutorialId } from '../../src/scenarios/types';
import type { Evaluation, StopReason } from '../../src/engine/types';
import { runKey, type PlannedRun } from './plan';

/** Bump when an entry's meaning changes; entries of another version are dropped on load. */
export const STORE_VERSION = 1;

/** One epoch's figures, rounded for the file. */
export interface EpochRecord {
  loss: number;
  acc: number;
  valLoss?: number;
  valAcc?: number;
  /** Wall time of the epoch, seconds. */
  seconds: number;
}

/** One finished (variant, seed) run. Accuracies are fractions. */
export interface FidelityResult {
  scenario: TutorialId;
  seed: number;
  quick: boolean;
  /** Exactly what was trained. */
  hp: HyperParams;
  reason: StopReason;
  message?: string;
  /** The tfjs backend that actually ran (the request can fall back); none for the typed trainer. */
  backend?: BackendName;
  threads?: number;
  /** Who ran the optimizer steps. */
  trainer: TrainerKind;
  /** Threads that shared each batch, when more than one (the typed trainer with helper threads). */
  trainerThreads?: number;
  /** Which figure the tutorial published: validation/test accuracy or training accuracy. */
  metric: 'acc' | 'valAcc';
  published: number;
  /**
   * The tutorial's figure, ours: accuracy of the final weights on the set the tutorial evaluates
   * (test set for IMDB, validation split for trend, training data for alphabet). `null` when the
   * run ended in NaN and was not evaluated.
   */
  ours: number | null;
  evaluationSet?: Evaluation['set'];
  /** `metric` at the last epoch, from the epoch history; `null` when no epoch finished. */
  final: number | null;
  /** The epoch with the best `metric` (1-based) and its value; `null` when no epoch finished. */
  best: { epoch: number; value: number } | null;
  epochs: number;
  /** Whole run: backend start, data, model build, training, evaluation. */
  wallSeconds: number;
  /** Sum of the epochs' wall times. */
  trainSeconds: number;
  finishedAt: string;
  history: EpochRecord[];
}

export interface FidelityEnvironment {
  node: string;
  platform: string;
  cpus: number;
  tfjs: string;
}

export interface FidelityStore {
  version: typeof STORE_VERSION;
  quick: boolean;
  updatedAt: string;
  environment?: FidelityEnvironment;
  /** Sorted by registry order, then seed. */
  results: FidelityResult[];
  /**
   * The cards beyond the tutorials measured against their own targets (`bench/shortReviews.ts`
   * writes `short-reviews`): kept as they are by this harness, which judges only the tutorials.
   */
  beyond?: Record<string, unknown>;
}

export function emptyStore(quick: boolean): FidelityStore {
  return { version: STORE_VERSION, quick, updatedAt: new Date(0).toISOString(), results: [] };
}

export const resultKey = (r: Pick<FidelityResult, 'scenario' | 'seed'>): string => runKey(r.scenario, r.seed);

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Enough of an entry's shape to report it; anything else is dropped with a warning. */
function isResult(v: unknown): v is FidelityResult {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const best = r.best as Record<string, unknown> | null | undefined;
  return (
    typeof r.scenario === 'string' && isTutorialId(r.scenario) && Number.isInteger(r.seed) &&
    typeof r.hp === 'object' && r.hp !== null && typeof r.reason === 'string' &&
    (r.metric === 'acc' || r.metric === 'valAcc') && isNum(r.published) &&
    // A NaN run stores null accuracies (JSON has no NaN).
    (isNum(r.ours) || (r.ours === null && r.reason === 'nan')) && (isNum(r.final) || r.final === null) &&
    (best === null || (typeof best === 'object' && isNum(best.epoch) && isNum(best.value))) &&
    Array.isArray(r.history) && isNum(r.epochs) && isNum(r.wallSeconds)
  );
}

/**
 * The file's text → a store, tolerating what an interruption or an older harness can leave: an
 * empty or truncated file, a file of another version, or entries that do not parse. Never throws;
 * everything dropped is described in `warnings`.
 */
export function parseStore(text: string, quick: boolean): { store: FidelityStore; warnings: string[] } {
  const store = emptyStore(quick);
  if (text.trim() === '') return { store, warnings: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { store, warnings: [`The results file is not valid JSON (${(e as Error).message}); starting from no saved results.`] };
  }
  const file = raw as Partial<FidelityStore> | null;
  if (typeof file !== 'object' || file === null || !Array.isArray(file.results)) {
    return { store, warnings: ['The results file has no results list; starting from no saved results.'] };
  }
  if (file.version !== STORE_VERSION) {
    return { store, warnings: [`The results file is version ${String(file.version)}, not ${STORE_VERSION}; starting from no saved results.`] };
  }
  const warnings: string[] = [];
  let merged: FidelityStore = {
    ...store, updatedAt: String(file.updatedAt ?? store.updatedAt), environment: file.environment,
    ...(typeof file.beyond === 'object' && file.beyond !== null ? { beyond: file.beyond } : {}),
  };
  file.results.map(migrateLegacy).forEach((entry, i) => {
    if (isResult(entry)) merged = mergeResult(merged, entry);
    else warnings.push(`Dropped saved result #${i + 1}: it is incomplete or malformed.`);
  });
  return { store: merged, warnings };
}

/**
 * Entries saved by older harnesses, in today's words. The numbers are the same computation, so
 * they stay valid: 'typed-arrays' is 'typed'; `hp.lstmImpl` became `hp.trainer` ('fused', which
 * let the app pick, is 'auto'); a run that did not say who trained ran tfjs with that LSTM; the
 * typed trainer never ran on a tfjs backend, so its entries lose the backend they named.
 */
function migrateLegacy(entry: unknown): unknown {
  if (typeof entry !== 'object' || entry === null) return entry;
  const { lstmImpl, ...r } = entry as { trainer?: string; lstmImpl?: string; backend?: string; hp?: Record<string, unknown> };
  if (r.trainer === 'typed-arrays') r.trainer = 'typed';
  if (r.trainer === undefined || r.trainer === 'tensors') r.trainer = lstmImpl ?? 'fused';
  if (r.trainer === 'typed') delete r.backend;
  if (r.hp && 'lstmImpl' in r.hp) {
    const { lstmImpl: old, ...hp } = r.hp;
    r.hp = { ...hp, trainer: old === 'layers' ? 'layers' : 'auto' };
  }
  return r;
}

/** Registry order, then seed: the order the reports list runs in. */
function compareResults(a: FidelityResult, b: FidelityResult): number {
  return TUTORIAL_IDS.indexOf(a.scenario) - TUTORIAL_IDS.indexOf(b.scenario) || a.seed - b.seed;
}

/** The store with `result` added, replacing any earlier result for the same (variant, seed). */
export function mergeResult(store: FidelityStore, result: FidelityResult): FidelityStore {
  const results = store.results.filter((r) => resultKey(r) !== resultKey(result));
  results.push(result);
  results.sort(compareResults);
  return { ...store, results };
}

/** Same hyperparameters, key by key (the table's keys, so a new hyperparameter counts too). */
export function sameHyperParams(a: HyperParams, b: HyperParams): boolean {
  return HP_KEYS.every((k) => a[k] === b[k]);
}

/**
 * Whether a saved result already answers a planned run: the same computation, i.e. same
 * (variant, seed), the same hyperparameters, and the same backend and trainer actually running it
 * (so `auto` and `wasm` are the same run for IMDB, but not for a model auto trains on typed
 * arrays). Runs that were stopped are never saved, so any saved one finished.
 */
export function isFinished(store: FidelityStore, run: PlannedRun): boolean {
  return store.results.some(
    (r) =>
      resultKey(r) === run.key &&
      sameHyperParams({ ...r.hp, backend: 'auto' }, { ...run.config.hp, backend: 'auto' }) &&
      r.backend === run.backend &&
      r.trainer === run.trainer,
  );
}

/** The store without the results of these (variant, seed) keys: what `--fresh` starts from. */
export function withoutRuns(store: FidelityStore, keys: readonly string[]): FidelityStore {
  return { ...store, results: store.results.filter((r) => !keys.includes(resultKey(r))) };
}

/** The planned runs still to do, in plan order. */
export function pendingRuns(runs: readonly PlannedRun[], store: FidelityStore): PlannedRun[] {
  return runs.filter((run) => !isFinished(store, run));
}

// ---------------------------------------------------------------------------------------------
// I/O

/** Reads the results file; a missing file is an empty store. */
export async function loadStore(path: string, quick: boolean): Promise<{ store: FidelityStore; warnings: string[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { store: emptyStore(quick), warnings: [] };
    throw e;
  }
  return parseStore(text, quick);
}

/** Writes `text` to `path` atomically: a temporary file beside it, then a rename over it. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // The pid keeps two harnesses from writing the same temporary file.
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

/**
 * The file's text: indented for diffs, but one line per epoch record (they are the objects that
 * start with "loss"), which keeps a 500-epoch history readable and the file small.
 */
export function serializeStore(store: FidelityStore): string {
  const text = JSON.stringify(store, null, 1).replace(/\{\n\s*"loss"[^{}]*\}/g, (record) => JSON.stringify(JSON.parse(record)));
  return `${text}\n`;
}

/**
 * Adds one result to the file on disk. The file is re-read first, so results that another
 * harness process saved meanwhile are kept. Returns the store as written.
 */
export async function saveResult(
  path: string,
  result: FidelityResult,
  environment: FidelityEnvironment,
): Promise<FidelityStore> {
  const { store } = await loadStore(path, result.quick);
  const next: FidelityStore = { ...mergeResult(store, result), updatedAt: new Date().toISOString(), environment };
  await writeAtomic(path, serializeStore(next));
  return next;
}

/**
 * One card's part of `beyond` with `fields` laid over it: what the card's part held and `fields`
 * does not name is kept (two benches write one card: its runs and its yardstick), and the other
 * cards and the tutorials' results are untouched.
 */
export function withBeyondCard(store: FidelityStore, card: string, fields: Record<string, unknown>): FidelityStore {
  const beyond = store.beyond ?? {};
  const previous = (beyond[card] ?? {}) as Record<string, unknown>;
  return { ...store, beyond: { ...beyond, [card]: { ...previous, ...fields } } };
}

/** Re-reads the file, lays `fields` over one card's part of `beyond` and writes it back atomically. */
export async function saveBeyondCard(path: string, card: string, fields: Record<string, unknown>): Promise<FidelityStore> {
  const { store } = await loadStore(path, false);
  const next = withBeyondCard(store, card, fields);
  await writeAtomic(path, serializeStore(next));
  return next;
}
