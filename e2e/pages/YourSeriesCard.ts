/**
 * Page object for the "Your series" card (`src/ui/panels/yourSeries/`): a CSV given, its columns
 * and settings, Train, and what the card shows, by test id.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { dropFile } from './dropFile';

export class YourSeriesCard {
  constructor(readonly page: Page) {}

  readonly id = (testId: string): Locator => this.page.getByTestId(testId);
  get panel(): Locator {
    return this.id('yourSeries.panel');
  }
  get problem(): Locator {
    return this.id('yourSeries.problem');
  }
  get plot(): Locator {
    return this.id('yourSeries.plot');
  }

  /** Gives a file through the picker and waits until it has been read (its columns offered, or its refusal). */
  async giveFile(name: string, content: string): Promise<void> {
    await this.id('yourSeries.file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
    await expect(this.id('yourSeries.source')).toContainText(name);
    await expect(this.panel).toHaveAttribute('data-phase', /^(idle|failed)$/);
  }

  /** Drops a file on the card, as a user dragging it from their desktop. */
  async dropFile(name: string, content: string): Promise<void> {
    await dropFile(this.page, this.panel, name, content);
    await expect(this.id('yourSeries.source')).toContainText(name);
    await expect(this.panel).toHaveAttribute('data-phase', /^(idle|failed)$/);
  }

  /** Small settings, so a run takes seconds on a slow machine. */
  async setSmall(epochs = 2, lookBack = 6): Promise<void> {
    for (const [key, value] of Object.entries({ lookBack, units: 12, layers: 1, epochs, batchSize: 32 })) {
      await this.id(`yourSeries.field.${key}`).fill(String(value));
    }
  }

  async train(): Promise<void> {
    await this.id('yourSeries.train').click();
  }

  /** Waits for the run (or the refusal) to end: the card's phase attribute. */
  async waitForPhase(phase: 'done' | 'failed' | 'training'): Promise<void> {
    await expect(this.panel).toHaveAttribute('data-phase', phase, { timeout: 150_000 });
  }
}
