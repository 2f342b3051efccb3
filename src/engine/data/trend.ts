/**
 * Trend detection data: a series of iid uniform [0, 1) values, and for each step t ≥ 2 the label
 * "did the series keep going the same way?" — 1 when (x_t − x_{t−1}) has the same sign as
 * (x_{t−1} − x_{t−2}), else 0.
 *
 * Features per sample, fed as `features` timesteps of 1 feature:
 *   3 features: [x_t, x_{t−1}, prevDirection]  (prevDirection = 1 if x_{t−1} > x_{t−2} else 0)
 *   2 features: [x_t, x_{t−1}]
 * With the previous direction the label is a function of the input. Without it, the best anyone
 * can do is guess the earlier move from x_{t−1}'s level (x_{t−2} < x_{t−1} with probability
 * x_{t−1}), which gives 3/4 accuracy: that is why the two-feature variant stalls.
 */
import { createRng } from '../rng';
import type { Dataset } from './dataset';

export type TrendFeatures = 2 | 3;

/** Series values before the first labelled step: a label needs x_{t−2}. */
export const TREND_WARMUP = 2;

export interface TrendSeries {
  /** The whole series x_0 … x_{length+1}; `labels[i]` and sample i belong to `x[i + TREND_WARMUP]`. */
  x: number[];
  /** `length` labels: 1 when the move into x_t continues the previous move's direction. */
  labels: (0 | 1)[];
  /** `[length, features, 1]`, row-major. */
  inputs: Float32Array;
}

/** A fresh series with `length` labelled steps (so `length + 2` values), drawn from `createRng(seed)`. */
export function generateTrendSeries(features: TrendFeatures, length: number, seed: number): TrendSeries {
  const rng = createRng(seed);
  return trendSamples(features, Array.from({ length: length + TREND_WARMUP }, () => rng.next()));
}

/**
 * The samples of a given series (one per value after the first `TREND_WARMUP`): what the model
 * reads for a series the user typed, encoded as the training data is.
 */
export function trendSamples(features: TrendFeatures, x: number[]): TrendSeries {
  const length = Math.max(0, x.length - TREND_WARMUP);
  const labels: (0 | 1)[] = [];
  const inputs = new Float32Array(length * features);
  for (let i = 0; i < length; i++) {
    const t = i + TREND_WARMUP;
    const move = x[t] - x[t - 1];
    const prevMove = x[t - 1] - x[t - 2];
    labels.push(Math.sign(move) === Math.sign(prevMove) ? 1 : 0);
    const row = i * features;
    inputs[row] = x[t];
    inputs[row + 1] = x[t - 1];
    if (features === 3) inputs[row + 2] = prevMove > 0 ? 1 : 0;
  }
  return { x, labels, inputs };
}

/**
 * The training set: exactly `samples` samples from one series of `samples + 2` values.
 * x `[samples, features, 1]`, y `[samples, 1]`. Validation is split off later (`takeValidationSplit`).
 */
export function generateTrend(features: TrendFeatures, samples: number, seed: number): Dataset {
  const { labels, inputs } = generateTrendSeries(features, samples, seed);
  return {
    train: {
      x: inputs,
      xShape: [samples, features, 1],
      y: Float32Array.from(labels),
      yShape: [samples, 1],
    },
  };
}
