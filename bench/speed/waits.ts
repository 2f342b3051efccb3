/**
 * The waits part: the real app as users get it (the production build, `npm run build`, served by
 * `vite preview` with its COOP/COEP headers) in headless Chromium, timing what a user waits for
 * (issue 12): Train to the first chart point, whole tutorials to "Finished", a prediction while
 * training, Stop, a 1 MB paste. Every wait is timed in the page (waitsPage.ts), each in a fresh
 * browser context unless it needs the one before (IMDB's cached shards). Never polls the page
 * while a run trains: waiting is a page-side MutationObserver.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './browser';
import type { SkipRecord, SpeedRecord } from './records';
import { startPreviewServer } from './server';
import {
  BIG_TEXT_STEP, CSV_CARDS, CSV_ROWS, ENDED, INSPECT_KEYSTROKES, INSPECT_REVIEW, LETTER_SEQUENCES, PASTE_CHARS, QUERIES, repeats, stopPhases,
  syntheticReview, syntheticText, TEXT_1MB_BYTES, TEXT_50MB_BYTES, waitsToRun, type InspectKeystrokeId, type PageCondition,
} from './waitPlan';
import { PageWaits, WAITS_PAGE_SCRIPT } from './waitsPage';
import type { WaitId, WaitRecord, WaitSample } from './waitTargets';

export interface WaitsOptions {
  port: number;
  ids: WaitId[];
  quick: boolean;
  /** Build dist/ first (`npm run build`); false serves the build already there. */
  build: boolean;
  imdbPrepared: boolean;
  emit: (record: SpeedRecord) => void;
  log: (line: string) => void;
}

/**
 * Chromium as the end-to-end tests run it (playwright.config.ts): the engine pages' flags without
 * WebGPU switched on, so the app finds what a default Chromium offers.
 */
const E2E_ARGS = CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu');

interface Ctx {
  browser: Browser;
  base: string;
  opts: WaitsOptions;
  /** Contexts still open: closed after a measurement that failed or overran, so none trains on. */
  open: Set<BrowserContext>;
}

/** An app page in a fresh browser context, the page script installed. */
interface AppPage {
  context: BrowserContext;
  page: Page;
  waits: PageWaits;
  errors: string[];
}

async function freshPage(ctx: Ctx): Promise<AppPage> {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
  ctx.open.add(context);
  context.on('close', () => ctx.open.delete(context));
  await context.addInitScript({ content: WAITS_PAGE_SCRIPT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, waits: new PageWaits(page), errors };
}

/** Ready as a user sees it: loaded, the network quiet, Train enabled. Returns ms from navigation. */
async function open(app: AppPage, base: string, query: string): Promise<number> {
  const t0 = Date.now();
  await app.page.goto(new URL(`/?${query}`, base).href, { waitUntil: 'networkidle', timeout: 120_000 });
  await ready(app);
  return Date.now() - t0;
}

async function ready(app: AppPage): Promise<void> {
  await app.page.getByTestId('run.start').waitFor({ state: 'visible', timeout: 60_000 });
  if (!(await app.page.getByTestId('run.start').isEnabled())) throw new Error('Train is disabled on a fresh page');
}

/** Clicks a test id (a real click) and returns the page time the page saw it at. */
async function click(app: AppPage, testId: string): Promise<{ at: number; state: string | null }> {
  await app.page.getByTestId(testId).click();
  return app.waits.click(testId);
}

/** What the plan badge says the run trains with: its short value, where, and why it was chosen. */
async function planText(app: AppPage): Promise<string | undefined> {
  const badge = app.page.getByTestId('plan.badge');
  const [value, host, basis] = await Promise.all([
    badge.locator('.badge-value').textContent({ timeout: 5000 }).catch(() => null),
    badge.getAttribute('data-host', { timeout: 5000 }).catch(() => null),
    badge.getAttribute('data-basis', { timeout: 5000 }).catch(() => null),
  ]);
  return value ? `${value.trim()}${host ? ` (${host}` : ''}${basis ? `, ${basis}` : ''}${host ? ')' : ''}` : undefined;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Train clicked on a freshly loaded page → the batch chart's first point, in `n` fresh pages. */
async function firstBatch(ctx: Ctx, id: WaitId, query: string, label: string): Promise<WaitRecord> {
  const samples: WaitSample[] = [];
  const notes: string[] = [];
  let plan: string | undefined;
  for (let i = 0; i < repeats(ctx.opts.quick).freshPages; i++) {
    const app = await freshPage(ctx);
    try {
      const loadMs = await open(app, ctx.base, query);
      const { sample, note } = await timeFirstPoint(app, `page ${i + 1}`);
      samples.push(sample);
      notes.push(`page ${i + 1}: ready ${seconds(loadMs)} after navigation; ${note}`);
      plan = await planText(app);
    } finally {
      await app.context.close();
    }
  }
  return { type: 'wait', id, label, url: `/?${query}`, samples, plan, notes };
}

/** Clicks Train and times the first batch point (and the end of "Preparing", for the breakdown). */
async function timeFirstPoint(app: AppPage, label: string, timeoutMs = 120_000): Promise<{ sample: WaitSample; note: string }> {
  const training = await app.waits.arm({ kind: 'state', pattern: '^(training|done|error)$' }, timeoutMs);
  const point = await app.waits.arm({ kind: 'points', chart: 'chart.batch', atLeast: 1 }, timeoutMs);
  const { at } = await click(app, 'run.start');
  const [trained, first] = await Promise.all([training(), point()]);
  return {
    sample: { label, ms: first.frame - at },
    note: `“${trained.value}” shown ${seconds(trained.frame - at)} after the click, first point ${seconds(first.frame - at)}`,
  };
}

/** IMDB tutorial 1: a first visit downloads and caches the shards; reloads then time the first batch. */
async function firstBatchImdb(ctx: Ctx): Promise<WaitRecord> {
  const app = await freshPage(ctx);
  const samples: WaitSample[] = [];
  const notes: string[] = [];
  try {
    await open(app, ctx.base, QUERIES.imdb);
    const warm = await timeFirstPoint(app, 'first visit (downloading)', 300_000);
    notes.push(`first visit, shards downloaded: first point ${seconds(warm.sample.ms)}`);
    const ended = await app.waits.arm(ENDED, 30_000);
    await click(app, 'run.stop');
    await ended();
    for (let i = 0; i < repeats(ctx.opts.quick).imdbReloads; i++) {
      const t0 = Date.now();
      await app.page.reload({ waitUntil: 'networkidle', timeout: 120_000 });
      await ready(app);
      const { sample, note } = await timeFirstPoint(app, `reload ${i + 1}`);
      samples.push(sample);
      notes.push(`reload ${i + 1}: ready ${seconds(Date.now() - t0)} after reloading; ${note}`);
    }
    return { type: 'wait', id: 'first-batch-imdb', label: 'IMDB tutorial 1 at its defaults, shards cached by a first visit', url: `/?${QUERIES.imdb}`, samples, plan: await planText(app), notes };
  } finally {
    await app.context.close();
  }
}

/** A whole tutorial at its defaults: Train clicked → "Finished". */
async function tutorialRun(ctx: Ctx, id: WaitId, query: string, label: string, timeoutMs: number): Promise<WaitRecord> {
  const app = await freshPage(ctx);
  try {
    await open(app, ctx.base, query);
    const ended = await app.waits.arm({ kind: 'state', pattern: '^(done|error)$' }, timeoutMs, { allowTimeout: true });
    const point = await app.waits.arm({ kind: 'points', chart: 'chart.batch', atLeast: 1 }, timeoutMs, { allowTimeout: true });
    const { at } = await click(app, 'run.start');
    const [end, first] = await Promise.all([ended(), point()]);
    const status = (await app.page.getByTestId('run.status').textContent())?.trim() ?? '?';
    if (!end.timedOut && end.value !== 'done') throw new Error(`the run ended in “${end.value}”: ${status}`);
    return {
      type: 'wait', id, label, url: `/?${query}`,
      // Not finished in time: at least that long (judged as such, not dropped).
      samples: [{ label: 'run', ms: end.frame - at, ...(end.timedOut ? { censored: true } : {}) }],
      plan: await planText(app),
      notes: [first.timedOut ? 'no batch point at all' : `first point ${seconds(first.frame - at)} after the click`, `status “${status}”`],
    };
  } finally {
    await app.context.close();
  }
}

/**
 * A short-reviews card's whole run in the tab (issue #21: ≤ 10 minutes): a first visit caches
 * the IMDB shards, as a returning user has them, then a fresh page's Train → “Finished”.
 */
async function shortReviewsCardRun(ctx: Ctx, id: 'short-reviews-card' | 'short-reviews-conv-card', query: string, what: string): Promise<WaitRecord> {
  const warm = await freshPage(ctx);
  try {
    await open(warm, ctx.base, QUERIES.imdbQuick);
    const ended = await warm.waits.arm(ENDED, 300_000, { allowTimeout: true });
    await click(warm, 'run.start');
    await ended();
  } finally {
    await warm.context.close();
  }
  return tutorialRun(ctx, id, query, `${what} at its defaults, shards cached by a first visit`, 1_080_000);
}

const shortReviewsCard = (ctx: Ctx) => shortReviewsCardRun(ctx, 'short-reviews-card', QUERIES.shortReviews, 'The short-reviews card');
const shortReviewsConvCard = (ctx: Ctx) => shortReviewsCardRun(ctx, 'short-reviews-conv-card', QUERIES.shortReviewsConv, 'The short-reviews card with a Conv1D front');

/** A keystroke whose prediction is not shown by then counts as at least this long. */
const KEYSTROKE_GIVE_UP_MS = 10_000;
/** Keystrokes given up on before the rest are skipped. */
const GIVE_UP_AFTER = 3;

/** Letters typed while an alphabet run trains: last keystroke → the prediction for them shown. */
async function tryDuringTraining(ctx: Ctx): Promise<WaitRecord> {
  const app = await freshPage(ctx);
  try {
    await open(app, ctx.base, QUERIES.alphabetLong);
    const enabled = await app.waits.arm({ kind: 'tryEnabled' }, 120_000);
    await click(app, 'run.start');
    const { frame: enabledAt } = await enabled();
    const samples = await typeSequences(app, 'try.letters.input', LETTER_SEQUENCES, (text) => ({ kind: 'letters', text }));
    const state = await app.page.getByTestId('run.status').getAttribute('data-state');
    const epochs = (await app.page.getByTestId('run.status').textContent())?.trim();
    return {
      type: 'wait', id: 'try-during-training', label: `${LETTER_SEQUENCES.length} sequences typed while alphabet trains (2,000 epochs)`,
      url: `/?${QUERIES.alphabetLong}`, samples, plan: await planText(app),
      notes: [`box enabled ${seconds(enabledAt)} after load`, `state “${state}” after the last (“${epochs}”)`],
    };
  } finally {
    await app.context.close();
  }
}

/**
 * Types each of `sequences` into the box `testId` (emptied first), `delayMs` between keys, and
 * times the last keystroke's input event → the frame after `shown(text)` holds. An answer that
 * never comes needs no more keystrokes to say so: after `GIVE_UP_AFTER` of them, the rest are not typed.
 */
async function typeSequences(
  app: AppPage, testId: string, sequences: readonly string[], shown: (text: string) => PageCondition, delayMs = 0,
): Promise<WaitSample[]> {
  const input = app.page.getByTestId(testId);
  const samples: WaitSample[] = [];
  for (const text of sequences) {
    await input.fill('');
    const seen = await app.waits.arm(shown(text), KEYSTROKE_GIVE_UP_MS, { allowTimeout: true });
    await input.pressSequentially(text, { delay: delayMs });
    const at = await seen();
    samples.push({ label: text, ms: at.frame - (await app.waits.input(testId)), ...(at.timedOut ? { censored: true } : {}) });
    if (samples.filter((x) => x.censored).length >= GIVE_UP_AFTER) break;
  }
  return samples;
}

/** Stop pressed in each phase: the click → the run shown as ended. */
async function stopLatency(ctx: Ctx): Promise<WaitRecord> {
  const samples: WaitSample[] = [];
  const notes: string[] = [];
  for (const phase of stopPhases(ctx.opts.imdbPrepared)) {
    const app = await freshPage(ctx);
    try {
      if (phase.slowShardMs !== undefined) {
        const hold = phase.slowShardMs;
        await app.context.route(/\/data\/imdb\/train-000\.bin$/, async (route) => {
          await new Promise((resolve) => setTimeout(resolve, hold));
          await route.continue().catch(() => undefined);
        });
      }
      await open(app, ctx.base, phase.query);
      const reached = await app.waits.arm(phase.after, 120_000);
      await click(app, 'run.start');
      await reached();
      if (phase.delayMs) await app.page.waitForTimeout(phase.delayMs);
      const ended = await app.waits.arm(ENDED, 60_000);
      const { at, state } = await click(app, 'run.stop');
      const end = await ended();
      samples.push({ label: state === 'preparing' || !phase.label.startsWith('preparing') ? phase.label : `${phase.label}, but ${state} at the click`, ms: end.frame - at });
      const notice = await app.page.getByTestId('engine.notice').first().textContent({ timeout: 1000 }).catch(() => null);
      notes.push(`${phase.label}: “${end.value}” after ${seconds(end.frame - at)}${notice ? ` (notice: ${notice.trim()})` : ''}`);
    } finally {
      await app.context.close();
    }
  }
  return { type: 'wait', id: 'stop-latency', label: 'Stop in each phase', url: '/', samples, notes };
}

/** Opens `query`, trains it, and waits for the run to finish: a trained model for the waits after it. */
async function trained(app: AppPage, ctx: Ctx, query: string, timeoutMs: number): Promise<void> {
  await open(app, ctx.base, query);
  const done = await app.waits.arm({ kind: 'state', pattern: '^(done|error)$' }, timeoutMs);
  await click(app, 'run.start');
  const end = await done();
  if (end.value !== 'done') throw new Error(`the run of ${query} ended in “${end.value}”`);
}

/** 1 MB pasted into the review box after a quick IMDB run: the longest main-thread task after it. */
async function paste1mb(ctx: Ctx): Promise<WaitRecord> {
  const app = await freshPage(ctx);
  try {
    await trained(app, ctx, QUERIES.imdbQuick, 300_000);
    const box = app.page.getByTestId('try.review.input');
    await box.click();
    const review = syntheticReview(PASTE_CHARS);
    const words = review.split(' ').length;
    // The box was empty: a result over this many words is the paste's (the tokenizer's count, not ours).
    const shown = await app.waits.arm({ kind: 'reviewWords', above: 1000 }, 120_000);
    const t0 = await app.waits.now();
    // What a paste does to a textarea: one insertion of the whole text, one input event.
    await app.page.keyboard.insertText(review);
    const seen = await shown();
    // Work that follows the result (layout of the token view, the next prediction) shows up soon after.
    await app.page.waitForTimeout(2000);
    const tasks = await app.waits.longTasksSince(t0);
    const input = await app.waits.input('try.review.input');
    const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    const kept = (await box.inputValue()).length;
    return {
      type: 'wait', id: 'paste-1mb', label: `${(PASTE_CHARS / 1e6).toFixed(0)} MB review (${words.toLocaleString('en')} words) pasted after a quick IMDB run`,
      url: `/?${QUERIES.imdbQuick}`,
      samples: [{ label: 'longest task', ms: longest }],
      longTasks: [...tasks].sort((a, b) => b.duration - a.duration).slice(0, 5).map((t) => ({ atMs: Math.round(t.start - t0), ms: Math.round(t.duration) })),
      notes: [
        tasks.length
          ? `${tasks.length} long task(s), ${Math.round(tasks.reduce((s, t) => s + t.duration, 0))} ms in all`
          : 'no task over 50 ms (the long-task threshold) in the 2 s after the result',
        `the box kept ${kept.toLocaleString('en')} of ${PASTE_CHARS.toLocaleString('en')} characters`,
        `input event ${Math.round(input - t0)} ms after the paste began; result (${String(seen.value)} words) shown ${seconds(seen.frame - t0)} after it`,
      ],
    };
  } finally {
    await app.context.close();
  }
}

/**
 * With the Inspect view open after a quick IMDB run, a review typed key by key (every keystroke a
 * new question: heatmaps, then attributions once typing pauses): the longest main-thread task
 * while typing and in the seconds after, when the last answers are drawn.
 */
async function inspectTyping(ctx: Ctx): Promise<WaitRecord> {
  const app = await freshPage(ctx);
  try {
    await trained(app, ctx, QUERIES.imdbQuick, 300_000);
    const box = app.page.getByTestId('inspect.input');
    await box.scrollIntoViewIfNeeded();
    await box.click();
    const t0 = await app.waits.now();
    await app.page.keyboard.type(INSPECT_REVIEW, { delay: 60 });
    // Attributions come a moment after typing stops, and take seconds on the worker: wait them out.
    await app.page.waitForTimeout(6000);
    const tasks = await app.waits.longTasksSince(t0);
    const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    const maps = await app.page.locator('[data-testid="inspect.result"] canvas').count();
    return {
      type: 'wait', id: 'inspect-typing', label: `${INSPECT_REVIEW.length} keystrokes into the Inspect view after a quick IMDB run`,
      url: `/?${QUERIES.imdbQuick}`,
      samples: [{ label: 'longest task', ms: longest }],
      longTasks: [...tasks].sort((a, b) => b.duration - a.duration).slice(0, 5).map((t) => ({ atMs: Math.round(t.start - t0), ms: Math.round(t.duration) })),
      notes: [
        tasks.length ? `${tasks.length} long task(s), ${Math.round(tasks.reduce((s, t) => s + t.duration, 0))} ms in all` : 'no task over 50 ms (the long-task threshold)',
        `${maps} heatmap(s) drawn at the end`,
      ],
    };
  } finally {
    await app.context.close();
  }
}

/**
 * Letters or reviews typed into the Inspect view after a short run of the tutorial: the last
 * keystroke → the traces shown for the new input, every heatmap drawn (`INSPECT_KEYSTROKES`).
 */
async function inspectKeystroke(ctx: Ctx, id: InspectKeystrokeId): Promise<WaitRecord> {
  const plan = INSPECT_KEYSTROKES[id];
  const app = await freshPage(ctx);
  try {
    const t0 = Date.now();
    await trained(app, ctx, plan.query, 300_000);
    const trainedIn = Date.now() - t0;
    await app.page.getByTestId('inspect.input').scrollIntoViewIfNeeded();
    const samples = await typeSequences(app, 'inspect.input', plan.sequences, (text) => ({ kind: 'inspectShown', text }), plan.keyDelayMs);
    const steps = await app.page.getByTestId('inspect.heatmap.h').getAttribute('data-steps').catch(() => null);
    const what = ({ letters: 'letter sequences', series: 'series', review: 'reviews' } as const)[plan.box];
    return {
      type: 'wait', id, label: `${plan.sequences.length} ${what} typed into the Inspect view after a short run (${plan.query})`,
      url: `/?${plan.query}`, samples, plan: await planText(app),
      notes: [
        `from the input event of the last keystroke to the frame after the new traces are in the page and every heatmap is drawn`,
        plan.keyDelayMs ? `${plan.keyDelayMs} ms between keystrokes` : 'keys pressed as fast as the browser takes them',
        `${steps ?? '?'} LSTM steps in the last heatmap`,
        `loaded and trained in ${seconds(trainedIn)}`,
      ],
    };
  } finally {
    await app.context.close();
  }
}

/** A user-data card's phase leaving "reading": the file is read (and training, or refused). */
const READ: (card: string) => PageCondition = (card) => ({ kind: 'attr', testId: `${card}.panel`, attr: 'data-phase', pattern: '^(training|done|failed)$' });

/** The longest tasks, for a record. */
const topTasks = (tasks: { start: number; duration: number }[], t0: number) =>
  [...tasks].sort((a, b) => b.duration - a.duration).slice(0, 5).map((t) => ({ atMs: Math.round(t.start - t0), ms: Math.round(t.duration) }));

const tasksNote = (tasks: { duration: number }[]) =>
  tasks.length ? `${tasks.length} long task(s), ${Math.round(tasks.reduce((n, t) => n + t.duration, 0))} ms in all` : 'no task over 50 ms (the long-task threshold)';

/**
 * A file given to a user-data card's file input, then Train: the longest main-thread task from
 * the file being taken to a second after the card has read it (the prepared data handed on to the
 * training worker included), the time from Train to read, and whether the progress bar showed.
 */
async function readThroughCard(
  ctx: Ctx, card: string, file: { name: string; mimeType: string; text: string }, settings: Record<string, string>,
): Promise<{ longest: number; tasks: { start: number; duration: number }[]; t0: number; notes: string[] }> {
  const app = await freshPage(ctx);
  try {
    await open(app, ctx.base, '');
    const id = (suffix: string) => app.page.getByTestId(`${card}.${suffix}`);
    if ((await id('panel').count()) === 0) throw new Error(`the ${card} card is not in this build`);
    await id('panel').scrollIntoViewIfNeeded();
    for (const [key, value] of Object.entries(settings)) await id(`field.${key}`).fill(value);
    const buffer = Buffer.from(file.text, 'utf8');
    // From a file on disk: Playwright refuses buffers of 50 MB and more.
    const path = join(mkdtempSync(join(tmpdir(), 'speed-')), file.name);
    writeFileSync(path, buffer);
    const t0 = await app.waits.now();
    await id('file').setInputFiles(path);
    await app.page.waitForFunction(([testId, name]) => document.querySelector(`[data-testid="${testId}"]`)?.textContent?.includes(name), [`${card}.source`, file.name], { timeout: 120_000 });
    // A card that reads a table's layout when the file is picked (the series card) is done with it when Train is enabled.
    await id('train').waitFor({ state: 'visible' });
    await app.page.waitForFunction((testId) => !(document.querySelector(`[data-testid="${testId}"]`) as HTMLButtonElement | null)?.disabled, `${card}.train`, { timeout: 120_000 });
    const pickedMs = (await app.waits.now()) - t0;
    // Tasks while the file was handed over are the harness's as much as the card's: counted apart.
    const picking = await app.waits.longTasksSince(t0);
    const t1 = await app.waits.now();
    const bar = await app.waits.arm({ kind: 'attr', testId: `${card}.progress`, attr: 'data-testid', pattern: '.' }, 300_000, { allowTimeout: true });
    const read = await app.waits.arm(READ(card), 300_000);
    const { at } = await click(app, `${card}.train`);
    const done = await read();
    // What follows the read (the data sent to the training worker, the first render) shows up within a second.
    await app.page.waitForTimeout(1000);
    const tasks = await app.waits.longTasksSince(t1);
    const problem = await id('problem').textContent({ timeout: 500 }).catch(() => null);
    if (await id('stop').isEnabled().catch(() => false)) await id('stop').click();
    // The bar is gone once read: ask only whether it was seen while reading (its wait resolved before the phase changed).
    const seen = await Promise.race([bar(), new Promise<null>((resolve) => setTimeout(() => resolve(null), 200))]);
    const barNote = seen && !seen.timedOut && seen.at <= done.at ? `progress bar shown ${seconds(seen.at - at)} after Train` : 'NO progress bar seen while reading';
    const longestPicking = picking.reduce((m, t) => Math.max(m, t.duration), 0);
    return {
      longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      tasks, t0: t1,
      notes: [
        `read in ${seconds(done.frame - at)} (Train → “${String(done.value)}”)${problem ? `: ${problem.trim()}` : ''}`,
        barNote, `from Train to a second after it was read: ${tasksNote(tasks)}`,
        `${(buffer.length / 1e6).toFixed(1)} MB file taken by the card in ${seconds(pickedMs)}, handed over by the test harness ` +
          `(Playwright's setInputFiles), not counted: ${picking.length ? `longest task then ${Math.round(longestPicking)} ms` : 'no long task then'}`,
      ],
    };
  } finally {
    await app.context.close();
  }
}

async function parseText50mb(ctx: Ctx): Promise<WaitRecord> {
  const r = await readThroughCard(ctx, 'yourText', { name: 'fifty-mb.txt', mimeType: 'text/plain', text: syntheticText(TEXT_50MB_BYTES) }, { step: String(BIG_TEXT_STEP) });
  return {
    type: 'wait', id: 'parse-text-50mb', label: `${TEXT_50MB_BYTES / 1e6} MB text (generated English, UTF-8) read by the text card (step ${BIG_TEXT_STEP})`, url: '/',
    samples: [{ label: 'longest task', ms: r.longest }], longTasks: topTasks(r.tasks, r.t0), notes: r.notes,
  };
}

async function parseCsv100k(ctx: Ctx): Promise<WaitRecord> {
  const app = await freshPage(ctx);
  await open(app, ctx.base, '');
  const present = await Promise.all(CSV_CARDS.map((c) => app.page.getByTestId(`${c.card}.panel`).count()));
  await app.context.close();
  const card = CSV_CARDS.find((_, k) => present[k] > 0);
  if (!card) throw new Error(`no CSV card (${CSV_CARDS.map((c) => c.card).join(', ')}) in this build`);
  const csv = card.csv(CSV_ROWS);
  const r = await readThroughCard(ctx, card.card, { name: 'hundred-k.csv', mimeType: 'text/csv', text: csv }, {});
  return {
    type: 'wait', id: 'parse-csv-100k', label: `${CSV_ROWS.toLocaleString('en')}-row CSV (${(csv.length / 1e6).toFixed(1)} MB) read by the ${card.kind} card`, url: '/',
    samples: [{ label: 'longest task', ms: r.longest }], longTasks: topTasks(r.tasks, r.t0), notes: r.notes,
  };
}

/** A 1 MB text at the card's defaults on fresh pages: Train clicked → the loss curve's first point. */
async function firstPointText1mb(ctx: Ctx): Promise<WaitRecord> {
  const samples: WaitSample[] = [];
  const notes: string[] = [];
  const buffer = Buffer.from(syntheticText(TEXT_1MB_BYTES), 'utf8');
  for (let i = 0; i < repeats(ctx.opts.quick).freshPages; i++) {
    const app = await freshPage(ctx);
    try {
      await open(app, ctx.base, '');
      await app.page.getByTestId('yourText.panel').scrollIntoViewIfNeeded();
      await app.page.getByTestId('yourText.file').setInputFiles({ name: 'one-mb.txt', mimeType: 'text/plain', buffer });
      await app.page.getByTestId('yourText.source').filter({ hasText: 'one-mb.txt' }).waitFor({ timeout: 60_000 });
      const read = await app.waits.arm(READ('yourText'), 120_000);
      const point = await app.waits.arm({ kind: 'attr', testId: 'yourText.curve', attr: 'data-batches', pattern: '^[1-9]' }, 120_000, { allowTimeout: true });
      const { at } = await click(app, 'yourText.train');
      const [r, first] = await Promise.all([read(), point()]);
      samples.push({ label: `page ${i + 1}`, ms: first.frame - at, ...(first.timedOut ? { censored: true } : {}) });
      notes.push(`page ${i + 1}: read (“${String(r.value)}”) ${seconds(r.frame - at)} after the click, first point ${seconds(first.frame - at)}`);
      await app.page.getByTestId('yourText.stop').click().catch(() => undefined);
    } finally {
      await app.context.close();
    }
  }
  return { type: 'wait', id: 'first-point-text-1mb', label: `${TEXT_1MB_BYTES / 1e6} MB text at the text card’s defaults, fresh pages`, url: '/', samples, notes };
}

/** Each wait: how it is measured, and how long it may take at most before it is given up. */
const MEASURES: Record<WaitId, { run: (ctx: Ctx) => Promise<WaitRecord>; budgetMs: number }> = {
  'first-batch-alphabet': { run: (ctx) => firstBatch(ctx, 'first-batch-alphabet', QUERIES.alphabet, 'Alphabet at its defaults, fresh pages'), budgetMs: 240_000 },
  'first-batch-trend': { run: (ctx) => firstBatch(ctx, 'first-batch-trend', QUERIES.trend, 'Trend at its defaults, fresh pages'), budgetMs: 240_000 },
  'first-batch-imdb': { run: firstBatchImdb, budgetMs: 600_000 },
  'try-during-training': { run: tryDuringTraining, budgetMs: 240_000 },
  'alphabet-tutorial': { run: (ctx) => tutorialRun(ctx, 'alphabet-tutorial', QUERIES.alphabet, 'Alphabet at its defaults, fresh page', 180_000), budgetMs: 240_000 },
  'trend-tutorial': { run: (ctx) => tutorialRun(ctx, 'trend-tutorial', QUERIES.trend, 'Trend at its defaults, fresh page', 120_000), budgetMs: 180_000 },
  'stop-latency': { run: stopLatency, budgetMs: 480_000 },
  'paste-1mb': { run: paste1mb, budgetMs: 480_000 },
  'inspect-typing': { run: inspectTyping, budgetMs: 480_000 },
  'inspect-keystroke': { run: (ctx) => inspectKeystroke(ctx, 'inspect-keystroke'), budgetMs: 240_000 },
  'inspect-keystroke-alphabet-stateful': { run: (ctx) => inspectKeystroke(ctx, 'inspect-keystroke-alphabet-stateful'), budgetMs: 240_000 },
  'inspect-keystroke-trend': { run: (ctx) => inspectKeystroke(ctx, 'inspect-keystroke-trend'), budgetMs: 240_000 },
  'inspect-keystroke-imdb-small-vocab': { run: (ctx) => inspectKeystroke(ctx, 'inspect-keystroke-imdb-small-vocab'), budgetMs: 420_000 },
  'inspect-keystroke-imdb-seq': { run: (ctx) => inspectKeystroke(ctx, 'inspect-keystroke-imdb-seq'), budgetMs: 420_000 },
  'inspect-keystroke-imdb-seq-cnn': { run: (ctx) => inspectKeystroke(ctx, 'inspect-keystroke-imdb-seq-cnn'), budgetMs: 420_000 },
  'parse-text-50mb': { run: parseText50mb, budgetMs: 420_000 },
  'parse-csv-100k': { run: parseCsv100k, budgetMs: 420_000 },
  'first-point-text-1mb': { run: firstPointText1mb, budgetMs: 300_000 },
  'short-reviews-card': { run: shortReviewsCard, budgetMs: 1_200_000 },
  'short-reviews-conv-card': { run: shortReviewsConvCard, budgetMs: 1_200_000 },
};

/** Resolves like `promise`, or rejects after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** `npm run build`, its output to stderr (stdout carries the JSON lines). */
function build(log: (line: string) => void): Promise<void> {
  log('waits: building the app (npm run build; --no-build serves dist/ as it is)');
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'build'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(process.stderr);
    child.stderr.pipe(process.stderr);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
  });
}

/** Runs the waits part; resolves with Chromium's version. */
export async function runWaits(opts: WaitsOptions): Promise<{ chromium: string }> {
  const { run, skipped } = waitsToRun(opts.ids, opts.imdbPrepared);
  for (const s of skipped) opts.emit({ type: 'skip', env: 'browser', wait: s.wait, reason: s.reason } satisfies SkipRecord);
  if (opts.build) await build(opts.log);
  const server = await startPreviewServer(opts.port);
  opts.log(`waits: vite preview of dist/ (pid ${server.pid}) at ${server.base}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: E2E_ARGS });
  try {
    const ctx: Ctx = { browser, base: server.base, opts, open: new Set() };
    for (const id of run) {
      opts.log(`waits: ${id} …`);
      const t0 = Date.now();
      try {
        const record = await within(MEASURES[id].run(ctx), MEASURES[id].budgetMs, id);
        opts.emit(record);
        opts.log(`waits: ${id}: ${record.samples.map((s) => `${s.label} ${Math.round(s.ms)} ms`).join(', ')} (${seconds(Date.now() - t0)})`);
      } catch (e) {
        const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
        opts.emit({ type: 'skip', env: 'browser', wait: id, reason });
        opts.log(`waits: ${id} failed: ${reason}`);
        await Promise.all([...ctx.open].map((c) => c.close().catch(() => undefined)));
      }
    }
    return { chromium: browser.version() };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}
