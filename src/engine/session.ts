/**
 * The in-thread engine: picks the backend, loads data, builds the Keras model, trains it and keeps
 * it for "try the model". The worker adapts messages to this class, the main-thread fallback uses
 * it directly, and the Node command line drives it too, so all three train identically.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '../config/hyperparams';
import { validateConfig, type RunConfig } from '../config/runConfig';
import { SCENARIOS } from '../scenarios';
import { selectBackend, type BackendEnvironment } from './tfjs/backend';
import type { AssetSource } from './data/assets';
import { loadDataset } from './data/loadDataset';
import { buildModel } from './tfjs/buildModel';
import { LSTM_FACTORIES } from './tfjs/lstmFactories';
import { summarizeModel } from './tfjs/summary';
import { predict, type TrainedModel } from './tryModel';
import { createRng, seedMathRandom } from './rng';
import { CPU_SIDE_BACKENDS, evaluateModel, type EvaluateOptions } from './evaluate';
import { trainModel } from './train';
import { cleanUpAfterFailure, runFailure } from './runFailure';
import { isDataFileError } from './data/imdb/errors';
import { chooseTrainer } from './typed/support';
import { startTrainer, typedArrayBatchTrainer } from './typed/typedBatchTrainer';
import type { TrainHelper } from './typed/shardedStep';
import type {
  BackendInfo, Evaluation, MemoryInfo, PredictRequest, PredictResult, RunHandle, RunResult, TrainCallbacks, TrainingEngine,
} from './types';

export interface SessionDeps {
  assets: AssetSource;
  backendEnv: BackendEnvironment;
  /** Lets the host process events during training (the main-thread fallback needs paints too). */
  yieldToHost?: () => Promise<void>;
  /** Other threads that share scoring with the typed predictor (browser workers); none by default. */
  predictHelpers?: EvaluateOptions['predictHelpers'];
  /** Other threads that take shards of the typed trainer's batches (the same workers); none by default. */
  trainHelpers?: () => readonly TrainHelper[];
}

/** Pause gate: a promise that stays pending while paused. */
class PauseGate {
  private resumeWaiters: (() => void)[] = [];
  paused = false;
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
    this.resumeWaiters.splice(0).forEach((r) => r());
  }
  wait(): Promise<void> {
    return this.paused ? new Promise((r) => this.resumeWaiters.push(r)) : Promise.resolve();
  }
}

export class TrainingSession implements TrainingEngine {
  private backendInfo?: BackendInfo;
  private trained?: TrainedModel;
  /** The run in progress, so a new Train can stop it and wait before touching tfjs state. */
  private active?: { controller: AbortController; gate: PauseGate; done: Promise<RunResult> };

  constructor(private readonly deps: SessionDeps) {}

  private async ensureBackend(choice: BackendChoice): Promise<BackendInfo> {
    if (this.backendInfo?.requested !== choice) {
      // Models live on a backend: drop the old one before switching.
      this.disposeModel();
      this.backendInfo = await selectBackend(choice, this.deps.backendEnv);
    }
    return this.backendInfo;
  }

  private disposeModel(): void {
    const trained = this.trained;
    // Forgotten before it is freed: a model that cannot be freed must not fail every later run.
    this.trained = undefined;
    // A model compiled with an optimizer instance does not own it: Adam's moment variables must
    // be disposed separately or every run leaks them.
    trained?.model.dispose();
    trained?.optimizer.dispose();
  }

  train(config: RunConfig, callbacks: TrainCallbacks): RunHandle {
    const controller = new AbortController();
    const gate = new PauseGate();
    const previous = this.active;
    previous?.controller.abort();
    previous?.gate.resume();
    const done = (async () => {
      await previous?.done.catch(() => undefined);
      try {
        return await this.run(config, callbacks, controller.signal, gate);
      } catch (e) {
        throw await this.afterFailure(config, e);
      }
    })();
    this.active = { controller, gate, done };
    return {
      pause: () => gate.pause(),
      resume: () => gate.resume(),
      stop: () => {
        controller.abort();
        gate.resume();
      },
      done,
    };
  }

  /**
   * Leaves nothing of a failed run for the next one (`runFailure.ts`) and returns the error to
   * report. A rejected configuration or a bad data file is passed on as it is: nothing ran.
   */
  private async afterFailure(config: RunConfig, error: unknown): Promise<unknown> {
    if (validateConfig(config).length > 0 || isDataFileError(error)) return error;
    const failedOn = this.backendInfo?.name;
    this.backendInfo = undefined; // the next run picks and probes a backend afresh
    await cleanUpAfterFailure(error, {
      disposeModel: () => this.disposeModel(),
      helpers: failedOn && CPU_SIDE_BACKENDS.has(failedOn) ? this.deps.trainHelpers?.() ?? [] : [],
    });
    return runFailure(error);
  }

  private async run(config: RunConfig, callbacks: TrainCallbacks, signal: AbortSignal, gate: PauseGate): Promise<RunResult> {
    const problems = validateConfig(config);
    if (problems.length) throw new Error(problems.map((p) => p.message).join(' '));
    const scenario = SCENARIOS[config.scenario];
    const hp = config.hp;

    const info = await this.ensureBackend(hp.backend);
    callbacks.onBackend?.(info);
    if (signal.aborted) return { reason: 'stopped', epochsDone: 0 };
    // Helper threads take a moment to start (a worker, its module, its WebAssembly): start them
    // now, while data loads, so the first batch and the first evaluation find them ready. They
    // share work only with the typed arrays, i.e. on the CPU-side backends.
    const cpuSide = CPU_SIDE_BACKENDS.has(info.name);
    if (cpuSide) this.deps.predictHelpers?.();
    const trainHelpers = cpuSide ? this.deps.trainHelpers?.() ?? [] : [];

    const loaded = await loadDataset(scenario.data, hp, { assets: this.deps.assets, onProgress: callbacks.onData });
    if (loaded.preview) callbacks.onPreview?.(loaded.preview);
    if (signal.aborted) return { reason: 'stopped', epochsDone: 0 };

    this.disposeModel();
    const spec = scenario.model(hp);
    const stateful = spec.layers.some((l) => l.kind === 'lstm' && l.stateful);
    const rng = createRng(hp.seed);
    // Anything in tfjs or in a layer that draws from Math.random (unseeded dropout masks, a
    // layer's own seed) draws from the run's seed instead, from model build to the last batch.
    const restoreRandom = seedMathRandom(rng.fork());
    let result: RunResult;
    try {
      const model = buildModel(spec, { seed: hp.seed, batchSize: hp.batchSize, lstm: LSTM_FACTORIES[hp.lstmImpl] });
      const optimizer = tf.train.adam(hp.learningRate);
      model.compile({ optimizer, loss: spec.loss, metrics: ['accuracy'] });
      this.trained = { model, optimizer, config, vocab: loaded.vocab, stateful };
      const { trainer, batchTrainer } = startTrainer(chooseTrainer(spec, hp, info.name), () =>
        typedArrayBatchTrainer(spec, model, loaded.dataset.train, {
          batchSize: hp.batchSize, learningRate: hp.learningRate, rng: rng.fork(), helpers: trainHelpers,
        }),
      );
      callbacks.onSummary?.({ ...summarizeModel(model), trainer });

      result = await trainModel(model, loaded.dataset.train, {
        epochs: hp.epochs,
        batchSize: hp.batchSize,
        shuffle: hp.shuffle && !stateful,
        stateful,
        rng,
        control: { signal, waitIfPaused: () => gate.wait() },
        callbacks,
        validation: stateful ? undefined : loaded.dataset.validation,
        yieldToHost: this.deps.yieldToHost,
        restoreBest: hp.restoreBest,
        batchTrainer,
        spec,
        predictHelpers: this.deps.predictHelpers,
      });
    } finally {
      restoreRandom();
    }
    const { train, validation } = loaded.dataset;
    if (result.evaluation) {
      // The last epoch's validation pass already scored these weights on the held-out set.
      result.evaluation.set = scenario.validation === 'test-set' ? 'test' : 'validation';
    } else if (result.epochsDone > 0 && result.reason !== 'nan') {
      const set: Evaluation['set'] = validation && !stateful ? (scenario.validation === 'test-set' ? 'test' : 'validation') : 'train';
      result.evaluation = await evaluateModel(this.trained.model, set === 'train' ? train : validation!, set, stateful, {
        spec, predictHelpers: this.deps.predictHelpers,
      });
    }
    return result;
  }

  async predict(request: PredictRequest): Promise<PredictResult> {
    if (!this.trained) return { kind: 'invalid', message: 'Train a model first.' };
    return predict(this.trained, request);
  }

  async memory(): Promise<MemoryInfo> {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  }

  dispose(): void {
    this.active?.controller.abort();
    this.disposeModel();
  }
}

