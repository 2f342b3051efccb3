/**
 * A hand-written TrainingEngine for the store's tests: it records each train call and lets the
 * test drive the callbacks and settle `done` by hand. Plain object, no mocking library.
 */
import type { RunConfig } from '../config/runConfig';
import type {
  ModelSnapshot, PredictRequest, RunOptions, PredictResult, RunResult, TrainCallbacks, TrainingEngine,
} from '../engine/types';
import type { Schedule } from './frameSchedule';

export interface FakeRun {
  config: RunConfig;
  callbacks: TrainCallbacks;
  options?: RunOptions;
  calls: ('pause' | 'resume' | 'stop')[];
  resolve(result: RunResult): void;
  reject(error: unknown): void;
}

export interface FakeEngine extends TrainingEngine {
  runs: FakeRun[];
  predictions: PredictRequest[];
  /** Every model given to `loadModel`. */
  loaded: ModelSnapshot[];
  /** What `predict` answers. */
  answer: PredictResult;
}

export function createFakeEngine(): FakeEngine {
  const engine: FakeEngine = {
    runs: [],
    predictions: [],
    loaded: [],
    answer: { kind: 'invalid', message: 'no model' },
    prepare() {},
    train(config, callbacks, options) {
      let resolve!: (r: RunResult) => void;
      let reject!: (e: unknown) => void;
      const done = new Promise<RunResult>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const run: FakeRun = { config, callbacks, options, calls: [], resolve, reject };
      engine.runs.push(run);
      return {
        pause: () => run.calls.push('pause'),
        resume: () => run.calls.push('resume'),
        stop: () => run.calls.push('stop'),
        done,
      };
    },
    async predict(request) {
      engine.predictions.push(request);
      return engine.answer;
    },
    loadModel(snapshot) {
      engine.loaded.push(snapshot);
    },
    async inspect() {
      return { kind: 'invalid', message: 'no model' };
    },
    async memory() {
      return { numTensors: 0, numBytes: 0 };
    },
    dispose() {},
  };
  return engine;
}

/** A scheduler the test flushes explicitly, standing in for animation frames. */
export function manualSchedule(): Schedule & { flush(): number; pending(): number } {
  let tasks: (() => void)[] = [];
  const schedule = ((task: () => void) => {
    tasks.push(task);
  }) as Schedule & { flush(): number; pending(): number };
  schedule.flush = () => {
    const run = tasks;
    tasks = [];
    run.forEach((t) => t());
    return run.length;
  };
  schedule.pending = () => tasks.length;
  return schedule;
}

/** Lets promise callbacks (`done.then`) run. */
export const settle = () => new Promise<void>((r) => setTimeout(r, 0));
