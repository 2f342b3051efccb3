/**
 * The engine's public vocabulary: what a training run reports and what "try the model" asks and
 * answers. Shared by the in-thread engine, the worker protocol and the UI. Plain data only, so
 * every value here can cross `postMessage`.
 */
import type { GeneratedSamples } from './charText/generateText';
import type { RunData } from './runData';
import type { BackendChoice, BackendName, TrainerChoice, TrainerKind } from '../config/hyperparams';
import type { RunConfig } from '../config/runConfig';
import type { KernelKind } from './typed/kernels';
import type { ModelWeights } from './weights';
import type { RngState } from './rng';
import type { AdamState } from './typed/adam';

/**
 * The trainer's side of a checkpoint: Adam's state and where the dropout masks' stream stands. The
 * same layout for every trainer (`typed/adam.ts`), so either can continue the other's run.
 */
export interface TrainerState {
  adam: AdamState;
  maskRng: RngState;
}

/**
 * Everything that continues a run from an epoch's end: after a reload, a crash or a lost GPU, a run
 * resumed from it gives the same per-epoch losses as one never interrupted (same trainer, seed and
 * threads; on a GPU, up to the order its kernels add in).
 */
export interface Checkpoint {
  config: RunConfig;
  /** Epochs finished (validated, where the run validates): `history` holds their figures. */
  epoch: number;
  weights: ModelWeights;
  trainer: TrainerState;
  /** Who trained (absent in checkpoints written before tfjs runs had any: those were typed). */
  candidate?: PlanCandidate;
  /** Threads that shared each batch: a resumed run uses as many, so its masks repeat. */
  threads: number;
  /** Where the shuffling stream stands. */
  shuffleRng: RngState;
  /** The finished epochs' figures, so the curves come back too. */
  history: EpochUpdate[];
  /**
   * Epoch `epoch + 1`'s training figures (no validation ones), when the checkpoint was taken after
   * its batches and before its validation pass: `weights`, the optimizer and the streams are as
   * its batches left them. A resume runs that validation pass, then goes on (`train.ts`).
   */
  unvalidated?: EpochUpdate;
}
import type { InspectRequest, InspectResult } from './inspect/types';

/** One backend the selector tried, and what it found. */
export interface BackendTrial {
  name: BackendName;
  ok: boolean;
  /** Why it was accepted or skipped, e.g. "fallback adapter (software WebGPU)". */
  detail: string;
  /** Time for the probe's forward+backward step, where it ran. */
  probeMs?: number;
}

export interface BackendInfo {
  name: BackendName;
  /** What the user asked for. */
  requested: BackendChoice;
  /** One sentence: why this backend is in use. */
  reason: string;
  trials: BackendTrial[];
  /** WASM threads in use, where relevant. */
  threads?: number;
  /** Where training runs: in a worker, or on the main thread because the worker could not start. */
  host: 'worker' | 'main-thread' | 'node';
}

/** Per-batch figures, Keras progress-bar style. */
export interface BatchUpdate {
  /** 1-based epoch. */
  epoch: number;
  /** 1-based batch within the epoch. */
  batch: number;
  batches: number;
  /** Mean loss over the epoch's batches so far (sample-weighted), as Keras' progress bar shows it. */
  loss: number;
  /** Mean accuracy over the epoch's batches so far. */
  acc: number;
  /**
   * Raw loss of every batch since the previous update, oldest first, ending with this batch's:
   * updates are throttled, but the per-batch curve still gets every batch.
   */
  losses: number[];
  /** Mean wall time per optimizer step so far this epoch, ms. */
  msPerStep: number;
  samplesPerSec: number;
  /**
   * Estimated seconds left in the whole run, from a smoothed time per step (and the last
   * validation's time per epoch left); absent until two updates have measured a rate.
   */
  etaSec?: number;
}

export interface EpochUpdate {
  epoch: number;
  epochs: number;
  loss: number;
  /** The loss's metric (`spec/losses.ts`): accuracy, or for mean squared error the mean absolute error; `valAcc` likewise. */
  acc: number;
  valLoss?: number;
  valAcc?: number;
  /** Wall time of this epoch, seconds (validation included). */
  seconds: number;
}

/** Dataset loading progress (IMDB shards), in bytes. */
export interface DataProgress {
  stage: 'manifest' | 'download' | 'verify' | 'prepare';
  loaded: number;
  total: number;
  /** The file being worked on, for messages. */
  file?: string;
}

export interface SummaryRow {
  name: string;
  /** Keras class name, e.g. "LSTM". */
  type: string;
  /** Output shape with `null` for the batch axis, as Keras prints it. */
  outputShape: (number | null)[];
  params: number;
}

export interface ModelSummary {
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
}

/**
 * One way this device could train the model: the typed trainer on `threads` threads, or a tfjs
 * trainer on a backend (`auto`: the first backend that passes the correctness probe).
 */
export type PlanCandidate =
  | { trainer: 'typed'; threads: number }
  | { trainer: Exclude<TrainerKind, 'typed'>; backend: BackendChoice };

/** A candidate and what timing it found. */
export interface CandidateReport {
  candidate: PlanCandidate;
  /** Median wall time of a training step of the real model on real batches, ms. */
  msPerStep?: number;
  /** Why it could not be timed (it failed to start, say). */
  problem?: string;
}

/** How the plan was made: the only candidate, asked for, timed now, or timed on an earlier visit. */
export type PlanBasis = 'only' | 'asked' | 'measured' | 'remembered';

/** Who trains this run, where, and why (`plan/`); the badge's words come from it. */
export interface Plan {
  candidate: PlanCandidate;
  /** What the user asked for. */
  requested: { trainer: TrainerChoice; backend: BackendChoice };
  basis: PlanBasis;
  /** Every candidate considered, with its measured ms per step where it was timed. */
  candidates: CandidateReport[];
  /** The typed trainer's kernels, when it trains. */
  kernels?: KernelKind;
  /** The tfjs backend that trains, once selected (tfjs trainers only). */
  backend?: BackendInfo;
  /** Threads that share each batch. */
  threads: number;
  /** One or two sentences: why this plan. */
  reason: string;
  host: BackendInfo['host'];
}

/** IMDB dataset preview: decoded examples and the review-length histogram. */
export interface DatasetPreview {
  examples: { text: string; label: 0 | 1; words: number }[];
  /** Review lengths in words, binned. */
  lengthHistogram: { from: number; to: number; count: number }[];
  trainCount: number;
  testCount: number;
}

/** Accuracy and confusion matrix on the held-out set, after training. */
/**
 * Which set an evaluation scored: `short-reviews` is the short-review check of the short-reviews
 * card (`data/imdb/shortReviews.ts`: each IMDB test review cut to its last 10–25 words).
 */
export type EvaluationSet = 'test' | 'validation' | 'train' | 'short-reviews';
export const EVALUATION_SETS = ['test', 'validation', 'train', 'short-reviews'] as const satisfies readonly EvaluationSet[];

export interface Evaluation {
  set: EvaluationSet;
  /** The loss's metric: accuracy, or for mean squared error the mean absolute error. */
  accuracy: number;
  loss: number;
  /** For binary tasks: counts with the positive class = 1. */
  confusion?: { tp: number; fp: number; tn: number; fn: number };
  /** For a classifier of more than two classes: counts by actual class (rows) and predicted class (columns), `confusion.ts`. */
  matrix?: number[][];
  count: number;
  /** Threads that computed the predictions, when helper threads shared them (more than one). */
  threads?: number;
}

export type StopReason = 'completed' | 'stopped' | 'nan';

export interface RunResult {
  reason: StopReason;
  /** Message for the user when the run did not complete (NaN loss, for one). */
  message?: string;
  epochsDone: number;
  last?: EpochUpdate;
  /** The epoch with the best validation accuracy (training accuracy without validation). */
  best?: EpochUpdate;
  /** True when the model now holds the best epoch's weights rather than the last epoch's. */
  restoredBest?: boolean;
  evaluation?: Evaluation;
  /**
   * The sets a card reads once, after training (`Dataset.finalChecks`): its test set (also in
   * `evaluation`, the run's headline) and checks such as the short-review one.
   */
  checks?: Evaluation[];
}

export type PredictRequest =
  | { kind: 'letters'; text: string }
  /** Digits with one letter A–D among them, for the "Why LSTM?" card's model: which letter it was. */
  | { kind: 'memory'; text: string }
  /** A fresh series of `length` steps drawn from `seed`, or the series the user typed (`text`: numbers separated by commas or spaces). */
  | ({ kind: 'trend' } & ({ seed: number; length: number } | { text: string }))
  | { kind: 'review'; text: string }
  /** A prefix of text: the next character's most likely choices (a model trained on a user's text). */
  | { kind: 'chars'; text: string }
  /** A series the user typed (a model trained on their series): the step after its last `lookBack` rows. */
  | { kind: 'series'; text: string }
  /** The model's answer for every window of the series it trained on, for the plot. */
  | { kind: 'seriesFit' }
  /** A sentence for a classifier of the user's labelled texts: its class probabilities and word shading. */
  | { kind: 'classify'; text: string };

export type PredictResult =
  | { kind: 'letters'; input: string; top: { letter: string; p: number }[] }
  /** `input` as read; `steps` the model's length (a shorter input is read after empty steps); `top`: A–D, likeliest first. */
  | { kind: 'memory'; input: string; steps: number; top: { letter: string; p: number }[] }
  | { kind: 'trend'; steps: { x: number; label: 0 | 1; predicted: 0 | 1; p: number }[]; accuracy: number }
  | {
      kind: 'review';
      probability: number;
      tokens: { word: string; id: number; status: 'ok' | 'oov' | 'cut'; contribution: number }[];
      /** The model's window (maxlen): the review length, in words, it was trained on. */
      window: number;
    }
  /** `input`: the characters the model read (the prefix's last window); `top`: the five likeliest next ones. */
  | { kind: 'chars'; input: string; top: { char: string; p: number }[] }
  /**
   * `answer`: for "up", the probability that the next step is higher than `last` (the window's
   * last value of the target column); for "next", the next value, unscaled.
   */
  | { kind: 'series'; task: 'up' | 'next'; answer: number; last: number }
  /** Answer s (as `series`' answer) is about row `s + lookBack` of the series. */
  | { kind: 'seriesFit'; task: 'up' | 'next'; lookBack: number; answers: number[] }
  /**
   * `classes`: every class with its probability, in class order; `predicted`: the likeliest's index;
   * `tokens`: each word as the tokenizer read it, with its share in the predicted class's probability.
   */
  | {
      kind: 'classify';
      classes: { name: string; p: number }[];
      predicted: number;
      tokens: { word: string; id: number; status: 'ok' | 'oov' | 'cut'; contribution: number }[];
    }
  /** Input the model cannot take, with a sentence saying why (not an exception). */
  | { kind: 'invalid'; message: string };

/**
 * A copy of a run's weights and what "try the model" needs with them, so another thread can answer
 * predictions while training goes on (`trySession.ts`).
 */
export interface ModelSnapshot {
  config: RunConfig;
  weights: ModelWeights;
  /** IMDB's words in rank order (`ImdbVocab.words`); sent with a run's first snapshot only. */
  vocabWords?: readonly string[];
  /** Epochs trained when it was taken. */
  epoch: number;
  /** The run's last snapshot: its final weights (the best epoch's, if restored). */
  final: boolean;
}

export interface TrainCallbacks {
  /** Who trains and why: once per run, before the first batch. */
  onPlan?(plan: Plan): void;
  /** The weights at an epoch's end (at most a few a second) and at the end of the run. */
  onSnapshot?(snapshot: ModelSnapshot): void;
  /** A checkpoint at an epoch's end, at most every few seconds (typed trainer only). */
  onCheckpoint?(checkpoint: Checkpoint): void;
  onData?(progress: DataProgress): void;
  onPreview?(preview: DatasetPreview): void;
  onSummary?(summary: ModelSummary): void;
  onBatch?(update: BatchUpdate): void;
  onEpoch?(update: EpochUpdate): void;
  /** A text run's generated text after each epoch (`charText/generateText.ts`). */
  onTextSamples?(samples: GeneratedSamples): void;
}

/** How a run starts: from Keras' initial weights (the default), given weights, or a checkpoint. */
export interface RunOptions {
  /** Start from these weights (a loaded model file). */
  initialWeights?: ModelWeights;
  /** Continue a run from its checkpoint (same configuration). */
  resumeFrom?: Checkpoint;
  /**
   * What it trains on: the tutorial's own data (the default) or a user's (`runData.ts`). A user's
   * prepared data is moved to the training worker, not copied: its typed arrays are empty in the
   * page afterwards (read what the page needs of them, such as a text's length, before).
   */
  data?: RunData;
}

export interface RunHandle {
  pause(): void;
  resume(): void;
  stop(): void;
  /** Settles when the run ends for any reason; rejects only on an error the engine could not handle. */
  done: Promise<RunResult>;
}

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
}

/**
 * What the UI drives. The in-thread session and the worker client both implement it, so the UI
 * cannot tell which one it has (except through `BackendInfo.host`).
 */
export interface TrainingEngine {
  /** Starts what a first run needs (a worker, the device lookup, kernels) ahead of the click; returns at once. */
  prepare(): void;
  train(config: RunConfig, callbacks: TrainCallbacks, options?: RunOptions): RunHandle;
  predict(request: PredictRequest): Promise<PredictResult>;
  /**
   * Makes `snapshot` the model "try the model" answers from (a kept run, a loaded file) until the
   * next Train. Where absent (the in-thread session), only a run's own weights answer.
   */
  loadModel?(snapshot: ModelSnapshot): void;
  /** What the trained model's LSTMs do with an input (`inspect/`): the Inspect view. */
  inspect(request: InspectRequest): Promise<InspectResult>;
  memory(): Promise<MemoryInfo>;
  dispose(): void;
}

/** Structured error that survives `postMessage`. */
export interface EngineError {
  name: string;
  message: string;
  /** The original error behind a reworded one (a failed run's), for bug reports. */
  detail?: string;
}
