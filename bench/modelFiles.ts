/**
 * Model files for the command line: `--save-keras FILE.h5`, `--save-tfjs DIR`, `--load FILE`.
 * The formats themselves are the engine's (`src/engine/export/`); this module only reads and
 * writes the files, and decides which run a loaded model belongs to.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunConfig } from '../src/config/runConfig';
import { ModelFileError, type SavedModel } from '../src/engine/export/kerasConfig';
import { readKerasH5, writeKerasH5 } from '../src/engine/export/kerasH5';
import { matchScenario, sameSpec } from '../src/engine/export/matchScenario';
import { readTfjsLayers, TFJS_MODEL_FILE, writeTfjsLayers } from '../src/engine/export/tfjsLayers';
export { savedModelOf } from '../src/engine/export/savedModel';
import { describeModel } from '../src/engine/spec/describe';
import { SCENARIOS } from '../src/scenarios';

/** The file flags, by the name each has on the command line. */
export interface ModelFileFlags {
  /** `--save-keras`: the `.h5` file to write after training. */
  'save-keras'?: string;
  /** `--save-tfjs`: the folder for `model.json` and `weights.bin`. */
  'save-tfjs'?: string;
  /** `--load`: a `.h5` file, a `model.json`, or a folder holding one. */
  load?: string;
}
export const MODEL_FILE_FLAGS: readonly (keyof ModelFileFlags)[] = ['save-keras', 'save-tfjs', 'load'];

/**
 * Reads a model file of either format: a folder or a `.json` file is TensorFlow.js (its weight
 * files are found beside `model.json`), anything else must be a Keras `.h5`. A missing or
 * unreadable file is a `ModelFileError` too, so the command line reports every case alike.
 */
export async function readModelFile(path: string): Promise<SavedModel> {
  let modelJson = path;
  try {
    if ((await stat(path)).isDirectory()) modelJson = join(path, TFJS_MODEL_FILE);
    if (modelJson.endsWith('.json')) {
      const folder = dirname(modelJson);
      return await readTfjsLayers(await readFile(modelJson, 'utf8'), async (p) => new Uint8Array(await readFile(join(folder, p))));
    }
    return await readKerasH5(new Uint8Array(await readFile(path)));
  } catch (e) {
    if (e instanceof ModelFileError) throw new ModelFileError(`${path}: ${e.message}`);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ModelFileError(`${path}: no such file.`);
    throw e;
  }
}

/** Writes the run's model to the files the flags name, creating folders as needed; returns what it wrote. */
export async function writeModelFiles(flags: ModelFileFlags, saved: SavedModel): Promise<{ format: 'keras' | 'tfjs'; path: string }[]> {
  const written: { format: 'keras' | 'tfjs'; path: string }[] = [];
  const keras = flags['save-keras'];
  if (keras) {
    await mkdir(dirname(keras), { recursive: true });
    await writeFile(keras, await writeKerasH5(saved));
    written.push({ format: 'keras', path: keras });
  }
  const tfjs = flags['save-tfjs'];
  if (tfjs) {
    await mkdir(tfjs, { recursive: true });
    for (const file of await writeTfjsLayers(saved)) await writeFile(join(tfjs, file.name), file.data);
    written.push({ format: 'tfjs', path: join(tfjs, TFJS_MODEL_FILE) });
  }
  return written;
}

/**
 * Flags that make the command line's configuration build the loaded model: the tutorial whose
 * model it is and the sizes read off it, placed before the user's own flags so those still win
 * (and are then checked like any other). Empty when `--scenario` is given: the user chose.
 */
export function flagsForLoaded(saved: SavedModel, argv: readonly string[]): string[] {
  if (argv.some((a) => a === '--scenario' || a.startsWith('--scenario='))) return [];
  const match = matchScenario(saved.spec, saved.batchSize);
  if (!match) {
    throw new ModelFileError(`No tutorial here builds this model (${describeModel(saved.spec).join(' → ')}).`);
  }
  return ['--scenario', match.config.scenario, ...Object.entries(match.fields).flatMap(([k, v]) => [`--${k}`, String(v)])];
}

/** Why the run's configuration cannot start from `saved`, or null when its model is the file's. */
export function loadedModelProblem(config: RunConfig, saved: SavedModel): string | null {
  const spec = SCENARIOS[config.scenario].model(config.hp);
  if (sameSpec(spec, saved.spec)) return null;
  return `The file's model (${describeModel(saved.spec).join(' → ')}) is not this run's (${describeModel(spec).join(' → ')}): leave out --scenario and the model's sizes to take the file's own.`;
}
