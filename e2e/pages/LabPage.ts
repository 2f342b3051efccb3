/**
 * Page object for the lab: every selector lives here, by namespaced test id, so specs read as
 * user actions and assert on state (data attributes), not on CSS.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { KeptState } from './KeptState';

export class LabPage {
  constructor(readonly page: Page) {}

  readonly id = (testId: string): Locator => this.page.getByTestId(testId);

  /** Collects console errors and uncaught page errors, so a spec can assert there were none. */
  readonly errors: string[] = [];

  async open(query = ''): Promise<void> {
    this.page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    this.page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
    await this.page.goto(query ? `/?${query}` : '/');
    await expect(this.id('run.start')).toBeVisible();
  }

  card(id: string): Locator {
    return this.id(`scenario.card.${id}`);
  }
  field(key: string): Locator {
    return this.id(`form.field.${key}`);
  }
  fieldError(key: string): Locator {
    return this.id(`form.error.${key}`);
  }
  get status(): Locator {
    return this.id('run.status');
  }

  async train(): Promise<void> {
    await this.id('run.start').click();
  }

  /** The newest epoch a saved checkpoint has finished (any run's), or 0 (read from IndexedDB). */
  async savedCheckpointEpoch(): Promise<number> {
    const kept = await new KeptState(this.page).checkpoints();
    return Math.max(0, ...kept.map((k) => k.epoch));
  }

  /**
   * Presses Pause from inside the page as soon as `chart` plots `atLeast` points (a frame later at
   * most), then waits for the paused state: however fast or slow the machine, the run is caught
   * mid-way, never after it ended.
   */
  async pauseAtPoints(chart: 'chart.loss' | 'chart.batch', atLeast: number): Promise<void> {
    await this.page.evaluate(
      ([testId, n]) =>
        new Promise<void>((resolve) => {
          const figure = () => document.querySelector(`[data-testid="${testId}"]`);
          const ready = () => Number(figure()?.getAttribute('data-points') ?? '0') >= n;
          const pause = () => {
            (document.querySelector('[data-testid="run.pause"]') as HTMLButtonElement).click();
            resolve();
          };
          if (ready()) return pause();
          new MutationObserver((_, observer) => {
            if (!ready()) return;
            observer.disconnect();
            pause();
          }).observe(document.body, { attributes: true, attributeFilter: ['data-points'], subtree: true, childList: true });
        }),
      [chart, atLeast] as const,
    );
    await this.waitForState('paused');
  }

  async waitForState(state: string | RegExp, timeout = 120_000): Promise<void> {
    await expect(this.status).toHaveAttribute('data-state', state, { timeout });
  }

  /** Number of points a chart currently plots. */
  async points(chart: 'chart.loss' | 'chart.acc' | 'chart.batch'): Promise<number> {
    return Number((await this.id(chart).getAttribute('data-points')) ?? '0');
  }

  async waitForPoints(chart: 'chart.loss' | 'chart.acc' | 'chart.batch', atLeast: number, timeout = 120_000): Promise<void> {
    await expect.poll(() => this.points(chart), { timeout }).toBeGreaterThanOrEqual(atLeast);
  }

  /**
   * Presses Stop and returns how long, in ms, the page took to show the run as ended (measured in
   * the page, so the test runner's polling does not count).
   */
  async stopAndTimeSettle(): Promise<number> {
    return this.page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const status = document.querySelector('[data-testid="run.status"]')!;
          const ended = () => /^(done|idle|error)$/.test(status.getAttribute('data-state') ?? '');
          const start = performance.now();
          new MutationObserver((_, observer) => {
            if (!ended()) return;
            observer.disconnect();
            resolve(performance.now() - start);
          }).observe(status, { attributes: true, attributeFilter: ['data-state'] });
          (document.querySelector('[data-testid="run.stop"]') as HTMLButtonElement).click();
        }),
    );
  }

  /** Picks a tutorial the way a phone user does: the compact select. */
  async selectTutorial(id: string): Promise<void> {
    await this.id('scenario.select').selectOption(id);
  }

  /** Horizontal overflow of the page in CSS pixels (0 when nothing scrolls sideways). */
  sidewaysOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }

  /** The element's box and the window's size, to say whether it lies wholly inside the window. */
  async boxInWindow(locator: Locator): Promise<{ box: { x: number; y: number; width: number; height: number }; inside: boolean }> {
    const box = (await locator.boundingBox())!;
    const { width, height } = await this.page.evaluate(() => ({ width: document.documentElement.clientWidth, height: document.documentElement.clientHeight }));
    return { box, inside: box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height };
  }

  /** Computed colours of a control, to compare it with the form's own (the page's theme). */
  colours(locator: Locator): Promise<{ background: string; color: string; border: string }> {
    return locator.evaluate((el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, color: style.color, border: style.borderTopColor };
    });
  }

  /** The current query string as a map. */
  query(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }
}
