/**
 * The browser part: headless Chromium (Debian's) against our own Vite dev server, the engine in a
 * module worker under cross-origin isolation (bench/browser/), one fresh page and worker per
 * backend. Then the app itself, for main-thread responsiveness while its worker trains
 * (responsiveness.ts). The server and the browser are always stopped before this returns.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { PAGE_API, REPORT_FUNCTION, type FromSpeedWorker, type SpeedItem, type SpeedRequest, type SpeedRunEnd } from '../browser/protocol';
import { browserRequests, itemText, remainingAfter } from './browserPlan';
import type { PartOptions } from './node';
import { measureResponsiveness, responsivenessRuns } from './responsiveness';
import { startDevServer } from './server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAGE = 'bench/browser/speed.html';

/** Flags from TFJS-NOTES: no background networking on a closed network, WebGPU switched on. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu',
];

export interface BrowserOptions extends PartOptions {
  port: number;
  /** Measure WebGPU even on a software (fallback) adapter. */
  includeSoftwareGpu: boolean;
  /** Measure the app's main-thread responsiveness too. */
  responsiveness: boolean;
  /** Whether public/data/imdb is prepared (the IMDB responsiveness run needs it). */
  imdbPrepared: boolean;
  quick: boolean;
}

/** Whether this machine can run the browser part at all. */
export function browserAvailable(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
}

/**
 * A worker that has not started or finished a measurement for this long is taken to be hung (a
 * lost WebGL context can leave a read pending forever). The slowest default measurement, software
 * WebGL over 500 timesteps, takes about a minute.
 */
const IDLE_LIMIT_MS = 5 * 60_000;
/** Fresh workers started for one request after hangs, at most. */
const MAX_RESTARTS = 2;

type Outcome = { kind: 'done' } | { kind: 'failed'; error: string } | { kind: 'hung'; item?: SpeedItem };

/** Runs one request in a fresh page; records stream to `emit` as they are made. */
async function runOnce(browser: Browser, base: string, request: SpeedRequest, opts: BrowserOptions, restart: boolean): Promise<Outcome> {
  const page = await browser.newPage();
  let current: SpeedItem | undefined;
  let lastActivity = Date.now();
  let watchdog: ReturnType<typeof setInterval> | undefined;
  try {
    await page.exposeFunction(REPORT_FUNCTION, (message: FromSpeedWorker) => {
      lastActivity = Date.now();
      if (message.type === 'record') {
        // A restarted worker describes its backend again: once is enough.
        if (!(restart && message.record.type === 'environment')) opts.emit(message.record);
      } else if (message.type === 'start') {
        current = message.item;
        opts.log(message.line);
      }
    });
    page.on('pageerror', (e) => opts.log(`page error (${request.label}): ${e.message}`));
    await page.goto(new URL(PAGE, base).href);
    await page.waitForFunction(() => document.body.dataset.ready !== undefined, undefined, { timeout: 120_000 });
    const hung = new Promise<Outcome>((resolve) => {
      watchdog = setInterval(() => {
        if (Date.now() - lastActivity > IDLE_LIMIT_MS) resolve({ kind: 'hung', item: current });
      }, 1000);
    });
    const run = page
      .evaluate(
        ([api, req]) => (window as unknown as Record<string, { run(r: unknown): Promise<SpeedRunEnd> }>)[api].run(req),
        [PAGE_API, request] as const,
      )
      .then((end): Outcome => (end.ok ? { kind: 'done' } : { kind: 'failed', error: end.error }));
    // After a hang the page is closed (finally), which ends its worker and rejects this evaluate.
    run.catch(() => undefined);
    return await Promise.race([run, hung]);
  } finally {
    clearInterval(watchdog);
    await page.close();
  }
}

/**
 * Runs one request; after a hang, skips the measurement that hung and carries on with the rest in
 * a fresh page and worker.
 */
async function runRequest(browser: Browser, base: string, request: SpeedRequest, opts: BrowserOptions): Promise<void> {
  let pending = request;
  for (let restarts = 0; ; restarts++) {
    const outcome = await runOnce(browser, base, pending, opts, restarts > 0);
    if (outcome.kind === 'failed') {
      opts.emit({ type: 'skip', env: 'browser', backend: request.backend, reason: `${request.label}: ${outcome.error}` });
    }
    if (outcome.kind !== 'hung') return;
    const what = outcome.item ? itemText(pending, outcome.item) : 'backend start-up';
    opts.emit({
      type: 'skip', env: 'browser', backend: request.backend,
      reason: `${request.label}, ${what}: no progress for ${IDLE_LIMIT_MS / 60_000} minutes (hung; its page was closed)`,
    });
    if (!outcome.item || restarts >= MAX_RESTARTS) return;
    pending = remainingAfter(pending, outcome.item);
    if (pending.train.length + pending.predict.length === 0) return;
    opts.log(`restarting ${request.label} in a fresh worker after the hang`);
  }
}

/** Runs the browser part; resolves with Chromium's version. */
export async function runBrowser(opts: BrowserOptions): Promise<{ chromium: string }> {
  const { requests, skipped } = browserRequests(opts);
  for (const s of skipped) opts.emit({ type: 'skip', env: 'browser', ...s });
  const server = await startDevServer(opts.port, PAGE);
  opts.log(`vite dev server pid ${server.pid} at ${server.base}`);
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const version = browser.version();
    try {
      opts.log(`chromium ${version}`);
      for (const request of requests) {
        try {
          await runRequest(browser, server.base, request, opts);
        } catch (e) {
          opts.emit({ type: 'skip', env: 'browser', backend: request.backend, reason: `${request.label}: ${e instanceof Error ? e.message : String(e)}` });
        }
      }
      if (opts.responsiveness) {
        for (const run of responsivenessRuns(opts.imdbPrepared, opts.quick)) {
          opts.log(`browser app responsiveness: ${run.label} …`);
          try {
            opts.emit(await measureResponsiveness(browser, server.base, run));
          } catch (e) {
            opts.emit({ type: 'skip', env: 'browser', reason: `responsiveness (${run.label}): ${e instanceof Error ? e.message : String(e)}` });
          }
        }
      }
    } finally {
      await browser.close();
    }
    return { chromium: version };
  } finally {
    await server.stop();
  }
}
