/**
 * The in-thread engine: picks the backend, loads data, builds the Keras model, trains it and keeps
 * it for "try the model". The worker adapts messages to this class, the main-thread fallback uses
 * it directly, and the Node command line drives it too, so all three train identically.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '../config/hyperparams';
import { validateConfig, type RunConfig } from '../config/runConfig';
import { SCENARIOS } from '../scenarios';
import { selectBackend, type BackendEnvironment } from './backend';
import type { AssetSource } from './data/assets';
import type { Split } from './data/dataset';
import { loadDataset } from './data/loadDataset';
import { buildModel } from './model/buildModel';
import { LSTM_FACTORIES } from './model/lstmFactories';
import { summarizeModel } from './model/summary';
import { predict, type TrainedModel } from './predict';
import { createRng, seedMathRandom } from './rng';
import { trainModel } from './train';
import type {
  BackendInfo, Evaluation, MemoryInfo, PredictRequest, PredictResult, RunHandle, RunResult, TrainCallbacks, TrainingEngine,
} from './types';

export interface SessionDeps {
  assets: AssetSource;
  backendEnv: BackendEnvironment;
  /** Lets the host process events during training (the main-thread fallback needs paints too). */
  yieldToHost?: () => Promise<void>;
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

/** Accuracy, loss and (for binary tasks) the confusion matrix, from predictions on a split. */
async function evaluate(model: tf.LayersModel, s: Split, set: Evaluation['set'], stateful: boolean): Promise<Evaluation> {
  const n = s.xShape[0];
  const x = s.x instanceof Int32Array ? tf.tensor(s.x, s.xShape, 'int32') : tf.tensor(s.x, s.xShape, 'float32');
  let probs: Float32Array;
  try {
    if (stateful) model.resetStates();
    const out = model.predict(x, { batchSize: stateful ? 1 : 256 }) as tf.Tensor;
    probs = (await out.data()) as Float32Array;
    out.dispose();
    if (stateful) model.resetStates();
  } finally {
    x.dispose();
  }
  const classes = s.yShape[1];
  let correct = 0;
  let loss = 0;
  const eps = 1e-7;
  if (classes === 1) {
    const confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
    for (let i = 0; i < n; i++) {
      const p = Math.min(1 - eps, Math.max(eps, probs[i]));
      const label = s.y[i];
      loss -= label * Math.log(p) + (1 - label) * Math.log(1 - p);
      const predicted = p >= 0.5;
      if (predicted && label === 1) confusion.tp++;
      else if (predicted) confusion.fp++;
      else if (label === 1) confusion.fn++;
      else confusion.tn++;
    }
    correct = confusion.tp + confusion.tn;
    return { set, accuracy: correct / n, loss: loss / n, confusion, count: n };
  }
  for (let i = 0; i < n; i++) {
    let best = 0;
    let target = 0;
    for (let c = 0; c < classes; c++) {
      if (probs[i * classes + c] > probs[i * classes + best]) best = c;
      if (s.y[i * classes + c] === 1) target = c;
    }
    if (best === target) correct++;
    loss -= Math.log(Math.max(eps, probs[i * classes + target]));
  }
  return { set, accuracy: correct / n, loss: loss / n, count: n };
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
    // A model compiled with an optimizer instance does not own it: Adam's moment variables must
    // be disposed separately or every run leaks them.
    this.trained?.model.dispose();
    this.trained?.optimizer.dispose();
    this.trained = undefined;
  }

  train(config: RunConfig, callbacks: TrainCallbacks): RunHandle {
    const controller = new AbortController();
    const gate = new PauseGate();
    const previous = this.active;
    previous?.controller.abort();
    previous?.gate.resume();
    const done = (async () => {
      await previous?.done.catch(() => undefined);
      return this.run(config, callbacks, controller.signal, gate);
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

  private async run(config: RunConfig, callbacks: TrainCallbacks, signal: AbortSignal, gate: PauseGate): Promise<RunResult> {
    const problems = validateConfig(config);
    if (problems.length) throw new Error(problems.map((p) => p.message).join(' '));
    const scenario = SCENARIOS[config.scenario];
    const hp = config.hp;

    const info = await this.ensureBackend(hp.backend);
    callbacks.onBackend?.(info);
    if (signal.aborted) return { reason: 'stopped', epochsDone: 0 };

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
      callbacks.onSummary?.(summarizeModel(model));

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
      });
    } finally {
      restoreRandom();
    }
    const { model } = this.trained;
    const { train, validation } = loaded.dataset;
    if (result.epochsDone > 0 && result.reason !== 'nan') {
      const held = validation ?? train;
      const set: Evaluation['set'] = validation ? (scenario.validation === 'test-set' ? 'test' : 'validation') : 'train';
      result.evaluation = await evaluate(model, held, set, stateful);
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

