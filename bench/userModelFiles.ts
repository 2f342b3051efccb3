/**
 * A run on a user's data, saved from the command line: `--save-keras X.h5` writes `X.h5` and
 * `X.data.json`, `--save-tfjs DIR` writes `DIR/model.json`, its weights and `DIR/model.data.json`
 * (the same writers and data file as the cards' downloads). Each task gives its model and its data
 * file's bytes (`userTasks/`).
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { dataFileName } from '../src/engine/export/dataFile';
import type { SavedModel } from '../src/engine/export/kerasConfig';
import { writeModelFiles, type ModelFileFlags } from './modelFiles';

export type SaveFlags = Pick<ModelFileFlags, 'save-keras' | 'save-tfjs'>;

export async function writeUserModelFiles(flags: SaveFlags, saved: SavedModel, dataFile: Uint8Array): Promise<{ format: 'keras' | 'tfjs' | 'data'; path: string }[]> {
  const written: { format: 'keras' | 'tfjs' | 'data'; path: string }[] = await writeModelFiles(flags, saved);
  for (const { path } of [...written]) {
    const beside = path.endsWith('.json') ? join(dirname(path), dataFileName('model')) : path.replace(/(\.(h5|hdf5|keras))?$/i, '.data.json');
    await writeFile(beside, dataFile);
    written.push({ format: 'data', path: beside });
  }
  return written;
}
