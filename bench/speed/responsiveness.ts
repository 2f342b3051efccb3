/**
 * Main-thread responsiveness while the app trains in its worker: open the app with a tutorial in
 * the URL, watch `longtask` entries (main-thread tasks over 50 ms) and requestAnimationFrame gaps
 * from pressing Train until the run ends. Reported as figures (the aim: no long task over
 * 100 ms), never as a pass/fail test.
 */
import type { Browser } from '@playwright/test';
import type { ResponsivenessRecord } from './records';
import { gaps, quantile } from './stats';

export interface ResponsivenessRun {
  label: string;
  /** Query string for the app, without "?". */
  query: string;
  timeoutMs: number;
}

/** The runs to watch: alphabet always, a short IMDB run when the data is prepared. */
export function responsivenessRuns(imdbPrepared: boolean, quick: boolean): ResponsivenessRun[] {
  const runs: ResponsivenessRun[] = [
    quick
      ? { label: 'alphabet, 1 epoch × 100 samples', query: 'tutorial=alphabet&epochs=1&samples=100', timeoutMs: 120_000 }
      : { label: 'alphabet, 3 epochs × 300 samples', query: 'tutorial=alphabet&epochs=3&samples=300', timeoutMs: 180_000 },
  ];
  if (imdbPrepared && !quick) {
    runs.push({
      label: 'IMDB small vocabulary, 256 training + 256 test reviews, 1 epoch',
      query: 'tutorial=imdb-small-vocab&trainSubset=256&epochs=1',
      timeoutMs: 480_000,
    });
  }
  return runs;
}

/** What the page collected: rAF timestamps and long tasks, both in page time (ms). */
export interface Observed {
  frames: number[];
  longTasks: { start: number; duration: number }[];
}

/** How many of the longest long tasks the record lists. */
const WORST = 5;

/**
 * Frame-gap and long-task figures from what the page observed; `origin` is the page time (ms) the
 * run started at, so the longest tasks can be placed in the run.
 */
export function summarizeObserved(o: Observed, origin = 0): Pick<ResponsivenessRecord, 'frames' | 'longTasks'> {
  const frameGaps = gaps(o.frames);
  const durations = o.longTasks.map((t) => t.duration);
  return {
    frames: {
      count: o.frames.length,
      medianGapMs: frameGaps.length ? quantile(frameGaps, 0.5) : NaN,
      p95GapMs: frameGaps.length ? quantile(frameGaps, 0.95) : NaN,
      maxGapMs: frameGaps.length ? Math.max(...frameGaps) : NaN,
    },
    longTasks: {
      count: durations.length,
      maxMs: durations.length ? Math.max(...durations) : 0,
      totalMs: durations.reduce((a, b) => a + b, 0),
      worst: [...o.longTasks]
        .sort((a, b) => b.duration - a.duration)
        .slice(0, WORST)
        .map((t) => ({ atMs: Math.round(t.start - origin), ms: Math.round(t.duration) })),
    },
  };
}

/** Key on `window` where the page-side observers keep what they saw. */
const STORE = '__speedResponsiveness';

// Page-side scripts as plain JavaScript strings: a function literal here would be transpiled by
// tsx, which may add helpers (`__name`) that do not exist in the page.
const INSTALL_OBSERVERS = `(() => {
  const store = { frames: [], longTasks: [], stop: false };
  window[${JSON.stringify(STORE)}] = store;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) store.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask' });
  const frame = (t) => {
    store.frames.push(t);
    if (!store.stop) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})()`;
const COLLECT = `(() => {
  const store = window[${JSON.stringify(STORE)}];
  store.stop = true;
  return { frames: store.frames, longTasks: store.longTasks };
})()`;
const RUN_ENDED = `(() => {
  const state = document.querySelector('[data-testid="run.status"]')?.getAttribute('data-state');
  return state === 'done' || state === 'error';
})()`;

export async function measureResponsiveness(browser: Browser, base: string, run: ResponsivenessRun): Promise<ResponsivenessRecord> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(new URL(`/?${run.query}`, base).href);
    const start = page.getByTestId('run.start');
    // The first load through the dev server transforms every module: allow for it.
    await start.waitFor({ state: 'visible', timeout: 120_000 });
    await page.evaluate(INSTALL_OBSERVERS);
    const origin = (await page.evaluate('performance.now()')) as number;
    const t0 = Date.now();
    await start.click();
    const status = page.getByTestId('run.status');
    await page.waitForFunction(RUN_ENDED, undefined, { timeout: run.timeoutMs, polling: 250 });
    const runSeconds = (Date.now() - t0) / 1000;
    const observed = (await page.evaluate(COLLECT)) as Observed;
    // Who trained: the plan's trainer, and its tfjs backend where it has one.
    const badge = page.getByTestId('plan.badge');
    const tfjsBackend = await badge.getAttribute('data-backend');
    const backend = `${(await badge.getAttribute('data-trainer')) || '?'}${tfjsBackend ? ` on ${tfjsBackend}` : ''} (${(await badge.getAttribute('data-host')) || '?'})`;
    return {
      type: 'responsiveness',
      label: run.label,
      url: `/?${run.query}`,
      backend,
      runSeconds,
      finalState: (await status.getAttribute('data-state')) ?? '?',
      ...summarizeObserved(observed, origin),
    };
  } finally {
    await context.close();
  }
}
