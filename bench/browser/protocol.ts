/**
 * Messages between the benchmark page (main.ts), its worker (speedWorker.ts) and the Node driver
 * (bench/speed/browser.ts). One request per worker: the page starts a fresh worker for each,
 * because a tfjs backend (and WASM's thread count) is chosen once per realm.
 */
import type { TimingPlan } from '../speed/measure';
import type { BenchImpl, SpeedScenario } from '../speed/models';
import type { SpeedRecord } from '../speed/records';

export type BrowserBackend = 'webgl' | 'webgpu' | 'wasm';

export interface SpeedRequest {
  backend: BrowserBackend;
  /** Label for the environment record, e.g. "wasm, setThreadsCount(2)". */
  label: string;
  /** WASM only: `setThreadsCount(n)` before the backend initialises. */
  threads?: number;
  /**
   * WASM only, an experiment: make `navigator.hardwareConcurrency` read this in the worker before
   * the backend initialises. tfjs' WASM binary caps its thread pool at hardwareConcurrency / 2
   * (`init_with_threads_count` in tfjs-backend-wasm's backend.cc), whatever setThreadsCount asks.
   */
  spoofHardwareConcurrency?: number;
  /** WebGPU only: measure even on a fallback (software) adapter. */
  allowFallbackAdapter: boolean;
  /** Training measurements, in order. */
  train: { scenario: SpeedScenario; impl: BenchImpl }[];
  /** Test-set evaluation measurements, in order. */
  predict: { scenario: SpeedScenario; impl: BenchImpl }[];
  plan: TimingPlan;
  /** Also time one real predict over all 25,000 reviews (fused LSTM only). */
  evalFull: boolean;
}

/** Which measurement of a request: the `index`-th of its `train` or `predict` list. */
export interface SpeedItem {
  phase: 'train' | 'predict';
  index: number;
}

/** Page → worker: run a request (once per worker), or say what you are doing (any time). */
export type ToSpeedWorker = { type: 'run'; request: SpeedRequest } | { type: 'probe' };

/** What a worker reports about itself when probed, e.g. by the driver's watchdog after a hang. */
export interface WorkerState {
  backend: string;
  /** The measurement in progress, in words. */
  current?: string;
  numTensors: number;
  /** WebGL only: whether the backend's context is lost. */
  webglContextLost?: boolean;
}

/** Worker → page. */
export type FromSpeedWorker =
  | { type: 'record'; record: SpeedRecord }
  | { type: 'probe'; state: WorkerState }
  /** A measurement begins (the driver's watchdog tracks these). */
  | { type: 'start'; item: SpeedItem; line: string }
  | { type: 'done' }
  | { type: 'error'; name: string; message: string };

/** How the run ended, as the page's `speedBench.run` resolves. */
export type SpeedRunEnd = { ok: true } | { ok: false; error: string };

/** What the page exposes to the driver. */
export interface SpeedBenchApi {
  run(request: SpeedRequest): Promise<SpeedRunEnd>;
  /** The running worker's state, or null if it does not answer within `timeoutMs`. */
  probe(timeoutMs: number): Promise<WorkerState | null>;
}

/** Names shared by the page and the driver. */
export const PAGE_API = 'speedBench';
/** Function the driver exposes with `page.exposeFunction`; the page forwards every message to it. */
export const REPORT_FUNCTION = 'speedReport';
