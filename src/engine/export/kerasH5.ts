/**
 * Keras' legacy HDF5 model file (`model.save('m.h5')` in Keras 2, `keras.models.load_model` in
 * Keras 2 and 3), written and read with h5wasm (the HDF5 C library compiled to WebAssembly; its
 * ESM build embeds the binary, so nothing needs serving, and it runs in Node, a worker or a tab).
 *
 * Layout, as Keras' `save_model_to_hdf5` / `save_weights_to_hdf5_group` write it:
 * - root attributes `keras_version`, `backend` (strings), `model_config` and `training_config`
 *   (JSON as byte strings);
 * - group `model_weights` with attributes `layer_names` (every layer, model order), `backend`,
 *   `keras_version` (byte strings); one group per layer, created in name order, with attribute
 *   `weight_names` (byte strings, empty for a weightless layer) and a dataset per weight at its
 *   name's path (`lstm/lstm/lstm_cell/kernel:0`); and an empty `top_level_model_weights`.
 * h5wasm loads lazily (`import()`): the app's bundle only carries it once a file is written or read.
 */
import type { Dataset, Group } from 'h5wasm';
import { kerasLayerNames, weightShapes } from '../spec/model';
import { weightsByLayer, weightsProblem, type Weight } from '../weights';
import {
  checkSavedWeights, KERAS_VERSION, kerasModelConfig, kerasTrainingConfig, kerasWeightNames, ModelFileError,
  orderLayerWeights, parseModelConfig, type Json, type SavedModel,
} from './kerasConfig';
import { declaredShapeProblem, fileSizeProblem, nonFiniteProblem } from './weightChecks';

type H5 = typeof import('h5wasm');
type H5Module = Awaited<H5['ready']>;

let loading: Promise<{ h5: H5; module: H5Module; fs: NonNullable<H5['FS']> }> | undefined;

/** h5wasm, loaded once; its files live in Emscripten's in-memory file system. */
function h5wasm(): Promise<{ h5: H5; module: H5Module; fs: NonNullable<H5['FS']> }> {
  loading ??= import('h5wasm').then(async (h5) => {
    const module = await h5.ready;
    return { h5, module, fs: module.FS };
  });
  return loading;
}

/** Each call works on its own in-memory file, so calls may overlap. */
let fileCounter = 0;

/** A byte string attribute as Keras writes `str.encode('utf8')` and `np.asarray([b'…', …])`: fixed-length ASCII. */
function byteStrings(group: Group, name: string, values: string[] | string): void {
  const list = Array.isArray(values) ? values : [values];
  // One byte more than the longest: HDF5's null-terminated strings keep room for the terminator.
  const length = Math.max(1, ...list.map((s) => new TextEncoder().encode(s).length)) + 1;
  if (Array.isArray(values)) group.create_attribute(name, values, [values.length], `A${length}`);
  else group.create_attribute(name, values, null, `A${length}`);
}

/** Keras writes an empty `weight_names` as `np.asarray([])`: a float64 array of length 0. */
function emptyNames(group: Group): void {
  group.create_attribute('weight_names', new Float64Array(0), [0], '<d');
}

/** Creates `path`'s groups under `group` as h5py does for a dataset name with slashes, returning the last. */
function groupsFor(group: Group, path: string[]): Group {
  let at = group;
  for (const part of path) at = at.keys().includes(part) ? (at.get(part) as Group) : at.create_group(part);
  return at;
}

/** The bytes of an HDF5 file `build` writes (h5wasm's `File` is a `Group`, its root). */
export async function h5FileBytes(build: (root: Group) => void): Promise<Uint8Array> {
  const { h5, fs } = await h5wasm();
  const path = `/keras-${++fileCounter}.h5`;
  try {
    const file = new h5.File(path, 'w');
    try {
      build(file);
    } finally {
      file.close();
    }
    return fs.readFile(path);
  } finally {
    if (fs.analyzePath(path).exists) fs.unlink(path);
  }
}

/** Writes one weight's dataset in its layer's group. Keras writes float32; test fixtures write what Keras never would. */
export type WeightWriter = (group: Group, name: string, weight: Weight) => void;

const writeFloat32: WeightWriter = (group, name, w) => {
  group.create_dataset({ name, data: w.values, shape: w.shape, dtype: '<f' });
};

/** The `.h5` file's bytes for `model`. */
export async function writeKerasH5(model: SavedModel, writeWeight: WeightWriter = writeFloat32): Promise<Uint8Array> {
  const { spec, weights } = model;
  const problem = weightsProblem(spec, weights);
  if (problem) throw new Error(problem);
  return h5FileBytes((file) => {
    file.create_attribute('keras_version', KERAS_VERSION);
    file.create_attribute('backend', 'tensorflow');
    byteStrings(file, 'model_config', JSON.stringify(kerasModelConfig(spec, model.batchSize)));
    if (model.learningRate !== undefined) {
      byteStrings(file, 'training_config', JSON.stringify(kerasTrainingConfig(spec, model.learningRate)));
    }
    const root = file.create_group('model_weights');
    const layerNames = kerasLayerNames(spec);
    byteStrings(root, 'layer_names', layerNames);
    byteStrings(root, 'backend', 'tensorflow');
    byteStrings(root, 'keras_version', KERAS_VERSION);
    const names = kerasWeightNames(spec);
    const byLayer = weightsByLayer(spec, weights);
    // Keras creates the groups sorted by name, so that no name is a prefix of a later one's path.
    const order = layerNames.map((name, i) => ({ name, i })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { name, i } of order) {
      const group = root.create_group(name);
      if (names[i].length === 0) emptyNames(group);
      else byteStrings(group, 'weight_names', names[i]);
      names[i].forEach((weightName, k) => {
        const parts = weightName.split('/');
        writeWeight(groupsFor(group, parts.slice(0, -1)), parts[parts.length - 1], byLayer[i][k]);
      });
    }
    emptyNames(root.create_group('top_level_model_weights'));
  });
}

/** An attribute as text: h5wasm gives variable-length and fixed-length strings alike as strings. */
function textAttribute(group: Group, name: string): string | undefined {
  const attr = group.attrs[name];
  if (!attr) return undefined;
  const v = attr.value;
  return typeof v === 'string' ? v : undefined;
}

/** A list-of-strings attribute (`layer_names`, `weight_names`); an empty or numeric one is no names. */
function textList(group: Group, name: string): string[] {
  const attr = group.attrs[name];
  if (!attr) throw new ModelFileError(`The file has no ${name} under ${group.path}: it is not a Keras model file.`);
  const v = attr.value;
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

function parseJson(text: string | undefined, what: string): Json | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new ModelFileError(`The file's ${what} is not valid JSON.`);
  }
}

/** HDF5's signature, the first 8 bytes of every file it writes (Keras writes no user block before it). */
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** A zip archive's first bytes: Keras 3's `.keras` format. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/** HDF5 type classes (`H5T_class_t`) a dataset's metadata reports. */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;

/** A dataset's element type in words, as numpy names it (`int64`, `float16`), for a refusal. */
function typeName(meta: Dataset['metadata']): string {
  if (meta.type === H5T_INTEGER) return `${meta.signed ? 'int' : 'uint'}${meta.size * 8}`;
  if (meta.type === H5T_FLOAT) return `float${meta.size * 8}${meta.littleEndian ? '' : ' (big-endian)'}`;
  return 'not numbers';
}

/**
 * Refuses a weight's dataset from its metadata alone, before any value is read: its declared shape
 * must be the model's, its elements little-endian 32- or 64-bit floats, its data its own (a virtual
 * dataset reads other files).
 */
function checkDataset(name: string, dataset: Dataset, expected: readonly number[]): void {
  const meta = dataset.metadata;
  const shapeProblem = declaredShapeProblem(name, meta.shape ?? [], expected);
  if (shapeProblem) throw new ModelFileError(shapeProblem);
  if (meta.type !== H5T_FLOAT || (meta.size !== 4 && meta.size !== 8) || !meta.littleEndian) {
    throw new ModelFileError(`Weight “${name}” is stored as ${typeName(meta)}; this lab reads float32 or float64 weights only.`);
  }
  if (meta.virtual_sources?.length) throw new ModelFileError(`Weight “${name}” is a virtual dataset that reads other files; refused.`);
}

/** A weight's values, read after its metadata passed `checkDataset`, refused if any is NaN or infinite. */
function readDataset(name: string, dataset: Dataset): Weight {
  const value = dataset.value;
  const values = value instanceof Float32Array ? value : value instanceof Float64Array ? Float32Array.from(value) : null;
  if (!values) throw new ModelFileError(`Weight “${name}” could not be read as numbers.`);
  const problem = nonFiniteProblem(name, values);
  if (problem) throw new ModelFileError(problem);
  return { shape: [...(dataset.shape ?? [])], values };
}

/** HDF5's own error text, turned into what happened to the file, in one sentence. */
function unreadable(error: unknown): ModelFileError {
  const text = error instanceof Error ? error.message : String(error);
  if (/truncated file/i.test(text)) return new ModelFileError('The file is cut short: it ends before the data its HDF5 header declares (an unfinished download or copy?).');
  return new ModelFileError('The file is damaged: HDF5 cannot read its structure.');
}

/**
 * Reads a legacy Keras `.h5` model (ours, or one Keras saved with the same layers): the spec from
 * `model_config`, each layer's weights from its `weight_names`, matched to Keras order by name.
 * Every refusal is a `ModelFileError` with one sentence: the signature is checked before h5wasm
 * sees the bytes, each weight's declared shape and type before its values are read.
 */
export async function readKerasH5(bytes: Uint8Array): Promise<SavedModel> {
  if (startsWith(bytes, ZIP_SIGNATURE)) {
    throw new ModelFileError("This is a Keras 3 .keras archive (a zip), not an HDF5 file: save the model with model.save('model.h5') to load it here.");
  }
  if (!startsWith(bytes, HDF5_SIGNATURE)) throw new ModelFileError('This is not an HDF5 file.');
  const sizeProblem = fileSizeProblem(bytes.length);
  if (sizeProblem) throw new ModelFileError(sizeProblem);
  const { h5, module, fs } = await h5wasm();
  const path = `/keras-${++fileCounter}.h5`;
  fs.writeFile(path, bytes);
  // While this file is read, HDF5's errors become exceptions instead of HDF5-DIAG lines on the
  // console. Everything from here to `finally` is synchronous, so no other use of h5wasm sees it.
  module.activate_throwing_error_handler();
  let file: InstanceType<H5['File']> | undefined;
  try {
    file = new h5.File(path, 'r');
    return readModel(h5, file);
  } catch (e) {
    throw e instanceof ModelFileError ? e : unreadable(e);
  } finally {
    try {
      file?.close();
    } catch {
      // A file HDF5 could not read may not close either; it is unlinked below all the same.
    }
    module.deactivate_throwing_error_handler();
    fs.unlink(path);
  }
}

function readModel(h5: H5, file: InstanceType<H5['File']>): SavedModel {
  const modelConfig = parseJson(textAttribute(file, 'model_config'), 'model_config');
  if (modelConfig === undefined) {
    throw new ModelFileError('The file has no model_config: it holds weights only (save_weights), not a whole Keras model.');
  }
  const parsed = parseModelConfig(modelConfig, parseJson(textAttribute(file, 'training_config'), 'training_config'));
  const root = file.get('model_weights');
  if (!(root instanceof h5.Group)) throw new ModelFileError('The file has no model_weights group.');
  const saved = new Set(textList(root, 'layer_names'));
  const expected = weightShapes(parsed.spec);
  const datasets = parsed.spec.layers.map((layer, i) => {
    const name = parsed.layerNames[i];
    if (!saved.has(name)) throw new ModelFileError(`The file's weights have no layer “${name}”.`);
    const group = root.get(name);
    if (!(group instanceof h5.Group)) throw new ModelFileError(`The file has no group for layer “${name}”.`);
    const named = textList(group, 'weight_names').map((weightName) => {
      const dataset = group.get(weightName);
      if (!(dataset instanceof h5.Dataset)) throw new ModelFileError(`Layer “${name}”: weight ${weightName} is missing.`);
      return { name: weightName, weight: { name: weightName, dataset } };
    });
    return orderLayerWeights(layer, name, named);
  });
  // Every weight's declared shape and type first: nothing is read until the whole file fits the model.
  datasets.forEach((layer, i) => layer.forEach((w, k) => checkDataset(w.name, w.dataset, expected[i][k])));
  return checkSavedWeights(parsed, datasets.flat().map((w) => readDataset(w.name, w.dataset)));
}
