/**
 * What each loss a model can minimise means outside the maths: its Keras and tfjs names, the
 * output activations it is meant for, and the figure a run reports beside it (Keras' `metrics`).
 * Cross-entropies report accuracy; mean squared error (a regression, e.g. a series' next value)
 * reports the mean absolute error, which reads in the target's own units. The training loop's
 * `acc`/`valAcc` fields carry the loss's metric, whichever it is: charts, the command line and
 * "best epoch" read its name and direction here.
 */
import type { LossName } from './types';

export type MetricName = 'accuracy' | 'meanAbsoluteError';

export interface LossRow {
  /** Keras' name in `compile(loss=…)` and an `.h5` file's `training_config`. */
  keras: string;
  /** Other spellings a model file may use for it (besides this table's key, tfjs' own name). */
  aliases: readonly string[];
  /** The output activations it fits: cross-entropies read probabilities, MSE any real number. */
  activations: readonly ('sigmoid' | 'softmax' | 'linear')[];
  metric: MetricName;
}

export const LOSSES: { readonly [L in LossName]: LossRow } = {
  binaryCrossentropy: { keras: 'binary_crossentropy', aliases: [], activations: ['sigmoid'], metric: 'accuracy' },
  categoricalCrossentropy: { keras: 'categorical_crossentropy', aliases: [], activations: ['softmax'], metric: 'accuracy' },
  meanSquaredError: { keras: 'mse', aliases: ['mean_squared_error', 'MeanSquaredError'], activations: ['linear'], metric: 'meanAbsoluteError' },
};

export interface MetricRow {
  /** As a sentence or a chart's title says it. */
  label: string;
  /** Short form for a progress line or an axis. */
  short: string;
  /** Keras' and tfjs' name in `metrics=[…]` (both accept these spellings). */
  keras: string;
  /** Shown as a percentage (a share right) or as a number. */
  percent: boolean;
  better: 'higher' | 'lower';
}

export const METRICS: { readonly [M in MetricName]: MetricRow } = {
  accuracy: { label: 'Accuracy', short: 'accuracy', keras: 'accuracy', percent: true, better: 'higher' },
  meanAbsoluteError: { label: 'Mean absolute error', short: 'MAE', keras: 'mae', percent: false, better: 'lower' },
};

/** The metric a model trained on `loss` reports. */
export const metricOf = (loss: LossName): MetricRow => METRICS[LOSSES[loss].metric];

/** The loss a model file names, in Keras' (`binary_crossentropy`, `mse`) or tfjs' (`binaryCrossentropy`) spelling. */
export function lossNamed(name: string): LossName | undefined {
  const key = name.replace(/_/g, '').toLowerCase();
  return (Object.keys(LOSSES) as LossName[]).find((l) =>
    [l, LOSSES[l].keras, ...LOSSES[l].aliases].some((n) => n.replace(/_/g, '').toLowerCase() === key));
}

/** The loss made for an output activation, for a model file that names none. */
export function lossForOutput(activation: LossRow['activations'][number]): LossName {
  return (Object.keys(LOSSES) as LossName[]).find((l) => LOSSES[l].activations.includes(activation)) ?? 'binaryCrossentropy';
}
