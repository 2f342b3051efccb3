/**
 * `Embedding(mask_zero=True)`, `Bidirectional` and `GlobalAveragePooling1D` in both export formats:
 * Keras 2's config and weight names, read back to the same spec and weights (and the same
 * predictions), the directions' weights matched by name (not by order), tfjs-layers itself loading
 * a masked Bidirectional LSTM and the pooled model, the variants this lab does not train refused
 * in one sentence, and `matchScenario` on such models.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import { bidirectionalWeightNames } from '../reference/bidirectional';
import type { ModelSpec } from '../spec/types';
import { bidirectionalInnerNames, kerasModelConfig, kerasWeightNames, ModelFileError, orderLayerWeights, parseModelConfig, type SavedModel } from './kerasConfig';
import { readKerasH5, writeKerasH5 } from './kerasH5';
import { matchScenario } from './matchScenario';
import { appPredictions, maskedCases, randomWeights } from './testing';
import { readTfjsLayers, TFJS_MODEL_FILE, writeTfjsLayers, type ModelFile } from './tfjsLayers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => tf.disposeVariables());

const cases = maskedCases();
const caseOf = (id: string) => cases.find((c) => c.id === id)!;

function expectSameModel(got: SavedModel, want: SavedModel): void {
  expect(got.spec).toEqual(want.spec);
  expect(got.weights.map((w) => w.shape)).toEqual(want.weights.map((w) => w.shape));
  got.weights.forEach((w, i) => expect(Array.from(w.values), `weight ${i}`).toEqual(Array.from(want.weights[i].values)));
}

const modelJsonOf = (files: ModelFile[]): string => new TextDecoder().decode(files.find((f) => f.name === TFJS_MODEL_FILE)!.data);
const readerOf = (files: ModelFile[]) => async (path: string) => files.find((f) => f.name === path)!.data;

type LayerEntry = { class_name: string; config: Record<string, unknown> };
const layersOf = (config: unknown): LayerEntry[] => (config as { config: { layers: LayerEntry[] } }).config.layers;

describe('masking and Bidirectional in Keras’ config', () => {
  it('writes mask_zero, and a Bidirectional with its wrapped layer under its own name', () => {
    const { spec } = caseOf('masked-bidirectional').saved;
    const [, embedding, first, second] = layersOf(kerasModelConfig(spec));
    expect(embedding.config.mask_zero).toBe(true);
    expect(first.class_name).toBe('Bidirectional');
    expect(Object.keys(first.config)).toEqual(['name', 'trainable', 'dtype', 'layer', 'merge_mode']);
    expect(first.config).toMatchObject({ name: 'bidirectional', merge_mode: 'concat', layer: { class_name: 'LSTM', config: { name: 'lstm', units: 5, return_sequences: true, go_backwards: false, stateful: false, dropout: 0.1 } } });
    expect(second.config).toMatchObject({ name: 'bidirectional_1', layer: { class_name: 'GRU', config: { name: 'gru', units: 3, reset_after: true, recurrent_dropout: 0.2, implementation: 1 } } });
    expect(kerasWeightNames(spec).slice(1, 3)).toEqual([bidirectionalWeightNames('lstm'), bidirectionalWeightNames('gru', 'bidirectional_1', 'gru')]);
    expect(kerasWeightNames(spec)[1][3]).toBe('bidirectional/backward_lstm/lstm_cell/kernel:0');
    // A model without masking writes mask_zero=False and reads back without the key.
    const plain = { ...spec, layers: spec.layers.map((l) => (l.kind === 'embedding' ? { kind: l.kind, inputDim: l.inputDim, outputDim: l.outputDim } : l)) } as ModelSpec;
    expect(layersOf(kerasModelConfig(plain))[1].config.mask_zero).toBe(false);
    expect(parseModelConfig(kerasModelConfig(plain)).spec.layers[0]).not.toHaveProperty('maskZero');
  });

  it('names each wrapped layer after the earlier layers of its kind, wrapped or not', () => {
    const lstm = { kind: 'lstm', units: 2, activation: 'tanh', returnSequences: true, dropout: 0, recurrentDropout: 0, stateful: false } as const;
    const spec: ModelSpec = {
      inputShape: [4, 2], inputDtype: 'float32', loss: 'meanSquaredError',
      layers: [lstm, { kind: 'bidirectional', layer: lstm }, { kind: 'bidirectional', layer: { ...lstm, returnSequences: false } }, { kind: 'dense', units: 1, activation: 'linear' }],
    };
    expect(bidirectionalInnerNames(spec)).toEqual([undefined, 'lstm_1', 'lstm_2', undefined]);
    expect(kerasWeightNames(spec)[2][0]).toBe('bidirectional_1/forward_lstm_2/lstm_cell/kernel:0');
    expect(parseModelConfig(kerasModelConfig(spec)).spec).toEqual(spec);
  });

  it.each(cases.map((c) => c.id))('%s: parses back to the same spec', (id) => {
    expect(parseModelConfig(kerasModelConfig(caseOf(id).saved.spec)).spec).toEqual(caseOf(id).saved.spec);
  });

  const bidirectionalAt = (config: unknown) => layersOf(config)[2];
  it.each<[string, (config: unknown) => void, RegExp]>([
    ['merge_mode sum', (c) => (bidirectionalAt(c).config.merge_mode = 'sum'), /^Bidirectional layer “bidirectional”: merge_mode "sum" is not supported here \(this lab takes "concat"\)\.$/],
    ['merge_mode None (two outputs)', (c) => (bidirectionalAt(c).config.merge_mode = null), /merge_mode null is not supported here/],
    ['a stateful wrapped LSTM', (c) => ((bidirectionalAt(c).config.layer as LayerEntry).config.stateful = true), /^Bidirectional layer “bidirectional”: a stateful LSTM inside is not supported here\.$/],
    ['a wrapped layer that reads backwards', (c) => ((bidirectionalAt(c).config.layer as LayerEntry).config.go_backwards = true), /^LSTM layer “lstm”: go_backwards true is not supported/],
    ['a backward layer of its own', (c) => (bidirectionalAt(c).config.backward_layer = { class_name: 'LSTM', config: {} }), /a backward_layer of its own is not supported/],
    ['a wrapped Dense', (c) => ((bidirectionalAt(c).config.layer as LayerEntry).class_name = 'Dense'), /^Bidirectional layer “bidirectional”: it wraps a Dense; this lab wraps LSTM, GRU or SimpleRNN\.$/],
    ['a Conv1D after a masking Embedding', (c) => layersOf(c).splice(2, 0, { class_name: 'Conv1D', config: { name: 'conv1d', filters: 2, kernel_size: [3], padding: 'same', activation: 'relu' } }), /does not fit together: Conv1D cannot follow Embedding\(mask_zero=True\)/],
  ])('refuses %s, in one sentence', (_name, edit, message) => {
    const config = kerasModelConfig(caseOf('masked-bidirectional').saved.spec);
    edit(config);
    expect(() => parseModelConfig(config)).toThrow(ModelFileError);
    expect(() => parseModelConfig(config)).toThrow(message);
  });

  it('takes a wrapped layer as Keras 3 serialises it (with module and registered_name)', () => {
    const config = kerasModelConfig(caseOf('masked-bidirectional').saved.spec);
    const entry = bidirectionalAt(config);
    entry.config.layer = { module: 'keras.layers', registered_name: null, ...(entry.config.layer as LayerEntry) };
    expect(parseModelConfig(config).spec).toEqual(caseOf('masked-bidirectional').saved.spec);
  });

  it('matches the directions’ weights by name, whatever their order', () => {
    const { spec } = caseOf('masked-bidirectional').saved;
    const names = bidirectionalWeightNames('lstm');
    const saved = [3, 0, 5, 1, 4, 2].map((k) => ({ name: names[k], weight: k }));
    expect(orderLayerWeights(spec.layers[1], 'bidirectional', saved)).toEqual([0, 1, 2, 3, 4, 5]);
    // tfjs' names (no cell scope, no `:0`) say the same.
    const tfjsNames = names.map((n) => n.replace('/lstm_cell', '').replace(':0', ''));
    expect(orderLayerWeights(spec.layers[1], 'bidirectional', tfjsNames.map((name, weight) => ({ name, weight })).reverse())).toEqual([0, 1, 2, 3, 4, 5]);
    // Names that do not say the direction are refused.
    const undirected = names.map((n, weight) => ({ name: n.replace(/(forward|backward)_/, ''), weight }));
    expect(() => orderLayerWeights(spec.layers[1], 'bidirectional', undirected)).toThrow(/no single weight named forward\/kernel/);
  });
});

describe.each(cases.map((c) => [c.id, c] as const))('%s in model files', (_id, c) => {
  it('reads back from a Keras .h5 as the same model', async () => {
    expectSameModel(await readKerasH5(await writeKerasH5(c.saved)), c.saved);
  });

  it('reads back from TensorFlow.js files as the same model', async () => {
    const files = await writeTfjsLayers(c.saved);
    expectSameModel(await readTfjsLayers(modelJsonOf(files), readerOf(files)), c.saved);
  });

  it('belongs to no tutorial, without failing', async () => {
    expect(matchScenario(c.saved.spec)).toBeNull();
  });
});

describe('TensorFlow.js files of a masked Bidirectional LSTM', () => {
  it('name the directions as tfjs-layers does, and tf.loadLayersModel predicts what the app predicts', async () => {
    const c = caseOf('masked-bidirectional-lstm');
    const files = await writeTfjsLayers(c.saved);
    const json = JSON.parse(modelJsonOf(files)) as tf.io.ModelJSON;
    expect(json.weightsManifest[0].weights.map((w) => w.name).slice(1, 7)).toEqual([
      'bidirectional/forward_lstm/kernel', 'bidirectional/forward_lstm/recurrent_kernel', 'bidirectional/forward_lstm/bias',
      'bidirectional/backward_lstm/kernel', 'bidirectional/backward_lstm/recurrent_kernel', 'bidirectional/backward_lstm/bias',
    ]);
    const model = await tf.loadLayersModel({
      load: async () => tf.io.getModelArtifactsForJSON(json, async (manifest) => [manifest.flatMap((g) => g.weights), files[1].data.slice().buffer]),
    });
    const got = tf.tidy(() => Array.from((model.predict(tf.tensor2d(c.inputs, [c.samples, 7], 'int32')) as tf.Tensor).dataSync()));
    model.dispose();
    got.forEach((v, i) => expect(v).toBeCloseTo(c.predictions[i], 6));
  });
});

describe('GlobalAveragePooling1D in Keras’ config and the model files', () => {
  const c = caseOf('masked-pooling');
  const poolingAt = (config: unknown) => layersOf(config)[4];

  it('writes Keras 2’s config: channels_last, keepdims False, no weights', () => {
    const entry = poolingAt(kerasModelConfig(c.saved.spec));
    expect(entry).toEqual({ class_name: 'GlobalAveragePooling1D', config: { name: 'global_average_pooling1d', trainable: true, dtype: 'float32', data_format: 'channels_last', keepdims: false } });
    expect(kerasWeightNames(c.saved.spec)[3]).toEqual([]);
  });

  it('reads a config without data_format and keepdims (Keras before 2.6, tfjs-layers’ own) as Keras’ defaults', () => {
    const config = kerasModelConfig(c.saved.spec);
    const entry = poolingAt(config);
    delete entry.config.data_format;
    delete entry.config.keepdims;
    expect(parseModelConfig(config).spec).toEqual(c.saved.spec);
  });

  it.each<[string, (config: unknown) => void, RegExp]>([
    ['channels_first', (cfg) => (poolingAt(cfg).config.data_format = 'channels_first'), /^GlobalAveragePooling1D layer “global_average_pooling1d”: data_format "channels_first" is not supported here \(this lab takes "channels_last"\)\.$/],
    ['keepdims True', (cfg) => (poolingAt(cfg).config.keepdims = true), /^GlobalAveragePooling1D layer “global_average_pooling1d”: keepdims true is not supported here \(this lab takes false\)\.$/],
    ['a pooling of one vector', (cfg) => layersOf(cfg).splice(4, 0, { ...poolingAt(cfg), config: { ...poolingAt(cfg).config, name: 'global_average_pooling1d_1' } }), /does not fit together: GlobalAveragePooling1D needs a sequence \[timesteps, features\] but gets \[10\]/],
  ])('refuses %s, in one sentence', (_name, edit, message) => {
    const config = kerasModelConfig(c.saved.spec);
    edit(config);
    expect(() => parseModelConfig(config)).toThrow(ModelFileError);
    expect(() => parseModelConfig(config)).toThrow(message);
  });

  it.each([
    ['a Keras .h5', async () => readKerasH5(await writeKerasH5(c.saved))],
    ['TensorFlow.js files', async () => {
      const files = await writeTfjsLayers(c.saved);
      return readTfjsLayers(modelJsonOf(files), readerOf(files));
    }],
  ] as const)('read back from %s, predicts what the app predicts (padded rows and a wholly padded one too)', async (_name, read) => {
    const got = await read();
    expect(appPredictions(got, c.inputs, c.samples)).toEqual(c.predictions);
  });

  it('TensorFlow.js files: tf.loadLayersModel builds tfjs-layers’ own classes, which agree with the app on rows without padding only', async () => {
    const files = await writeTfjsLayers(c.saved);
    const json = JSON.parse(modelJsonOf(files)) as tf.io.ModelJSON;
    const model = await tf.loadLayersModel({
      load: async () => tf.io.getModelArtifactsForJSON(json, async (manifest) => [manifest.flatMap((g) => g.weights), files[1].data.slice().buffer]),
    });
    expect(model.layers[3].getClassName()).toBe('GlobalAveragePooling1D');
    // Rows of 7 real words: an all-ones mask changes nothing, whoever reads it.
    const full = Array.from({ length: 2 * 7 }, (_, i) => 1 + ((i * 11) % 29));
    const got = tf.tidy(() => Array.from((model.predict(tf.tensor2d(full, [2, 7], 'int32')) as tf.Tensor).dataSync()));
    // tfjs-layers' pooling averages the padding in (and its Bidirectional repeats outputs there).
    const padded = tf.tidy(() => Array.from((model.predict(tf.tensor2d(c.inputs, [c.samples, 7], 'int32')) as tf.Tensor).dataSync()));
    model.dispose();
    appPredictions(c.saved, full, 2).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
    expect(Math.max(...padded.map((v, i) => Math.abs(v - c.predictions[i])))).toBeGreaterThan(1e-4);
  });
});

describe('matchScenario', () => {
  it.each(['lstm', 'gru'] as const)('a short-reviews model with a %s finds its card, with its kind and sizes', async (cell) => {
    const s = SCENARIOS['short-reviews'];
    const hp = { ...s.defaults, cell, units: 9, embeddingDim: 8, vocabSize: 500, seqLength: 30 };
    const read = await readKerasH5(await writeKerasH5({ spec: s.model(hp), weights: randomWeights(s.model(hp), 1) }));
    const match = matchScenario(read.spec);
    expect(match?.config.scenario).toBe('short-reviews');
    expect(match?.config.hp).toMatchObject({ cell, units: 9 });
    expect(s.model(match!.config.hp)).toEqual(read.spec);
  });
});
