/**
 * What the speed benchmark reports: one record per measurement, as printed (JSON lines) and saved
 * (bench/results/speed.json). Plain data, so records cross `postMessage` from the browser worker.
 * Pure: the conversions from raw timings to records live here and are unit-tested.
 */
import type { PredictMeasurement, TrainMeasurement } from './engineBench';
import type { Timing } from './measure';
import type { BenchImpl, SpeedBackend, SpeedCase, SpeedEnv, SpeedScenario } from './models';
import type { Summary } from './stats';
import type { CharTextRecord } from './charText';
import type { BidirectionalRecord } from './bidirectionalCase';
import type { WaitId, WaitRecord } from './waitTargets';

export type { WaitRecord } from './waitTargets';
export type { CharTextRecord } from './charText';
export type { BidirectionalRecord } from './bidirectionalCase';

/** Training speed of one tutorial model with one LSTM implementation on one backend. */
export interface TrainRecord {
  type: 'train';
  env: SpeedEnv;
  backend: SpeedBackend;
  /** WASM threads in use. */
  threads?: number;
  /** A non-default setup of the backend (e.g. "wasm, setThreadsCount(2)"); absent for the plain one. */
  variant?: string;
  scenario: SpeedScenario;
  impl: BenchImpl;
  batchSize: number;
  /** Optimizer steps in one tutorial epoch. */
  batchesPerEpoch: number;
  /** Fused LSTM path per LSTM layer. */
  paths?: string[];
  /** ms per `trainOnBatch`. */
  ms: Summary;
  /** Every timed step, ms (rounded to 0.01). */
  samples: number[];
  warmup: Timing['warmup'];
  /** One tutorial epoch of training steps at the median: batchesPerEpoch × median. */
  secondsPerEpoch: number;
  /** Training flops per batch / median time. */
  gflops: number;
  /** ms per validation pass after each epoch (trend's 20% split), where timed. */
  validationMs?: Summary;
  buildMs: number;
  tensorsLeaked: number;
}

/** Test-set evaluation speed: `predict` at batch 256, extrapolated to 25,000 reviews. */
export interface PredictRecord {
  type: 'predict';
  env: SpeedEnv;
  backend: SpeedBackend;
  threads?: number;
  variant?: string;
  scenario: SpeedScenario;
  impl: BenchImpl;
  batchSize: number;
  paths?: string[];
  /** ms per predict of one batch. */
  ms: Summary;
  samples: number;
  estimatedSeconds: number;
  fullSeconds?: number;
  gflops: number;
  tensorsLeaked: number;
}

/** The same model and shapes trained by PyTorch on the CPU (`torch_bench.py`). */
export interface TorchRecord {
  type: 'torch';
  scenario: SpeedScenario;
  threads: number;
  batchSize: number;
  ms: Summary;
  samples: number[];
  secondsPerEpoch: number;
  gflops: number;
  /** Where PyTorch's model differs from the tutorial's (same shapes and flops). */
  notes: string[];
  /** The BLAS PyTorch multiplied with (bench/speed/torchBlas.ts); absent in records made before it was recorded. */
  blas?: string;
}

export interface TorchPredictRecord {
  type: 'torchPredict';
  scenario: SpeedScenario;
  threads: number;
  batchSize: number;
  ms: Summary;
  estimatedSeconds: number;
  gflops: number;
  /** As TorchRecord's. */
  blas?: string;
}

/** What a backend turned out to be in this environment. */
export interface EnvironmentRecord {
  type: 'environment';
  env: SpeedEnv;
  backend: SpeedBackend;
  /** Label of this run of the backend, e.g. "wasm" or "wasm, setThreadsCount(2)". */
  label: string;
  available: boolean;
  /** WASM threads in use (getThreadsCount after initialisation). */
  threads?: number;
  /** Threads asked for with setThreadsCount before initialisation. */
  threadsRequested?: number;
  crossOriginIsolated?: boolean;
  hardwareConcurrency?: number;
  /** What `navigator.hardwareConcurrency` was made to read before the backend started (experiment). */
  hardwareConcurrencySpoofed?: number;
  /** The backend probe's detail: WebGL renderer, WebGPU adapter, why it failed. */
  detail: string;
  userAgent?: string;
}

/** Main-thread responsiveness while the app trains in its worker. */
export interface ResponsivenessRecord {
  type: 'responsiveness';
  label: string;
  /** Path and query opened. */
  url: string;
  /** What the app's backend badge said. */
  backend: string;
  /** From pressing Train to the run's end, s. */
  runSeconds: number;
  finalState: string;
  /** Long tasks (main-thread tasks over 50 ms); `worst`: the longest, `atMs` after pressing Train. */
  longTasks: { count: number; maxMs: number; totalMs: number; worst: { atMs: number; ms: number }[] };
  frames: { count: number; medianGapMs: number; p95GapMs: number; maxGapMs: number };
}

/** A combination not measured, and why. */
export interface SkipRecord {
  type: 'skip';
  env: SpeedEnv | 'torch' | 'chartext' | 'bidirectional';
  backend?: SpeedBackend;
  scenario?: SpeedScenario;
  impl?: BenchImpl;
  /** The wait that could not be measured (waits part). */
  wait?: WaitId;
  reason: string;
}

export type SpeedRecord =
  | TrainRecord
  | PredictRecord
  | TorchRecord
  | TorchPredictRecord
  | EnvironmentRecord
  | ResponsivenessRecord
  | WaitRecord
  | CharTextRecord
  | BidirectionalRecord
  | SkipRecord;

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** GFLOP/s of `flops` done in `ms`. */
export const gflopsOf = (flops: number, ms: number): number => flops / (ms / 1000) / 1e9;

/** Where a measurement ran. */
export interface Where {
  env: SpeedEnv;
  backend: SpeedBackend;
  threads?: number;
  variant?: string;
}

export function trainRecord(
  c: SpeedCase,
  where: Where,
  impl: BenchImpl,
  m: TrainMeasurement,
): TrainRecord {
  const median = m.train.summary.median;
  return {
    type: 'train',
    ...where,
    ...(m.threads !== undefined ? { threads: m.threads } : {}),
    scenario: c.scenario,
    impl,
    batchSize: c.batchSize,
    batchesPerEpoch: c.batchesPerEpoch,
    paths: m.paths,
    ms: m.train.summary,
    samples: m.train.samples.map(round2),
    warmup: m.train.warmup,
    secondsPerEpoch: (c.batchesPerEpoch * median) / 1000,
    gflops: gflopsOf(c.trainingFlopsPerBatch, median),
    validationMs: m.validation?.summary,
    buildMs: m.buildMs,
    tensorsLeaked: m.tensorsLeaked,
  };
}

export function predictRecord(
  c: SpeedCase,
  where: Where,
  impl: BenchImpl,
  m: PredictMeasurement,
): PredictRecord {
  return {
    type: 'predict',
    ...where,
    ...(m.threads !== undefined ? { threads: m.threads } : {}),
    scenario: c.scenario,
    impl,
    batchSize: m.batchSize,
    paths: m.paths,
    ms: m.batch.summary,
    samples: m.samples,
    estimatedSeconds: m.estimatedSeconds,
    fullSeconds: m.fullSeconds,
    gflops: gflopsOf(c.flops.forwardPerSample * m.batchSize, m.batch.summary.median),
    tensorsLeaked: m.tensorsLeaked,
  };
}
