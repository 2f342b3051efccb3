/**
 * A user-data card's model files, written and read back. Written: the model as the tutorials' are
 * (`savedModelFiles`: one `.h5`, or `<stem>.json` with its weights) and beside it `<stem>.data.json`,
 * what makes it usable elsewhere (`engine/export/dataFile/`). Read: the picked `.h5` (or `model.json`
 * with its weights) and the `.data.json` saved with it become the model the card's Try answers from. What differs per kind
 * is one row of `LOADED_KINDS` (what the model is called, what its data file holds, how the model is
 * checked against the data file and what Try is given); the picking, the data file's kind and the
 * reading are the same for every kind. Every refusal is a `LoadModelError` in one sentence naming
 * the file. No DOM.
 */
import { charModelProblem, type CharModel } from '../engine/charText/charModel';
import { dataFileName, writeDataFile, type DataFileFields, type DataFileKind, type DataFileOf } from '../engine/export/dataFile';
import { classifierReadingOf } from '../engine/export/dataFile/classify';
import { seriesModelDataOf } from '../engine/export/dataFile/series';
import { textModelDataOf } from '../engine/export/dataFile/text';
import type { SavedModel } from '../engine/export/kerasConfig';
import { seriesModelProblem, type LoadedSeries } from '../engine/seriesModel/loadedSeries';
import { classifierModelProblem, type LoadedClassifier } from '../engine/textClassifier/loadedClassifier';
import { LoadModelError, pickedDataFile, readSavedModel, savedModelFiles, type ModelFormat, type NamedBytes } from './modelFiles';

/** The model's files in `format` and its data file, all named after `stem`. */
export async function writeUserModelFiles<K extends DataFileKind>(saved: SavedModel, data: DataFileFields[K], format: ModelFormat, stem: string): Promise<NamedBytes[]> {
  return [...(await savedModelFiles(saved, format, stem)), { name: dataFileName(stem), data: writeDataFile<K>(data), type: 'application/json' }];
}

/** What each kind's Try answers from once its files are read. */
export interface LoadedModels {
  text: CharModel;
  classify: LoadedClassifier;
  series: LoadedSeries;
}

interface LoadedKind<K extends DataFileKind> {
  /** The model, as a sentence names it ("a text model"). */
  what: string;
  /** What its data file holds that the model cannot do without. */
  holds: string;
  /** The model from the saved model and its data file, or the sentence naming the file at fault. */
  model(saved: SavedModel, data: DataFileOf<K>, modelFile: string, dataFile: string): LoadedModels[K] | string;
}

const LOADED_KINDS: { [K in DataFileKind]: LoadedKind<K> } = {
  text: {
    what: 'a text model',
    holds: 'its characters',
    model(saved, file, modelFile, dataFile) {
      const data = textModelDataOf(file);
      return charModelProblem(saved.spec, saved.weights, data, modelFile, dataFile)
        ?? { ...data, spec: saved.spec, weights: saved.weights, learningRate: saved.learningRate };
    },
  },
  classify: {
    what: 'a classifier',
    holds: 'its tokenizer and labels',
    model(saved, file, modelFile, dataFile) {
      const reading = classifierReadingOf(file);
      return classifierModelProblem(saved.spec, saved.weights, reading, modelFile, dataFile) ?? { spec: saved.spec, weights: saved.weights, reading };
    },
  },
  series: {
    what: 'a series model',
    holds: 'its columns, window and scaler',
    model(saved, file, modelFile, dataFile) {
      const data = seriesModelDataOf(file);
      return seriesModelProblem(saved.spec, saved.weights, data, modelFile, dataFile) ?? { spec: saved.spec, weights: saved.weights, data };
    },
  },
};

/** A `kind` model from the picked files, with the model file's name. */
export async function readUserModelFiles<K extends DataFileKind>(kind: K, files: readonly NamedBytes[]): Promise<{ model: LoadedModels[K]; name: string }> {
  const row = LOADED_KINDS[kind] as LoadedKind<K>;
  const { data, dataFile } = pickedDataFile(files, kind, row.what, row.holds);
  return readSavedModel(files, (saved, name) => {
    const model = row.model(saved, data, name, dataFile.name);
    if (typeof model === 'string') throw new LoadModelError(model);
    return { model, name };
  });
}
