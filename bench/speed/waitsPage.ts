/**
 * The page side of the waits part: a script installed before the app's own (`addInitScript`) that
 * timestamps in the page itself, so the benchmark's round trips to the browser never count:
 * - the last trusted click and input event on each test id (`event.timeStamp`), and the run's
 *   state at each click;
 * - conditions on the app's test ids, watched with a MutationObserver (never polled), each
 *   resolved with the time it was seen and the next animation frame after it (when it can be on
 *   screen);
 * - long tasks (PerformanceObserver `longtask`).
 * A plain JavaScript string, not a function: tsx would add helpers (`__name`) the page lacks.
 */
import type { Page } from '@playwright/test';
import type { PageCondition } from './waitPlan';

const KEY = '__speedWaits';

export const WAITS_PAGE_SCRIPT = `(() => {
  const w = { clicks: {}, stateAtClick: {}, inputs: {}, longTasks: [], pending: {}, seq: 0 };
  window[${JSON.stringify(KEY)}] = w;
  const byId = (id) => document.querySelector('[data-testid="' + id + '"]');
  const idOf = (e) => (e.target instanceof Element ? e.target.closest('[data-testid]')?.getAttribute('data-testid') : null);
  document.addEventListener('click', (e) => {
    const id = idOf(e);
    if (!id) return;
    w.clicks[id] = e.timeStamp;
    w.stateAtClick[id] = byId('run.status')?.getAttribute('data-state') ?? null;
  }, true);
  document.addEventListener('input', (e) => {
    const id = idOf(e);
    if (id) w.inputs[id] = e.timeStamp;
  }, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  // Each check returns what it saw when the condition holds, else undefined; root: the narrowest
  // element whose changes can make it hold.
  const CHECKS = {
    state: { root: () => byId('run.status'), check: (c) => {
      const s = byId('run.status')?.getAttribute('data-state');
      return s && new RegExp(c.pattern).test(s) ? s : undefined;
    } },
    points: { root: (c) => byId(c.chart) ?? document.body, check: (c) => {
      const n = Number(byId(c.chart)?.getAttribute('data-points') ?? 0);
      return n >= c.atLeast ? n : undefined;
    } },
    stage: { root: () => document.body, check: (c) => (byId('data.progress')?.getAttribute('data-stage') === c.stage ? c.stage : undefined) },
    tryEnabled: { root: () => byId('try.panel') ?? document.body, check: () => (byId('try.panel')?.getAttribute('data-enabled') === 'true' ? true : undefined) },
    letters: { root: () => byId('try.panel') ?? document.body, check: (c) => {
      const shown = byId('try.letters.result')?.querySelector('code')?.textContent;
      return shown === c.text ? shown : undefined;
    } },
    // The result is for the text (not stale), and every heatmap in it has drawn the values it shows.
    inspectShown: { root: () => byId('inspect.panel') ?? document.body, check: (c) => {
      const result = byId('inspect.result');
      if (!result || result.getAttribute('data-input') !== c.text || result.classList.contains('stale')) return undefined;
      const maps = [...result.querySelectorAll('canvas[data-version]')];
      return maps.length > 0 && maps.every((m) => m.getAttribute('data-drawn') === m.getAttribute('data-version')) ? c.text : undefined;
    } },
    // Any element's attribute matching a pattern (the text card's phase, its curve's batches, a progress bar).
    attr: { root: () => document.body, check: (c) => {
      const v = byId(c.testId)?.getAttribute(c.attr);
      return v != null && new RegExp(c.pattern).test(v) ? v : undefined;
    } },
    reviewWords: { root: () => byId('try.panel') ?? document.body, check: (c) => {
      const tokens = byId('try.review.tokens');
      const n = Number(tokens?.getAttribute('data-count') ?? 0);
      return n > c.above && !tokens.closest('.review-result')?.classList.contains('stale') ? n : undefined;
    } },
  };
  // Resolves with { timedOut: true } after timeoutMs: the Node side decides whether that is an error.
  const until = (c, timeoutMs) => new Promise((resolve) => {
    const { root, check } = CHECKS[c.kind];
    let observer;
    const timer = setTimeout(() => {
      observer?.disconnect();
      const at = performance.now();
      resolve({ at, frame: at, value: 'not within ' + timeoutMs + ' ms: ' + JSON.stringify(c) + ' (run state ' + byId('run.status')?.getAttribute('data-state') + ')', timedOut: true });
    }, timeoutMs);
    const seen = (value) => {
      const at = performance.now();
      observer?.disconnect();
      clearTimeout(timer);
      requestAnimationFrame((frame) => resolve({ at, frame, value }));
    };
    const now = check(c);
    if (now !== undefined) return seen(now);
    observer = new MutationObserver(() => {
      const value = check(c);
      if (value !== undefined) seen(value);
    });
    observer.observe(root(c), { attributes: true, childList: true, subtree: true, characterData: true });
  });
  w.arm = (c, timeoutMs) => {
    const id = ++w.seq;
    w.pending[id] = until(c, timeoutMs);
    return id;
  };
  w.result = (id) => w.pending[id];
})()`;

/**
 * When a condition was seen in the page: `at` (DOM changed) and `frame` (the next frame), page ms.
 * `timedOut`: it was not seen in time (`at` = `frame` = when the page gave up; `value` says why).
 */
export interface Seen {
  at: number;
  frame: number;
  value: unknown;
  timedOut?: boolean;
}

const call = (fn: string, ...args: unknown[]): string => `window[${JSON.stringify(KEY)}].${fn}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
const read = (path: string): string => `window[${JSON.stringify(KEY)}]${path}`;

/** The Node side of the page script. */
export class PageWaits {
  constructor(private readonly page: Page) {}

  /**
   * Starts watching for `condition` now, before the action that should bring it about; `await`
   * the returned function for when it was seen. Not seen within `timeoutMs`: an error, or with
   * `allowTimeout` a `Seen` marked `timedOut`.
   */
  async arm(condition: PageCondition, timeoutMs: number, { allowTimeout = false } = {}): Promise<() => Promise<Seen>> {
    const id = (await this.page.evaluate(call('arm', condition, timeoutMs))) as number;
    return async () => {
      const seen = (await this.page.evaluate(call('result', id))) as Seen;
      if (seen.timedOut && !allowTimeout) throw new Error(String(seen.value));
      return seen;
    };
  }

  /** Page time of the last trusted click on a test id, and the run's state then. */
  async click(testId: string): Promise<{ at: number; state: string | null }> {
    const [at, state] = (await this.page.evaluate(`[${read(`.clicks[${JSON.stringify(testId)}]`)}, ${read(`.stateAtClick[${JSON.stringify(testId)}]`)}]`)) as [number | undefined, string | null];
    if (at === undefined) throw new Error(`no click on ${testId} was seen in the page`);
    return { at, state };
  }

  /** Page time of the last input event on a test id. */
  async input(testId: string): Promise<number> {
    const at = (await this.page.evaluate(read(`.inputs[${JSON.stringify(testId)}]`))) as number | undefined;
    if (at === undefined) throw new Error(`no input on ${testId} was seen in the page`);
    return at;
  }

  now(): Promise<number> {
    return this.page.evaluate('performance.now()') as Promise<number>;
  }

  /** Long tasks that started at or after page time `since`. */
  async longTasksSince(since: number): Promise<{ start: number; duration: number }[]> {
    const all = (await this.page.evaluate(read('.longTasks'))) as { start: number; duration: number }[];
    return all.filter((t) => t.start >= since);
  }
}
