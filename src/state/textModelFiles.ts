/**
 * A text model's files: the model as Keras `.h5` or TensorFlow.js files (the tutorials' writers and
 * naming, `state/modelFiles.ts`), each with the data file that makes it usable elsewhere
 * (`<run>.data.json`: the character table, `engine/export/dataFile/`), and the same files read back
 * into a model Try answers from. No DOM: the card turns these bytes into downloads.
 */
import { charModelProblem, savedCharModel, type CharModel } from '../engine/charText/charModel';
import { dataFileName, writeDataFile } from '../engine/export/dataFile';
import { textDataFileOf, textModelDataOf } from '../engine/export/dataFile/text';
import { LoadModelError, pickedDataFile, readSavedModel, savedModelFiles, type ModelFormat, type NamedBytes } from './modelFiles';

/** The model's files in `format`, and its data file, all named after `stem`. */
export async function textModelFiles(model: CharModel, format: ModelFormat, stem: string): Promise<NamedBytes[]> {
  return [
    ...(await savedModelFiles(savedCharModel(model), format, stem)),
    { name: dataFileName(stem), data: writeDataFile<'text'>(textDataFileOf(model)), type: 'application/json' },
  ];
}

/**
 * A text model from the picked files: a `.h5` (or a `model.json` with its weights) and the
 * `.data.json` saved with it. Every refusal is a `LoadModelError` in one sentence naming the file.
 */
export async function readTextModelFiles(files: readonly NamedBytes[]): Promise<{ model: CharModel; name: string }> {
  const { data, dataFile } = pickedDataFile(files, 'text', 'a text model', 'its characters');
  const text = textModelDataOf(data);
  return readSavedModel(files, (saved, name) => {
    const problem = charModelProblem(saved.spec, saved.weights, text, name, dataFile.name);
    if (problem) throw new LoadModelError(problem);
    return { model: { ...text, spec: saved.spec, weights: saved.weights, learningRate: saved.learningRate }, name };
  });
}
