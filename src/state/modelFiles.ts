/**
 * The app's model and history files: the trained model as Keras `.h5` and as TensorFlow.js
 * `model.json` + `weights.bin` (the engine's writers, `engine/export/`), the per-epoch history as
 * CSV and JSON, and a saved model read back with the tutorial that builds it. The export modules
 * (h5wasm, tfjs) load only when a file is written or read. No DOM: the UI turns these bytes into
 * downloads and reads the files the user picks.
 */
import type { RunConfig } from '../config/runConfig';
import type { AssetSource } from '../engine/data/assets';
import type { EpochUpdate, Evaluation } from '../engine/types';
import { fileSizeProblem } from '../engine/export/weightChecks';
import type { SavedModel } from '../engine/export/kerasConfig';
import { dataFileName, parseDataFile, type DataFileKind, type DataFileOf } from '../engine/export/dataFile';
import type { KeptModel } from '../platform/runStore';
import type { LoadedModel } from './labState';

/** A file to download or one the user picked: its name and bytes. */
export interface NamedBytes {
  name: string;
  data: Uint8Array;
  /** MIME type, for a download. */
  type?: string;
}

export type ModelFormat = 'keras' | 'tfjs';

/** A file name's safe stem: letters, digits and dashes. */
export function fileStem(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'model';
}

/**
 * The model's files in `format`, named after the run (`stem`): one `.h5`, or `stem.json` and the
 * `stem.weights.bin` its manifest names, so two runs' downloads never overwrite each other.
 */
export async function modelFiles(model: Pick<KeptModel, 'config' | 'weights'>, format: ModelFormat, stem: string): Promise<NamedBytes[]> {
  const { savedModelOf } = await import('../engine/export/savedModel');
  return savedModelFiles(savedModelOf(model.config, model.weights), format, stem);
}

/** A saved model's files in `format` (`modelFiles`' naming), whatever built the model: a tutorial or a user's data. */
export async function savedModelFiles(saved: SavedModel, format: ModelFormat, stem: string): Promise<NamedBytes[]> {
  if (format === 'keras') {
    const { writeKerasH5 } = await import('../engine/export/kerasH5');
    return [{ name: `${stem}.h5`, data: await writeKerasH5(saved), type: 'application/x-hdf5' }];
  }
  const { writeTfjsLayers } = await import('../engine/export/tfjsLayers');
  const names = { modelFile: `${stem}.json`, weightsFile: `${stem}.weights.bin` };
  return (await writeTfjsLayers(saved, names)).map((f) => ({ ...f, type: f.name.endsWith('.json') ? 'application/json' : 'application/octet-stream' }));
}

/** Columns of the history CSV, in order: what Keras' `CSVLogger` writes, plus each epoch's seconds. */
const CSV_COLUMNS = ['epoch', 'loss', 'acc', 'valLoss', 'valAcc', 'seconds'] as const satisfies readonly (keyof EpochUpdate)[];
const CSV_HEADER: Record<(typeof CSV_COLUMNS)[number], string> = {
  epoch: 'epoch', loss: 'loss', acc: 'accuracy', valLoss: 'val_loss', valAcc: 'val_accuracy', seconds: 'seconds',
};

/** The per-epoch history as CSV, Keras' `CSVLogger` names (an epoch without validation leaves those cells empty). */
export function historyCsv(epochs: readonly EpochUpdate[]): string {
  const rows = epochs.map((e) => CSV_COLUMNS.map((c) => (e[c] === undefined ? '' : String(e[c]))).join(','));
  return `${[CSV_COLUMNS.map((c) => CSV_HEADER[c]).join(','), ...rows].join('\n')}\n`;
}

/** The history as JSON: the configuration, Keras' `history.history` lists, and the final evaluation. */
export function historyJson(config: RunConfig, epochs: readonly EpochUpdate[], evaluation: Evaluation | null): string {
  const column = (key: keyof EpochUpdate) => (epochs.some((e) => e[key] !== undefined) ? epochs.map((e) => e[key] ?? null) : undefined);
  const history = {
    loss: column('loss'), accuracy: column('acc'), val_loss: column('valLoss'), val_accuracy: column('valAcc'),
  };
  return `${JSON.stringify({ tutorial: config.scenario, hyperparameters: config.hp, epochs: epochs.map((e) => e.epoch), seconds: column('seconds'), history, evaluation }, null, 2)}\n`;
}

/**
 * The IMDB words a loaded model reads (ids below its `vocabSize`), from the lab's own data files:
 * a model file holds no vocabulary, and "try the model" needs one to encode a review.
 */
export async function imdbVocabWords(source: AssetSource, vocabSize: number): Promise<string[]> {
  const { MANIFEST_PATH, dataPath, parseManifest, verifyFile } = await import('../engine/data/imdb/manifest');
  const { decodeVocab, INDEX_FROM } = await import('../engine/data/imdb/vocab');
  const manifest = parseManifest(await source.fetchBytes(MANIFEST_PATH));
  const bytes = await source.fetchBytes(dataPath(manifest.vocab));
  await verifyFile(manifest.vocab, bytes);
  return decodeVocab(bytes).words.slice(0, Math.max(0, vocabSize - INDEX_FROM));
}

/** A picked file this lab cannot load, with the reason for the user. */
export class LoadModelError extends Error {
  override name = 'LoadModelError';
}

/** Why picked files cannot be read at all (one larger than any model), before their bytes are: null when they can. */
export function pickedFilesProblem(files: readonly { name: string; size: number }[]): string | null {
  for (const f of files) {
    const problem = fileSizeProblem(f.size);
    if (problem) return `${f.name}: ${problem}`;
  }
  return null;
}

/** The last segment of a manifest path: the picker hands over files without their folders. */
const baseName = (path: string): string => path.split('/').pop() ?? path;

/**
 * Reads a saved model from the picked files (a `.h5`, or a `model.json` with its weight files)
 * and finds the tutorial whose model it is, with the sizes read off it. Every refusal is a
 * `LoadModelError` whose one sentence starts with the name of the file at fault.
 */
export async function readModelFiles(files: readonly NamedBytes[]): Promise<LoadedModel> {
  const [{ ModelFileError }, { matchScenario }, { describeModel }] = await Promise.all([
    import('../engine/export/kerasConfig'), import('../engine/export/matchScenario'), import('../engine/spec/describe'),
  ]);
  return readSavedModel(files, (saved, name) => {
    const match = matchScenario(saved.spec, saved.batchSize);
    if (!match) throw new ModelFileError(`No tutorial here builds this model (${describeModel(saved.spec).join(' → ')}).`);
    const { config } = match;
    return { config, name, model: { config, weights: saved.weights, epoch: 0 } };
  });
}

/**
 * Reads a saved model from the picked files (a `.h5`, or a `model.json` with its weight files; other
 * `.json` files, such as a data file, are passed over) and hands it to `use` with the model file's
 * name. A `ModelFileError` from reading or from `use` becomes a `LoadModelError` whose one sentence
 * starts with the name of the file at fault.
 */
const isDataFile = (f: NamedBytes) => /\.data\.json$/i.test(f.name);

/**
 * The data file among the picked files, of `kind`: one sentence naming the file when there is none
 * (`what` needs it for `why`), more than one, a damaged one or one of another kind.
 */
export function pickedDataFile<K extends DataFileKind>(files: readonly NamedBytes[], kind: K, what: string, why: string): { data: DataFileOf<K>; dataFile: NamedBytes } {
  const dataFiles = files.filter(isDataFile);
  const modelFile = files.find((f) => !isDataFile(f) && /\.(h5|hdf5|keras|json)$/i.test(f.name));
  if (dataFiles.length === 0) {
    const stem = modelFile?.name.replace(/\.[^.]+$/, '') ?? 'the model';
    throw new LoadModelError(
      `${modelFile?.name ?? 'The picked files'}: ${what} needs its data file (${modelFile ? dataFileName(stem) : '.data.json'}), which holds ${why}; pick it together with the model.`,
    );
  }
  if (dataFiles.length > 1) throw new LoadModelError(`${dataFiles.map((f) => f.name).join(', ')}: pick one data file, the one saved with the model.`);
  const dataFile = dataFiles[0];
  const data = parseDataFile(dataFile.data, dataFile.name);
  if (typeof data === 'string') throw new LoadModelError(data);
  if (data.kind !== kind) throw new LoadModelError(`${dataFile.name}: it is the data file of a ${data.kind} model; pick the one saved with ${what.replace(/^an? /, 'the ')}.`);
  // `kind` was checked just above; TypeScript cannot narrow a union by a generic key.
  return { data: data as unknown as DataFileOf<K>, dataFile };
}

export async function readSavedModel<T>(files: readonly NamedBytes[], use: (saved: SavedModel, name: string) => T): Promise<T> {
  const { ModelFileError } = await import('../engine/export/kerasConfig');
  const h5 = files.find((f) => /\.(h5|hdf5|keras)$/i.test(f.name));
  const json = files.find((f) => /\.json$/i.test(f.name) && !/\.data\.json$/i.test(f.name));
  const main = h5 ?? json;
  if (!main) throw new LoadModelError('Pick a Keras .h5 file, or a TensorFlow.js model.json together with its weights file.');
  try {
    let saved;
    if (h5) {
      const { readKerasH5 } = await import('../engine/export/kerasH5');
      saved = await readKerasH5(h5.data);
    } else {
      const { readTfjsLayers } = await import('../engine/export/tfjsLayers');
      const byName = new Map(files.map((f) => [f.name, f.data]));
      saved = await readTfjsLayers(new TextDecoder().decode(main.data), async (path) => {
        const data = byName.get(baseName(path));
        if (!data) throw new ModelFileError(`Not among the picked files: pick it together with ${main.name}.`, path);
        return data;
      });
    }
    return use(saved, main.name);
  } catch (e) {
    if (e instanceof LoadModelError) throw e;
    if (e instanceof ModelFileError) throw new LoadModelError(`${e.file ? baseName(e.file) : main.name}: ${e.message}`);
    // Anything else is the lab's own failure, not the file's: still one sentence that names it.
    throw new LoadModelError(`${main.name}: It could not be read (${e instanceof Error ? e.message : String(e)}).`);
  }
}
