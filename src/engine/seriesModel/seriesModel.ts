/**
 * The model a user's numeric series trains (issue #20, "numeric series → sequence model"): the
 * trend tutorial's shape over a `lookBack` window of one or more columns,
 *
 *     LSTM(units, relu | tanh) [× layers, each followed by Dropout] → Dense(1, sigmoid | linear)
 *
 * "Will the next step go up?" ends in a sigmoid unit trained on binary cross-entropy (accuracy, as
 * the trend tutorial); "what is the next value?" ends in a linear unit trained on mean squared
 * error of the scaled value (its metric the mean absolute error). The window length is the
 * hyperparameter `seqLength` (the model's timesteps), which must equal the data's `lookBack`.
 */
import type { HpKey, HyperParams, Problem } from '../../config/hyperparams';
import { validateFields } from '../../config/runConfig';
import { BASE_HYPERPARAMS } from '../../scenarios/defaults';
import type { SeriesTask } from '../data/user/series';
import { checkModel, type ModelSource } from '../spec/check';
import { recurrentLayer } from '../spec/recurrentLayer';
import type { LayerSpec, LossName, ModelSpec } from '../spec/types';

/** The LSTMs' activation: the trend tutorial's relu, or Keras' default tanh. */
export type SeriesActivation = 'relu' | 'tanh';

/** What each task's output unit is and what it minimises. */
export const SERIES_TASKS: { readonly [T in SeriesTask]: { output: 'sigmoid' | 'linear'; loss: LossName; label: string } } = {
  up: { output: 'sigmoid', loss: 'binaryCrossentropy', label: 'Will the next step go up?' },
  next: { output: 'linear', loss: 'meanSquaredError', label: 'What is the next value?' },
};

/**
 * Where a series run starts: the trend tutorial's model (two LSTM(50, relu) layers, Dropout 0.2,
 * batch 64, no shuffling, the last 20% held out) over windows of 10 rows.
 */
export const SERIES_DEFAULTS: HyperParams = {
  ...BASE_HYPERPARAMS,
  units: 50,
  layers: 2,
  dropoutLayerRate: 0.2,
  epochs: 50,
  batchSize: 64,
  seqLength: 10,
  validationSplit: 0.2,
  shuffle: false,
};

export const SERIES_DEFAULT_ACTIVATION: SeriesActivation = 'relu';

/** The hyperparameters a series run uses (and the only ones a message suggests). */
export const SERIES_FIELDS: readonly HpKey[] = [
  'cell', 'units', 'layers', 'dropoutLayerRate', 'dropout', 'recurrentDropout', 'epochs', 'batchSize', 'learningRate', 'seqLength',
  'validationSplit', 'shuffle', 'restoreBest', 'seed', 'backend', 'trainer',
];

/** What the model is for: the task, the columns it reads per step, and its LSTMs' activation. */
export interface SeriesModelShape {
  task: SeriesTask;
  features: number;
  activation: SeriesActivation;
}

export function seriesSource({ task, features, activation }: SeriesModelShape): ModelSource {
  return {
    fields: SERIES_FIELDS,
    stepsField: 'seqLength',
    model: (hp: HyperParams): ModelSpec => {
      const layers: LayerSpec[] = [];
      for (let i = 0; i < hp.layers; i++) {
        layers.push(recurrentLayer(hp.cell, {
          units: hp.units, activation, returnSequences: i < hp.layers - 1, dropout: hp.dropout, recurrentDropout: hp.recurrentDropout,
        }));
        layers.push({ kind: 'dropout', rate: hp.dropoutLayerRate });
      }
      layers.push({ kind: 'dense', units: 1, activation: SERIES_TASKS[task].output });
      return { inputShape: [hp.seqLength, features], inputDtype: 'float32', layers, loss: SERIES_TASKS[task].loss };
    },
  };
}

/** Every problem with these hyperparameters for this series: each field's bounds, then the model's, then the window's. */
export function seriesProblems(shape: SeriesModelShape, lookBack: number, hp: HyperParams): Problem[] {
  const fields = validateFields(hp);
  if (fields.length > 0) return fields;
  const model = checkModel(seriesSource(shape), hp);
  if (model.length > 0) return model;
  return hp.seqLength === lookBack
    ? []
    : [{ field: 'seqLength', message: `The series was cut into windows of ${lookBack} rows, but the model reads ${hp.seqLength}; prepare it again with the look-back.` }];
}
