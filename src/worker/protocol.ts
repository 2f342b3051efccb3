/**
 * The whole worker protocol, both directions, as discriminated unions on `type`. Every run-scoped
 * message carries the `runId` it belongs to, so late messages from a stopped run are ignored.
 * Updates are per batch and per epoch, never whole histories.
 */
import type { RunConfig } from '../config/runConfig';
import type {
  Plan, BatchUpdate, DataProgress, DatasetPreview, EngineError, EpochUpdate, MemoryInfo,
  Checkpoint, ModelSnapshot, ModelSummary, PredictRequest, PredictResult, RunOptions, RunResult,
} from '../engine/types';
import type { InspectRequest, InspectResult } from '../engine/inspect/types';
import type { GeneratedSamples } from '../engine/charText/generateText';

/** Main thread → worker. */
export type ToWorker =
  /** Sent once the page has loaded: look up the device and start helpers before the first Train. */
  | { type: 'prepare' }
  | { type: 'train'; runId: number; config: RunConfig; options?: RunOptions }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'stop'; runId: number }
  | { type: 'predict'; requestId: number; request: PredictRequest }
  | { type: 'inspect'; requestId: number; request: InspectRequest }
  | { type: 'memory'; requestId: number };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'plan'; runId: number; plan: Plan }
  | { type: 'data'; runId: number; progress: DataProgress }
  | { type: 'preview'; runId: number; preview: DatasetPreview }
  | { type: 'summary'; runId: number; summary: ModelSummary }
  | { type: 'batch'; runId: number; update: BatchUpdate }
  | { type: 'epoch'; runId: number; update: EpochUpdate }
  | { type: 'snapshot'; runId: number; snapshot: ModelSnapshot }
  | { type: 'checkpoint'; runId: number; checkpoint: Checkpoint }
  | { type: 'textSamples'; runId: number; samples: GeneratedSamples }
  /** Sent as soon as a Stop arrives, before the run has wound down: the worker is responsive. */
  | { type: 'stopping'; runId: number }
  | { type: 'done'; runId: number; result: RunResult }
  | { type: 'runError'; runId: number; error: EngineError }
  | { type: 'predicted'; requestId: number; result: PredictResult }
  | { type: 'inspected'; requestId: number; result: InspectResult }
  | { type: 'memoryInfo'; requestId: number; memory: MemoryInfo }
  | { type: 'requestError'; requestId: number; error: EngineError }
  /** An error outside any run or request (e.g. a failed import): the client reports it and falls back. */
  | { type: 'fatal'; error: EngineError };

/** Main thread → the try-the-model worker (`try.worker.ts`). */
export type ToTryWorker =
  | { type: 'load'; snapshot: ModelSnapshot }
  | { type: 'clear' }
  | { type: 'predict'; requestId: number; request: PredictRequest }
  | { type: 'inspect'; requestId: number; request: InspectRequest };

/** The try-the-model worker → main thread. */
export type FromTryWorker =
  | { type: 'ready' }
  /** The snapshot could not be loaded here: predictions go to the training worker. */
  | { type: 'loadFailed' }
  | { type: 'inspected'; requestId: number; result: InspectResult }
  | { type: 'predicted'; requestId: number; result: PredictResult }
  | { type: 'requestError'; requestId: number; error: EngineError };

export function toEngineError(e: unknown): EngineError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const { detail } = e as { detail?: unknown };
  return typeof detail === 'string' ? { name: e.name, message: e.message, detail } : { name: e.name, message: e.message };
}
