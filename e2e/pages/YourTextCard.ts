/**
 * Page object for the "Your text" card (`src/ui/panels/yourText/`): a text pasted or a file given,
 * its settings, Train, and what the card shows, by test id.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** Made-up sentences generated from `seed` (one of them says "the zorbling": a marker no request may carry). */
export function generatedSentences(sentences: number, seed: number): string {
  const who = ['the zorbling', 'a quiet heron', 'my neighbour', 'the old clock'];
  const did = ['hums', 'waits', 'sings softly', 'counts the stars'];
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  return Array.from({ length: sentences }, () => `${who[next(4)]} ${did[next(4)]}.`).join(' ');
}

export class YourTextCard {
  constructor(readonly page: Page) {}

  readonly id = (testId: string): Locator => this.page.getByTestId(testId);
  get panel(): Locator {
    return this.id('yourText.panel');
  }
  get problem(): Locator {
    return this.id('yourText.problem');
  }
  get samples(): Locator {
    return this.id('yourText.samples');
  }

  async paste(text: string): Promise<void> {
    await this.id('yourText.input').fill(text);
  }

  async giveFile(name: string, bytes: Buffer): Promise<void> {
    await this.id('yourText.file').setInputFiles({ name, mimeType: 'text/plain', buffer: bytes });
    await expect(this.id('yourText.source')).toContainText(name);
  }

  /** Small settings, so a run takes seconds on a slow machine. */
  async setSmall(epochs = 1): Promise<void> {
    for (const [key, value] of Object.entries({ seqLength: 16, step: 3, units: 24, epochs, batchSize: 64 })) {
      await this.id(`yourText.field.${key}`).fill(String(value));
    }
  }

  async train(): Promise<void> {
    await this.id('yourText.train').click();
  }

  /** Waits for the run (or the refusal) to end: the card's phase attribute. */
  async waitForPhase(phase: 'done' | 'failed'): Promise<void> {
    await expect(this.panel).toHaveAttribute('data-phase', phase, { timeout: 150_000 });
  }
}
