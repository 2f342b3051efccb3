/**
 * Remembered plan timings in IndexedDB (through `idb`), so a device measures a model shape once
 * and every later visit starts training at once. Any failure (private mode, a full quota, no
 * IndexedDB in this context) falls back to this page's memory: a plan is never worth an error.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { readKey } from './idbConnection';
import { inMemoryPlanMemory, type PlanMemory } from '../engine/plan/plan';
import type { CandidateReport } from '../engine/types';

const DB_NAME = 'lstm-lab-plans';
const STORE = 'timings';

interface PlanDb extends DBSchema {
  [STORE]: { key: string; value: { reports: CandidateReport[]; at: number } };
}

export function idbPlanMemory(name = DB_NAME): PlanMemory {
  const fallback = inMemoryPlanMemory();
  let db: Promise<IDBPDatabase<PlanDb> | null> | undefined;
  const open = (): Promise<IDBPDatabase<PlanDb> | null> => {
    db ??= typeof indexedDB === 'undefined'
      ? Promise.resolve(null)
      : openDB<PlanDb>(name, 1, { upgrade: (d) => void d.createObjectStore(STORE) }).catch(() => null);
    return db;
  };
  return {
    async get(key) {
      const d = await open();
      const kept = d ? await readKey(d, STORE, key).catch(() => undefined) : undefined;
      return kept?.reports ?? fallback.get(key);
    },
    async set(key, reports) {
      await fallback.set(key, reports);
      const d = await open();
      await d?.put(STORE, { reports, at: Date.now() }, key).catch(() => undefined);
    },
  };
}
