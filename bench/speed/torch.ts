/**
 * The PyTorch part: runs torch_bench.py with a Python that can `import torch` (Debian's
 * python3-torch here), hands it the same layer specs as JSON on stdin and turns the raw step
 * times it prints into records. PyTorch is the native reference the targets compare against.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TimingPlan } from './measure';
import { IMDB_TEST_REVIEWS, speedCase, type SpeedScenario } from './models';
import { gflopsOf, type SpeedRecord } from './records';
import { summarize } from './stats';
import { blasText, loadedBlas, torchEnv, type LoadedBlas } from './torchBlas';

const SCRIPT = fileURLToPath(new URL('./torch_bench.py', import.meta.url));
/** Tried in order; the first whose `import torch` works is used. SPEED_PYTHON overrides. */
const PYTHONS = ['python3', '/usr/bin/python3'];
/** Evaluation batch, as the app's. */
const PREDICT_BATCH = 256;

/**
 * Imports torch as the benchmark will, and says what it loaded: its version, the files mapped into
 * the process (the BLAS among them) and its build configuration.
 */
const PROBE = [
  'import json, os, torch',
  'maps = open("/proc/self/maps").read() if os.path.exists("/proc/self/maps") else ""',
  'print(json.dumps({"version": torch.__version__, "maps": maps, "config": torch.__config__.show()}))',
].join('\n');

export interface TorchPython {
  python: string;
  version: string;
  blas: LoadedBlas;
}

/** A Python that has torch, with its version and BLAS; or why there is none. */
export function findTorchPython(): TorchPython | { missing: string } {
  const candidates = process.env.SPEED_PYTHON ? [process.env.SPEED_PYTHON] : PYTHONS;
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024, env: torchEnv(process.env) });
    if (probe.status !== 0) continue;
    const found = JSON.parse(probe.stdout) as { version: string; maps: string; config: string };
    return { python, version: found.version, blas: loadedBlas(found.maps, found.config) };
  }
  return { missing: `no Python with torch among ${candidates.join(', ')} (set SPEED_PYTHON)` };
}

interface TorchRun {
  kind: 'train' | 'predict';
  threads: number;
  id: SpeedScenario;
  samples: number[];
  warmupSteps: number;
  notes: string[];
}

export interface TorchOptions {
  python: string;
  /** The BLAS the probe found; each record names it. */
  blas: LoadedBlas;
  scenarios: readonly SpeedScenario[];
  /** Thread counts to run with (torch.set_num_threads). */
  threads: readonly number[];
  /** Scenarios whose test-set evaluation is timed too. */
  predict: readonly SpeedScenario[];
  plan: TimingPlan;
  emit(record: SpeedRecord): void;
  log(line: string): void;
}

/** What torch_bench.py reads on stdin: thread counts, the timing policy, and the cases (layer specs as JSON). */
export interface TorchBenchInput {
  threads: readonly number[];
  timing: TimingPlan;
  train: TorchCase[];
  predict: TorchCase[];
}

export interface TorchCase {
  id: string;
  spec: unknown;
  batchSize: number;
  vocabSize?: number;
  learningRate: number;
}

/** Runs torch_bench.py on `input` (its progress lines to `log`); resolves with what it printed. */
export async function runTorchBench<Id extends string>(
  python: string, input: TorchBenchInput, log: (line: string) => void,
): Promise<{ torch: string; blasConfig?: string; runs: (Omit<TorchRun, 'id'> & { id: Id })[] }> {
  // Without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE: OpenBLAS picks its kernels for this CPU.
  const child = spawn(python, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'], env: torchEnv(process.env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-4000);
    for (const line of text.split('\n').filter(Boolean)) if (line.startsWith('torch ')) log(line);
  });
  child.stdin.end(JSON.stringify(input));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`torch_bench.py exited with ${code}: ${stderr.trim()}`);
  return JSON.parse(stdout);
}

/** Runs torch_bench.py once for every tutorial; resolves with PyTorch's version. */
export async function runTorch(opts: TorchOptions): Promise<string> {
  const caseJson = (scenario: SpeedScenario, batchSize: number) => {
    const c = speedCase(scenario);
    return { id: scenario, spec: c.spec, batchSize, vocabSize: c.vocabSize, learningRate: c.hp.learningRate };
  };
  const out = await runTorchBench<SpeedScenario>(opts.python, {
    threads: opts.threads,
    timing: opts.plan,
    train: opts.scenarios.map((s) => caseJson(s, speedCase(s).batchSize)),
    predict: opts.predict.map((s) => caseJson(s, PREDICT_BATCH)),
  }, opts.log);
  // OpenBLAS's own account of itself (version, the core type it picked) joins the library's name.
  const blas = blasText(opts.blas) + (out.blasConfig ? `; ${out.blasConfig}` : '');
  for (const run of out.runs) {
    const c = speedCase(run.id);
    const ms = summarize(run.samples);
    if (run.kind === 'train') {
      opts.emit({
        type: 'torch', scenario: run.id, threads: run.threads, batchSize: c.batchSize, ms,
        samples: run.samples.map((x) => Math.round(x * 100) / 100),
        secondsPerEpoch: (c.batchesPerEpoch * ms.median) / 1000,
        gflops: gflopsOf(c.trainingFlopsPerBatch, ms.median),
        notes: run.notes,
        blas,
      });
    } else {
      opts.emit({
        type: 'torchPredict', scenario: run.id, threads: run.threads, batchSize: PREDICT_BATCH, ms,
        estimatedSeconds: ((IMDB_TEST_REVIEWS / PREDICT_BATCH) * ms.median) / 1000,
        gflops: gflopsOf(c.flops.forwardPerSample * PREDICT_BATCH, ms.median),
        blas,
      });
    }
  }
  return out.torch;
}
