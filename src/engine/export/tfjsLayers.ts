/**
 * TensorFlow.js Layers format: `model.json` (topology and weights manifest) plus one binary of
 * weights, written by tfjs' own `model.save` and laid out as tfjs-node's `file://` handler
 * writes them (`model.json`, `weights.bin`), so `tf.loadLayersModel` reads them with any handler
 * (`file://`, `http://`, `tf.io.browserFiles`). Read back without building a model: the topology
 * is a Keras config (`kerasConfig.ts` parses it) and the weights decode through `tf.io`.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { weightShapes } from '../spec/model';
import { metricOf } from '../spec/losses';
import { buildModel } from '../tfjs/buildModel';
import type { Weight } from '../weights';
import { checkSavedWeights, ModelFileError, orderLayerWeights, parseModelConfig, type Json, type SavedModel } from './kerasConfig';
import { declaredShapeProblem, MAX_MODEL_FILE_BYTES, manifestPathProblem, nonFiniteProblem, shapeText } from './weightChecks';

/** The weights file's name, as tfjs-node's `file://` handler names it. */
export const TFJS_WEIGHTS_FILE = 'weights.bin';
export const TFJS_MODEL_FILE = 'model.json';

/** The two files' names: `model.json` and `weights.bin` by default, as the `file://` handler writes them. */
export interface TfjsFileNames {
  modelFile: string;
  weightsFile: string;
}
const FILE_NAMES: TfjsFileNames = { modelFile: TFJS_MODEL_FILE, weightsFile: TFJS_WEIGHTS_FILE };

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
    if (optimizer) model.compile({ optimizer, loss: saved.spec.loss, metrics: [metricOf(saved.spec.loss).keras] });
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

/**
 * `model.json` and `weights.bin` for the artifacts, as the `file://` handler writes them, or under
 * other `names` (the manifest then names the weights file by its own name).
 */
export function tfjsFiles(artifacts: tf.io.ModelArtifacts, names: TfjsFileNames = FILE_NAMES): ModelFile[] {
  const weightData = artifacts.weightData ?? new ArrayBuffer(0);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [names.weightsFile], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
  };
  return [
    { name: names.modelFile, data: new TextEncoder().encode(JSON.stringify(modelJson)) },
    { name: names.weightsFile, data: new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData)) },
  ];
}

/** Both files for `saved`, named `names` (`model.json` and `weights.bin` by default). */
export async function writeTfjsLayers(saved: SavedModel, names: TfjsFileNames = FILE_NAMES): Promise<ModelFile[]> {
  return tfjsFiles(await tfjsArtifacts(saved), names);
}

/**
 * Reads the file a manifest path names (relative to `model.json`'s folder; `readTfjsLayers` has
 * checked that it stays inside). A file that cannot be read should throw a `ModelFileError`.
 */
export type ReadModelFile = (path: string) => Promise<Uint8Array>;

/** Bytes per value of each type a manifest may declare (this lab's weights are float32 only), and of tfjs' quantized floats. */
const BYTES_PER_VALUE: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };
const WHOLE_SIZE = { error: 'must be a list of whole sizes' };

/** What `model.json` must hold, each part with the words a refusal uses for it. */
const weightEntrySchema = z.object({
  name: z.string({ error: 'must be a name' }).min(1, { error: 'must be a name' }),
  shape: z.array(z.number(WHOLE_SIZE).int(WHOLE_SIZE).nonnegative(WHOLE_SIZE), WHOLE_SIZE),
  dtype: z.string({ error: 'must name a type' }),
  quantization: z.optional(z.object({
    dtype: z.enum(['uint8', 'uint16', 'float16'], { error: 'must be uint8, uint16 or float16' }),
    scale: z.optional(z.number({ error: 'must be a number' })),
    min: z.optional(z.number({ error: 'must be a number' })),
  }, { error: 'must be an object' })),
}, { error: 'must be a weight with a name, shape and dtype' });
const modelJsonSchema = z.object({
  trainingConfig: z.optional(z.unknown()),
  weightsManifest: z.array(z.object({
    paths: z.array(z.string({ error: 'must be a file name' }), { error: 'must be a list of file names' }),
    weights: z.array(weightEntrySchema, { error: 'must be a list of weights' }),
  }, { error: 'must be an object with paths and weights' }), { error: 'must be a list of weight groups' }),
});
type WeightEntry = z.infer<typeof weightEntrySchema>;

/** `weightsManifest[0].paths`: a zod issue's path as the file spells it. */
const jsonPath = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');

/** The manifest entry's declared size in bytes (NaN for a type no file of this lab's holds). */
function declaredBytes(entry: WeightEntry): number {
  const values = entry.shape.reduce((a, d) => a * d, 1);
  return values * (BYTES_PER_VALUE[entry.quantization?.dtype ?? entry.dtype] ?? NaN);
}

/** Refuses a manifest entry this lab cannot decode, before anything is read. */
function checkEntry(entry: WeightEntry): void {
  if (entry.dtype !== 'float32') throw new ModelFileError(`Weight “${entry.name}” is ${entry.dtype}; this lab reads float32 weights only.`);
  const q = entry.quantization;
  if (q && q.dtype !== 'float16' && (q.scale === undefined || q.min === undefined)) {
    throw new ModelFileError(`Weight “${entry.name}” is quantized to ${q.dtype} without its scale and min.`);
  }
}

/** "weights.bin", "a.bin, b.bin": a group's files, for a message. */
const filesText = (paths: readonly string[]): string => paths.join(', ');

/**
 * Reads a TensorFlow.js Layers model: the spec from its topology (a tfjs `Sequential`, or the
 * `model_config` a converted Keras model nests), the weights from its manifest, matched to each
 * layer by their names' prefix (`lstm/…`) and put in Keras order. The manifest is checked whole
 * before any weights file is read (its paths inside the model's folder, each weight's declared
 * shape the model's, float32 only), each file's length against what the manifest declares before
 * decoding, and every value after.
 */
export async function readTfjsLayers(modelJsonText: string, readFile: ReadModelFile): Promise<SavedModel> {
  let raw: unknown;
  try {
    raw = JSON.parse(modelJsonText);
  } catch {
    throw new ModelFileError('The file is not valid JSON.');
  }
  const topology = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { modelTopology?: unknown }).modelTopology : undefined;
  if (typeof topology !== 'object' || topology === null || !('weightsManifest' in (raw as object))) {
    throw new ModelFileError('The file has no modelTopology or weightsManifest: it is not a TensorFlow.js Layers model (a graph model cannot be trained here).');
  }
  const checked = modelJsonSchema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new ModelFileError(`The file's ${jsonPath(issue.path)} ${issue.message}.`);
  }
  const json = checked.data;
  const nested = topology as { model_config?: Json; training_config?: Json };
  const parsed = parseModelConfig(nested.model_config ?? (topology as Json), (json.trainingConfig as Json | undefined) ?? nested.training_config);

  // The whole manifest first: safe paths, the model's weights found by name with the model's shapes.
  for (const group of json.weightsManifest) {
    for (const path of group.paths) {
      const problem = manifestPathProblem(path);
      if (problem) throw new ModelFileError(problem);
    }
  }
  const entries = json.weightsManifest.flatMap((group, g) => group.weights.map((entry) => ({ name: entry.name, weight: { entry, group: g } })));
  const expected = weightShapes(parsed.spec);
  const ordered = parsed.spec.layers.map((layer, i) => {
    const name = parsed.layerNames[i];
    return orderLayerWeights(layer, name, entries.filter((w) => w.name.startsWith(`${name}/`)));
  });
  ordered.forEach((layer, i) => layer.forEach(({ entry }, k) => {
    checkEntry(entry);
    const problem = declaredShapeProblem(entry.name, entry.shape, expected[i][k]);
    if (problem) throw new ModelFileError(problem);
  }));
  // Then every group's declared size, other weights included (each group is decoded whole).
  const groupBytes = json.weightsManifest.map((group) => {
    for (const entry of group.weights) {
      const bytes = declaredBytes(entry);
      if (Number.isNaN(bytes)) throw new ModelFileError(`Weight “${entry.name}” is ${entry.dtype}, a type no model of this lab holds.`);
      if (!(bytes <= MAX_MODEL_FILE_BYTES)) {
        throw new ModelFileError(`Weight “${entry.name}” declares ${shapeText(entry.shape)}, larger than any model this lab trains.`);
      }
    }
    return group.weights.reduce((sum, entry) => sum + declaredBytes(entry), 0);
  });
  if (!(groupBytes.reduce((a, b) => a + b, 0) <= MAX_MODEL_FILE_BYTES)) {
    throw new ModelFileError('The manifest declares more weights than any model this lab trains.');
  }

  const values = new Map<string, Float32Array>();
  for (const [g, group] of json.weightsManifest.entries()) {
    if (group.weights.length === 0) continue;
    if (group.paths.length === 0) throw new ModelFileError(`The manifest declares ${group.weights.length} weights in a group that names no weights file.`);
    const parts: Uint8Array[] = [];
    for (const path of group.paths) {
      try {
        parts.push(await readFile(path));
      } catch (e) {
        if (e instanceof ModelFileError) throw e.file ? e : new ModelFileError(e.message, path);
        throw new ModelFileError(`It could not be read (${e instanceof Error ? e.message : String(e)}).`, path);
      }
    }
    const length = parts.reduce((sum, p) => sum + p.length, 0);
    if (length !== groupBytes[g]) {
      throw new ModelFileError(
        `${group.paths.length > 1 ? `Together these files hold` : 'It holds'} ${length.toLocaleString('en-US')} bytes, but model.json declares ${groupBytes[g].toLocaleString('en-US')} for its weights.`,
        filesText(group.paths),
      );
    }
    const data = tf.io.CompositeArrayBuffer.join(parts.map((p) => p.slice().buffer));
    const tensors = tf.io.decodeWeights(data, group.weights as tf.io.WeightsManifestEntry[]);
    try {
      for (const entry of group.weights) values.set(`${g}/${entry.name}`, Float32Array.from(tensors[entry.name].dataSync()));
    } finally {
      tf.dispose(Object.values(tensors));
    }
  }
  const weights: Weight[] = ordered.flat().map(({ entry, group }) => {
    const v = values.get(`${group}/${entry.name}`)!;
    const problem = nonFiniteProblem(entry.name, v);
    if (problem) throw new ModelFileError(problem);
    return { shape: [...entry.shape], values: v };
  });
  return checkSavedWeights(parsed, weights);
}
