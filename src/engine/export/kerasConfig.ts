/**
 * A model spec as Keras 2 describes a `Sequential` (`model.to_json()`, the `model_config` of a
 * legacy `.h5` file), and back. The same layer configs are what tfjs-layers writes in a
 * `model.json`'s `modelTopology` (its class names and snake_case keys follow Keras), so one reader
 * serves both formats. One row per layer kind: its config keys in Keras' order, how to read them
 * back (refusing options this lab cannot train), and its weights' Keras names. Pure: no tfjs.
 */
import { bidirectionalWeightNames } from '../reference/bidirectional';
import { formatBytes } from '../spec/check';
import { isStateful, kerasLayerNames, MEMORY_LIMIT_BYTES, modelShapes, trainingMemoryBytes } from '../spec/model';
import { LAYER_KINDS } from '../spec/layers';
import type { RecurrentArgs } from '../spec/recurrentLayer';
import { LOSSES, lossForOutput, lossNamed, metricOf } from '../spec/losses';
import type { BidirectionalInner, LayerKind, LayerSpec, LossName, ModelSpec } from '../spec/types';
import { weightsProblem, type ModelWeights } from '../weights';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface KerasLayerConfig {
  class_name: string;
  config: JsonObject;
}

/**
 * A model with what a file needs besides its layers: the batch size a stateful model is built
 * for, and the learning rate it trained with (Adam, for `training_config`).
 */
export interface SavedModel {
  spec: ModelSpec;
  weights: ModelWeights;
  /** The fixed batch size of a stateful model (its `batch_input_shape[0]`); absent otherwise. */
  batchSize?: number;
  /** Adam's learning rate, when the file says (or should say) how the model was compiled. */
  learningRate?: number;
}

/**
 * A file this lab cannot read as one of its models: the message says why, in one sentence, for the
 * user. `file` names the file at fault when it is not the one being loaded (a weights file a
 * `model.json` names, as the manifest writes its path), so the caller can put that name first.
 */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
  }
}

/** A value as a message quotes it: a string as is, anything else as JSON (never "[object Object]"). */
export const quoted = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

/** The Keras version our `.h5` files claim: the last Keras 2, whose legacy HDF5 layout they follow. */
export const KERAS_VERSION = '2.15.0';

/** Keras' serialised initialisers (`keras.initializers.serialize`, legacy format). */
const INIT = {
  glorotUniform: { class_name: 'GlorotUniform', config: { seed: null } },
  orthogonal: { class_name: 'Orthogonal', config: { gain: 1.0, seed: null } },
  zeros: { class_name: 'Zeros', config: {} },
  // Embedding's default `'uniform'`: RandomUniform(-0.05, 0.05).
  embeddingUniform: { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } },
} as const satisfies Record<string, Json>;

/** Regularisers and constraints: never set here, but Keras lists every key. */
const NONE = null;

/** Reads one layer's config, saying which key of which layer is wrong when it is. */
class ConfigReader {
  constructor(
    readonly className: string,
    private readonly config: JsonObject,
  ) {}

  private fail(message: string): never {
    throw new ModelFileError(`${this.className} layer “${quoted(this.config.name ?? '?')}”: ${message}`);
  }

  /** A positive whole number; Keras writes some sizes as one-element lists (`kernel_size: [3]`). */
  int(key: string): number {
    let v = this.config[key];
    if (Array.isArray(v) && v.length === 1) v = v[0];
    if (v === undefined) this.fail(`${key} is missing.`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) this.fail(`${key} must be a whole number ≥ 1, got ${JSON.stringify(v)}.`);
    return v;
  }

  /** A rate in [0, 1); absent means 0. */
  rate(key: string): number {
    const v = this.config[key] ?? 0;
    if (typeof v !== 'number' || !(v >= 0 && v < 1)) this.fail(`${key} must be a rate in [0, 1), got ${JSON.stringify(v)}.`);
    return v;
  }

  /** The raw value under `key`, for what the typed readers above do not cover. */
  raw(key: string): Json | undefined {
    return this.config[key];
  }

  /** Refuses the layer with a sentence about it. */
  refuse(message: string): never {
    this.fail(message);
  }

  /** One of `allowed`; absent means `fallback` (Keras' default), where there is one. */
  oneOf<T extends Json>(key: string, allowed: readonly T[], fallback?: T): T {
    let v = this.config[key];
    // tfjs writes null for an option left at its default.
    if ((v === undefined || v === null) && fallback !== undefined) v = fallback;
    if (Array.isArray(v) && v.length === 1) v = v[0];
    if (!allowed.includes(v as T)) {
      this.fail(`${key} ${JSON.stringify(v)} is not supported here (this lab takes ${allowed.map((a) => JSON.stringify(a)).join(' or ')}).`);
    }
    return v as T;
  }
}

interface KerasKindRow<S extends LayerSpec> {
  /** The layer's own config keys after the base ones (`name`, `trainable`, …), in Keras' order. */
  config(spec: S): JsonObject;
  /** The spec back from a Keras or tfjs config; throws `ModelFileError` for what this lab cannot train. */
  parse(c: ConfigReader): S;
  /**
   * The weights' variable names, Keras order (`layer.weights`), without the layer's scope; a
   * Bidirectional's say their direction too (`forward/kernel`: see `weightRole`).
   */
  weightNames: readonly string[];
  /**
   * A cell whose scope the weights sit in (`lstm/lstm_cell/kernel:0`): Keras 2's LSTM makes its
   * LSTMCell without a name, so the n-th cell of a model is `lstm_cell`, `lstm_cell_1`, …
   */
  cellStem?: string;
}

/** Keras' `RNN` base config, which every recurrent kind's config starts with. */
function rnnBaseConfig(s: { returnSequences: boolean }, stateful = false): JsonObject {
  return { return_sequences: s.returnSequences, return_state: false, go_backwards: false, stateful, unroll: false, time_major: false };
}

/** The initialisers, regularisers and constraints of a GRU's or SimpleRNN's weights (Keras' defaults). */
const recurrentWeightConfig: JsonObject = {
  kernel_initializer: INIT.glorotUniform, recurrent_initializer: INIT.orthogonal, bias_initializer: INIT.zeros,
  kernel_regularizer: NONE, recurrent_regularizer: NONE, bias_regularizer: NONE, activity_regularizer: NONE,
  kernel_constraint: NONE, recurrent_constraint: NONE, bias_constraint: NONE,
};

/** What every recurrent kind reads alike, refusing the options this lab does not train. */
function parseRecurrent(c: ConfigReader): RecurrentArgs {
  c.oneOf('use_bias', [true], true);
  c.oneOf('return_state', [false], false);
  c.oneOf('go_backwards', [false], false);
  c.oneOf('time_major', [false], false);
  c.oneOf('stateful', [false], false);
  return {
    units: c.int('units'), activation: c.oneOf('activation', ['tanh', 'relu'] as const, 'tanh'),
    returnSequences: c.oneOf('return_sequences', [true, false], false), dropout: c.rate('dropout'),
    recurrentDropout: c.rate('recurrent_dropout'),
  };
}

type KerasKindTable = { readonly [K in LayerKind]: KerasKindRow<Extract<LayerSpec, { kind: K }>> };

/** The kinds a Bidirectional may wrap, by Keras class name. */
const BIDIRECTIONAL_INNER: Readonly<Record<string, BidirectionalInner['kind']>> = { LSTM: 'lstm', GRU: 'gru', SimpleRNN: 'simpleRnn' };

/** The Bidirectional's wrapped layer from its `layer` entry (Keras 2's `{class_name, config}`, or Keras 3's with `module`). */
function parseBidirectionalInner(c: ConfigReader): BidirectionalInner {
  const layer = c.raw('layer');
  if (!isObject(layer) || typeof layer.class_name !== 'string' || !isObject(layer.config)) c.refuse('its wrapped layer has no class name or config.');
  const kind = BIDIRECTIONAL_INNER[layer.class_name];
  if (!kind) c.refuse(`it wraps a ${layer.class_name}; this lab wraps LSTM, GRU or SimpleRNN.`);
  const inner = KERAS_KINDS[kind].parse(new ConfigReader(layer.class_name, layer.config));
  // Keras allows a stateful pair; this lab's Bidirectional carries no state between batches.
  if (inner.kind === 'lstm' && inner.stateful) c.refuse('a stateful LSTM inside is not supported here.');
  return inner.kind === 'lstm' ? { ...inner, stateful: false } : inner;
}

const KERAS_KINDS: KerasKindTable = {
  embedding: {
    config: (s) => ({
      input_dim: s.inputDim, output_dim: s.outputDim, embeddings_initializer: INIT.embeddingUniform,
      embeddings_regularizer: NONE, activity_regularizer: NONE, embeddings_constraint: NONE,
      mask_zero: s.maskZero ?? false, input_length: null,
    }),
    parse: (c) => {
      // Absent from the spec when false, as the tutorials build it.
      const maskZero = c.oneOf('mask_zero', [true, false], false);
      return { kind: 'embedding', inputDim: c.int('input_dim'), outputDim: c.int('output_dim'), ...(maskZero ? { maskZero } : {}) };
    },
    weightNames: ['embeddings'],
  },
  lstm: {
    config: (s) => ({
      ...rnnBaseConfig(s, s.stateful), units: s.units, activation: s.activation, recurrent_activation: 'sigmoid',
      use_bias: true, kernel_initializer: INIT.glorotUniform, recurrent_initializer: INIT.orthogonal,
      bias_initializer: INIT.zeros, unit_forget_bias: true, kernel_regularizer: NONE, recurrent_regularizer: NONE,
      bias_regularizer: NONE, activity_regularizer: NONE, kernel_constraint: NONE, recurrent_constraint: NONE,
      bias_constraint: NONE, dropout: s.dropout, recurrent_dropout: s.recurrentDropout,
      // Keras' LSTMCell falls back to implementation 1 whenever recurrent dropout is on.
      implementation: s.recurrentDropout > 0 ? 1 : 2,
    }),
    parse: (c) => {
      c.oneOf('recurrent_activation', ['sigmoid'], 'sigmoid');
      c.oneOf('use_bias', [true], true);
      c.oneOf('return_state', [false], false);
      c.oneOf('go_backwards', [false], false);
      c.oneOf('time_major', [false], false);
      return {
        kind: 'lstm', units: c.int('units'), activation: c.oneOf('activation', ['tanh', 'relu'] as const, 'tanh'),
        returnSequences: c.oneOf('return_sequences', [true, false], false), dropout: c.rate('dropout'),
        recurrentDropout: c.rate('recurrent_dropout'), stateful: c.oneOf('stateful', [true, false], false),
      };
    },
    weightNames: ['kernel', 'recurrent_kernel', 'bias'],
    cellStem: 'lstm_cell',
  },
  gru: {
    config: (s) => ({
      ...rnnBaseConfig(s), units: s.units, activation: s.activation, recurrent_activation: 'sigmoid', use_bias: true,
      ...recurrentWeightConfig, dropout: s.dropout, recurrent_dropout: s.recurrentDropout,
      // As the LSTM's cell, Keras' GRUCell falls back to implementation 1 whenever recurrent dropout is on.
      implementation: s.recurrentDropout > 0 ? 1 : 2, reset_after: true,
    }),
    parse: (c) => {
      c.oneOf('recurrent_activation', ['sigmoid'], 'sigmoid');
      // reset_after=False (Keras 1's GRU, tfjs-layers' only one) is another cell with other weights.
      c.oneOf('reset_after', [true], true);
      return { kind: 'gru', ...parseRecurrent(c) };
    },
    weightNames: ['kernel', 'recurrent_kernel', 'bias'],
    cellStem: 'gru_cell',
  },
  simpleRnn: {
    config: (s) => ({
      ...rnnBaseConfig(s), units: s.units, activation: s.activation, use_bias: true,
      ...recurrentWeightConfig, dropout: s.dropout, recurrent_dropout: s.recurrentDropout,
    }),
    parse: (c) => ({ kind: 'simpleRnn', ...parseRecurrent(c) }),
    weightNames: ['kernel', 'recurrent_kernel', 'bias'],
    cellStem: 'simple_rnn_cell',
  },
  bidirectional: {
    // Keras 2's Wrapper and Bidirectional configs: the wrapped layer as `{class_name, config}`
    // under its own name (`lstm`: `kerasModelConfig` names it), then the merge mode.
    config: (s) => ({ layer: { class_name: LAYER_KINDS[s.layer.kind].className, config: { name: LAYER_KINDS[s.layer.kind].stem, trainable: true, dtype: 'float32', ...kerasRow(s.layer).config(s.layer) } }, merge_mode: 'concat' }),
    parse: (c) => {
      // Keras writes None for merge_mode=None (two outputs, not merged): no default to fall back on.
      const mode = c.raw('merge_mode');
      if (mode !== undefined && mode !== 'concat') c.refuse(`merge_mode ${JSON.stringify(mode)} is not supported here (this lab takes "concat").`);
      if (c.raw('backward_layer') != null) c.refuse('a backward_layer of its own is not supported here (this lab takes the wrapped layer reversed).');
      return { kind: 'bidirectional', layer: parseBidirectionalInner(c) };
    },
    weightNames: ['forward/kernel', 'forward/recurrent_kernel', 'forward/bias', 'backward/kernel', 'backward/recurrent_kernel', 'backward/bias'],
  },
  dropout: {
    config: (s) => ({ rate: s.rate, noise_shape: null, seed: null }),
    parse: (c) => ({ kind: 'dropout', rate: c.rate('rate') }),
    weightNames: [],
  },
  conv1d: {
    config: (s) => ({
      filters: s.filters, kernel_size: [s.kernelSize], strides: [1], padding: s.padding, data_format: 'channels_last',
      dilation_rate: [1], groups: 1, activation: s.activation, use_bias: true, kernel_initializer: INIT.glorotUniform,
      bias_initializer: INIT.zeros, kernel_regularizer: NONE, bias_regularizer: NONE, activity_regularizer: NONE,
      kernel_constraint: NONE, bias_constraint: NONE,
    }),
    parse: (c) => {
      c.oneOf('strides', [1], 1);
      c.oneOf('dilation_rate', [1], 1);
      c.oneOf('groups', [1], 1);
      c.oneOf('data_format', ['channels_last'], 'channels_last');
      c.oneOf('use_bias', [true], true);
      return {
        kind: 'conv1d', filters: c.int('filters'), kernelSize: c.int('kernel_size'),
        padding: c.oneOf('padding', ['same', 'valid'] as const, 'valid'), activation: c.oneOf('activation', ['relu'] as const),
      };
    },
    weightNames: ['kernel', 'bias'],
  },
  maxPooling1d: {
    config: (s) => ({ strides: [s.poolSize], pool_size: [s.poolSize], padding: 'valid', data_format: 'channels_last' }),
    parse: (c) => {
      const poolSize = c.int('pool_size');
      c.oneOf('strides', [poolSize, null], poolSize);
      c.oneOf('padding', ['valid'], 'valid');
      c.oneOf('data_format', ['channels_last'], 'channels_last');
      return { kind: 'maxPooling1d', poolSize };
    },
    weightNames: [],
  },
  globalAveragePooling1d: {
    // Keras 2's GlobalPooling1D.get_config: the data format and keepdims (added in Keras 2.6).
    config: () => ({ data_format: 'channels_last', keepdims: false }),
    parse: (c) => {
      // channels_first averages over the other axis, keepdims=True keeps a [1, features] sequence:
      // other layers, other shapes.
      c.oneOf('data_format', ['channels_last'], 'channels_last');
      c.oneOf('keepdims', [false], false);
      return { kind: 'globalAveragePooling1d' };
    },
    weightNames: [],
  },
  dense: {
    config: (s) => ({
      units: s.units, activation: s.activation, use_bias: true, kernel_initializer: INIT.glorotUniform,
      bias_initializer: INIT.zeros, kernel_regularizer: NONE, bias_regularizer: NONE, activity_regularizer: NONE,
      kernel_constraint: NONE, bias_constraint: NONE,
    }),
    parse: (c) => {
      c.oneOf('use_bias', [true], true);
      return { kind: 'dense', units: c.int('units'), activation: c.oneOf('activation', ['sigmoid', 'softmax', 'linear'] as const, 'linear') };
    },
    weightNames: ['kernel', 'bias'],
  },
};

function kerasRow<S extends LayerSpec>(spec: S): KerasKindRow<S> {
  return KERAS_KINDS[spec.kind] as unknown as KerasKindRow<S>;
}

const KIND_BY_CLASS = new Map<string, LayerKind>(
  (Object.keys(LAYER_KINDS) as LayerKind[]).map((kind) => [LAYER_KINDS[kind].className, kind]),
);

/** The first layer's `batch_input_shape`: the batch axis is fixed only in a stateful model. */
function batchInputShape(spec: ModelSpec, batchSize?: number): Json[] {
  if (isStateful(spec) && !(batchSize && batchSize > 0)) throw new Error('A stateful model needs its batch size to be saved.');
  return [isStateful(spec) ? batchSize! : null, ...spec.inputShape];
}

/**
 * Keras' `model.get_config()` of the `Sequential` for `spec`, legacy format (as `.h5` files hold
 * it): an `InputLayer` named after the first layer, then every layer with its base keys (`name`,
 * `trainable`, the first layer's `batch_input_shape`, `dtype`) and its own.
 */
export function kerasModelConfig(spec: ModelSpec, batchSize?: number): JsonObject {
  const names = kerasLayerNames(spec);
  const innerNames = bidirectionalInnerNames(spec);
  const inputShape = batchInputShape(spec, batchSize);
  const layers: Json[] = [
    { class_name: 'InputLayer', config: { batch_input_shape: inputShape, dtype: 'float32', sparse: false, ragged: false, name: `${names[0]}_input` } },
    ...spec.layers.map((layer, i): Json => ({
      class_name: LAYER_KINDS[layer.kind].className,
      config: {
        name: names[i],
        trainable: true,
        ...(i === 0 ? { batch_input_shape: inputShape } : {}),
        dtype: 'float32',
        ...withInnerName(kerasRow(layer).config(layer), innerNames[i]),
      },
    })),
  ];
  return { class_name: 'Sequential', config: { name: 'sequential', layers } };
}

/**
 * Each Bidirectional's wrapped layer's Keras name (`lstm`, `gru_1`, …), undefined for other layers.
 * Keras names the wrapped layer when it is made, before its wrapper, from the same count per stem
 * as the model's layers: here numbered after every earlier layer (wrapped or not) with its stem.
 */
export function bidirectionalInnerNames(spec: ModelSpec): (string | undefined)[] {
  const seen = new Map<string, number>();
  const count = (stem: string): number => {
    const n = seen.get(stem) ?? 0;
    seen.set(stem, n + 1);
    return n;
  };
  return spec.layers.map((layer) => {
    if (layer.kind !== 'bidirectional') {
      count(LAYER_KINDS[layer.kind].stem);
      return undefined;
    }
    const stem = LAYER_KINDS[layer.layer.kind].stem;
    const n = count(stem);
    count(LAYER_KINDS.bidirectional.stem);
    return n === 0 ? stem : `${stem}_${n}`;
  });
}

/** A Bidirectional's config with its wrapped layer's name; any other config as it is. */
function withInnerName(config: JsonObject, innerName: string | undefined): JsonObject {
  if (!innerName || !isObject(config.layer) || !isObject(config.layer.config)) return config;
  return { ...config, layer: { ...config.layer, config: { ...config.layer.config, name: innerName } } };
}

/**
 * Keras' `training_config`: how `load_model` compiles the model (Adam with the run's learning
 * rate and Keras' other defaults, the loss, its metric). No optimizer state is saved with it, so
 * Keras starts Adam afresh, as it does for any model saved without one.
 */
export function kerasTrainingConfig(spec: ModelSpec, learningRate: number): JsonObject {
  return {
    loss: LOSSES[spec.loss].keras,
    metrics: [metricOf(spec.loss).keras],
    weighted_metrics: null,
    loss_weights: null,
    optimizer_config: {
      class_name: 'Adam',
      config: { name: 'Adam', learning_rate: learningRate, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false },
    },
  };
}

/**
 * Each layer's weight names as Keras 2 saves them (`weight_names` in the `.h5` file): the layer's
 * scope, an LSTM's cell scope, the variable's name and `:0`. Weightless layers get none.
 */
export function kerasWeightNames(spec: ModelSpec): string[][] {
  const names = kerasLayerNames(spec);
  const innerNames = bidirectionalInnerNames(spec);
  const cells = new Map<string, number>();
  return spec.layers.map((layer, i) => {
    // `bidirectional/forward_lstm/lstm_cell/kernel:0`, … forward first (the reference's names).
    if (layer.kind === 'bidirectional') return bidirectionalWeightNames(layer.layer.kind, names[i], innerNames[i]);
    const row = kerasRow(layer);
    let scope = names[i];
    if (row.cellStem) {
      const n = cells.get(row.cellStem) ?? 0;
      cells.set(row.cellStem, n + 1);
      scope += `/${n === 0 ? row.cellStem : `${row.cellStem}_${n}`}`;
    }
    return row.weightNames.map((w) => `${scope}/${w}:0`);
  });
}

/** What a file's model config gives: the spec, and the fixed batch of a stateful model. */
export interface ParsedModel {
  spec: ModelSpec;
  /** Layer names in file order (the groups or weight prefixes the weights are under). */
  layerNames: string[];
  batchSize?: number;
}

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `[batch, ...shape]` from a layer config: Keras 2 and tfjs `batch_input_shape`, Keras 3 `batch_shape`. */
function inputShapeOf(config: JsonObject): Json[] | undefined {
  const shape = config.batch_input_shape ?? config.batch_shape;
  if (Array.isArray(shape)) return shape;
  // An Embedding with only `input_length`: Keras derives `[null, input_length]`.
  if (typeof config.input_length === 'number') return [null, config.input_length];
  return undefined;
}

/** The loss a training config names, in Keras' (`binary_crossentropy`) or tfjs' (`binaryCrossentropy`) spelling. */
function lossOf(trainingConfig: JsonObject | undefined): LossName | undefined {
  let loss = trainingConfig?.loss;
  if (isObject(loss)) loss = loss.class_name;
  if (typeof loss !== 'string') return undefined;
  return lossNamed(loss);
}

/**
 * The spec back from a `Sequential`'s config (a Keras `.h5` file's `model_config`, or a tfjs
 * `modelTopology`). The loss comes from the training config when there is one, else from the
 * output: the loss made for its activation (softmax: categorical cross-entropy, linear: mean
 * squared error), binary cross-entropy otherwise.
 */
export function parseModelConfig(modelConfig: Json, trainingConfig?: Json): ParsedModel {
  if (!isObject(modelConfig) || typeof modelConfig.class_name !== 'string') {
    throw new ModelFileError(`The file's model config is ${isObject(modelConfig) ? 'an object without a class_name' : `${Array.isArray(modelConfig) ? 'a list' : modelConfig === null ? 'null' : `a ${typeof modelConfig}`}, not a Keras model`}.`);
  }
  if (modelConfig.class_name !== 'Sequential' || !isObject(modelConfig.config)) {
    throw new ModelFileError(`The file holds a ${modelConfig.class_name} model; this lab reads Sequential models only.`);
  }
  const raw = modelConfig.config.layers;
  if (!Array.isArray(raw)) throw new ModelFileError('The model config lists no layers.');
  let input: Json[] | undefined;
  const layers: LayerSpec[] = [];
  const layerNames: string[] = [];
  for (const entry of raw) {
    if (!isObject(entry) || typeof entry.class_name !== 'string' || !isObject(entry.config)) {
      throw new ModelFileError('A layer in the model config has no class name or config.');
    }
    input ??= inputShapeOf(entry.config);
    if (entry.class_name === 'InputLayer') continue;
    const kind = KIND_BY_CLASS.get(entry.class_name);
    if (!kind) {
      throw new ModelFileError(`Layer ${entry.class_name} is not one this lab builds (it has ${[...KIND_BY_CLASS.keys()].join(', ')}).`);
    }
    // The weights are found by the layer's name (an HDF5 group, a manifest prefix): it must be one plain name.
    const name = entry.config.name;
    if (typeof name !== 'string' || !/^[^/\\\0]+$/.test(name) || layerNames.includes(name)) {
      throw new ModelFileError(`${entry.class_name} layer name ${quoted(name ?? null)} is not a plain name of its own (no slashes, used once).`);
    }
    layers.push(KERAS_KINDS[kind].parse(new ConfigReader(entry.class_name, entry.config)));
    layerNames.push(name);
  }
  if (layers.length === 0) throw new ModelFileError('The model has no layers.');
  if (!input || input.length < 2 || !input.slice(1).every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1)) {
    throw new ModelFileError(`The model's input shape ${JSON.stringify(input ?? null)} is not fixed: this lab needs every size but the batch.`);
  }
  const last = layers[layers.length - 1];
  const loss = lossOf(isObject(trainingConfig) ? trainingConfig : undefined) ??
    (last.kind === 'dense' ? lossForOutput(last.activation) : 'binaryCrossentropy');
  const spec: ModelSpec = {
    inputShape: input.slice(1) as number[],
    inputDtype: layers[0].kind === 'embedding' ? 'int32' : 'float32',
    layers,
    loss,
  };
  const batch = input[0];
  const batchSize = isStateful(spec) && typeof batch === 'number' && Number.isInteger(batch) && batch >= 1 ? batch : undefined;
  // The model's own sizes are checked before any weight is read: a model that does not fit
  // together, or one too large to train, is refused here, whatever its weights declare.
  const shapes = modelShapes(spec);
  if (!shapes.ok) throw new ModelFileError(`The file's model does not fit together: ${shapes.problem.message}`);
  const bytes = trainingMemoryBytes(spec, { batchSize: batchSize ?? 1 });
  if (!(bytes <= MEMORY_LIMIT_BYTES)) {
    throw new ModelFileError(`The file's model needs ${Number.isFinite(bytes) ? `about ${formatBytes(bytes)}` : 'more memory than any machine has'} to train, more than this lab's limit of ${formatBytes(MEMORY_LIMIT_BYTES)}.`);
  }
  return { spec, layerNames, ...(batchSize ? { batchSize } : {}) };
}

/**
 * A saved weight's role: its name's last segment (`lstm/lstm_cell/kernel:0`, `lstm/kernel` →
 * `kernel`), after its direction inside a Bidirectional (`bidirectional/forward_lstm/lstm_cell/kernel:0`
 * in Keras, `bidirectional/backward_lstm/kernel` in tfjs → `forward/kernel`, `backward/kernel`).
 */
function weightRole(layer: LayerSpec, name: string): string {
  const parts = name.split('/');
  const variable = (parts.pop() ?? '').replace(/:\d+$/, '');
  if (layer.kind !== 'bidirectional') return variable;
  const direction = parts.slice(1).find((p) => /^(forward|backward)_/.test(p))?.split('_')[0];
  return `${direction ?? '?'}/${variable}`;
}

/**
 * Puts one layer's saved weights in Keras order, matching each expected variable to the saved
 * name with its role (`weightRole`). Order alone is not trusted: a file whose names do not say
 * which is which is refused.
 */
export function orderLayerWeights<W>(layer: LayerSpec, layerName: string, saved: readonly { name: string; weight: W }[]): W[] {
  const expected = KERAS_KINDS[layer.kind].weightNames;
  if (saved.length !== expected.length) {
    throw new ModelFileError(`Layer “${layerName}” has ${saved.length} saved weights; ${LAYER_KINDS[layer.kind].className} needs ${expected.length}${expected.length ? ` (${expected.join(', ')})` : ''}.`);
  }
  return expected.map((want) => {
    const found = saved.filter((s) => weightRole(layer, s.name) === want);
    if (found.length !== 1) {
      throw new ModelFileError(`Layer “${layerName}”: no single weight named ${want} among ${saved.map((s) => s.name).join(', ')}.`);
    }
    return found[0].weight;
  });
}

/** Checks the weights against the spec, with the file's words for what is wrong. */
export function checkSavedWeights(parsed: ParsedModel, weights: ModelWeights): SavedModel {
  const problem = weightsProblem(parsed.spec, weights);
  if (problem) throw new ModelFileError(`The file's weights do not fit its own model: ${problem}`);
  return { spec: parsed.spec, weights, ...(parsed.batchSize ? { batchSize: parsed.batchSize } : {}) };
}
