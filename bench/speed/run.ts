/**
 * The body of `npm run bench:speed` (bench/speed.ts prepares what it serves, then imports this).
 *
 * Times every tutorial model with tfjs-layers' LSTM, our fused LSTM and (for the models it can
 * train) the typed trainer, side by side, in Node
 * (wasm, cpu), in headless Chromium (a module worker under cross-origin isolation: wasm, webgl,
 * webgpu) and in PyTorch, then judges the speed targets. stdout: one JSON line per measurement and
 * a final summary object; stderr: progress and the tables. Results: bench/results/speed.json.
 * See bench/speed/ (args, models and FLOP counts, timing, runners, report) and `--help`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseSpeedArgs, USAGE } from './args';
import { browserAvailable, runBrowser } from './browser';
import { runBidirectional } from './bidirectional';
import { runCharText } from './charText';
import { EVAL_SCENARIO } from './models';
import { runNode } from './node';
import type { EnvironmentRecord, SpeedRecord } from './records';
import { humanReport } from './report';
import { mergeRecords } from './resultsFile';
import { evaluateTargets } from './targets';
import { findTorchPython, runTorch } from './torch';
import { blasRefusal, blasText } from './torchBlas';
import { runWaits } from './waits';

const { options, help, problems } = parseSpeedArgs(process.argv.slice(2));
if (help) {
  console.log(USAGE);
  process.exit(0);
}
if (problems.length) {
  for (const p of problems) console.error(`error: ${p}`);
  console.error('Run with --help for usage.');
  process.exit(2);
}

const started = Date.now();
const records: SpeedRecord[] = [];
const emit = (record: SpeedRecord): void => {
  records.push(record);
  console.log(JSON.stringify(record));
};
const log = (line: string): void => {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
};
/** 1-minute load average when each part started: other work on the machine skews the timings. */
const load: Record<string, number> = {};
const versions: Record<string, string> = { node: process.version, tfjs: tf.version['tfjs-core'] };

const common = { scenarios: options.scenarios, backends: options.backends, plan: options.plan, slow: options.slow, evalFull: options.evalFull, emit, log };

if (options.parts.includes('node')) {
  load.node = loadavg()[0];
  log(`Node part (load average ${load.node.toFixed(2)})`);
  await runNode(common);
}

if (options.parts.includes('browser')) {
  const missing = browserAvailable();
  if (missing) emit({ type: 'skip', env: 'browser', reason: missing });
  else {
    load.browser = loadavg()[0];
    log(`browser part (load average ${load.browser.toFixed(2)})`);
    try {
      const { chromium } = await runBrowser({
        ...common, port: options.port, includeSoftwareGpu: options.includeSoftwareGpu, responsiveness: options.responsiveness,
        imdbPrepared: existsSync('public/data/imdb/manifest.json'), quick: options.quick,
      });
      versions.chromium = chromium;
    } catch (e) {
      emit({ type: 'skip', env: 'browser', reason: `browser part failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
}

if (options.parts.includes('torch')) {
  const found = findTorchPython();
  const refused = 'missing' in found ? undefined : blasRefusal(found.blas);
  if ('missing' in found) emit({ type: 'skip', env: 'torch', reason: found.missing });
  else if (refused) {
    log(refused);
    emit({ type: 'skip', env: 'torch', reason: refused });
  } else {
    versions.torchBlas = blasText(found.blas);
    // Same threads as our WASM run (the browser's, else Node's), as the typed trainer's
    // sharded steps (the most threads a training record used), and always 1.
    const env = records.filter((r): r is EnvironmentRecord => r.type === 'environment' && r.backend === 'wasm' && r.label === 'wasm');
    const wasmThreads = (env.find((e) => e.env === 'browser') ?? env.find((e) => e.env === 'node'))?.threads ?? 1;
    const shardedThreads = records.reduce((most, r) => (r.type === 'train' && r.impl === 'typed' ? Math.max(most, r.threads ?? 1) : most), 1);
    const threads = options.torchThreads ?? [...new Set([1, wasmThreads, shardedThreads])];
    load.torch = loadavg()[0];
    log(`PyTorch part with ${found.python} on ${versions.torchBlas}, threads ${threads.join(', ')} (load average ${load.torch.toFixed(2)})`);
    try {
      versions.torch = await runTorch({
        python: found.python, blas: found.blas, scenarios: options.scenarios, threads,
        predict: options.scenarios.includes(EVAL_SCENARIO) ? [EVAL_SCENARIO] : [], plan: options.plan, emit, log,
      });
    } catch (e) {
      emit({ type: 'skip', env: 'torch', reason: `PyTorch part failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
}

if (options.parts.includes('waits')) {
  const missing = browserAvailable();
  if (missing) emit({ type: 'skip', env: 'browser', reason: `waits: ${missing}` });
  else {
    load.waits = loadavg()[0];
    log(`waits part: the app's production build (load average ${load.waits.toFixed(2)})`);
    try {
      const { chromium } = await runWaits({
        port: options.previewPort, ids: options.waits, quick: options.quick, build: options.build,
        imdbPrepared: existsSync('public/data/imdb/manifest.json'), emit, log,
      });
      versions.chromium ??= chromium;
    } catch (e) {
      emit({ type: 'skip', env: 'browser', reason: `waits part failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
}

if (options.parts.includes('chartext')) {
  load.chartext = loadavg()[0];
  log(`char-text part: the character model on a 1 MB text, ours and PyTorch (load average ${load.chartext.toFixed(2)})`);
  const found = findTorchPython();
  const refused = 'missing' in found ? undefined : blasRefusal(found.blas);
  try {
    await runCharText({ plan: options.plan, torch: refused ? { missing: refused } : found, torchThreads: options.torchThreads, cells: options.cells, emit, log });
  } catch (e) {
    emit({ type: 'skip', env: 'chartext', reason: `char-text part failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}

if (options.parts.includes('bidirectional')) {
  load.bidirectional = loadavg()[0];
  log(`bidirectional part: the short-reviews card's Bidirectional(LSTM), ours and PyTorch (load average ${load.bidirectional.toFixed(2)})`);
  const found = findTorchPython();
  const refused = 'missing' in found ? undefined : blasRefusal(found.blas);
  try {
    await runBidirectional({ plan: options.plan, torch: refused ? { missing: refused } : found, torchThreads: options.torchThreads, emit, log });
  } catch (e) {
    emit({ type: 'skip', env: 'bidirectional', reason: `bidirectional part failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

load.end = loadavg()[0];
// A run that names its parts keeps the results file's records of the other parts (said in meta.kept).
let previous: Parameters<typeof mergeRecords>[0];
if (options.out && options.partsExplicit && existsSync(options.out)) {
  try {
    previous = JSON.parse(readFileSync(options.out, 'utf8'));
  } catch (e) {
    log(`could not read ${options.out} to keep its other parts: ${e instanceof Error ? e.message : String(e)}`);
  }
}
const merged = options.out ? mergeRecords(previous, records, options.parts, options.waits, options.cells) : { records, kept: undefined };
const meta = {
  date: new Date(started).toISOString(),
  seconds: (Date.now() - started) / 1000,
  commit: gitCommit(),
  cpu: `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  versions,
  loadAverage: load,
  quick: options.quick,
  plan: options.plan,
  ...(merged.kept ? { kept: merged.kept } : {}),
};
const targets = evaluateTargets(merged.records);
console.log(JSON.stringify({ type: 'summary', meta, targets }));

const header = [
  `${meta.date}, ${meta.cpu}, ${meta.memoryGiB} GiB, commit ${meta.commit ?? '?'}; ` +
    Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ') + '.',
  `1-minute load average at the start of each part: ${Object.entries(load).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}` +
    ` (above ~0.5 other work shared the ${cpus().length} cores: timings are then slower and noisier).`,
  `Timing: ≥ ${options.plan.warmup} warm-up steps and ≥ ${options.plan.warmupMinMs} ms of warm-up, then up to ${options.plan.batches} timed ` +
    `steps (at least ${options.plan.minBatches}, about ${options.plan.maxSeconds} s at most). Whole run: ${meta.seconds.toFixed(0)} s.` +
    (options.quick ? ' QUICK MODE: figures are for smoke-testing only.' : ''),
  ...(merged.kept
    ? [`Kept in ${options.out}, not run now: ${merged.kept.records} records of ${Object.entries(merged.kept.from).map(([part, date]) => `${part} (run of ${date})`).join(', ')}.`]
    : []),
];
process.stderr.write(`\n${humanReport(merged.records, header)}\n`);

if (options.out) {
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify({ meta, options, targets, records: merged.records }, null, 1)}\n`);
  log(`results: ${options.out}`);
} else {
  log('results: not written (quick mode; --out FILE writes them)');
}
process.exit(0);
