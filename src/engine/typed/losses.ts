/**
 * The output activation, the loss and the accuracy metric on typed arrays, with tfjs-layers'
 * semantics so the typed trainer reports the same numbers as `model.trainOnBatch`:
 * - probabilities are clipped to [ε, 1 − ε] (ε = 1e-7) before the log, and the clip passes no
 *   gradient outside that range (tfjs' `clipByValue` gradient);
 * - categorical cross-entropy renormalises the output by its sum first (tfjs does, for outputs
 *   that are not exactly normalised);
 * - the loss is the mean over the batch; accuracy is binary (p > 0.5) or categorical (argmax,
 *   first index on ties), as tfjs' `accuracy` metric picks for the loss;
 * - mean squared error (a linear output) averages (p − y)² over the outputs, and reports the mean
 *   absolute error as its metric (`spec/losses.ts`) in `acc`.
 * `reference/losses.ts` is the float64 reference these are tested against.
 */
import type { LossName } from '../spec/types';

export type OutputActivation = 'sigmoid' | 'softmax' | 'linear';

const EPSILON = 1e-7;

/** Applies the activation in place to `z` [batch, classes]. */
export function activate(kind: OutputActivation, z: Float32Array, batch: number, classes: number): void {
  const n = batch * classes;
  if (kind === 'sigmoid') {
    for (let j = 0; j < n; j++) z[j] = 1 / (1 + Math.exp(-z[j]));
  } else if (kind === 'softmax') {
    for (let b = 0; b < batch; b++) {
      const o = b * classes;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) if (z[o + c] > max) max = z[o + c];
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const e = Math.exp(z[o + c] - max);
        z[o + c] = e;
        sum += e;
      }
      for (let c = 0; c < classes; c++) z[o + c] /= sum;
    }
  }
}

export interface LossResult {
  /** Mean loss over the batch. */
  loss: number;
  /** The loss's metric over the batch: accuracy, or for mean squared error the mean absolute error. */
  acc: number;
}

/**
 * Loss and accuracy of probabilities `p` [batch, classes] against targets `y`, and the gradient of
 * the mean loss with respect to the pre-activation, written to `dz`. `meanOver` is the batch the
 * gradient's mean is over: this batch, or the whole batch when this is one shard of it
 * (`shardedStep.ts`), so that the shards' gradients sum to the batch's.
 */
export function lossAndGradient(
  loss: LossName, activation: OutputActivation, p: Float32Array, y: Float32Array, batch: number, classes: number,
  dz: Float32Array, meanOver = batch,
): LossResult {
  let total = 0;
  let correct = 0;
  const scale = 1 / meanOver;
  for (let b = 0; b < batch; b++) {
    const o = b * classes;
    if (loss === 'meanSquaredError') {
      let squares = 0;
      for (let c = 0; c < classes; c++) {
        const d = p[o + c] - y[o + c];
        squares += d * d;
        correct += Math.abs(d) / classes;
        dz[o + c] = 2 * d * (scale / classes);
      }
      total += squares / classes;
    } else if (loss === 'binaryCrossentropy') {
      // Per class (Keras averages over the last axis): tfjs computes it through logits of the clipped p.
      let sampleLoss = 0;
      for (let c = 0; c < classes; c++) {
        const pc = p[o + c], t = y[o + c];
        const q = Math.min(1 - EPSILON, Math.max(EPSILON, pc));
        sampleLoss -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
        const inside = pc >= EPSILON && pc <= 1 - EPSILON;
        dz[o + c] = inside ? ((q - t) / (q * (1 - q))) * (scale / classes) : 0;
        if ((pc > 0.5 ? 1 : 0) === t) correct += 1 / classes;
      }
      total += sampleLoss / classes;
    } else {
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += p[o + c];
      // L = −Σ t·log(clip(p/S)); its gradient with respect to p, through the clip and the division.
      let inner = 0;
      for (let c = 0; c < classes; c++) {
        const q = p[o + c] / sum, t = y[o + c];
        const qc = Math.min(1 - EPSILON, Math.max(EPSILON, q));
        total -= t * Math.log(qc);
        const g = q >= EPSILON && q <= 1 - EPSILON ? -t / qc : 0;
        dz[o + c] = g;
        inner += g * q;
      }
      let best = 0, target = 0;
      for (let c = 0; c < classes; c++) {
        dz[o + c] = ((dz[o + c] - inner) / sum) * scale;
        if (p[o + c] > p[o + best]) best = c;
        if (y[o + c] > y[o + target]) target = c;
      }
      if (best === target) correct++;
    }
    // Through the output activation.
    if (activation === 'sigmoid') {
      for (let c = 0; c < classes; c++) dz[o + c] *= p[o + c] * (1 - p[o + c]);
    } else if (activation === 'softmax') {
      let dot = 0;
      for (let c = 0; c < classes; c++) dot += dz[o + c] * p[o + c];
      for (let c = 0; c < classes; c++) dz[o + c] = p[o + c] * (dz[o + c] - dot);
    }
  }
  return { loss: total / batch, acc: correct / batch };
}
