/**
 * A text model's files: the model as Keras `.h5` or TensorFlow.js files (the tutorials' writers and
 * naming, `state/modelFiles.ts`), each with the data file that makes it usable elsewhere
 * (`<run>.data.json`: the character table, `engine/export/dataFile/`), and the same files read back
 * into a model Try answers from. No DOM: the card turns these bytes into downloads.
 */
import { charModelProblem, savedCharModel, type CharModel } from '../engine/charText/charModel';
import { dataFileName, parseDataFile, writeDataFile } from '../engine/export/dataFile';
import { textDataFileOf, textModelDataOf } from '../engine/export/dataFile/text';
import { LoadModelError, readSavedModel, savedModelFiles, type ModelFormat, type NamedBytes } from './modelFiles';

/** The model's files in `format`, and its data file, all named after `stem`. */
export async function textModelFiles(model: CharModel, format: ModelFormat, stem: string): Promise<NamedBytes[]> {
  return [
    ...(await savedModelFiles(savedCharModel(model), format, stem)),
    { name: dataFileName(stem), data: writeDataFile<'text'>(textDataFileOf(model)), type: 'application/json' },
  ];
}

const isDataFile = (f: NamedBytes) => /\.data\.json$/i.test(f.name);

/**
 * A text model from the picked files: a `.h5` (or a `model.json` with its weights) and the
 * `.data.json` saved with it. Every refusal is a `LoadModelError` in one sentence naming the file.
 */
export async function readTextModelFiles(files: readonly NamedBytes[]): Promise<{ model: CharModel; name: string }> {
  const dataFiles = files.filter(isDataFile);
  const modelFile = files.find((f) => !isDataFile(f) && /\.(h5|hdf5|keras|json)$/i.test(f.name));
  if (dataFiles.length === 0) {
    const stem = modelFile?.name.replace(/\.[^.]+$/, '') ?? 'the model';
    throw new LoadModelError(
      `${modelFile?.name ?? 'The picked files'}: a text model needs its data file (${modelFile ? dataFileName(stem) : '.data.json'}), which holds its characters; pick it together with the model.`,
    );
  }
  if (dataFiles.length > 1) throw new LoadModelError(`${dataFiles.map((f) => f.name).join(', ')}: pick one data file, the one saved with the model.`);
  const dataFile = dataFiles[0];
  const data = parseDataFile(dataFile.data, dataFile.name);
  if (typeof data === 'string') throw new LoadModelError(data);
  if (data.kind !== 'text') throw new LoadModelError(`${dataFile.name}: it is the data file of a ${data.kind} model; pick the one saved with the text model.`);
  const text = textModelDataOf(data);
  return readSavedModel(files, (saved, name) => {
    const problem = charModelProblem(saved.spec, saved.weights, text, name, dataFile.name);
    if (problem) throw new LoadModelError(problem);
    return { model: { ...text, spec: saved.spec, weights: saved.weights, learningRate: saved.learningRate }, name };
  });
}
