/**
 * The run's latest checkpoint in IndexedDB (through `idb`): a reload, a closed tab or a crashed
 * worker leaves it behind, and the next page offers to resume from it. Writes that fail (a full
 * quota, private mode) reject, and the caller says so without touching the run.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Checkpoint } from '../engine/types';
import type { CheckpointStore } from '../state/checkpoints';

const DB_NAME = 'lstm-lab-checkpoints';
const STORE = 'checkpoints';
const LATEST = 'latest';

interface CheckpointDb extends DBSchema {
  [STORE]: { key: string; value: Checkpoint };
}

export function idbCheckpointStore(name = DB_NAME): CheckpointStore {
  let db: Promise<IDBPDatabase<CheckpointDb>> | undefined;
  const open = () => (db ??= openDB<CheckpointDb>(name, 1, { upgrade: (d) => void d.createObjectStore(STORE) }));
  return {
    save: async (checkpoint) => void (await (await open()).put(STORE, checkpoint, LATEST)),
    latest: async () => (typeof indexedDB === 'undefined' ? undefined : (await open()).get(STORE, LATEST).catch(() => undefined)),
    clear: async () => void (await (await open()).delete(STORE, LATEST)),
  };
}
