/**
 * A series model read back from its model file and data file (`dataFile/series.ts`): its layers and
 * weights with the task, window, columns and scaler. Try answers from it on the page's thread
 * (`pagePredictor`) with the same scaling and unscaling as the run's model (`nextStep`).
 */
import { isRecurrent } from '../spec/recurrentLayer';
import type { SeriesModelData } from '../export/dataFile/series';
import { pagePredictor } from '../pagePredictor';
import type { PredictResult } from '../types';
import { describeModel } from '../spec/describe';
import type { ModelSpec } from '../spec/types';
import { weightsProblem, type ModelWeights } from '../weights';
import { SERIES_TASKS } from './seriesModel';
import { nextStep, parseTypedSeries } from './seriesPredict';

export interface LoadedSeries {
  spec: ModelSpec;
  weights: ModelWeights;
  data: SeriesModelData;
}

/** The step after a typed series, as the card's Try shows it. */
export async function loadedSeriesNext(model: LoadedSeries, text: string): Promise<PredictResult> {
  const steps = parseTypedSeries(text, model.data.columns, model.data.lookBack);
  if (typeof steps === 'string') return { kind: 'invalid', message: steps };
  return { kind: 'series', ...await nextStep(pagePredictor(model.spec, model.weights), model.data, steps) };
}

/**
 * Whether a model read from `modelFile` is a series model that `data` (from `dataFile`) describes:
 * LSTMs reading `lookBack` steps of the data file's columns, then Dense(1) with the task's
 * activation. A sentence naming the file at fault, or null.
 */
export function seriesModelProblem(spec: ModelSpec, weights: ModelWeights, data: SeriesModelData, modelFile: string, dataFile: string): string | null {
  const last = spec.layers.at(-1);
  if (!spec.layers[0] || !isRecurrent(spec.layers[0]) || last?.kind !== 'dense' || last.units !== 1) {
    return `${modelFile}: it is not a series model (${describeModel(spec).join(' → ')}); pick a model saved from the “Your series” card, with its .data.json file.`;
  }
  const { output, label } = SERIES_TASKS[data.task];
  if (last.activation !== output) {
    return `${dataFile}: it is for “${label}”, which ends in Dense(1, ${output}), but ${modelFile} ends in Dense(1, ${last.activation}); pick the .data.json file saved with this model.`;
  }
  const [steps, features] = spec.inputShape;
  if (steps !== data.lookBack || features !== data.columns.length) {
    return `${dataFile}: it says windows of ${data.lookBack} rows of ${data.columns.length} column(s), but ${modelFile} reads ${steps} rows of ${features}; pick the .data.json file saved with this model.`;
  }
  const bad = weightsProblem(spec, weights);
  return bad ? `${modelFile}: ${bad}` : null;
}
