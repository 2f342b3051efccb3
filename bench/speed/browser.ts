/**
 * The browser part: headless Chromium (Debian's) against our own Vite dev server, the engine in a
 * module worker under cross-origin isolation (bench/browser/), one fresh browser and worker per
 * backend. Then the app itself, for main-thread responsiveness while its worker trains
 * (responsiveness.ts). The server and the browsers are always stopped before this returns.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { PAGE_API, REPORT_FUNCTION, type FromSpeedWorker, type SpeedBenchApi, type SpeedItem, type SpeedRequest } from '../browser/protocol';
import { browserRequests, itemText, remainingAfter } from './browserPlan';
import type { PartOptions } from './node';
import { measureResponsiveness, responsivenessRuns } from './responsiveness';
import { startDevServer } from './server';
import { HARDWARE_FLAGS, REAL_GPU } from '../../e2e/gpuFlags';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAGE = 'bench/browser/speed.html';

/**
 * Flags from TFJS-NOTES: no background networking on a closed network, WebGPU switched on; with
 * `GPU_CHECK_REAL=1` (`npm run check:gpu`) the recipe for a hardware GPU in headless Chromium too.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu', ...(REAL_GPU ? HARDWARE_FLAGS : []),
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
 * A worker that has not started or finished a measurement for this long is taken to be hung.
 * The slowest default measurement (software WebGL over 500 timesteps) takes about a minute; with
 * --slow or a software WebGPU adapter one can take several.
 */
const IDLE_LIMIT_MS = 150_000;
const IDLE_LIMIT_SLOW_MS = 10 * 60_000;
/** Fresh browsers started for one request after hangs, at most. */
const MAX_RESTARTS = 2;
/** How long closing a browser may take before its process is killed. */
const CLOSE_MS = 10_000;

type Outcome = { kind: 'done' } | { kind: 'failed'; error: string } | { kind: 'hung'; item?: SpeedItem; state: string };

/** Resolves like `promise`, or rejects after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs `fn` with a Chromium of its own, and always stops that Chromium: closed if it answers,
 * killed if not. One browser per request, because a WebGL run in headless Chromium occasionally
 * stops answering altogether (seen twice, never when run alone); a hung browser must not take
 * the following measurements with it.
 */
async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    try {
      return await fn(browser);
    } finally {
      await within(browser.close(), CLOSE_MS).catch(() => undefined);
    }
  } finally {
    await within(server.close(), CLOSE_MS).catch(() => server.kill());
  }
}

/** What the page's worker says about itself, in words (for the report of a hang). */
async function probeText(page: Page): Promise<string> {
  try {
    const state = await within(
      page.evaluate(([api]) => (window as unknown as Record<string, SpeedBenchApi>)[api].probe(3000), [PAGE_API] as const),
      10_000,
    );
    if (!state) return 'the worker did not answer a probe';
    const lost = state.webglContextLost === undefined ? '' : `, WebGL context ${state.webglContextLost ? 'LOST' : 'not lost'}`;
    return `the worker answered a probe: backend ${state.backend}, ${state.numTensors} tensors${lost}`;
  } catch {
    return 'the page did not answer';
  }
}

/** Runs one request in a fresh browser; records stream to `emit` as they are made. */
function runOnce(request: SpeedRequest, base: string, opts: BrowserOptions, restart: boolean): Promise<Outcome> {
  const idleLimit = opts.slow || opts.includeSoftwareGpu ? IDLE_LIMIT_SLOW_MS : IDLE_LIMIT_MS;
  return withBrowser(async (browser) => {
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
      const idle = new Promise<'idle'>((resolve) => {
        watchdog = setInterval(() => {
          if (Date.now() - lastActivity > idleLimit) resolve('idle');
        }, 1000);
      });
      const run = page
        .evaluate(
          ([api, req]) => (window as unknown as Record<string, SpeedBenchApi>)[api].run(req),
          [PAGE_API, request] as const,
        )
        .then((end): Outcome => (end.ok ? { kind: 'done' } : { kind: 'failed', error: end.error }));
      // After a hang the browser is closed or killed, which rejects this evaluate: nobody waits.
      run.catch(() => undefined);
      const first = await Promise.race([run, idle]);
      if (first !== 'idle') return first;
      return { kind: 'hung', item: current, state: `${await probeText(page)}; no progress for ${idleLimit / 1000} s` };
    } finally {
      clearInterval(watchdog);
    }
  });
}

/**
 * Runs one request; after a hang, skips the measurement that hung and carries on with the rest in
 * a fresh browser.
 */
async function runRequest(base: string, request: SpeedRequest, opts: BrowserOptions): Promise<void> {
  let pending = request;
  for (let restarts = 0; ; restarts++) {
    const outcome = await runOnce(pending, base, opts, restarts > 0);
    if (outcome.kind === 'failed') {
      opts.emit({ type: 'skip', env: 'browser', backend: request.backend, reason: `${request.label}: ${outcome.error}` });
    }
    if (outcome.kind !== 'hung') return;
    const what = outcome.item ? itemText(pending, outcome.item) : 'backend start-up';
    opts.emit({ type: 'skip', env: 'browser', backend: request.backend, reason: `${request.label}, ${what}: hung (${outcome.state}); browser closed` });
    if (!outcome.item || restarts >= MAX_RESTARTS) return;
    pending = remainingAfter(pending, outcome.item);
    if (pending.train.length + pending.predict.length === 0) return;
    opts.log(`restarting ${request.label} in a fresh browser after the hang`);
  }
}

/** Runs the browser part; resolves with Chromium's version. */
export async function runBrowser(opts: BrowserOptions): Promise<{ chromium: string }> {
  const { requests, skipped } = browserRequests(opts);
  for (const s of skipped) opts.emit({ type: 'skip', env: 'browser', ...s });
  const server = await startDevServer(opts.port, PAGE);
  opts.log(`vite dev server pid ${server.pid} at ${server.base}`);
  try {
    const version = await withBrowser(async (browser) => browser.version());
    opts.log(`chromium ${version}`);
    for (const request of requests) {
      try {
        await runRequest(server.base, request, opts);
      } catch (e) {
        opts.emit({ type: 'skip', env: 'browser', backend: request.backend, reason: `${request.label}: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    if (opts.responsiveness) {
      for (const run of responsivenessRuns(opts.imdbPrepared, opts.quick)) {
        opts.log(`browser app responsiveness: ${run.label} …`);
        try {
          opts.emit(await withBrowser((browser) => within(measureResponsiveness(browser, server.base, run), run.timeoutMs + 180_000)));
        } catch (e) {
          opts.emit({ type: 'skip', env: 'browser', reason: `responsiveness (${run.label}): ${e instanceof Error ? e.message : String(e)}` });
        }
      }
    }
    return { chromium: version };
  } finally {
    await server.stop();
  }
}
