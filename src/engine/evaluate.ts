/**
 * Scoring a model on a split from its predictions, in large batches: loss, accuracy and, for
 * binary tasks, the confusion matrix. The training loop's per-epoch validation and the end-of-run
 * evaluation both use this, so the last epoch's validation doubles as the final score.
 *
 * On the CPU-side backends (WASM, CPU) the predictions come from the typed predictor
 * (`typed/predictor.ts`) where it takes the model: the same numbers, about twice as fast on
 * IMDB (its Embedding's input projection becomes a table lookup). Scoring IMDB's test set after
 * every epoch is a large part of an IMDB run.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from './spec/types';
import type { Split } from './data/dataset';
import { modelWeights, TypedPredictor, typedPredictorSupport } from './typed/typedPredictor';
import { sharedPredict, type PredictHelper } from './typed/sharedScoring';
import { macrotaskYield } from './yield';
import type { Evaluation } from './types';

/** Backends whose kernels run on the CPU, where the typed predictor is the faster way. */
export const CPU_SIDE_BACKENDS: ReadonlySet<string> = new Set(['wasm', 'cpu']);

/** What scoring may use besides the model: its spec (for the typed predictor) and helper threads. */
export interface EvaluateOptions {
  spec?: ModelSpec;
  /** Other threads' typed predictors (the host's; none in Node), asked for only when the typed predictor runs. */
  predictHelpers?: () => readonly PredictHelper[];
}

/** Predicted probabilities for every sample of the split, [n, classes] flat, and how many threads computed them. */
async function predictAll(
  model: tf.LayersModel, s: Split, stateful: boolean, { spec, predictHelpers }: EvaluateOptions,
): Promise<{ probs: Float32Array; threads: number }> {
  const n = s.xShape[0];
  if (spec && !stateful && CPU_SIDE_BACKENDS.has(tf.getBackend()) && typedPredictorSupport(spec) === null) {
    try {
      const weights = modelWeights(model);
      const local = new TypedPredictor(spec, weights);
      const helpers = predictHelpers?.() ?? [];
      if (helpers.length === 0) return { probs: local.predict(s.x, n), threads: 1 };
      return await sharedPredict(local, helpers, spec, weights, s.x, n, { chunk: local.batch, yieldToHost: macrotaskYield });
    } catch (e) {
      // Too large for its arena (a huge vocabulary × units) or memory refused, both RangeErrors:
      // tfjs can still score it, batch by batch. Anything else is a bug and must surface.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  const x = s.x instanceof Int32Array ? tf.tensor(s.x, s.xShape, 'int32') : tf.tensor(s.x, s.xShape, 'float32');
  try {
    if (stateful) model.resetStates();
    const out = model.predict(x, { batchSize: stateful ? 1 : 256 }) as tf.Tensor;
    const probs = (await out.data()) as Float32Array;
    out.dispose();
    if (stateful) model.resetStates();
    return { probs, threads: 1 };
  } finally {
    x.dispose();
  }
}

/**
 * Accuracy, loss and (for binary tasks) the confusion matrix, from predictions on a split. With
 * the model's `spec`, the typed predictor is used where it can be (see above), sharing the split
 * with `predictHelpers` when there are any.
 */
export async function evaluateModel(
  model: tf.LayersModel, s: Split, set: Evaluation['set'], stateful: boolean, options: EvaluateOptions = {},
): Promise<Evaluation> {
  const n = s.xShape[0];
  const { probs, threads } = await predictAll(model, s, stateful, options);
  // Say so only when helper threads took part.
  const shared = threads > 1 ? { threads } : {};
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
    return { set, accuracy: correct / n, loss: loss / n, confusion, count: n, ...shared };
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
  return { set, accuracy: correct / n, loss: loss / n, count: n, ...shared };
}
