/**
 * A text run's model files from the command line: `--save-keras X.h5` writes `X.h5` and
 * `X.data.json`, `--save-tfjs DIR` writes `DIR/model.json`, its weights and `DIR/model.data.json`
 * (the same writers and data file as the text card's downloads).
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { savedCharModel, type CharModel } from '../src/engine/charText/charModel';
import { dataFileName, writeDataFile } from '../src/engine/export/dataFile';
import { textDataFileOf } from '../src/engine/export/dataFile/text';
import { writeModelFiles, type ModelFileFlags } from './modelFiles';

export async function writeTextModelFiles(flags: Pick<ModelFileFlags, 'save-keras' | 'save-tfjs'>, model: CharModel): Promise<{ format: 'keras' | 'tfjs' | 'data'; path: string }[]> {
  const written: { format: 'keras' | 'tfjs' | 'data'; path: string }[] = await writeModelFiles(flags, savedCharModel(model));
  const data = writeDataFile<'text'>(textDataFileOf(model));
  for (const { path } of [...written]) {
    const beside = path.endsWith('.json') ? join(dirname(path), dataFileName('model')) : path.replace(/(\.(h5|hdf5|keras))?$/i, '.data.json');
    await writeFile(beside, data);
    written.push({ format: 'data', path: beside });
  }
  return written;
}
