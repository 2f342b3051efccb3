/**
 * Page object for the "Your labelled texts" card (`src/ui/panels/yourLabelled/`): a file dropped or
 * chosen, a folder chosen, its settings, Train, and what the card shows, by test id.
 */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { dropFile } from './dropFile';
import { LabPage } from './LabPage';

/** A classifier's Keras files as downloaded: the `.h5` and its data file, with their bytes. */
export interface ClassifierFiles {
  h5: Buffer;
  data: Buffer;
}

export class YourLabelledCard {
  constructor(readonly page: Page) {}

  readonly id = (testId: string): Locator => this.page.getByTestId(testId);
  get panel(): Locator {
    return this.id('yourLabelled.panel');
  }
  get problem(): Locator {
    return this.id('yourLabelled.problem');
  }
  get classes(): Locator {
    return this.id('yourLabelled.class');
  }

  /** Model files: the classifier as Keras `.h5` and its data file, named `<stem>.h5` and `<stem>.data.json`. */
  async downloadKeras(stem: string): Promise<ClassifierFiles> {
    const data = this.page.waitForEvent('download', (d) => d.suggestedFilename() === `${stem}.data.json`);
    const h5 = this.page.waitForEvent('download', (d) => d.suggestedFilename() === `${stem}.h5`);
    await this.id('yourLabelled.files.keras').click();
    const [dataPath, h5Path] = await Promise.all([(await data).path(), (await h5).path()]);
    return { h5: readFileSync(h5Path), data: readFileSync(dataPath) };
  }

  /** A new page of the same browser with `files` loaded into its card (their `.h5` named `<stem>.h5`), as a user picking them together. */
  async loadedInFreshPage(stem: string, files: ClassifierFiles): Promise<{ lab: LabPage; card: YourLabelledCard }> {
    const page = await this.page.context().newPage();
    const lab = new LabPage(page);
    const card = new YourLabelledCard(page);
    await lab.open();
    await card.id('yourLabelled.files.load').setInputFiles([
      { name: `${stem}.h5`, mimeType: 'application/x-hdf5', buffer: files.h5 },
      { name: `${stem}.data.json`, mimeType: 'application/json', buffer: files.data },
    ]);
    await expect(card.id('yourLabelled.files.load.ok')).toContainText(`Loaded ${stem}.h5`);
    return { lab, card };
  }

  async giveFile(name: string, bytes: Buffer): Promise<void> {
    await this.id('yourLabelled.file').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
    await expect(this.id('yourLabelled.source')).toContainText(name);
  }

  /** Drops a file on the card, as a user dragging it from their desktop. */
  async dropFile(name: string, content: string): Promise<void> {
    await dropFile(this.page, this.panel, name, content);
    await expect(this.id('yourLabelled.source')).toContainText(name);
  }

  /** Chooses a folder on disk (the `webkitdirectory` input). */
  async giveFolder(path: string): Promise<void> {
    await this.id('yourLabelled.folder').setInputFiles(path);
  }

  /** Small settings, so a run takes seconds on a slow machine. */
  async setSmall(epochs: number): Promise<void> {
    const small = { vocabSize: 40, seqLength: 8, embeddingDim: 8, units: 12, dropout: 0, recurrentDropout: 0, epochs, batchSize: 16, learningRate: 0.01 };
    for (const [key, value] of Object.entries(small)) await this.id(`yourLabelled.field.${key}`).fill(String(value));
  }

  async train(): Promise<void> {
    await this.id('yourLabelled.train').click();
  }

  /**
   * Presses Stop from inside the page as soon as the first epoch is shown (a frame later at most):
   * however fast or slow the machine, the run is caught mid-way.
   */
  async stopAfterFirstEpoch(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((resolve) => {
      const tick = () => {
        const stop = document.querySelector<HTMLButtonElement>('[data-testid="yourLabelled.stop"]');
        if (document.querySelector('[data-testid="yourLabelled.epoch"]') && stop && !stop.disabled) {
          stop.click();
          resolve();
        } else requestAnimationFrame(tick);
      };
      tick();
    }));
  }

  /** Waits for the read, the run or the refusal to end: the card's phase attribute. */
  async waitForPhase(phase: 'ready' | 'done' | 'failed'): Promise<void> {
    await expect(this.panel).toHaveAttribute('data-phase', phase, { timeout: 150_000 });
  }
}
