/**
 * TensorFlow.js Layers format: `model.json` (topology and weights manifest) plus one binary of
 * weights, written by tfjs' own `model.save` and laid out as tfjs-node's `file://` handler
 * writes them (`model.json`, `weights.bin`), so `tf.loadLayersModel` reads them with any handler
 * (`file://`, `http://`, `tf.io.browserFiles`). Read back without building a model: the topology
 * is a Keras config (`kerasConfig.ts` parses it) and the weights decode through `tf.io`.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../tfjs/buildModel';
import type { Weight } from '../weights';
import { checkSavedWeights, ModelFileError, orderLayerWeights, parseModelConfig, type Json, type SavedModel } from './kerasConfig';

/** The weights file's name, as tfjs-node's `file://` handler names it. */
export const TFJS_WEIGHTS_FILE = 'weights.bin';
export const TFJS_MODEL_FILE = 'model.json';

/** One file of a saved model: its name within the model's folder and its contents. */
export interface ModelFile {
  name: string;
  data: Uint8Array;
}

/**
 * The model as tfjs saves it: built with `buildModel` from the weights (tfjs-layers' own LSTM,
 * so the topology names registered classes only), compiled with Adam when a learning rate is
 * given (then `trainingConfig` says so), saved through `tf.io.withSaveHandler`.
 */
export async function tfjsArtifacts(saved: SavedModel): Promise<tf.io.ModelArtifacts> {
  const model = buildModel(saved.spec, { seed: 0, batchSize: saved.batchSize, weights: saved.weights });
  const optimizer = saved.learningRate !== undefined ? tf.train.adam(saved.learningRate) : undefined;
  try {
    if (optimizer) model.compile({ optimizer, loss: saved.spec.loss, metrics: ['accuracy'] });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    if (!artifacts) throw new Error('tfjs saved no artifacts.');
    return artifacts;
  } finally {
    model.dispose();
    optimizer?.dispose();
  }
}

/** `model.json` and `weights.bin` for the artifacts, as the `file://` handler writes them. */
export function tfjsFiles(artifacts: tf.io.ModelArtifacts): ModelFile[] {
  const weightData = artifacts.weightData ?? new ArrayBuffer(0);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
  };
  return [
    { name: TFJS_MODEL_FILE, data: new TextEncoder().encode(JSON.stringify(modelJson)) },
    { name: TFJS_WEIGHTS_FILE, data: new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData)) },
  ];
}

/** Both files for `saved`. */
export async function writeTfjsLayers(saved: SavedModel): Promise<ModelFile[]> {
  return tfjsFiles(await tfjsArtifacts(saved));
}

/** Reads the file a manifest path names (relative to `model.json`'s folder). */
export type ReadModelFile = (path: string) => Promise<Uint8Array>;

/**
 * Reads a TensorFlow.js Layers model: the spec from its topology (a tfjs `Sequential`, or the
 * `model_config` a converted Keras model nests), the weights from its manifest, matched to each
 * layer by their names' prefix (`lstm/…`) and put in Keras order.
 */
export async function readTfjsLayers(modelJsonText: string, readFile: ReadModelFile): Promise<SavedModel> {
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(modelJsonText) as tf.io.ModelJSON;
  } catch {
    throw new ModelFileError('The file is not valid JSON.');
  }
  const topology = json.modelTopology as { model_config?: Json; training_config?: Json } | undefined;
  if (!topology || !Array.isArray(json.weightsManifest)) {
    throw new ModelFileError('The file has no modelTopology or weightsManifest: it is not a TensorFlow.js Layers model (a graph model cannot be trained here).');
  }
  const parsed = parseModelConfig(topology.model_config ?? (topology as Json), (json.trainingConfig as Json | undefined) ?? topology.training_config);

  const named: { name: string; weight: Weight }[] = [];
  for (const group of json.weightsManifest) {
    const parts = await Promise.all(group.paths.map(readFile));
    const data = tf.io.CompositeArrayBuffer.join(parts.map((p) => p.slice().buffer));
    let tensors: tf.NamedTensorMap;
    try {
      tensors = tf.io.decodeWeights(data, group.weights);
    } catch (e) {
      throw new ModelFileError(`The weight files do not match model.json: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const spec of group.weights) {
      const t = tensors[spec.name];
      named.push({ name: spec.name, weight: { shape: [...t.shape], values: Float32Array.from(t.dataSync()) } });
    }
    tf.dispose(Object.values(tensors));
  }
  const weights = parsed.spec.layers.flatMap((layer, i) => {
    const name = parsed.layerNames[i];
    return orderLayerWeights(layer, name, named.filter((w) => w.name.startsWith(`${name}/`)));
  });
  return checkSavedWeights(parsed, weights);
}
