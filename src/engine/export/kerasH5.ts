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
import type { Group } from 'h5wasm';
import { kerasLayerNames } from '../spec/model';
import { weightsByLayer, weightsProblem, type Weight } from '../weights';
import {
  checkSavedWeights, KERAS_VERSION, kerasModelConfig, kerasTrainingConfig, kerasWeightNames, ModelFileError,
  orderLayerWeights, parseModelConfig, type Json, type SavedModel,
} from './kerasConfig';

type H5 = typeof import('h5wasm');

let loading: Promise<{ h5: H5; fs: NonNullable<H5['FS']> }> | undefined;

/** h5wasm, loaded once; its files live in Emscripten's in-memory file system. */
function h5wasm(): Promise<{ h5: H5; fs: NonNullable<H5['FS']> }> {
  loading ??= import('h5wasm').then(async (h5) => {
    const module = await h5.ready;
    return { h5, fs: module.FS };
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

/** The `.h5` file's bytes for `model`. */
export async function writeKerasH5(model: SavedModel): Promise<Uint8Array> {
  const { spec, weights } = model;
  const problem = weightsProblem(spec, weights);
  if (problem) throw new Error(problem);
  const { h5, fs } = await h5wasm();
  const path = `/keras-${++fileCounter}.h5`;
  const file = new h5.File(path, 'w');
  try {
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
        const w = byLayer[i][k];
        groupsFor(group, parts.slice(0, -1)).create_dataset({ name: parts[parts.length - 1], data: w.values, shape: w.shape, dtype: '<f' });
      });
    }
    emptyNames(root.create_group('top_level_model_weights'));
    file.close();
    return fs.readFile(path);
  } finally {
    if (fs.analyzePath(path).exists) fs.unlink(path);
  }
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

/**
 * Reads a legacy Keras `.h5` model (ours, or one Keras saved with the same layers): the spec from
 * `model_config`, each layer's weights from its `weight_names`, matched to Keras order by name.
 */
export async function readKerasH5(bytes: Uint8Array): Promise<SavedModel> {
  const signature = [0x89, 0x48, 0x44, 0x46]; // "\x89HDF"
  if (bytes.length < 8 || !signature.every((b, i) => bytes[i] === b)) throw new ModelFileError('This is not an HDF5 file.');
  const { h5, fs } = await h5wasm();
  const path = `/keras-${++fileCounter}.h5`;
  fs.writeFile(path, bytes);
  const file = new h5.File(path, 'r');
  try {
    const modelConfig = parseJson(textAttribute(file, 'model_config'), 'model_config');
    if (modelConfig === undefined) {
      throw new ModelFileError('The file has no model_config: it holds weights only (save_weights), not a whole Keras model.');
    }
    const parsed = parseModelConfig(modelConfig, parseJson(textAttribute(file, 'training_config'), 'training_config'));
    const root = file.get('model_weights');
    if (!(root instanceof h5.Group)) throw new ModelFileError('The file has no model_weights group.');
    const saved = new Set(textList(root, 'layer_names'));
    const weights: Weight[] = parsed.spec.layers.flatMap((layer, i) => {
      const name = parsed.layerNames[i];
      if (!saved.has(name)) throw new ModelFileError(`The file's weights have no layer “${name}”.`);
      const group = root.get(name);
      if (!(group instanceof h5.Group)) throw new ModelFileError(`The file has no group for layer “${name}”.`);
      const named = textList(group, 'weight_names').map((weightName) => {
        const dataset = group.get(weightName);
        if (!(dataset instanceof h5.Dataset)) throw new ModelFileError(`Layer “${name}”: weight ${weightName} is missing.`);
        const value = dataset.value;
        const shape = dataset.shape ?? [];
        const values = value instanceof Float32Array ? value : ArrayBuffer.isView(value) ? Float32Array.from(value as unknown as ArrayLike<number>) : null;
        if (!values) throw new ModelFileError(`Layer “${name}”: weight ${weightName} is not numeric.`);
        return { name: weightName, weight: { shape, values } };
      });
      return orderLayerWeights(layer, name, named);
    });
    return checkSavedWeights(parsed, weights);
  } finally {
    file.close();
    fs.unlink(path);
  }
}
