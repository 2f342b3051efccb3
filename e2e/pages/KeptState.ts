/**
 * What the lab keeps in IndexedDB, read from the page: the checkpoints of unfinished runs (one per
 * kept run id) and the kept run records. Specs assert on these to check that nothing was lost or
 * crossed between runs and tabs.
 */
import type { Page } from '@playwright/test';

export interface KeptCheckpoint {
  runId: string;
  /** Epochs finished. */
  epoch: number;
  /** The next epoch was trained and its validation pass is left. */
  validating: boolean;
  scenario: string;
}

export interface KeptRecord {
  id: string;
  scenario: string;
  outcome: string;
  epochs: number;
}

/** Every value of an object store with its key; [] when the database or store does not exist. */
function readAll(page: Page, db: string, store: string): Promise<{ key: string; value: unknown }[]> {
  return page.evaluate(
    ([dbName, storeName]) =>
      new Promise<{ key: string; value: unknown }[]>((resolve) => {
        const open = indexedDB.open(dbName);
        // Not created yet: leave it to the app (an empty database made here would lack its stores).
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const d = open.result;
          if (!d.objectStoreNames.contains(storeName)) {
            d.close();
            return resolve([]);
          }
          const tx = d.transaction(storeName);
          const keys = tx.objectStore(storeName).getAllKeys();
          const values = tx.objectStore(storeName).getAll();
          tx.oncomplete = () => {
            d.close();
            resolve(keys.result.map((key, i) => ({ key: String(key), value: values.result[i] })));
          };
          tx.onerror = () => resolve([]);
        };
      }),
    [db, store] as const,
  );
}

export class KeptState {
  constructor(readonly page: Page) {}

  async checkpoints(): Promise<KeptCheckpoint[]> {
    const all = await readAll(this.page, 'lstm-lab-checkpoints', 'checkpoints');
    return all.map(({ key, value }) => {
      const c = value as { epoch?: number; unvalidated?: unknown; config?: { scenario?: string } };
      return { runId: key, epoch: c.epoch ?? 0, validating: c.unvalidated !== undefined, scenario: c.config?.scenario ?? '' };
    });
  }

  async records(): Promise<KeptRecord[]> {
    const all = await readAll(this.page, 'lstm-lab-runs', 'runs');
    return all.map(({ value }) => {
      const r = value as { id: string; scenario: string; outcome: string; epochs: unknown[] };
      return { id: r.id, scenario: r.scenario, outcome: r.outcome, epochs: r.epochs.length };
    });
  }

  async record(id: string): Promise<KeptRecord | undefined> {
    return (await this.records()).find((r) => r.id === id);
  }
}
