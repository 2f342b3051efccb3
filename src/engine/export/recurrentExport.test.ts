/**
 * The recurrent kinds beyond the tutorials' LSTM (GRU with Keras 2's reset_after=True, SimpleRNN)
 * in both export formats: Keras' config and weight names, read back to the same spec and weights,
 * and tfjs' own SimpleRNN loading the TensorFlow.js files (its GRU cannot: it has only
 * reset_after=False).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../spec/types';
import { kerasModelConfig, kerasWeightNames, parseModelConfig, type SavedModel } from './kerasConfig';
import { readKerasH5, writeKerasH5 } from './kerasH5';
import { appPredictions, randomWeights, recurrentKindsCase } from './testing';
import { readTfjsLayers, TFJS_MODEL_FILE, writeTfjsLayers, type ModelFile } from './tfjsLayers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => tf.disposeVariables());

const { saved } = recurrentKindsCase();
const { spec } = saved;

function expectSameModel(got: SavedModel): void {
  expect(got.spec).toEqual(spec);
  expect(got.weights.map((w) => w.shape)).toEqual(saved.weights.map((w) => w.shape));
  got.weights.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(saved.weights[i].values)));
}

describe('GRU and SimpleRNN in model files', () => {
  it('are configured and their weights named as Keras 2 does', () => {
    const config = kerasModelConfig(spec) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    const [, gru, rnn] = config.config.layers.slice(1);
    expect(gru.class_name).toBe('GRU');
    expect(gru.config).toMatchObject({ name: 'gru', units: 5, reset_after: true, recurrent_activation: 'sigmoid', implementation: 1, return_sequences: true, dropout: 0.2, recurrent_dropout: 0.1 });
    expect(rnn.class_name).toBe('SimpleRNN');
    expect(rnn.config).toMatchObject({ name: 'simple_rnn', units: 3, activation: 'relu', return_sequences: false });
    expect(rnn.config).not.toHaveProperty('implementation');
    expect(kerasWeightNames(spec).slice(1, 3)).toEqual([
      ['gru/gru_cell/kernel:0', 'gru/gru_cell/recurrent_kernel:0', 'gru/gru_cell/bias:0'],
      ['simple_rnn/simple_rnn_cell/kernel:0', 'simple_rnn/simple_rnn_cell/recurrent_kernel:0', 'simple_rnn/simple_rnn_cell/bias:0'],
    ]);
    expect(parseModelConfig(kerasModelConfig(spec)).spec).toEqual(spec);
  });

  it('read back from a Keras .h5 as the same model', async () => {
    expectSameModel(await readKerasH5(await writeKerasH5(saved)));
  });

  it('read back from TensorFlow.js files as the same model', async () => {
    const files = await writeTfjsLayers(saved);
    const read = (path: string) => Promise.resolve(files.find((f: ModelFile) => f.name === path)!.data);
    expectSameModel(await readTfjsLayers(new TextDecoder().decode(files.find((f) => f.name === TFJS_MODEL_FILE)!.data), read));
  });

  it('a SimpleRNN model’s TensorFlow.js files load in tfjs itself and predict what the app predicts', async () => {
    const rnnOnly: SavedModel = {
      spec: { ...spec, layers: [spec.layers[0], { ...spec.layers[2], activation: 'tanh' }, spec.layers[3]] as ModelSpec['layers'] },
      weights: [],
    };
    rnnOnly.weights = randomWeights(rnnOnly.spec, 9);
    const files = await writeTfjsLayers(rnnOnly);
    const json = JSON.parse(new TextDecoder().decode(files[0].data)) as tf.io.ModelJSON;
    const model = await tf.loadLayersModel({
      load: async () => tf.io.getModelArtifactsForJSON(json, async (manifest) => [manifest.flatMap((g) => g.weights), files[1].data.slice().buffer]),
    });
    const inputs = Array.from({ length: 14 }, (_, i) => (i * 11) % 30);
    const got = tf.tidy(() => Array.from((model.predict(tf.tensor2d(inputs, [2, 7], 'int32')) as tf.Tensor).dataSync()));
    model.dispose();
    const want = appPredictions(rnnOnly, inputs, 2);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
  });
});
