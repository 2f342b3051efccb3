/**
 * A classifier run's model files: the model (its layers from the run's row, the trained weights and
 * the learning rate) for the engine's writers (`export/kerasH5.ts`, `export/tfjsLayers.ts`), and
 * the data file beside them (`export/dataFile/classify.ts`): the tokenizer, maxlen and labels.
 */
import type { HyperParams } from '../../config/hyperparams';
import { dataFileName, writeDataFile } from '../export/dataFile';
import { classifyDataFileOf } from '../export/dataFile/classify';
import type { SavedModel } from '../export/kerasConfig';
import type { ModelWeights } from '../weights';
import { classifierSource } from './classifierModel';
import type { PreparedLabelled } from './classifyRow';
import type { ClassifierReading } from './predictClassify';

export function classifierSavedModel(hp: HyperParams, labelled: PreparedLabelled, weights: ModelWeights): SavedModel {
  return { spec: classifierSource(labelled.classNames.length).model(hp), weights, learningRate: hp.learningRate };
}

/**
 * `<stem>.data.json` with what the model needs to read a text and name its answer. From a reading,
 * not the prepared texts: a kept run or a loaded model has its reading but not the texts.
 */
export function classifierDataFile(reading: ClassifierReading, stem: string): { name: string; data: Uint8Array } {
  return { name: dataFileName(stem), data: writeDataFile<'classify'>(classifyDataFileOf(reading)) };
}
