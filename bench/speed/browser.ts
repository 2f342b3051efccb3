/**
 * The browser part: headless Chromium (Debian's) against our own Vite dev server, the engine in a
 * module worker under cross-origin isolation (bench/browser/), one fresh page and worker per
 * backend. Then the app itself, for main-thread responsiveness while its worker trains
 * (responsiveness.ts). The server and the browser are always stopped before this returns.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { PAGE_API, REPORT_FUNCTION, type FromSpeedWorker, type SpeedRequest, type SpeedRunEnd } from '../browser/protocol';
import { browserRequests } from './browserPlan';
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
 * Longest one request may take (a hung backend, e.g. a lost WebGPU device, must not hang the run);
 * the slowest default request, software WebGL over every tutorial, takes a few minutes.
 */
const REQUEST_TIMEOUT_MS = 12 * 60_000;

/** Runs one request in a fresh page; records stream to `emit` as they are made. */
async function runRequest(browser: Browser, base: string, request: SpeedRequest, opts: BrowserOptions): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.exposeFunction(REPORT_FUNCTION, (message: FromSpeedWorker) => {
      if (message.type === 'record') opts.emit(message.record);
      else if (message.type === 'log') opts.log(message.line);
    });
    page.on('pageerror', (e) => opts.log(`page error (${request.label}): ${e.message}`));
    await page.goto(new URL(PAGE, base).href);
    await page.waitForFunction(() => document.body.dataset.ready !== undefined, undefined, { timeout: 120_000 });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<SpeedRunEnd>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${REQUEST_TIMEOUT_MS / 60_000} minutes; stopped` }), REQUEST_TIMEOUT_MS);
    });
    const run = page.evaluate(
      ([api, req]) => (window as unknown as Record<string, { run(r: unknown): Promise<SpeedRunEnd> }>)[api].run(req),
      [PAGE_API, request] as const,
    );
    // Closing the page (finally) ends its worker; the abandoned evaluate then rejects, unobserved.
    run.catch(() => undefined);
    const end = await Promise.race([run, timeout]).finally(() => clearTimeout(timer));
    if (!end.ok) opts.emit({ type: 'skip', env: 'browser', backend: request.backend, reason: `${request.label}: ${end.error}` });
  } finally {
    await page.close();
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
