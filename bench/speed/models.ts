/**
 * What the speed benchmark measures: each tutorial model at its Keras defaults, the size of one
 * tutorial epoch, and the arithmetic one training step costs. Pure (no tfjs, no I/O), so the FLOP
 * counts and epoch sizes are unit-tested.
 *
 * FLOPs are counted analytically from the layer specs (the multiply-adds of their rows in
 * `src/engine/spec/layers.ts`), 2 per multiply-add:
 * - LSTM: the four gates' matrix products, 2·T·4u·(in + u) per sample forward; the element-wise
 *   gate arithmetic (≈ 30 flops per unit and step, under 10% even for LSTM(32) on one feature)
 *   is left out, as is customary.
 * - Dense: 2·in·units. Conv1D: 2·T_out·k·in·filters. Pooling, dropout and activations: 0.
 * - Training ≈ 3 × forward: the forward product, then one product for the input gradient and one
 *   for the weight gradient. The Embedding adds its gradient's scatter-add, T·d adds per sample
 *   (its forward is a lookup, 0 flops). Adam's per-weight updates are not counted.
 */
import type { HyperParams, TfjsTrainerKind } from '../../src/config/hyperparams';
import { typedPredictorSupport } from '../../src/engine/typed/typedPredictor';
import { typedTrainerSupport } from '../../src/engine/typed/support';
import { candidatesFor } from '../../src/engine/plan/plan';
import { SCENARIOS } from '../../src/scenarios';
import { ALPHABET_SIZE } from '../../src/scenarios/alphabet';
import type { DataKind, ScenarioId } from '../../src/scenarios/types';
import type { LayerSpec, ModelSpec } from '../../src/engine/spec/types';
import { rowOf } from '../../src/engine/spec/layers';
import { modelShapes, type LayerShapes } from '../../src/engine/spec/model';

/** The tutorial models the benchmark covers, in report order. */
export const SPEED_SCENARIOS = [
  'alphabet',
  'alphabet-stateful',
  'trend',
  'imdb-small-vocab',
  'imdb-seq',
  'imdb-seq-cnn',
] as const satisfies readonly ScenarioId[];
export type SpeedScenario = (typeof SPEED_SCENARIOS)[number];

/** The model whose test-set evaluation, and whose epoch against PyTorch, have targets: IMDB tutorial 1. */
export const EVAL_SCENARIO: SpeedScenario = 'imdb-small-vocab';

/**
 * What one training measurement runs: a tfjs model with one of the two LSTM implementations
 * (`trainOnBatch` on the backend), or the typed trainer (`src/engine/typed`, no backend).
 */
export type BenchImpl = TfjsTrainerKind | 'typed';

/** Training measurements in the order measured and shown: the reference first. */
export const IMPL_ORDER: readonly BenchImpl[] = ['layers', 'fused', 'typed'];
/**
 * Evaluation measurements: `model.predict` with each LSTM, and the typed predictor the app scores
 * with on WASM (`src/engine/typed/predictor.ts`).
 */
export const PREDICT_IMPLS: readonly BenchImpl[] = ['layers', 'fused', 'typed'];

/**
 * Whether a measurement is made at all: the typed trainer and predictor run on no backend,
 * so they are measured once per environment (alongside WASM, the backend they compete with on a
 * machine without a GPU, and the one the app uses them with), and only for models they take.
 * The fused LSTM is measured on the GPU backends only: on WASM and CPU it lost its kernels
 * (`src/engine/README.md`, "Decision"), and its composite path there is a fallback no plan picks.
 */
export function implApplies(impl: BenchImpl, backend: SpeedBackend, scenario: SpeedScenario, what: 'train' | 'predict' = 'train'): boolean {
  if (impl === 'fused') return backend === 'webgl' || backend === 'webgpu';
  if (impl !== 'typed') return true;
  const spec = SCENARIOS[scenario].model(SCENARIOS[scenario].defaults);
  const supported = what === 'train' ? typedTrainerSupport(spec) : typedPredictorSupport(spec);
  return backend === 'wasm' && supported === null;
}

/** What the app's plan trains this tutorial with at its defaults on a machine without a GPU. */
export function appImpl(scenario: SpeedScenario): BenchImpl {
  const s = SCENARIOS[scenario];
  const hp = { ...s.defaults, backend: 'auto' as const, trainer: 'auto' as const };
  return candidatesFor(s.model(hp), hp, { gpus: [], helpers: 0, kernels: 'js', key: 'bench' }).candidates[0].trainer;
}

export function isSpeedScenario(id: string): id is SpeedScenario {
  return (SPEED_SCENARIOS as readonly string[]).includes(id);
}

/** Reviews in the IMDB training set and in its test set. */
export const IMDB_TRAIN_REVIEWS = 25_000;
export const IMDB_TEST_REVIEWS = 25_000;

/** Samples in one tutorial epoch (before any validation split), per kind of data. */
const EPOCH_SAMPLES: { readonly [K in DataKind]: (hp: HyperParams) => number } = {
  'alphabet-variable': (hp) => hp.samples,
  // The 25 pairs A→B … Y→Z.
  'alphabet-stateful': () => ALPHABET_SIZE - 1,
  trend: (hp) => hp.samples,
  imdb: (hp) => hp.trainSubset || IMDB_TRAIN_REVIEWS,
  // Each training review whole and as a window: twice the reviews, less the validation tenth.
  'imdb-short-reviews': (hp) => 2 * Math.ceil((hp.trainSubset || IMDB_TRAIN_REVIEWS) * (1 - hp.validationSplit)),
  memory: (hp) => hp.samples,
};

/** FLOPs of one layer for one sample. */
export interface LayerFlops {
  kind: LayerSpec['kind'];
  /** Output shape without the batch axis. */
  outputShape: number[];
  /** Forward matrix-product flops. */
  forward: number;
  /** Forward + backward (3 × forward, plus the Embedding's scatter-add). */
  training: number;
}

export interface FlopCount {
  layers: LayerFlops[];
  /** Forward flops for one sample (what `predict` costs). */
  forwardPerSample: number;
  /** Forward + backward flops for one sample. */
  trainingPerSample: number;
}

/**
 * Counts the flops of every layer of `spec` for one sample from the layer rows' multiply-adds and
 * shapes (`src/engine/spec/layers.ts`), so the benchmark and the app count alike. Shapes exclude
 * the batch axis: `[T]` word ids, `[T, F]` sequences, `[U]` vectors.
 */
export function countFlops(spec: ModelSpec): FlopCount {
  const layers: LayerFlops[] = shapesOf(spec).map(({ spec: layer, inShape, outShape }) => {
    const forward = 2 * rowOf(layer).forwardMacs(layer, inShape);
    // The Embedding's gradient is a scatter-add: one add per value of its output.
    const extraBackward = layer.kind === 'embedding' ? outShape.reduce((a, d) => a * d, 1) : 0;
    return { kind: layer.kind, outputShape: [...outShape], forward, training: 3 * forward + extraBackward };
  });
  return {
    layers,
    forwardPerSample: layers.reduce((s, l) => s + l.forward, 0),
    trainingPerSample: layers.reduce((s, l) => s + l.training, 0),
  };
}

function shapesOf(spec: ModelSpec): LayerShapes[] {
  const shapes = modelShapes(spec);
  if (!shapes.ok) throw new Error(shapes.problem.message);
  return shapes.layers;
}

/** Each LSTM layer's input width and units, in order: what decides the fused layer's path. */
export function lstmShapes(spec: ModelSpec): { inputDim: number; units: number }[] {
  return shapesOf(spec).flatMap(({ spec: layer, inShape }) =>
    layer.kind === 'lstm' ? [{ inputDim: inShape[inShape.length - 1], units: layer.units }] : [],
  );
}

/** One tutorial model as the benchmark runs it. */
export interface SpeedCase {
  scenario: SpeedScenario;
  /** The tutorial's hyperparameters (the scenario's defaults). */
  hp: HyperParams;
  spec: ModelSpec;
  batchSize: number;
  /** Training samples per tutorial epoch, after the validation split. */
  trainSamples: number;
  /** Optimizer steps per tutorial epoch: ceil(trainSamples / batchSize). */
  batchesPerEpoch: number;
  /** The tutorial's epochs. */
  epochs: number;
  /** Samples validated after every epoch (the split, or the IMDB test set); 0 for none. */
  validationSamples: number;
  /** Vocabulary size for word-id inputs (synthetic ids are drawn below it). */
  vocabSize?: number;
  flops: FlopCount;
  /** Training flops of one full batch. */
  trainingFlopsPerBatch: number;
  lstms: { inputDim: number; units: number }[];
}

export function speedCase(scenario: SpeedScenario): SpeedCase {
  const s = SCENARIOS[scenario];
  const hp = { ...s.defaults };
  const spec = s.model(hp);
  const samples = EPOCH_SAMPLES[s.data.kind](hp);
  // Keras' validation_split holds out floor(n · split) samples (takeValidationSplit does the same).
  const split = s.validation === 'split' ? Math.floor(samples * hp.validationSplit) : 0;
  const trainSamples = samples - split;
  const validationSamples = s.validation === 'test-set' ? IMDB_TEST_REVIEWS : split;
  const flops = countFlops(spec);
  const embedding = spec.layers.find((l) => l.kind === 'embedding');
  return {
    scenario,
    hp,
    spec,
    batchSize: hp.batchSize,
    trainSamples,
    batchesPerEpoch: Math.ceil(trainSamples / hp.batchSize),
    epochs: hp.epochs,
    validationSamples,
    vocabSize: embedding?.kind === 'embedding' ? embedding.inputDim : undefined,
    flops,
    trainingFlopsPerBatch: flops.trainingPerSample * hp.batchSize,
    lstms: lstmShapes(spec),
  };
}

/** Where a measurement runs. */
export type SpeedEnv = 'node' | 'browser';
export type SpeedBackend = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/**
 * Combinations left out of the default run because one batch takes tens of seconds (run them
 * with `--slow`). tfjs-layers' LSTM issues ~115 kernel calls per timestep; on the CPU backend that
 * is about 5.6 s per batch at 80 timesteps (TFJS-NOTES), so 500 timesteps at batch 64 would be
 * about a minute per batch.
 */
export function slowReason(env: SpeedEnv, backend: SpeedBackend, impl: BenchImpl, scenario: SpeedScenario): string | undefined {
  const long = scenario === 'imdb-seq' || scenario === 'imdb-seq-cnn';
  if (backend === 'cpu' && impl === 'layers' && long) {
    return 'tfjs-layers LSTM on the cpu backend over 500 timesteps: about a minute per batch (skipped; --slow runs it)';
  }
  if (env === 'browser' && backend === 'webgl' && impl === 'layers' && long) {
    return 'tfjs-layers LSTM on software WebGL over 500 timesteps: tens of seconds per batch (skipped; --slow runs it)';
  }
  return undefined;
}

/** Whole tutorials, for the targets: optimizer steps in all, and validation passes. */
export function tutorialSteps(c: SpeedCase): { steps: number; validations: number } {
  return { steps: c.epochs * c.batchesPerEpoch, validations: c.validationSamples > 0 ? c.epochs : 0 };
}
