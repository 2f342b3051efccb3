/**
 * The losses' float64 reference: each gradient against finite differences of its value, each value
 * and metric against tfjs' own loss and metric functions (what `trainOnBatch` reports); then the
 * typed trainer's `lossAndGradient` (float32, gradient with respect to the pre-activation) against
 * the reference through its output activation.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOSSES, METRICS } from '../spec/losses';
import type { LossName } from '../spec/types';
import { activate, lossAndGradient } from '../typed/losses';
import { REFERENCE_LOSSES } from './losses';
import { expectNear, finiteDifferences, FINITE_DIFFERENCE_TOLERANCE, uniform } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ROWS = 5;

/** Outputs away from the clip (so finite differences see the same branch) and targets of each loss's kind. */
function sample(loss: LossName, classes: number, seed: number): { z: Float32Array; p: Float32Array; y: Float32Array } {
  const activation = LOSSES[loss].activations[0];
  const z = uniform(ROWS * classes, 2, seed);
  const p = z.slice();
  activate(activation, p, ROWS, classes);
  const y = new Float32Array(ROWS * classes);
  const draws = uniform(ROWS * classes, 1, seed + 1);
  for (let r = 0; r < ROWS; r++) {
    if (loss === 'categoricalCrossentropy') y[r * classes + (r % classes)] = 1;
    else for (let c = 0; c < classes; c++) y[r * classes + c] = loss === 'meanSquaredError' ? draws[r * classes + c] * 3 : draws[r * classes + c] > 0 ? 1 : 0;
  }
  return { z, p, y };
}

const CASES: [LossName, number][] = [['binaryCrossentropy', 1], ['binaryCrossentropy', 3], ['categoricalCrossentropy', 4], ['meanSquaredError', 1], ['meanSquaredError', 3]];

const TFJS_METRIC: Record<string, (y: tf.Tensor, p: tf.Tensor) => tf.Tensor> = {
  accuracy: (y, p) => (y.shape[1] === 1 || y.sum(1).max().dataSync()[0] !== 1 ? tf.metrics.binaryAccuracy(y, p) : tf.metrics.categoricalAccuracy(y, p)),
  mae: (y, p) => tf.metrics.meanAbsoluteError(y, p),
};

describe.each(CASES)('%s over %i output(s)', (loss, classes) => {
  const ref = REFERENCE_LOSSES[loss];
  const { z, p, y } = sample(loss, classes, 11 * classes + loss.length);

  it('has a gradient that finite differences of its value agree with', () => {
    const want = finiteDifferences((v) => ref.value(v, y, ROWS, classes), p);
    expectNear(ref.gradient(p, y, ROWS, classes), want, `${loss} gradient`, FINITE_DIFFERENCE_TOLERANCE);
  });

  it('reports the loss and metric tfjs reports', () => {
    const yt = tf.tensor2d(y, [ROWS, classes]);
    const pt = tf.tensor2d(p, [ROWS, classes]);
    // tfjs-layers' own loss functions (what `compile({loss})` resolves), mean over the batch.
    const layersLoss = {
      binaryCrossentropy: () => tf.metrics.binaryCrossentropy(yt, pt),
      categoricalCrossentropy: () => tf.metrics.categoricalCrossentropy(yt, pt),
      meanSquaredError: () => tf.metrics.meanSquaredError(yt, pt),
    }[loss];
    const wantLoss = layersLoss().mean().dataSync()[0];
    const metric = METRICS[LOSSES[loss].metric].keras;
    const wantMetric = TFJS_METRIC[metric](yt, pt).mean().dataSync()[0];
    tf.dispose([yt, pt]);
    expect(ref.value(p, y, ROWS, classes)).toBeCloseTo(wantLoss, 5);
    expect(ref.metric(p, y, ROWS, classes)).toBeCloseTo(wantMetric, 5);
  });

  it('matches the typed trainer’s loss, metric and gradient (through the output activation)', () => {
    const activation = LOSSES[loss].activations[0];
    const dz = new Float32Array(ROWS * classes);
    const got = lossAndGradient(loss, activation, p, y, ROWS, classes, dz);
    expect(got.loss).toBeCloseTo(ref.value(p, y, ROWS, classes), 5);
    expect(got.acc).toBeCloseTo(ref.metric(p, y, ROWS, classes), 5);
    // d(loss ∘ activation)/dz by finite differences of the reference.
    const want = finiteDifferences((v) => {
      const q = Float32Array.from(v);
      activate(activation, q, ROWS, classes);
      return ref.value(Float64Array.from(q), y, ROWS, classes);
    }, z, 1e-3);
    expectNear(dz, want, `${loss} typed gradient`, { rtol: 1e-3, atolFraction: 1e-3 });
  });
});

it('names mean squared error as Keras and tfjs do, with the mean absolute error as its metric', () => {
  expect(LOSSES.meanSquaredError.keras).toBe('mse');
  expect(METRICS[LOSSES.meanSquaredError.metric]).toMatchObject({ keras: 'mae', better: 'lower', percent: false });
  expect(METRICS[LOSSES.binaryCrossentropy.metric].keras).toBe('accuracy');
});
