/**
 * One IndexedDB database's connection, for each of the lab's stores (kept runs, checkpoints,
 * datasets): opened on first use through `idb`, and opened again when the browser closes it under
 * the page. That happens when site data is cleared with the tab open (the database is deleted and
 * every connection closed, cutting off operations in flight) and when another tab's newer version
 * wants to upgrade the database. Without the reopening, every later write failed until a reload.
 */
import { openDB, type DBSchema, type IDBPDatabase, type StoreKey, type StoreNames, type StoreValue } from 'idb';

/*
 * Reads go through `readKey` and `readAll`, never idb's `db.get(store, key)` shortcuts: idb gives
 * every transaction a `done` promise, and its read shortcuts never await it, so a read transaction the
 * browser aborts (site data cleared with the tab open) rejected a promise nobody held: an uncaught
 * error on the page. These await `done` with the read, so the abort reaches the caller (and `use`).
 */

/** The value under `key` in `store` (undefined when there is none). */
export async function readKey<DB extends DBSchema, S extends StoreNames<DB>>(db: IDBPDatabase<DB>, store: S, key: StoreKey<DB, S>): Promise<StoreValue<DB, S> | undefined> {
  const tx = db.transaction(store);
  const [value] = await Promise.all([tx.store.get(key), tx.done]);
  return value;
}

/** Every value in `store`, in key order. */
export async function readAll<DB extends DBSchema, S extends StoreNames<DB>>(db: IDBPDatabase<DB>, store: S): Promise<StoreValue<DB, S>[]> {
  const tx = db.transaction(store);
  const [values] = await Promise.all([tx.store.getAll(), tx.done]);
  return values;
}

export interface IdbConnection<DB extends DBSchema> {
  /** Runs `op` on the open database; again on a fresh connection if the browser closed ours under it. */
  use<T>(op: (db: IDBPDatabase<DB>) => Promise<T>): Promise<T>;
  /** Hears each time the browser deleted the database or closed the connection under the page; returns the unsubscribe. */
  onLost(listener: () => void): () => void;
}

/**
 * The browser refused an operation because the connection was closed under it: an operation on a
 * closed connection (InvalidStateError), or an open or transaction cut off by the database being
 * deleted ("The connection was closed.", an AbortError), as clearing site data does. Chromium also
 * fails a transaction started while the deletion closes the connection with "Connection is closing
 * because of: Force close delete origin", under another name (seen in CI: the Runs panel said
 * "Kept datasets could not be read" after site data was cleared, instead of reading again).
 */
export const isClosedConnection = (e: unknown): boolean =>
  e instanceof DOMException && (e.name === 'InvalidStateError' || e.name === 'AbortError' || /connection is closing|connection was closed/i.test(e.message));

/** Tries on a fresh connection this many times more: clearing site data closes a connection opened while it runs, too. */
const REOPEN_TRIES = 3;

/** A connection to database `name` (version 1, laid out by `create` when new). */
export function idbConnection<DB extends DBSchema>(name: string, create: (db: IDBPDatabase<DB>) => void): IdbConnection<DB> {
  let db: Promise<IDBPDatabase<DB>> | undefined;
  const lost = new Set<() => void>();
  const lostData = () => {
    for (const listener of lost) listener();
  };
  const open = (): Promise<IDBPDatabase<DB>> => {
    if (typeof indexedDB === 'undefined') return Promise.reject(new Error('This browser offers no IndexedDB here.'));
    if (!db) {
      const opening = openDB<DB>(name, 1, {
        upgrade: (d) => create(d),
        // The browser closed the connection (site data cleared, the database deleted): forget it,
        // so the next operation opens the database again, and say so. Always heard: an operation
        // cut off by the same clearing may have dropped this connection already.
        terminated: () => {
          if (db === opening) db = undefined;
          lostData();
        },
        // The database is being deleted (`next` is null) or another tab's newer version wants to
        // upgrade it: let it go on, and open again when next needed. A deletion means what was
        // read before is gone, so listeners hear of it.
        blocking: (_current, next) => {
          void opening.then((d) => d.close());
          if (db === opening) db = undefined;
          if (next === null) lostData();
        },
      });
      db = opening;
      // A failed open (private mode, say) is tried again next time rather than remembered.
      opening.catch(() => {
        if (db === opening) db = undefined;
      });
    }
    return db;
  };
  return {
    async use(op) {
      for (let tries = 0; ; tries++) {
        const current = open();
        try {
          return await op(await current);
        } catch (e) {
          if (tries >= REOPEN_TRIES || !isClosedConnection(e)) throw e;
          if (db === current) db = undefined;
        }
      }
    },
    onLost(listener) {
      lost.add(listener);
      return () => lost.delete(listener);
    },
  };
}
