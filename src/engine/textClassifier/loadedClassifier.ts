/**
 * A classifier read back from its model file and data file: its layers and weights with what
 * reading a text needs (`ClassifierReading`). Try answers from it on the page's thread with the
 * typed predictor, exactly as the run's model answered before the download.
 */
import { isRecurrent } from '../spec/recurrentLayer';
import { describeModel } from '../spec/describe';
import type { ModelSpec } from '../spec/types';
import type { RunModel } from '../runModel';
import { weightsProblem, type ModelWeights } from '../weights';
import { pagePredictor } from '../pagePredictor';
import { outputWidth } from './classifierModel';
import type { ClassifierReading } from './predictClassify';

export interface LoadedClassifier {
  spec: ModelSpec;
  weights: ModelWeights;
  reading: ClassifierReading;
}

/** Predictions of the model on this thread (a sentence and its occluded copies take milliseconds). */
export const classifierPredictor = (model: LoadedClassifier): Pick<RunModel, 'predict'> => pagePredictor(model.spec, model.weights);

/**
 * Whether a model read from `modelFile` is a classifier that `reading` (from `dataFile`) describes:
 * Embedding → LSTM → Dense with one output per class (one sigmoid for two), reading `maxlen` words,
 * its Embedding as wide as the tokenizer's words. A sentence naming the file at fault, or null.
 */
export function classifierModelProblem(spec: ModelSpec, weights: ModelWeights, reading: ClassifierReading, modelFile: string, dataFile: string): string | null {
  const [first, ...rest] = spec.layers;
  const last = rest.at(-1);
  const classes = reading.classNames.length;
  if (first?.kind !== 'embedding' || last?.kind !== 'dense' || !rest.slice(0, -1).some(isRecurrent)) {
    return `${modelFile}: it is not a text classifier (${describeModel(spec).join(' → ')}); pick a model saved from the “Your labelled texts” card, with its .data.json file.`;
  }
  const activation = classes === 2 ? 'sigmoid' : 'softmax';
  if (last.units !== outputWidth(classes) || last.activation !== activation) {
    return `${dataFile}: it names ${classes} classes, but ${modelFile} ends in Dense(${last.units}, ${last.activation}); pick the .data.json file saved with this model.`;
  }
  if (spec.inputShape[0] !== reading.maxlen) {
    return `${dataFile}: it says texts are padded to ${reading.maxlen} words, but ${modelFile} reads ${spec.inputShape[0]}; pick the .data.json file saved with this model.`;
  }
  const words = reading.tokenizer.config.numWords ?? reading.tokenizer.wordIndex.size + 1;
  if (first.inputDim < words) {
    return `${dataFile}: its tokenizer gives word indices up to ${words - 1}, but ${modelFile} reads ${first.inputDim} words; pick the .data.json file saved with this model.`;
  }
  const bad = weightsProblem(spec, weights);
  return bad ? `${modelFile}: ${bad}` : null;
}
