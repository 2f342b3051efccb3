/**
 * Unfinished runs' checkpoints in IndexedDB (through `idb`), one per run, keyed by the run's
 * kept record id: a reload, a closed tab or a crashed worker leaves them behind, and the next page
 * offers to resume each. Values are checked on the way out (`state/checkpoints.ts`). Writes that
 * fail (a full quota, private mode) reject, and the caller says so without touching the run.
 */
import type { DBSchema } from 'idb';
import type { Checkpoint } from '../engine/types';
import { readStored, type CheckpointStore } from '../state/checkpoints';
import { idbConnection, readKey } from './idbConnection';

const DB_NAME = 'lstm-lab-checkpoints';
const STORE = 'checkpoints';

interface CheckpointDb extends DBSchema {
  // `unknown`: whatever another version of the lab wrote; `readStored` checks it.
  [STORE]: { key: string; value: Checkpoint | unknown };
}

export function idbCheckpointStore(name = DB_NAME): CheckpointStore {
  // Reopened when the browser closes it (site data cleared with the page open): `idbConnection.ts`.
  const { use } = idbConnection<CheckpointDb>(name, (d) => void d.createObjectStore(STORE));
  return {
    save: (runId, checkpoint) => use(async (d) => void (await d.put(STORE, checkpoint, runId))),
    get: (runId) =>
      use(async (d) => {
        const value = await readKey(d, STORE, runId);
        return value === undefined ? undefined : readStored(runId, value);
      }),
    list: () =>
      use(async (d) => {
        const tx = d.transaction(STORE);
        // tx.done awaited too: a transaction the browser aborts (site data cleared) rejects it, and unawaited that is an uncaught error on the page.
        const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll(), tx.done]);
        return keys.map((key, i) => readStored(String(key), values[i]));
      }),
    delete: (runId) => use(async (d) => void (await d.delete(STORE, runId))),
  };
}
