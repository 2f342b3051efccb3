/**
 * Page object for the Runs panel, the comparison and the model files ("Take it with you"):
 * selectors by namespaced test id, actions as a user takes them.
 */
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export class RunsPanel {
  constructor(readonly page: Page) {}

  readonly id = (testId: string): Locator => this.page.getByTestId(testId);

  get panel(): Locator {
    return this.id('runs.panel');
  }
  get items(): Locator {
    return this.panel.getByTestId('runs.item');
  }
  /** The n-th listed run, newest first. */
  item(n: number): Locator {
    return this.items.nth(n);
  }

  async open(n: number): Promise<void> {
    await this.item(n).getByTestId('runs.open').click();
  }

  async rename(n: number, name: string): Promise<void> {
    await this.item(n).getByTestId('runs.rename').click();
    const input = this.item(n).getByTestId('runs.rename.input');
    await input.fill(name);
    await input.press('Enter');
    await expect(this.item(n).getByTestId('runs.name')).toHaveText(name);
  }

  get damaged(): Locator {
    return this.panel.getByTestId('runs.damaged.item');
  }
  /** The storage messages shown, each until dismissed. */
  get problems(): Locator {
    return this.panel.getByTestId('runs.problem');
  }
  problem(key: string): Locator {
    return this.panel.locator(`[data-testid="runs.problem"][data-key="${key}"]`);
  }

  /**
   * Writes entries straight into the app's run database, as another version of the app (or
   * anything else on this origin) could have left them. Weights are given as plain lists and
   * stored as Float32Arrays, as the app stores them.
   */
  async seed(records: unknown[], models: [string, unknown][] = []): Promise<void> {
    await this.page.evaluate(
      async ({ records, models }) => {
        type Stored = { weights?: { values: unknown }[] };
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open('lstm-lab-runs', 1);
          // The app's layout, in case this page has not opened the database yet.
          open.onupgradeneeded = () => {
            open.result.createObjectStore('runs', { keyPath: 'id' });
            open.result.createObjectStore('models');
          };
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const tx = db.transaction(['runs', 'models'], 'readwrite');
        for (const r of records) tx.objectStore('runs').put(r);
        for (const [key, m] of models) {
          const model = m as Stored;
          if (model && Array.isArray(model.weights)) {
            for (const w of model.weights) if (Array.isArray(w.values)) w.values = new Float32Array(w.values as number[]);
          }
          tx.objectStore('models').put(model, key);
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { records, models },
    );
  }

  /** The keys of the records in the app's run database, as stored now. */
  storedKeys(): Promise<IDBValidKey[]> {
    return this.page.evaluate(
      () =>
        new Promise<IDBValidKey[]>((resolve, reject) => {
          const open = indexedDB.open('lstm-lab-runs');
          // No database yet: leave none behind (an empty one would lack the app's stores).
          open.onupgradeneeded = () => open.transaction?.abort();
          open.onerror = () => resolve([]);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('runs')) return resolve([]);
            const keys = db.transaction('runs').objectStore('runs').getAllKeys();
            keys.onsuccess = () => {
              resolve(keys.result);
              db.close();
            };
            keys.onerror = () => reject(keys.error);
          };
        }),
    );
  }

  async compare(...ns: number[]): Promise<void> {
    for (const n of ns) await this.item(n).getByTestId('runs.compare').check();
  }

  /** The compare chart's legend: each run's name and its colour, in order. */
  legend(chart: 'compare.chart.loss' | 'compare.chart.acc' | 'compare.chart.batch'): Promise<[string, string][]> {
    return this.id(chart).getByLabel('Legend').locator('li').evaluateAll((items) =>
      items.map((li) => [li.textContent?.trim() ?? '', (li.querySelector('.swatch') as HTMLElement | null)?.style.color ?? ''] as [string, string]),
    );
  }

  /**
   * Starts counting, at every DOM change and every frame, the curves drawn in each compare chart;
   * `fewestCurves()` then gives the smallest count seen per chart (0: a chart was drawn empty).
   */
  async watchCurves(): Promise<void> {
    await this.page.evaluate(() => {
      const charts = ['compare.chart.loss', 'compare.chart.acc', 'compare.chart.batch'];
      const fewest: Record<string, number> = {};
      const count = () => {
        for (const id of charts) {
          const el = document.querySelector(`[data-testid="${id}"]`);
          const drawn = el ? [...el.querySelectorAll('path.recharts-curve')].filter((p) => (p.getAttribute('d') ?? '') !== '').length : 0;
          fewest[id] = Math.min(fewest[id] ?? Infinity, drawn);
        }
      };
      new MutationObserver(count).observe(document.body, { subtree: true, childList: true, attributes: true });
      const frame = () => {
        count();
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      (window as unknown as { fewestCurves: Record<string, number> }).fewestCurves = fewest;
    });
  }

  fewestCurves(): Promise<Record<string, number>> {
    return this.page.evaluate(() => ({ ...(window as unknown as { fewestCurves: Record<string, number> }).fewestCurves }));
  }

  /** Clicks a download button and returns every download it starts (`count` of them). */
  async download(button: 'files.keras' | 'files.tfjs' | 'files.csv' | 'files.json', count = 1): Promise<Download[]> {
    const downloads: Download[] = [];
    const all = new Promise<void>((resolve) => {
      const onDownload = (d: Download) => {
        downloads.push(d);
        if (downloads.length === count) {
          this.page.off('download', onDownload);
          resolve();
        }
      };
      this.page.on('download', onDownload);
    });
    await this.id(button).click();
    await all;
    return downloads;
  }

  /** Loads saved model files through the file input. */
  async load(paths: string[]): Promise<void> {
    await this.id('files.load').setInputFiles(paths);
  }
}
