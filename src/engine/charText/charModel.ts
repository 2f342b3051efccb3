/**
 * A trained character model with what reading and writing text needs beside its weights: the
 * vocabulary it was trained with and the length of the windows it reads. Plain data, from a run's
 * weights as they stand or from a model file picked with its data file; "try the model" (the next
 * character's top 5, "Write on") answers from it the same way whichever it came from.
 */
import type { SavedModel } from '../export/kerasConfig';
import type { TextModelData } from '../export/dataFile/text';
import type { RunModel } from '../runModel';
import { describeModel } from '../spec/describe';
import type { ModelSpec } from '../spec/types';
import { pagePredictor } from '../pagePredictor';
import { isRecurrent } from '../spec/recurrentLayer';
import { weightsProblem, type ModelWeights } from '../weights';

export interface CharModel extends TextModelData {
  spec: ModelSpec;
  weights: ModelWeights;
  /** Adam's learning rate, where known: a saved model's files record how it was compiled. */
  learningRate?: number;
}

/** What the model files hold of it (`engine/export/`'s writers). */
export const savedCharModel = ({ spec, weights, learningRate }: CharModel): SavedModel => ({ spec, weights, ...(learningRate !== undefined ? { learningRate } : {}) });

/**
 * Predictions of `model` on this thread, one window at a time (`pagePredictor`: the typed predictor
 * over its weights where it takes the model; a character model answers a window in a few
 * milliseconds).
 */
export function charModelPredictor(model: CharModel): Pick<RunModel, 'predict'> {
  let predictor = predictors.get(model);
  if (!predictor) {
    predictor = pagePredictor(model.spec, model.weights);
    predictors.set(model, predictor);
  }
  return predictor;
}

/**
 * Each model's predictor, built when first asked: a run replaces its model at every epoch's
 * snapshot, and only the ones someone tries are worth building. Forgotten with the model.
 */
const predictors = new WeakMap<CharModel, Pick<RunModel, 'predict'>>();

/**
 * Whether a model read from `modelFile` is a character model that `data` (read from `dataFile`)
 * describes: Embedding → LSTM(s) → Dense softmax, as wide as the vocabulary, reading windows of
 * its length. A sentence naming the file at fault and what to pick, or null when they fit.
 */
export function charModelProblem(spec: ModelSpec, weights: ModelWeights, data: TextModelData, modelFile: string, dataFile: string): string | null {
  const layers = spec.layers;
  const first = layers[0];
  const last = layers[layers.length - 1];
  const shape = describeModel(spec).join(' → ');
  if (first?.kind !== 'embedding' || last?.kind !== 'dense' || last.activation !== 'softmax' || !layers.slice(1, -1).every(isRecurrent) || layers.length < 3) {
    return `${modelFile}: it is not a character model (${shape}); pick a model saved from the “Your text” card, with its .data.json file.`;
  }
  const size = data.vocabulary.chars.length;
  if (first.inputDim !== size || last.units !== size) {
    return `${dataFile}: its vocabulary has ${size} characters, but ${modelFile} reads ${first.inputDim} and writes ${last.units}; pick the .data.json file saved with this model.`;
  }
  if (spec.inputShape[0] !== data.seqLength) {
    return `${dataFile}: it says the model reads windows of ${data.seqLength} characters, but ${modelFile} reads ${spec.inputShape[0]}; pick the .data.json file saved with this model.`;
  }
  const bad = weightsProblem(spec, weights);
  return bad ? `${modelFile}: ${bad}` : null;
}
