/**
 * Both export formats, for every tutorial's model: written and read back to the same spec and
 * weights, the tfjs files loaded by `tf.loadLayersModel` predicting what the app predicts, the
 * tutorial found again from the file alone, and wrong files refused with a sentence.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import { KERAS_VERSION, kerasModelConfig, kerasWeightNames, ModelFileError, parseModelConfig, type SavedModel } from './kerasConfig';
import { readKerasH5, writeKerasH5 } from './kerasH5';
import { matchScenario } from './matchScenario';
import { exportCases, type ExportCase } from './testing';
import { readTfjsLayers, TFJS_MODEL_FILE, TFJS_WEIGHTS_FILE, writeTfjsLayers, type ModelFile } from './tfjsLayers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => tf.disposeVariables());

let cases: ExportCase[] = [];
beforeAll(() => {
  cases = exportCases();
});

const caseOf = (id: string): ExportCase => cases.find((c) => c.id === id)!;
const ids = Object.keys(SCENARIOS);

/** The spec and every weight, value for value. */
function expectSameModel(got: SavedModel, want: SavedModel): void {
  expect(got.spec).toEqual(want.spec);
  expect(got.batchSize).toEqual(want.batchSize);
  expect(got.weights.map((w) => w.shape)).toEqual(want.weights.map((w) => w.shape));
  got.weights.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(want.weights[i].values)));
}

const fileReader = (files: ModelFile[]) => async (path: string): Promise<Uint8Array> => {
  const file = files.find((f) => f.name === path);
  if (!file) throw new Error(`no file ${path}`);
  return file.data;
};
const modelJsonOf = (files: ModelFile[]): string => new TextDecoder().decode(files.find((f) => f.name === TFJS_MODEL_FILE)!.data);

describe('Keras model config', () => {
  it('names layers, the input layer and the LSTM cells as Keras 2 does', () => {
    const { spec } = caseOf('trend').saved;
    const config = kerasModelConfig(spec) as { config: { layers: { class_name: string; config: { name: string } }[] } };
    expect(config.config.layers.map((l) => `${l.class_name}:${l.config.name}`)).toEqual([
      'InputLayer:lstm_input', 'LSTM:lstm', 'Dropout:dropout', 'LSTM:lstm_1', 'Dropout:dropout_1', 'Dense:dense',
    ]);
    expect(kerasWeightNames(spec)).toEqual([
      ['lstm/lstm_cell/kernel:0', 'lstm/lstm_cell/recurrent_kernel:0', 'lstm/lstm_cell/bias:0'],
      [],
      ['lstm_1/lstm_cell_1/kernel:0', 'lstm_1/lstm_cell_1/recurrent_kernel:0', 'lstm_1/lstm_cell_1/bias:0'],
      [],
      ['dense/kernel:0', 'dense/bias:0'],
    ]);
  });

  it.each(ids)('%s: parses back to the same spec', (id) => {
    const { saved } = caseOf(id);
    const parsed = parseModelConfig(kerasModelConfig(saved.spec, saved.batchSize));
    expect(parsed.spec).toEqual(saved.spec);
    expect(parsed.batchSize).toEqual(saved.batchSize);
  });

  type LayerEntry = { class_name: string; config: Record<string, unknown> };
  it.each<[string, (lstm: LayerEntry) => void, RegExp]>([
    ['hard_sigmoid gates (tfjs’ default)', (l) => (l.config.recurrent_activation = 'hard_sigmoid'), /recurrent_activation "hard_sigmoid" is not supported/],
    ['a Keras 1 GRU (reset_after=False)', (l) => ((l.class_name = 'GRU'), (l.config.reset_after = false)), /GRU layer “lstm”: reset_after false is not supported/],
    ['a Bidirectional wrapper with no wrapped layer', (l) => (l.class_name = 'Bidirectional'), /^Bidirectional layer “lstm”: its wrapped layer has no class name or config\.$/],
    ['an LSTM without units', (l) => delete l.config.units, /^LSTM layer “lstm”: units is missing\.$/],
    ['a reversed LSTM', (l) => (l.config.go_backwards = true), /go_backwards true is not supported/],
  ])('refuses %s', (_name, edit, message) => {
    const config = kerasModelConfig(caseOf('alphabet').saved.spec) as { config: { layers: LayerEntry[] } };
    edit(config.config.layers[1]);
    expect(() => parseModelConfig(config as never)).toThrow(ModelFileError);
    expect(() => parseModelConfig(config as never)).toThrow(message);
  });
});

describe('Keras .h5', () => {
  it.each(ids)('%s: reads back the same model', async (id) => {
    const { saved } = caseOf(id);
    const bytes = await writeKerasH5(saved);
    expect(Array.from(bytes.slice(0, 4))).toEqual([0x89, 0x48, 0x44, 0x46]);
    expectSameModel(await readKerasH5(bytes), saved);
  });

  it('refuses a file that is not HDF5, with a sentence', async () => {
    await expect(readKerasH5(new TextEncoder().encode('{"not": "hdf5"}'))).rejects.toThrow('This is not an HDF5 file.');
  });

  it('claims the Keras version its layout follows', () => {
    expect(KERAS_VERSION).toMatch(/^2\./);
  });
});

describe('TensorFlow.js Layers files', () => {
  it.each(ids)('%s: model.json + weights.bin, read back the same', async (id) => {
    const { saved } = caseOf(id);
    const files = await writeTfjsLayers(saved);
    expect(files.map((f) => f.name)).toEqual([TFJS_MODEL_FILE, TFJS_WEIGHTS_FILE]);
    const manifest = JSON.parse(modelJsonOf(files)).weightsManifest;
    expect(manifest).toHaveLength(1);
    expect(manifest[0].paths).toEqual([TFJS_WEIGHTS_FILE]);
    expectSameModel(await readTfjsLayers(modelJsonOf(files), fileReader(files)), saved);
  });

  it.each(ids)('%s: tf.loadLayersModel loads them and predicts what the app predicts', async (id) => {
    const c = caseOf(id);
    const files = await writeTfjsLayers(c.saved);
    const handler: tf.io.IOHandler = {
      load: async () => {
        const json = JSON.parse(modelJsonOf(files)) as tf.io.ModelJSON;
        return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
          const specs = manifest.flatMap((g) => g.weights);
          const data = await Promise.all(manifest.flatMap((g) => g.paths).map(fileReader(files)));
          return [specs, tf.io.CompositeArrayBuffer.join(data.map((d) => d.slice().buffer))];
        });
      },
    };
    const model = await tf.loadLayersModel(handler);
    const x = tf.tensor(c.inputs, [c.samples, ...c.saved.spec.inputShape], c.saved.spec.inputDtype);
    const y = model.predict(x, { batchSize: c.saved.batchSize ?? c.samples }) as tf.Tensor;
    const got = Array.from(y.dataSync());
    tf.dispose([x, y]);
    model.dispose();
    expect(got.length).toBe(c.predictions.length);
    got.forEach((v, i) => expect(v).toBeCloseTo(c.predictions[i], 6));
  });

  it('refuses a graph model', async () => {
    await expect(readTfjsLayers(JSON.stringify({ format: 'graph-model', modelTopology: { node: [] } }), async () => new Uint8Array())).rejects.toThrow(/not a TensorFlow.js Layers model/);
  });
});

describe('matchScenario', () => {
  it.each(ids)('%s: a saved model finds its tutorial again', async (id) => {
    const c = caseOf(id);
    const read = await readKerasH5(await writeKerasH5(c.saved));
    const match = matchScenario(read.spec, read.batchSize);
    expect(match).not.toBeNull();
    // The IMDB tutorials share one structure: whichever is chosen must build the same model.
    expect(SCENARIOS[match!.config.scenario].model(match!.config.hp)).toEqual(c.saved.spec);
    if (SCENARIOS[id as keyof typeof SCENARIOS].family !== 'imdb') expect(match!.config.scenario).toBe(id);
  });

  it.each(['gru', 'simpleRnn'] as const)('a %s model of the memory card finds its card, with its kind', async (cell) => {
    const s = SCENARIOS.memory;
    const hp = { ...s.defaults, cell, units: 9, seqLength: 21 };
    const spec = s.model(hp);
    const match = matchScenario(spec);
    expect(match?.config.scenario).toBe('memory');
    expect(match?.config.hp).toMatchObject({ cell, units: 9, seqLength: 21 });
    expect(s.model(match!.config.hp)).toEqual(spec);
    // A tutorial never takes another kind: the alphabet's model with a GRU is no tutorial's.
    const alphabet = SCENARIOS.alphabet.model(SCENARIOS.alphabet.defaults);
    expect(matchScenario({ ...alphabet, layers: alphabet.layers.map((l) => (l.kind === 'lstm' ? { kind: cell, units: l.units, activation: l.activation, returnSequences: false, dropout: 0, recurrentDropout: 0 } : l)) })).toBeNull();
  });

  it('finds no tutorial for a model none builds', () => {
    const { spec } = caseOf('alphabet').saved;
    expect(matchScenario({ ...spec, layers: [spec.layers[1]], inputShape: [5] })).toBeNull();
  });
});
