import type { EvaluationSet } from '../types';

/**
 * A dataset ready for training: flat typed arrays plus shapes (row-major, batch axis first), so it
 * can be built without tfjs, moved between threads, and turned into tensors once.
 */
export interface Split {
  /** Inputs, e.g. [N, timesteps, 1] floats or [N, maxlen] word ids. */
  x: Float32Array | Int32Array;
  xShape: number[];
  /** Targets: [N, 1] for binary tasks, [N, classes] one-hot for categorical ones. */
  y: Float32Array;
  yShape: number[];
}

export interface Dataset {
  train: Split;
  /** An explicit validation set (the IMDB test set). Absent when validation comes from `validationSplit`. */
  validation?: Split;
  /**
   * Sets read once, after the last epoch, never during training (the short-reviews card's IMDB
   * test set and its short-review check): the run's final figures. Each is built when it is read:
   * building IMDB's two 25,000-row sets before the first batch cost the card seconds of its start.
   */
  finalChecks?: { set: EvaluationSet; build: () => Split }[];
}

/** Number of samples in a split. */
export const splitSize = (s: Split): number => s.xShape[0];

/**
 * Keras `validation_split`: the *last* fraction of the samples, taken before any shuffling.
 * Returns the split unchanged (and no validation) when the fraction is 0.
 */
export function takeValidationSplit(s: Split, fraction: number): { train: Split; validation?: Split } {
  const n = splitSize(s);
  const nVal = Math.floor(n * fraction);
  if (fraction <= 0 || nVal === 0) return { train: s };
  const nTrain = n - nVal;
  const xRow = s.x.length / n;
  const yRow = s.y.length / n;
  const part = (from: number, to: number): Split => ({
    x: s.x.slice(from * xRow, to * xRow),
    xShape: [to - from, ...s.xShape.slice(1)],
    y: s.y.slice(from * yRow, to * yRow),
    yShape: [to - from, ...s.yShape.slice(1)],
  });
  return { train: part(0, nTrain), validation: part(nTrain, n) };
}
