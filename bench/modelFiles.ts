/**
 * Model files for the command line: `--save-keras FILE.h5`, `--save-tfjs DIR`, `--load FILE`.
 * The formats themselves are the engine's (`src/engine/export/`); this module only reads and
 * writes the files, and decides which run a loaded model belongs to.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { RunConfig } from '../src/config/runConfig';
import { ModelFileError, type SavedModel } from '../src/engine/export/kerasConfig';
import { readKerasH5, writeKerasH5 } from '../src/engine/export/kerasH5';
import { fieldsOf, matchScenario, sameSpec } from '../src/engine/export/matchScenario';
import { parameterCount } from '../src/engine/spec/model';
import { readTfjsLayers, TFJS_MODEL_FILE, writeTfjsLayers } from '../src/engine/export/tfjsLayers';
import { fileSizeProblem } from '../src/engine/export/weightChecks';
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

/** A file system error in words: what happened to the file, not Node's code. */
function fsProblem(e: unknown): string | null {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const words: Record<string, string> = {
    ENOENT: 'No such file.',
    EACCES: 'Permission denied: the file cannot be read.',
    EPERM: 'Permission denied: the file cannot be read.',
    EISDIR: 'This is a folder, not a file.',
    ENOTDIR: 'A part of this path is not a folder.',
    ELOOP: 'The path loops through symbolic links.',
  };
  return code && code in words ? words[code] : null;
}

/** A file's bytes, refused unread when it is larger than any model (`fileSizeProblem`). */
async function readModelBytes(path: string): Promise<Uint8Array> {
  const info = await stat(path);
  if (info.isDirectory()) throw new ModelFileError('This is a folder without a model.json.');
  const tooLarge = fileSizeProblem(info.size);
  if (tooLarge) throw new ModelFileError(tooLarge);
  return new Uint8Array(await readFile(path));
}

/**
 * A weights file a manifest names, read only when it lies inside the model's folder (the engine
 * has refused `..` and absolute paths already; this checks what the file system makes of it).
 */
async function readInside(folder: string, path: string): Promise<Uint8Array> {
  const full = resolve(folder, path);
  const inside = relative(resolve(folder), full);
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) {
    throw new ModelFileError("It lies outside the model's folder.", path);
  }
  try {
    return await readModelBytes(full);
  } catch (e) {
    if (e instanceof ModelFileError) throw new ModelFileError(e.message, path);
    const problem = fsProblem(e);
    if (problem) throw new ModelFileError(problem === 'No such file.' ? 'No such file: model.json names it as a weights file.' : problem, path);
    throw e;
  }
}

/**
 * Reads a model file of either format: a folder or a `.json` file is TensorFlow.js (its weight
 * files are found beside `model.json`), anything else must be a Keras `.h5`. Every way the file can
 * be wrong, missing or unreadable is a `ModelFileError` whose one sentence starts with the path of
 * the file at fault (a weights file `model.json` names is named as itself).
 */
export async function readModelFile(path: string): Promise<SavedModel> {
  let modelJson = path;
  let folder = dirname(path);
  try {
    if ((await stat(path)).isDirectory()) modelJson = join(path, TFJS_MODEL_FILE);
    folder = dirname(modelJson);
    if (modelJson.endsWith('.json')) {
      const text = new TextDecoder().decode(await readModelBytes(modelJson));
      return await readTfjsLayers(text, (p) => readInside(folder, p));
    }
    return await readKerasH5(await readModelBytes(path));
  } catch (e) {
    if (e instanceof ModelFileError) throw new ModelFileError(`${e.file ? join(folder, e.file) : modelJson}: ${e.message}`);
    const problem = fsProblem(e);
    if (problem) throw new ModelFileError(`${modelJson}: ${problem}`);
    // Anything else is this lab's own failure, not the file's: still one sentence, never a stack.
    throw new ModelFileError(`${modelJson}: It could not be read (${e instanceof Error ? e.message : String(e)}).`);
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
export function flagsForLoaded(path: string, saved: SavedModel, argv: readonly string[]): string[] {
  if (argv.some((a) => a === '--scenario' || a.startsWith('--scenario='))) return [];
  const match = matchScenario(saved.spec, saved.batchSize);
  if (!match) {
    throw new ModelFileError(`${path}: No tutorial here builds this model (${describeModel(saved.spec).join(' → ')}).`);
  }
  return ['--scenario', match.config.scenario, ...Object.entries(match.fields).flatMap(([k, v]) => [`--${k}`, String(v)])];
}

/** Why the run's configuration cannot start from `saved`, or null when its model is the file's. */
export function loadedModelProblem(path: string, config: RunConfig, saved: SavedModel): string | null {
  const spec = SCENARIOS[config.scenario].model(config.hp);
  if (sameSpec(spec, saved.spec)) return null;
  return `${path}: The file's model (${describeModel(saved.spec).join(' → ')}) is not this run's (${describeModel(spec).join(' → ')}): leave out --scenario and the model's sizes to take the file's own.`;
}

/** What `--load` loaded, said before training: the file, the tutorial, the model's sizes and its weights. */
export interface LoadedSummary {
  file: string;
  scenario: RunConfig['scenario'];
  /** The sizes read off the model that the tutorial has as flags (`units`, `seqLength`…; `cell` where the card offers it). */
  sizes: Record<string, number | string>;
  /** Weight arrays, and the values they hold. */
  weights: number;
  parameters: number;
}

export function loadedSummary(path: string, config: RunConfig, saved: SavedModel): LoadedSummary {
  const own = SCENARIOS[config.scenario].fields as readonly string[];
  const sizes = Object.fromEntries(Object.entries(fieldsOf(saved.spec, saved.batchSize)).filter(([k]) => own.includes(k))) as Record<string, number | string>;
  return { file: path, scenario: config.scenario, sizes, weights: saved.weights.length, parameters: parameterCount(saved.spec) };
}

/** The summary as the one line the command line prints. */
export function loadedLine(s: LoadedSummary): string {
  const sizes = Object.entries(s.sizes).map(([k, v]) => `--${k} ${v}`).join(' ');
  return `loaded ${s.file}: ${SCENARIOS[s.scenario].title}${sizes ? ` (${sizes})` : ''}, ${s.weights} weight arrays, ${s.parameters.toLocaleString('en-US')} parameters`;
}
