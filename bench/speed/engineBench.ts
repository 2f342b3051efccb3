/**
 * The measurements themselves, with the engine's own pieces: `buildModel` + `LSTM_FACTORIES`,
 * compiled with Adam as the session does, timed around `model.trainOnBatch` (which reads the loss
 * back, so GPU work is finished inside the timing) on synthetic data of the tutorial's shapes.
 * Uses tfjs but no host API (no fs, no DOM), so the Node runner and the browser worker share it.
 * The caller selects the backend first (`selectBackend`).
 *
 * Tensor ownership: each measurement creates its model, optimizer and data, and disposes all of
 * them before returning; `tensorsLeaked` reports what stayed behind.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../src/engine/tfjs/buildModel';
import { isStateful } from '../../src/engine/spec/model';
import { chooseFusedLstmPath } from '../../src/engine/tfjs/fusedLstm';
import { LSTM_FACTORIES } from '../../src/engine/tfjs/lstmFactories';
import { createRng, seedMathRandom, type Rng } from '../../src/engine/rng';
import { timeSteps, type Timing, type TimingPlan } from './measure';
import { TypedNetwork } from '../../src/engine/typed/network';
import { bestKernelKind } from '../../src/engine/typed/kernels';
import { TypedPredictor } from '../../src/engine/typed/typedPredictor';
import { sharedPredict, type PredictHelper } from '../../src/engine/typed/sharedScoring';
import { shardedStepFor, type TrainHelper } from '../../src/engine/typed/shardedStep';
import { trainingThreads } from '../../src/engine/plan/threads';
import { metricOf } from '../../src/engine/spec/losses';
import { macrotaskYield } from '../../src/engine/yield';
import { IMDB_TEST_REVIEWS, type BenchImpl, type SpeedCase } from './models';

/** What a training measurement needs of a model: a tutorial's case, or another model's (the char-text part's). */
export type TrainCase = Omit<SpeedCase, 'scenario'>;

/** Seed for weights, dropout masks and synthetic data: any fixed value will do. */
const SEED = 7;
/** The batch size the app evaluates with (src/engine/evaluate.ts). */
export const EVAL_BATCH = 256;

/**
 * `n` synthetic samples of the case's shapes: word ids uniform in [1, vocab) or features in
 * [0, 1); labels 0/1 for one output unit, one-hot for softmax outputs.
 */
function syntheticData(c: TrainCase, n: number, rng: Rng): { x: tf.Tensor; y: tf.Tensor } {
  const xShape = [n, ...c.spec.inputShape];
  const size = xShape.reduce((a, b) => a * b, 1);
  let x: tf.Tensor;
  if (c.spec.inputDtype === 'int32') {
    const ids = new Int32Array(size);
    for (let i = 0; i < size; i++) ids[i] = rng.int(1, c.vocabSize ?? 2);
    x = tf.tensor(ids, xShape, 'int32');
  } else {
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) values[i] = rng.next();
    x = tf.tensor(values, xShape, 'float32');
  }
  const last = c.spec.layers[c.spec.layers.length - 1];
  const classes = last.kind === 'dense' ? last.units : 1;
  const y = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    if (classes === 1) y[i] = rng.int(0, 2);
    else y[i * classes + rng.int(0, classes)] = 1;
  }
  return { x, y: tf.tensor(y, [n, classes], 'float32') };
}

/** The fused layer's path for each LSTM on the active backend. */
function fusedPaths(c: TrainCase, impl: BenchImpl): string[] | undefined {
  if (impl === 'typed') return [`typed-arrays, ${bestKernelKind()}`];
  if (impl !== 'fused') return undefined;
  return c.lstms.map(() => chooseFusedLstmPath());
}

function build(c: TrainCase, impl: BenchImpl): { model: tf.LayersModel; optimizer: tf.Optimizer } {
  // The typed trainer starts from the weights of the model the session builds (fused LSTM).
  const lstm = LSTM_FACTORIES[impl === 'typed' ? 'fused' : impl];
  const model = buildModel(c.spec, { seed: SEED, batchSize: c.batchSize, lstm });
  // As TrainingSession.run: Adam with the tutorial's learning rate, accuracy as the metric.
  const optimizer = tf.train.adam(c.hp.learningRate);
  model.compile({ optimizer, loss: c.spec.loss, metrics: [metricOf(c.spec.loss).keras] });
  return { model, optimizer };
}

/** A tfjs model's current weights as typed arrays, layer by layer, as the typed predictor takes them. */
const modelWeights = (model: tf.LayersModel): Float32Array[][] =>
  model.layers.map((layer) => layer.getWeights().map((w) => w.dataSync() as Float32Array));

/**
 * The helper sets a measurement runs with: none, and, for the typed arrays where the app shares
 * the work with helper threads, those helpers too (so both figures sit side by side).
 */
export function trainHelperSets<H extends TrainHelper>(c: TrainCase, impl: BenchImpl, helpers: readonly H[]): (readonly H[])[] {
  return impl === 'typed' && trainingThreads(c.spec, c.batchSize, helpers.length) > 1 ? [[], helpers] : [[]];
}

export function predictHelperSets<H extends PredictHelper>(impl: BenchImpl, helpers: readonly H[]): (readonly H[])[] {
  return impl === 'typed' && helpers.length > 0 ? [[], helpers] : [[]];
}

export interface TrainMeasurement {
  backend: string;
  /** Fused LSTM path per LSTM layer (fused only). */
  paths?: string[];
  /** Model build + compile, ms (once). */
  buildMs: number;
  /** ms per `trainOnBatch` (typed arrays: per `TypedNetwork.trainStep`) at the tutorial's batch size. */
  train: Timing;
  /** ms per validation pass (`evaluate` at batch 256) where the tutorial validates on a split. */
  validation?: Timing;
  /** Threads sharing each batch (the typed trainer with helpers: 1 + helpers). */
  threads?: number;
  tensorsLeaked: number;
}

interface TypedStep {
  (): Promise<void> | void;
  reset(): void;
  /** Threads sharing each batch. */
  threads: number;
}

/**
 * One training step with the typed trainer, from the model's weights, on the same batch:
 * shared with the helpers where the app would share it (`trainingThreads`), else on this thread.
 */
async function typedArrayStep(
  c: TrainCase, model: tf.LayersModel, batch: { x: tf.Tensor; y: tf.Tensor }, rng: Rng, helpers: readonly TrainHelper[],
): Promise<TypedStep> {
  const weights = model.layers.map((l) => l.getWeights().map((w) => w.dataSync() as Float32Array));
  const net = new TypedNetwork(c.spec, weights, { maxBatch: c.batchSize, learningRate: c.hp.learningRate, rng });
  const x = (await batch.x.data()) as Float32Array | Int32Array;
  const y = (await batch.y.data()) as Float32Array;
  const reset = () => net.resetStates();
  const sharded = shardedStepFor(net, c.spec, weights, c.batchSize, helpers, rng);
  if (!sharded) return Object.assign(() => void net.trainStep(x, y, c.batchSize), { reset, threads: 1 });
  const used = await sharded.threads();
  return Object.assign(async () => void (await sharded.step(x, y, c.batchSize)), { reset, threads: used });
}

/**
 * Times `trainOnBatch` (or the typed trainer's step) for one tutorial model. Validation is timed too when the tutorial
 * validates on a small split after every epoch (trend); the IMDB test-set evaluation has its own
 * measurement (`measurePredict`).
 */
export async function measureTraining(c: TrainCase, impl: BenchImpl, plan: TimingPlan, trainHelpers: readonly TrainHelper[] = []): Promise<TrainMeasurement> {
  const before = tf.memory().numTensors;
  const rng = createRng(SEED);
  // Whatever in tfjs still draws from Math.random draws from the seed, as in a session.
  const restoreRandom = seedMathRandom(rng.fork());
  const t0 = performance.now();
  const { model, optimizer } = build(c, impl);
  const buildMs = performance.now() - t0;
  const batch = syntheticData(c, c.batchSize, rng);
  const validationData = c.validationSamples > 0 && c.validationSamples <= 10_000 ? syntheticData(c, c.validationSamples, rng) : undefined;
  let result: Omit<TrainMeasurement, 'tensorsLeaked'>;
  try {
    // Stateful models are reset after every tutorial epoch, as the training loop does; tfjs-layers'
    // stateful LSTM keeps each batch's old states (for BPTT) until that reset.
    const stateful = isStateful(c.spec);
    let steps = 0;
    const typed = impl === 'typed' ? await typedArrayStep(c, model, batch, rng, trainHelpers) : undefined;
    const train = await timeSteps(async () => {
      if (typed) await typed();
      else await model.trainOnBatch(batch.x, batch.y);
      if (stateful && ++steps % c.batchesPerEpoch === 0) {
        if (typed) typed.reset();
        else model.resetStates();
      }
    }, plan);
    if (stateful) model.resetStates();
    let validation: Timing | undefined;
    if (validationData) {
      validation = await timeSteps(async () => {
        const out = model.evaluate(validationData.x, validationData.y, { batchSize: EVAL_BATCH }) as tf.Scalar[];
        await Promise.all(out.map((t) => t.data()));
        tf.dispose(out);
      }, { ...plan, slowStepMs: Infinity });
    }
    result = {
      backend: tf.getBackend(), paths: fusedPaths(c, impl), buildMs, train, validation,
      ...(typed && typed.threads > 1 ? { threads: typed.threads } : {}),
    };
  } finally {
    tf.dispose([batch.x, batch.y, validationData?.x, validationData?.y].filter((t): t is tf.Tensor => t !== undefined));
    model.dispose();
    optimizer.dispose();
    restoreRandom();
  }
  return { ...result, tensorsLeaked: tf.memory().numTensors - before };
}

export interface PredictMeasurement {
  backend: string;
  /** Typed predictor: building it from the weights (its Embedding table), ms, paid once per evaluation. */
  buildMs?: number;
  paths?: string[];
  batchSize: number;
  /** ms per `predict` of one batch of `batchSize` reviews. */
  batch: Timing;
  /** Reviews the estimate is for (the IMDB test set). */
  samples: number;
  /** samples / batchSize × median batch time, seconds. */
  estimatedSeconds: number;
  /** One real `predict` over all `samples` at `batchSize`, seconds, when asked for. */
  fullSeconds?: number;
  /** Threads that scored (the typed predictor with helpers: 1 + helpers). */
  threads?: number;
  tensorsLeaked: number;
}

/** Chunks per thread in one timed shared predict, so the queue balances as in a real evaluation. */
const SHARED_CHUNKS_PER_THREAD = 4;

/**
 * Times `model.predict` (untrained weights: the arithmetic does not depend on them) on batches of
 * `EVAL_BATCH` reviews and extrapolates to the 25,000-review test set; with `full`, also times one
 * real predict over all of it. The typed predictor is built once from the model (timed as
 * `buildMs` and added to the estimate, as the app builds one per evaluation), then timed alike.
 */
export async function measurePredict(
  c: SpeedCase, impl: BenchImpl, plan: TimingPlan, full: boolean, predictHelpers: readonly PredictHelper[] = [],
): Promise<PredictMeasurement> {
  const before = tf.memory().numTensors;
  const rng = createRng(SEED);
  const restoreRandom = seedMathRandom(rng.fork());
  const { model, optimizer } = build(c, impl);
  // With helpers, one timed step is a shared predict of several chunks per thread (as the app's
  // evaluation shares the split); otherwise one batch.
  const helpers = impl === 'typed' ? predictHelpers : [];
  const threads = 1 + helpers.length;
  const stepSamples = helpers.length > 0 ? EVAL_BATCH * SHARED_CHUNKS_PER_THREAD * threads : EVAL_BATCH;
  const data = syntheticData(c, stepSamples, rng);
  let result: Omit<PredictMeasurement, 'tensorsLeaked'>;
  try {
    let buildMs: number | undefined;
    let predictOnce = async (x: tf.Tensor): Promise<void> => {
      const out = model.predict(x, { batchSize: EVAL_BATCH }) as tf.Tensor;
      await out.data();
      out.dispose();
    };
    if (impl === 'typed') {
      const t0 = performance.now();
      const weights = modelWeights(model);
      const predictor = new TypedPredictor(c.spec, weights);
      buildMs = performance.now() - t0;
      predictOnce = async (x) => {
        const values = (await x.data()) as Int32Array | Float32Array;
        if (helpers.length === 0) predictor.predict(values, x.shape[0]);
        else await sharedPredict(predictor, helpers, c.spec, weights, values, x.shape[0], { chunk: predictor.batch, yieldToHost: macrotaskYield });
      };
    }
    const batch = await timeSteps(() => predictOnce(data.x), plan);
    result = {
      backend: tf.getBackend(),
      paths: fusedPaths(c, impl),
      ...(buildMs !== undefined ? { buildMs } : {}),
      batchSize: stepSamples,
      batch,
      samples: IMDB_TEST_REVIEWS,
      estimatedSeconds: ((buildMs ?? 0) + (IMDB_TEST_REVIEWS / stepSamples) * batch.summary.median) / 1000,
      ...(helpers.length > 0 ? { threads } : {}),
    };
    if (full) {
      const all = syntheticData(c, IMDB_TEST_REVIEWS, rng);
      try {
        const t0 = performance.now();
        await predictOnce(all.x);
        result.fullSeconds = (performance.now() - t0) / 1000;
      } finally {
        tf.dispose([all.x, all.y]);
      }
    }
  } finally {
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
    restoreRandom();
  }
  return { ...result, tensorsLeaked: tf.memory().numTensors - before };
}
