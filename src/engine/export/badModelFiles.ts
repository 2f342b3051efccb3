/**
 * Test fixtures: model files this lab must refuse, generated (never committed), one per way a file
 * from elsewhere can be wrong. The unit tests read them through the engine's readers, the command
 * line's `--load` and the app's loader; the end-to-end test picks some in the page. Each case says
 * which file the refusal must name first and what its sentence must say.
 */
import { SCENARIOS } from '../../scenarios';
import { kerasLayerNames } from '../spec/model';
import type { ModelSpec } from '../spec/types';
import type { SavedModel } from './kerasConfig';
import { kerasModelConfig } from './kerasConfig';
import { h5FileBytes, writeKerasH5, type WeightWriter } from './kerasH5';
import { randomWeights, smallHp } from './testing';
import { writeTfjsLayers, type ModelFile } from './tfjsLayers';

export interface BadModelCase {
  /** What is wrong, for the test's title. */
  title: string;
  /** The files of the case: a `.h5`, or a `model.json` with the weights files it names. */
  files: ModelFile[];
  /** The file a user loads (`--load`, or the one that decides the format in the page). */
  load: string;
  /** The file the refusal names first: `load`, or a weights file. */
  names: string;
  /** What the sentence after the name says. */
  message: RegExp;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The small alphabet model every case starts from: LSTM(5) → Dense(26), random weights. */
export function goodModel(): SavedModel {
  const scenario = SCENARIOS.alphabet;
  const hp = smallHp(scenario);
  const spec = scenario.model(hp);
  return { spec, weights: randomWeights(spec, 11), learningRate: hp.learningRate };
}

/** The first LSTM kernel's dataset name in a Keras file of the alphabet model. */
const KERNEL = 'kernel:0';

/** A writer that writes `replace` for the dataset called `name` and float32 for the rest. */
function replacing(name: string, replace: WeightWriter): WeightWriter {
  return (group, dataset, weight) => {
    if (dataset === name && group.path.includes('/lstm/')) replace(group, dataset, weight);
    else group.create_dataset({ name: dataset, data: weight.values, shape: weight.shape, dtype: '<f' });
  };
}

/** The weights with one value of the Dense bias replaced. */
function withValue(saved: SavedModel, value: number): SavedModel {
  const weights = saved.weights.map((w) => ({ shape: w.shape, values: w.values.slice() }));
  weights[weights.length - 1].values[3] = value;
  return { ...saved, weights };
}

/** Deterministic noise after HDF5's 8-byte signature. */
function garbageHdf5(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
  let x = 12345;
  for (let i = 8; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

/** A Keras file whose model_config is `config` and that holds no weights at all. */
function configOnly(config: unknown, spec?: ModelSpec): Promise<Uint8Array> {
  return h5FileBytes((file) => {
    file.create_attribute('model_config', JSON.stringify(config));
    const root = file.create_group('model_weights');
    root.create_attribute('layer_names', spec ? kerasLayerNames(spec) : ['x']);
  });
}

async function kerasCases(saved: SavedModel): Promise<BadModelCase[]> {
  const good = await writeKerasH5(saved);
  const h5 = (name: string, data: Uint8Array, message: RegExp): BadModelCase => ({ title: name, files: [{ name, data }], load: name, names: name, message });
  const huge = { ...saved.spec, layers: saved.spec.layers.map((l) => (l.kind === 'lstm' ? { ...l, units: 100_000 } : l)) };
  return [
    h5('not-hdf5.h5', encode('{"not": "hdf5"}'), /^This is not an HDF5 file\.$/),
    h5('keras3.keras', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), /^This is a Keras 3 \.keras archive/),
    h5('truncated.h5', good.slice(0, Math.floor(good.length / 2)), /^The file is cut short: /),
    h5('garbage.h5', garbageHdf5(4096), /^The file is damaged: HDF5 cannot read its structure\.$/),
    h5('no-keras.h5', await h5FileBytes((f) => void f.create_dataset({ name: 'x', data: new Float32Array(4) })), /^The file has no model_config: /),
    h5('no-class.h5', await configOnly({ config: { layers: [] } }), /^The file's model config is an object without a class_name\.$/),
    h5('huge-model.h5', await configOnly(kerasModelConfig(huge), huge), /^The file's model needs about \d+ GB to train, more than this lab's limit of 2 GB\.$/),
    h5('huge-weight.h5', await writeKerasH5(saved, replacing(KERNEL, (group, name) => {
      // 1.6 GB declared, nothing stored: HDF5 would hand back fill values if it were read.
      group.create_dataset({ name, data: new Float32Array(1), shape: [1, 1], maxshape: [null, null], chunks: [1, 1], dtype: '<f' }).resize([40_000, 10_000]);
    })), /^Weight “lstm\/lstm_cell\/kernel:0” is declared as \[40000, 10000\], but the model needs \[1, 20\]\.$/),
    h5('wrong-shape.h5', await writeKerasH5(saved, replacing(KERNEL, (group, name, w) => {
      group.create_dataset({ name, data: w.values, shape: [...w.shape].reverse(), dtype: '<f' });
    })), /^Weight “lstm\/lstm_cell\/kernel:0” is declared as \[20, 1\], but the model needs \[1, 20\]\.$/),
    h5('int64.h5', await writeKerasH5(saved, replacing(KERNEL, (group, name, w) => {
      group.create_dataset({ name, data: BigInt64Array.from(w.values, (v) => BigInt(Math.round(v * 100))), shape: w.shape, dtype: '<q' });
    })), /^Weight “lstm\/lstm_cell\/kernel:0” is stored as int64; this lab reads float32 or float64 weights only\.$/),
    h5('nan.h5', await writeKerasH5(withValue(saved, NaN)), /^Weight “dense\/bias:0” holds 1 NaN value \(the first at index 3\): the model diverged/),
    h5('inf.h5', await writeKerasH5(withValue(saved, -Infinity)), /^Weight “dense\/bias:0” holds 1 infinite value \(the first at index 3\)/),
  ];
}

async function tfjsCases(saved: SavedModel): Promise<BadModelCase[]> {
  const [modelJson, weights] = await writeTfjsLayers(saved);
  const json = JSON.parse(new TextDecoder().decode(modelJson.data));
  /** A copy of model.json with `edit` applied, with `weightsFiles` beside it. */
  const edited = (title: string, edit: (j: typeof json) => void, message: RegExp, opts: { names?: string; files?: ModelFile[] } = {}): BadModelCase => {
    const copy = structuredClone(json);
    edit(copy);
    return {
      title, load: 'model.json', names: opts.names ?? 'model.json', message,
      files: [{ name: 'model.json', data: encode(JSON.stringify(copy)) }, ...(opts.files ?? [weights])],
    };
  };
  const manifest = (j: typeof json) => j.weightsManifest[0];
  const kernel = (j: typeof json) => manifest(j).weights.find((w: { name: string }) => w.name.endsWith('lstm/kernel') || w.name.endsWith('/kernel'));
  return [
    { title: 'malformed JSON', files: [{ name: 'model.json', data: encode('{"modelTopology": ') }], load: 'model.json', names: 'model.json', message: /^The file is not valid JSON\.$/ },
    edited('a path out of its folder', (j) => (manifest(j).paths = ['../tfjs-ok/weights.bin']), /^The weights path "\.\.\/tfjs-ok\/weights\.bin" in model\.json leads outside the model's folder\.$/),
    edited('a deep path out of its folder', (j) => (manifest(j).paths = ['sub/../../../../etc/hostname']), /leads outside the model's folder\.$/),
    edited('an absolute path', (j) => (manifest(j).paths = ['/etc/hostname']), /^The weights path "\/etc\/hostname" in model\.json is absolute/),
    edited('a URL', (j) => (manifest(j).paths = ['https://example.com/weights.bin']), /^The weights path "https:.*" in model\.json holds a character/),
    edited('a backslash path', (j) => (manifest(j).paths = ['..\\weights.bin']), /holds a character no file inside the model's folder needs/),
    edited('paths not a list', (j) => (manifest(j).paths = 'weights.bin'), /^The file's weightsManifest\[0\]\.paths must be a list of file names\.$/),
    edited('a shape not a list', (j) => (kernel(j).shape = 'big'), /^The file's weightsManifest\[0\]\.weights\[\d\]\.shape must be a list of whole sizes\.$/),
    edited('a huge declared shape', (j) => (kernel(j).shape = [40_000, 10_000]), /^Weight “lstm\/kernel” is declared as \[40000, 10000\], but the model needs \[1, 20\]\.$/),
    edited('a huge extra weight', (j) => manifest(j).weights.push({ name: 'extra', shape: [1e9, 1e9], dtype: 'float32' }), /^Weight “extra” declares \[1000000000, 1000000000\], larger than any model this lab trains\.$/),
    edited('int32 weights', (j) => (kernel(j).dtype = 'int32'), /^Weight “lstm\/kernel” is int32; this lab reads float32 weights only\.$/),
    edited('a missing weights file', () => {}, /no such file|not among the picked files/i, { names: 'weights.bin', files: [] }),
    edited('a short weights file', () => {}, /^It holds \d[\d,]* bytes, but model\.json declares \d[\d,]* for its weights\.$/, {
      names: 'weights.bin', files: [{ name: 'weights.bin', data: weights.data.slice(0, weights.data.length - 8) }],
    }),
    edited('NaN weights', () => {}, /^Weight “dense\/bias” holds 1 NaN value/, {
      files: [{ name: 'weights.bin', data: (() => {
        const data = weights.data.slice();
        new DataView(data.buffer).setFloat32(data.length - 4, NaN, true);
        return data;
      })() }],
    }),
  ];
}

/** A small masked Bidirectional model: Embedding(mask_zero=True) → Bidirectional(LSTM(3)) → Dense(1). */
function maskedBidirectionalModel(): SavedModel {
  const spec: ModelSpec = {
    inputShape: [6], inputDtype: 'int32', loss: 'binaryCrossentropy',
    layers: [
      { kind: 'embedding', inputDim: 20, outputDim: 4, maskZero: true },
      { kind: 'bidirectional', layer: { kind: 'lstm', units: 3, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false } },
      { kind: 'dense', units: 1, activation: 'sigmoid' },
    ],
  };
  return { spec, weights: randomWeights(spec, 13) };
}

/** Masking and Bidirectional variants this lab does not train, and directions a file does not name. */
async function bidirectionalCases(saved: SavedModel): Promise<BadModelCase[]> {
  type Entry = { class_name: string; config: Record<string, unknown> };
  const variant = async (name: string, edit: (layers: Entry[]) => void, message: RegExp): Promise<BadModelCase> => {
    const config = kerasModelConfig(saved.spec) as { config: { layers: Entry[] } };
    edit(config.config.layers);
    return { title: name, files: [{ name, data: await configOnly(config, saved.spec) }], load: name, names: name, message };
  };
  const [modelJson, weights] = await writeTfjsLayers(saved);
  const json = JSON.parse(new TextDecoder().decode(modelJson.data)) as { weightsManifest: { weights: { name: string }[] }[] };
  // Names without `forward_` / `backward_`: which three weights read which way is anyone's guess.
  for (const w of json.weightsManifest[0].weights) w.name = w.name.replace(/\/(forward|backward)_/, '/$1');
  return [
    await variant('bidirectional-sum.h5', (l) => (l[2].config.merge_mode = 'sum'), /^Bidirectional layer “bidirectional”: merge_mode "sum" is not supported here/),
    await variant('bidirectional-stateful.h5', (l) => ((l[2].config.layer as Entry).config.stateful = true), /^Bidirectional layer “bidirectional”: a stateful LSTM inside is not supported here\.$/),
    await variant('masked-conv1d.h5', (l) => l.splice(2, 0, { class_name: 'Conv1D', config: { name: 'conv1d', filters: 2, kernel_size: [3], padding: 'same', activation: 'relu' } }),
      /^The file's model does not fit together: Conv1D cannot follow Embedding\(mask_zero=True\)/),
    {
      title: 'Bidirectional weights that do not name their direction', load: 'model.json', names: 'model.json',
      files: [{ name: 'model.json', data: encode(JSON.stringify(json)) }, weights],
      message: /^Layer “bidirectional”: no single weight named forward\/kernel among /,
    },
  ];
}

/**
 * The short-reviews card's layers, small: Embedding(mask_zero=True) → Bidirectional(LSTM(3),
 * return_sequences) → GlobalAveragePooling1D → Dense(1).
 */
function pooledModel(): SavedModel {
  const spec: ModelSpec = {
    inputShape: [6], inputDtype: 'int32', loss: 'binaryCrossentropy',
    layers: [
      { kind: 'embedding', inputDim: 20, outputDim: 4, maskZero: true },
      { kind: 'bidirectional', layer: { kind: 'lstm', units: 3, activation: 'tanh', returnSequences: true, dropout: 0, recurrentDropout: 0, stateful: false } },
      { kind: 'globalAveragePooling1d' },
      { kind: 'dense', units: 1, activation: 'sigmoid' },
    ],
  };
  return { spec, weights: randomWeights(spec, 17) };
}

/** GlobalAveragePooling1D variants Keras saves that are other layers here (another axis, another shape). */
async function poolingCases(saved: SavedModel): Promise<BadModelCase[]> {
  const variant = async (name: string, key: string, value: unknown, message: RegExp): Promise<BadModelCase> => {
    const config = kerasModelConfig(saved.spec) as { config: { layers: { config: Record<string, unknown> }[] } };
    config.config.layers[3].config[key] = value;
    return { title: name, files: [{ name, data: await configOnly(config, saved.spec) }], load: name, names: name, message };
  };
  return [
    await variant('pooling-channels-first.h5', 'data_format', 'channels_first', /^GlobalAveragePooling1D layer “global_average_pooling1d”: data_format "channels_first" is not supported here/),
    await variant('pooling-keepdims.h5', 'keepdims', true, /^GlobalAveragePooling1D layer “global_average_pooling1d”: keepdims true is not supported here \(this lab takes false\)\.$/),
  ];
}

/**
 * Every bad file, Keras and TensorFlow.js, built from one small alphabet model, one masked
 * Bidirectional one and one pooled one.
 */
export async function badModelCases(): Promise<BadModelCase[]> {
  const saved = goodModel();
  return [
    ...(await kerasCases(saved)), ...(await tfjsCases(saved)), ...(await bidirectionalCases(maskedBidirectionalModel())),
    ...(await poolingCases(pooledModel())),
  ];
}
