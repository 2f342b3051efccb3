/**
 * The in-thread engine: loads data, plans who trains (`plan/`), trains the run's one set of
 * weights and keeps them for "try the model". The worker adapts messages to this class, the
 * main-thread fallback uses it directly, and the Node command line drives it too, so all three
 * train identically.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, HyperParams } from '../config/hyperparams';
import type { RunConfig } from '../config/runConfig';
import { selectBackend, type BackendEnvironment } from './tfjs/backend';
import type { AssetSource } from './data/assets';
import type { Split } from './data/dataset';
import { runDataOf, TUTORIAL_DATA, type BoundRunData } from './runData';
import { LSTM_FACTORIES } from './tfjs/lstmFactories';
import { tfjsBatchTrainer } from './tfjs/tfjsTraining';
import type { TrainedModel } from './tryModel';
import { createRng, seedMathRandom, type Rng } from './rng';
import { evaluateModel } from './evaluate';
import { trainModel } from './train';
import { cleanUpAfterFailure, runFailure } from './runFailure';
import { isDataFileError } from './data/imdb/errors';
import type { BatchTrainer } from './batchTrainer';
import { choosePlan, inMemoryPlanMemory, type Devices, type PlanDraft, type PlanMemory } from './plan/plan';
import { describeCandidate } from './plan/describe';
import { findDevices } from './plan/devices';
import { timeSteps } from './plan/measure';
import { snapshots, type Snapshots } from './snapshots';
import { everyAtMost } from './rateLimit';
import { initialWeights } from './spec/initialWeights';
import { isStateful, summarizeSpec } from './spec/model';
import type { ModelSpec } from './spec/types';
import { bestKernelKind } from './typed/kernels';
import { typedBatchTrainer } from './typed/typedBatchTrainer';
import type { TrainHelper } from './typed/shardedStep';
import type { PredictHelper } from './typed/sharedScoring';
import { weightsProblem, type ModelWeights } from './weights';
import { inspect } from './inspect/inspect';
import type { InspectRequest, InspectResult } from './inspect/types';
import type {
  BackendInfo, CandidateReport, Checkpoint, EpochUpdate, Evaluation, MemoryInfo, Plan, PlanCandidate, PredictRequest, PredictResult,
  RunHandle, RunOptions, RunResult, TrainCallbacks, TrainingEngine,
} from './types';

export interface SessionDeps {
  assets: AssetSource;
  backendEnv: BackendEnvironment;
  /** Lets the host process events during training (the main-thread fallback needs paints too). */
  yieldToHost?: () => Promise<void>;
  /** Other threads that share scoring with the typed predictor (browser workers); none by default. */
  predictHelpers?: () => readonly PredictHelper[];
  /** Other threads that take shards of the typed trainer's batches (the same workers); none by default. */
  trainHelpers?: () => readonly TrainHelper[];
  /** How many helper threads there are, without starting them. */
  helperCount?: number;
  /** Where measured plans are remembered (IndexedDB in a browser); this session's memory by default. */
  planMemory?: PlanMemory;
  /** Shortest gap between checkpoints, ms (`CHECKPOINT_MIN_MS` by default; tests take every epoch). */
  checkpointMinMs?: number;
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

/** Shortest gap between two checkpoints: each copies the weights and Adam's moments (3× the weights). */
export const CHECKPOINT_MIN_MS = 2000;

/** Why `checkpoint` cannot continue a run of `config`, or null. */
function resumeProblem(config: RunConfig, checkpoint: Checkpoint): string | null {
  if (JSON.stringify(checkpoint.config) !== JSON.stringify(config)) return 'This checkpoint belongs to a run with other settings.';
  if (checkpoint.epoch >= config.hp.epochs) return `The run had already finished its ${config.hp.epochs} epochs.`;
  if (checkpoint.history.length !== checkpoint.epoch || (checkpoint.unvalidated && checkpoint.unvalidated.epoch !== checkpoint.epoch + 1)) {
    return `This checkpoint's history does not match its epoch ${checkpoint.epoch}.`;
  }
  return null;
}

/**
 * The plan of a resumed run: the trainer (and threads, or backend) its checkpoint was taken with.
 * After a lost GPU that backend is started afresh; if it does not come back, the backend
 * selection falls back and says so.
 */
function resumedPlan(hp: HyperParams, checkpoint: Checkpoint, devices: Devices): PlanDraft {
  // Checkpoints written before the tfjs trainer had any were the typed trainer's.
  const candidate: PlanCandidate = checkpoint.candidate ?? { trainer: 'typed', threads: checkpoint.threads };
  return {
    candidate, requested: { trainer: hp.trainer, backend: hp.backend }, basis: 'asked', candidates: [{ candidate }],
    threads: checkpoint.threads, kernels: candidate.trainer === 'typed' ? devices.kernels : undefined,
    reason: `Resumes from epoch ${checkpoint.epoch} with ${describeCandidate(candidate)}, as the run it continues trained.`,
  };
}

/** The throwaway trainers the plan times are seeded apart from the run, so its draws stay untouched. */
const MEASURE_SEED_OFFSET = 0x5eed;

export class TrainingSession implements TrainingEngine {
  private backendInfo?: BackendInfo;
  private devices?: Promise<Devices>;
  private readonly planMemory: PlanMemory;
  private trained?: TrainedModel;
  /** What the trained model was trained on: it answers "try the model" (`runData.ts`). */
  private trainedData?: BoundRunData;
  /** The run in progress, so a new Train can stop it and wait before touching tfjs state. */
  private active?: { controller: AbortController; gate: PauseGate; done: Promise<RunResult> };

  constructor(private readonly deps: SessionDeps) {
    this.planMemory = deps.planMemory ?? inMemoryPlanMemory();
  }

  /**
   * Looks up the device (its GPUs, its kernels, compiling them) and starts the helper threads
   * before any run asks: the host calls it when the page loads, so a first Train finds them ready.
   */
  prepare(): void {
    void this.findDevices().then((devices) => {
      if (devices.helpers > 0) this.deps.predictHelpers?.();
    }, () => undefined);
  }

  /** This device's GPUs, threads and kernels: looked up once, when first needed. */
  private findDevices(): Promise<Devices> {
    this.devices ??= findDevices(this.deps.backendEnv, this.deps.helperCount ?? this.deps.trainHelpers?.().length ?? 0, bestKernelKind());
    return this.devices;
  }

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
    trained?.model.dispose();
  }

  /**
   * `initialWeights`: start from these (a loaded file) instead of Keras' initial weights from the
   * seed; `resumeFrom`: continue a run from its checkpoint.
   */
  train(config: RunConfig, callbacks: TrainCallbacks, options: RunOptions = {}): RunHandle {
    const controller = new AbortController();
    const gate = new PauseGate();
    const previous = this.active;
    previous?.controller.abort();
    previous?.gate.resume();
    const data = runDataOf(config, options.data ?? TUTORIAL_DATA);
    const done = (async () => {
      await previous?.done.catch(() => undefined);
      try {
        return await this.run(config, data, callbacks, controller.signal, gate, options);
      } catch (e) {
        throw await this.afterFailure(data, e);
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
  private async afterFailure(data: BoundRunData, error: unknown): Promise<unknown> {
    if (data.problems().length > 0 || isDataFileError(error)) return error;
    this.backendInfo = undefined; // the next run picks and probes a backend afresh
    await cleanUpAfterFailure(error, {
      disposeModel: () => this.disposeModel(),
      // Helpers run only the typed trainer's work, but may hold a failed run's networks.
      helpers: this.deps.trainHelpers?.() ?? [],
    });
    return runFailure(error);
  }

  private async run(
    config: RunConfig, data: BoundRunData, callbacks: TrainCallbacks, signal: AbortSignal, gate: PauseGate, options: RunOptions,
  ): Promise<RunResult> {
    const problems = data.problems();
    if (problems.length) throw new Error(problems.map((p) => p.message).join(' '));
    const hp = config.hp;
    const spec = data.model();
    const validationSource = data.validation();
    const stateful = isStateful(spec);

    const devices = await this.findDevices();
    // Helper threads take a moment to start (a worker, its module, its WebAssembly): start them
    // now, while data loads, so the first batch and the first evaluation find them ready.
    if (devices.helpers > 0 && hp.trainer !== 'fused' && hp.trainer !== 'layers') this.deps.predictHelpers?.();
    const loaded = await data.load({ assets: this.deps.assets, onProgress: callbacks.onData });
    if (loaded.preview) callbacks.onPreview?.(loaded.preview);
    if (signal.aborted) return { reason: 'stopped', epochsDone: 0 };
    const { train, validation } = loaded.dataset;

    this.disposeModel();
    const resume = options.resumeFrom;
    if (resume) {
      const problem = resumeProblem(config, resume);
      if (problem) throw new Error(problem);
    }
    // A resumed run trains as the run it continues did: the same trainer on as many threads.
    const draft = resume ? resumedPlan(hp, resume, devices) : await choosePlan(spec, hp, devices, {
      memory: this.planMemory,
      measure: (candidate, budgetMs) => this.measure(candidate, spec, hp, train, budgetMs),
    });
    if (signal.aborted) return { reason: 'stopped', epochsDone: 0 };
    const plan: Plan = { ...draft, host: this.deps.backendEnv.host };
    if (plan.candidate.trainer !== 'typed') plan.backend = await this.ensureBackend(plan.candidate.backend);
    const startFrom = resume?.weights ?? options.initialWeights;
    const problem = startFrom && weightsProblem(spec, startFrom);
    if (problem) throw new Error(problem);
    const weights = startFrom ?? initialWeights(spec, hp.seed);
    const rng = createRng(hp.seed);
    // Anything in tfjs or in a layer that draws from Math.random (unseeded dropout masks, a
    // layer's own seed) draws from the run's seed instead, from model build to the last batch.
    const restoreRandom = seedMathRandom(rng.fork());
    let result: RunResult;
    let snaps: Snapshots | undefined;
    try {
      // Memory was checked with the configuration (`spec/check.ts`): a trainer that cannot start
      // now fails the run with the reason, and the next run starts fresh (`runFailure.ts`).
      const trainer = this.startTrainer(plan.candidate, spec, hp, weights, train, rng, devices);
      this.trained = { model: trainer.model, config, vocab: loaded.vocab };
      this.trainedData = data;
      plan.threads = trainer.threads;
      callbacks.onPlan?.(plan);
      callbacks.onSummary?.(summarizeSpec(spec, hp.batchSize));
      // Snapshots name the run's configuration, which rebuilds its model (a user's data's too: `configModel.ts`).
      snaps = callbacks.onSnapshot ? snapshots(trainer.model, config, loaded.vocab, callbacks.onSnapshot) : undefined;
      if (resume) {
        await trainer.restore(resume.trainer);
        rng.setState(resume.shuffleRng);
        // The curves so far come back first.
        for (const e of resume.history) callbacks.onEpoch?.(e);
      }
      const history: EpochUpdate[] = [...(resume?.history ?? [])];
      const checkpoints = callbacks.onCheckpoint ? everyAtMost(this.deps.checkpointMinMs ?? CHECKPOINT_MIN_MS) : undefined;
      const validates = !stateful && validation !== undefined;
      /** Reads the trainer as it stands and reports a checkpoint; `unvalidated`: taken before that epoch's validation pass. */
      const checkpoint = async (epoch: number, unvalidated?: EpochUpdate) => {
        // Weights first: the trainer's state fails if the GPU was lost before it was read.
        const weights = await trainer.model.getWeights();
        callbacks.onCheckpoint!({
          config, epoch, weights, trainer: await trainer.state(), candidate: plan.candidate, threads: trainer.threads,
          shuffleRng: rng.state(), history: [...history], ...(unvalidated ? { unvalidated } : {}),
        });
      };

      result = await trainModel(trainer, train, {
        epochs: hp.epochs,
        batchSize: hp.batchSize,
        shuffle: hp.shuffle && !stateful,
        stateful,
        rng,
        control: { signal, waitIfPaused: () => gate.wait() },
        callbacks: {
          ...callbacks,
          onEpoch: (update) => {
            callbacks.onEpoch?.(update);
            history.push(update);
          },
        },
        // Where there is validation, the checkpoint comes before it (even the last epoch's): a
        // reload during a validation pass then loses that pass only, not the epoch's batches.
        beforeValidation: async (trained) => {
          if (checkpoints?.due()) await checkpoint(trained.epoch - 1, trained);
        },
        // Before the next step changes them: the weights are read back asynchronously.
        atEpochEnd: async (update) => {
          await data.epochEnd?.({ model: trainer.model, update, callbacks, signal, yieldToHost: this.deps.yieldToHost });
          await snaps?.epochEnd(update.epoch);
          if (validates || update.epoch >= hp.epochs || !checkpoints?.due()) return;
          await checkpoint(update.epoch);
        },
        validation: stateful ? undefined : validation,
        confusionMatrix: data.confusionMatrix,
        yieldToHost: this.deps.yieldToHost,
        restoreBest: hp.restoreBest,
        history: resume?.history,
        unvalidated: resume?.unvalidated,
      });
    } finally {
      restoreRandom();
    }
    if (result.evaluation) {
      // The last epoch's validation pass already scored these weights on the held-out set.
      result.evaluation.set = validationSource === 'test-set' ? 'test' : 'validation';
    } else if (result.epochsDone > 0 && result.reason !== 'nan') {
      const set: Evaluation['set'] = validation && !stateful ? (validationSource === 'test-set' ? 'test' : 'validation') : 'train';
      result.evaluation = await evaluateModel(this.trained.model, set === 'train' ? train : validation!, set, data.confusionMatrix);
    }
    const finalChecks = loaded.dataset.finalChecks ?? [];
    if (finalChecks.length > 0 && result.epochsDone > 0 && result.reason !== 'nan' && !signal.aborted) {
      // Read once, now: the card's test set becomes the run's headline, validation stays on the curves.
      result.checks = [];
      for (const { set, build } of finalChecks) {
        result.checks.push(await evaluateModel(this.trained.model, build(), set, data.confusionMatrix));
      }
      result.evaluation = result.checks.find((c) => c.set === 'test') ?? result.evaluation;
    }
    // The weights the run leaves, for answers from another thread (not a NaN run's: they are not numbers).
    if (result.epochsDone > 0 && result.reason !== 'nan') await snaps?.end(result.epochsDone);
    return result;
  }

  /** The trainer for a candidate, starting from `weights`; the tfjs backend must be active already. */
  private startTrainer(
    candidate: PlanCandidate, spec: ModelSpec, hp: HyperParams, weights: ModelWeights, train: Split, rng: Rng, devices: Devices,
  ): BatchTrainer {
    if (candidate.trainer === 'typed') {
      const helpers = candidate.threads > 1 ? (this.deps.trainHelpers?.() ?? []).slice(0, candidate.threads - 1) : [];
      return typedBatchTrainer(spec, weights, train, {
        batchSize: hp.batchSize, learningRate: hp.learningRate, rng: rng.fork(), helpers, predictHelpers: this.deps.predictHelpers,
        kernels: devices.kernels,
      });
    }
    return tfjsBatchTrainer(spec, weights, train, {
      batchSize: hp.batchSize, learningRate: hp.learningRate, seed: hp.seed, lstm: LSTM_FACTORIES[candidate.trainer],
    });
  }

  /**
   * Times a candidate on the run's own data with a throwaway trainer (its own seed, so the run's
   * draws are untouched), and frees it. Never throws: a candidate that fails is reported as such.
   */
  private async measure(candidate: PlanCandidate, spec: ModelSpec, hp: HyperParams, train: Split, budgetMs: number): Promise<CandidateReport> {
    let trainer: BatchTrainer | undefined;
    try {
      if (candidate.trainer !== 'typed') {
        const info = await this.ensureBackend(candidate.backend);
        // A forced backend that fails falls back to the next; timing that one would time the wrong candidate.
        if (candidate.backend !== 'auto' && info.name !== candidate.backend) {
          return { candidate, problem: info.trials.find((t) => t.name === candidate.backend)?.detail ?? `${candidate.backend} did not start.` };
        }
      }
      const seed = hp.seed + MEASURE_SEED_OFFSET;
      trainer = this.startTrainer(candidate, spec, hp, initialWeights(spec, seed), train, createRng(seed), await this.findDevices());
      const timing = await timeSteps(trainer, train.xShape[0], hp.batchSize, budgetMs);
      return { candidate, msPerStep: timing.msPerStep };
    } catch (e) {
      return { candidate, problem: e instanceof Error ? e.message : String(e) };
    } finally {
      for (const free of [() => trainer?.dispose(), () => trainer?.model.dispose()]) {
        try {
          free();
        } catch {
          // A candidate that cannot be freed must not stop the run: its backend is re-probed anyway.
        }
      }
    }
  }

  async predict(request: PredictRequest): Promise<PredictResult> {
    if (!this.trained || !this.trainedData) return { kind: 'invalid', message: 'Train a model first.' };
    return this.trainedData.predict(this.trained, request);
  }

  /** The last run's weights as plain data, Keras order (`weights.ts`), for export; undefined before any run. */
  async trainedWeights(): Promise<ModelWeights | undefined> {
    return this.trained?.model.getWeights();
  }

  /** What the trained model's LSTMs do with an input (`inspect/`), computed on a copy of its weights. */
  async inspect(request: InspectRequest): Promise<InspectResult> {
    if (!this.trained) return { kind: 'invalid', message: 'Train a model first.' };
    const { model, config, vocab } = this.trained;
    return inspect({ spec: model.spec, weights: await model.getWeights(), config, vocab, data: this.trainedData?.inspectData() }, request);
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

