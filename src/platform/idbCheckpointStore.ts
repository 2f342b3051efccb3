/**
 * Unfinished runs' checkpoints in IndexedDB (through `idb`), one per run, keyed by the run's
 * kept record id: a reload, a closed tab or a crashed worker leaves them behind, and the next page
 * offers to resume each. Values are checked on the way out (`state/checkpoints.ts`). Writes that
 * fail (a full quota, private mode) reject, and the caller says so without touching the run.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Checkpoint } from '../engine/types';
import { readStored, type CheckpointStore } from '../state/checkpoints';

const DB_NAME = 'lstm-lab-checkpoints';
const STORE = 'checkpoints';

interface CheckpointDb extends DBSchema {
  // `unknown`: whatever another version of the lab wrote; `readStored` checks it.
  [STORE]: { key: string; value: Checkpoint | unknown };
}

export function idbCheckpointStore(name = DB_NAME): CheckpointStore {
  let db: Promise<IDBPDatabase<CheckpointDb>> | undefined;
  const open = () => {
    db ??= openDB<CheckpointDb>(name, 1, {
      upgrade: (d) => void d.createObjectStore(STORE),
      // Site data cleared with the page open, or another tab upgrading: open again next time.
      terminated: () => void (db = undefined),
      blocking: () => void db?.then((d) => d.close()).finally(() => (db = undefined)),
    });
    // A failed open is not kept: the next call tries again.
    db.catch(() => (db = undefined));
    return db;
  };
  return {
    save: async (runId, checkpoint) => void (await (await open()).put(STORE, checkpoint, runId)),
    get: async (runId) => {
      const value = await (await open()).get(STORE, runId);
      return value === undefined ? undefined : readStored(runId, value);
    },
    list: async () => {
      const tx = (await open()).transaction(STORE);
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
      return keys.map((key, i) => readStored(String(key), values[i]));
    },
    delete: async (runId) => void (await (await open()).delete(STORE, runId)),
  };
}
