/**
 * A classifier's files picked in the labelled texts card (its `.h5`, or `model.json` with its
 * weights, and its `.data.json`) read back into a model Try answers from. Every refusal is a
 * `LoadModelError` in one sentence naming the file. No DOM.
 */
import { classifierReadingOf } from '../engine/export/dataFile/classify';
import { classifierModelProblem, type LoadedClassifier } from '../engine/textClassifier/loadedClassifier';
import { LoadModelError, pickedDataFile, readSavedModel, type NamedBytes } from './modelFiles';

export async function readLabelledModelFiles(files: readonly NamedBytes[]): Promise<{ model: LoadedClassifier; name: string }> {
  const { data, dataFile } = pickedDataFile(files, 'classify', 'a classifier', 'its tokenizer and labels');
  const reading = classifierReadingOf(data);
  return readSavedModel(files, (saved, name) => {
    const problem = classifierModelProblem(saved.spec, saved.weights, reading, name, dataFile.name);
    if (problem) throw new LoadModelError(problem);
    return { model: { spec: saved.spec, weights: saved.weights, reading }, name };
  });
}
