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

  async compare(...ns: number[]): Promise<void> {
    for (const n of ns) await this.item(n).getByTestId('runs.compare').check();
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
