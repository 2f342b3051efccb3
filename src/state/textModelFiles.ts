/**
 * A text model's files: the model as Keras `.h5` or TensorFlow.js files (the tutorials' writers and
 * naming, `state/modelFiles.ts`), each with the data file that makes it usable elsewhere
 * (`<run>.data.json`: the character table, `engine/export/dataFile/`); `userModelFiles.ts` reads them
 * back. No DOM: the card turns these bytes into downloads.
 */
import { savedCharModel, type CharModel } from '../engine/charText/charModel';
import { dataFileName, writeDataFile } from '../engine/export/dataFile';
import { textDataFileOf } from '../engine/export/dataFile/text';
import { savedModelFiles, type ModelFormat, type NamedBytes } from './modelFiles';

/** The model's files in `format`, and its data file, all named after `stem`. */
export async function textModelFiles(model: CharModel, format: ModelFormat, stem: string): Promise<NamedBytes[]> {
  return [
    ...(await savedModelFiles(savedCharModel(model), format, stem)),
    { name: dataFileName(stem), data: writeDataFile<'text'>(textDataFileOf(model)), type: 'application/json' },
  ];
}
