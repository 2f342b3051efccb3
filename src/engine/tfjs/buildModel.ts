/**
 * ModelSpec (Keras layers as data) → an uncompiled `tf.Sequential`. The training loop compiles it
 * with Adam.
 *
 * Keras parity, where tfjs defaults differ (TFJS-NOTES.md):
 * - LSTM gates use `sigmoid` (tfjs: `hardSigmoid`), with `unit_forget_bias`.
 * - Initial weights are Keras' (glorot_uniform kernels, orthogonal recurrent kernels, U(±0.05)
 *   embeddings, zero biases). Layers are built with cheap `zeros` initialisers and then every
 *   weight is overwritten from `../spec/initialWeights.ts` (or the weights given). That skips tfjs'
 *   orthogonal initialiser (a QR on the backend: 13–90 s for LSTM(128)) and makes the initial
 *   weights identical on every backend and deterministic per seed.
 * - Dropout masks are seeded too, with a fresh seed per mask: tfjs' own `seed` option would
 *   re-create the *same* mask on every batch (its random op re-seeds each call).
 * - `Embedding(mask_zero=True)` hands its step mask on through tfjs' model executor (training and
 *   prediction alike) to the recurrent layers, which keep their state over masked steps. tfjs-layers'
 *   LSTM does so as Keras (its `rnn` blends output and state with the mask); our GRU, SimpleRNN and
 *   Bidirectional do it themselves (`recurrentLayers.ts`), and so does our GlobalAveragePooling1D
 *   (`poolingLayers.ts`: the mean of the real steps). The fused LSTM reads no mask, so a masked
 *   LSTM, and any LSTM inside a Bidirectional, is always tfjs-layers' (`lstmFactoryTakes`).
 */
import * as tf from '@tensorflow/tfjs';
import { bidirectionalInnerNames } from '../export/kerasConfig';
import { LAYER_KINDS } from '../spec/layers';
import { isStateful, kerasLayerNames, maskedInputs } from '../spec/model';
import type { BidirectionalInner, LayerKind, LayerSpec, ModelSpec } from '../spec/types';
import { createRng, type Rng } from '../rng';
import { initialWeights } from '../spec/initialWeights';
import { weightsByLayer, weightsProblem, type ModelWeights, type Weight } from '../weights';
import { MaskedGlobalAveragePooling1D } from './poolingLayers';
import { SeededBidirectional, SeededGru, SeededSimpleRnn } from './recurrentLayers';

export type LstmSpec = Extract<LayerSpec, { kind: 'lstm' }>;

/** Returns `x` with a fraction `rate` of entries zeroed and the rest scaled by 1/(1−rate). */
export type DropoutFunc = (x: tf.Tensor, rate: number) => tf.Tensor;

/** What the builder passes to every layer besides its spec. */
export interface LayerExtra {
  /** Per-sample input shape; only on the first layer of a non-stateful model. */
  inputShape?: number[];
  /** `[batchSize, ...inputShape]`; only on the first layer of a stateful model. */
  batchInputShape?: number[];
  /** Keras-style name: `lstm`, `lstm_1`, … */
  name?: string;
  /** Seeded dropout for this layer's masks (tfjs LSTM's `dropoutFunc`); draws a new seed per call. */
  dropoutFunc?: DropoutFunc;
  /** A Bidirectional's wrapped layer's Keras name (`lstm`); its directions are `forward_lstm`, `backward_lstm`. */
  innerName?: string;
}

/**
 * Makes the LSTM layer for a spec. The layer must have Keras' weight layout, in this order:
 * `kernel [in, 4u]`, `recurrent_kernel [u, 4u]`, `bias [4u]`, gates i, f, c, o. Weights are
 * recognised by the last segment of their name, falling back to that order, and are then
 * initialised by the builder, so the factory's own initialisers should be cheap (`zeros`).
 */
export type LstmFactory = (spec: LstmSpec, extra: LayerExtra) => tf.layers.Layer;

/** tfjs-layers' LSTM, configured as Keras' defaults. */
export const tfjsLstm: LstmFactory = (spec, extra) => {
  const layer = tf.layers.lstm({
    units: spec.units,
    activation: spec.activation,
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
    returnSequences: spec.returnSequences,
    dropout: spec.dropout,
    recurrentDropout: spec.recurrentDropout,
    stateful: spec.stateful,
    kernelInitializer: 'zeros',
    recurrentInitializer: 'zeros',
    biasInitializer: 'zeros',
    dropoutFunc: extra.dropoutFunc,
    name: extra.name,
    inputShape: extra.inputShape,
    batchInputShape: extra.batchInputShape,
  });
  // tfjs' RNN.dispose frees the weights but neither a stateful layer's state tensors nor the
  // dropout masks the cell keeps from its last training call.
  const disposeWeights = layer.dispose.bind(layer);
  layer.dispose = () => {
    const result = disposeWeights();
    if (result.refCountAfterDispose === 0) {
      const { cell } = layer;
      tf.dispose([...layer.states, cell.dropoutMask, cell.recurrentDropoutMask].flat().filter((t) => t != null));
    }
    return result;
  };
  return layer;
};

export interface BuildOptions {
  /** Seeds the initial weights and the dropout masks. */
  seed: number;
  /** Required for stateful models, whose batch size is part of the input shape. */
  batchSize?: number;
  /** Which LSTM to use; tfjs-layers' by default. */
  lstm?: LstmFactory;
  /** The weights to start from (a loaded model, a restored run); Keras' initial ones from `seed` by default. */
  weights?: ModelWeights;
  /**
   * The one stream every dropout mask draws its seed from, in call order (the seed's first fork by
   * default). A trainer that checkpoints passes its own, so it can save and restore its position.
   */
  maskRng?: Rng;
}

/**
 * Keras' Dropout with seeded masks. tfjs' Dropout has a `seed`, but `tf.dropout(x, rate, _, seed)`
 * seeds a new generator on each call, so a fixed seed drops the same units on every batch.
 * Named `Dropout` so summaries read like Keras; not registered for serialisation.
 */
class SeededDropout extends tf.layers.Layer {
  static className = 'Dropout';
  private readonly rate: number;
  private readonly dropout: DropoutFunc;

  constructor(args: { rate: number; dropoutFunc: DropoutFunc; name?: string; inputShape?: number[]; batchInputShape?: number[] }) {
    super({ name: args.name, inputShape: args.inputShape, batchInputShape: args.batchInputShape });
    this.rate = args.rate;
    this.dropout = args.dropoutFunc;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { [key: string]: unknown }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    // Identity outside training, as Keras; the caller's tidy owns `x`.
    if (kwargs['training'] !== true || !(this.rate > 0 && this.rate < 1)) return x;
    return tf.tidy(() => this.dropout(x, this.rate));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}

/** A dropout whose every call takes the next seed from `rng` (tfjs treats seed 0 as "unseeded"). */
function seededDropout(rng: Rng): DropoutFunc {
  return (x, rate) => tf.dropout(x, rate, undefined, rng.int(1, 2 ** 31));
}

/** Weight roles by the names Keras and tfjs give the variables. */
type WeightRole = 'kernel' | 'recurrent_kernel' | 'bias' | 'embeddings';

interface LayerBuilder<S extends LayerSpec> {
  build(spec: S, extra: LayerExtra, lstm: LstmFactory): tf.layers.Layer;
  /**
   * The layer's weights in their Keras order (that of the layer row, `../spec/layers.ts`, whose
   * shapes every built weight is checked against), by the names tfjs gives its variables.
   */
  weights: readonly WeightRole[];
  /** Writes the layer's weights (Keras order) where matching by role is not enough; `writeWeights` by default. */
  write?(spec: S, values: readonly Weight[], layer: tf.layers.Layer): void;
}

type Builders = { readonly [K in LayerKind]: LayerBuilder<Extract<LayerSpec, { kind: K }>> };

/** One builder per layer kind: the tfjs layer, and Keras' initialiser for each of its weights. */
const BUILDERS: Builders = {
  embedding: {
    build: (s, x) =>
      tf.layers.embedding({ inputDim: s.inputDim, outputDim: s.outputDim, maskZero: s.maskZero ?? false, embeddingsInitializer: 'zeros', ...shapeArgs(x) }),
    weights: ['embeddings'],
  },
  lstm: {
    build: (s, x, lstm) => lstm(s, x),
    weights: ['kernel', 'recurrent_kernel', 'bias'],
  },
  gru: {
    build: (s, x) => new SeededGru({ spec: s, extra: x }),
    weights: ['kernel', 'recurrent_kernel', 'bias'],
  },
  simpleRnn: {
    build: (s, x) => new SeededSimpleRnn({ spec: s, extra: x }),
    weights: ['kernel', 'recurrent_kernel', 'bias'],
  },
  bidirectional: {
    build: (s, x) => {
      const innerName = x.innerName ?? LAYER_KINDS[s.layer.kind].stem;
      // Each direction is the wrapped kind built as on its own, with its own masks from the same
      // seeded stream; an LSTM is tfjs-layers' (the fused LSTM runs one way and reads no mask).
      const direction = (way: 'forward' | 'backward') => builderFor(s.layer).build(s.layer, { name: `${way}_${innerName}`, dropoutFunc: x.dropoutFunc }, tfjsLstm);
      return new SeededBidirectional({
        forward: direction('forward'), backward: direction('backward'), returnSequences: s.layer.returnSequences,
        innerClassName: LAYER_KINDS[s.layer.kind].className, innerName, extra: x,
      });
    },
    weights: ['kernel', 'recurrent_kernel', 'bias', 'kernel', 'recurrent_kernel', 'bias'],
    // Both directions have the same roles: each writes its own three, forward first (Keras' order).
    write: (s, values, layer) => {
      const { forward, backward } = layer as SeededBidirectional;
      const inner: BidirectionalInner = s.layer;
      writeWeights(inner, values.slice(0, 3), forward);
      writeWeights(inner, values.slice(3), backward);
    },
  },
  dropout: {
    build: (s, x) => new SeededDropout({ rate: s.rate, dropoutFunc: x.dropoutFunc!, ...shapeArgs(x) }),
    weights: [],
  },
  conv1d: {
    build: (s, x) =>
      tf.layers.conv1d({
        filters: s.filters, kernelSize: s.kernelSize, padding: s.padding, activation: s.activation,
        kernelInitializer: 'zeros', biasInitializer: 'zeros', ...shapeArgs(x),
      }),
    weights: ['kernel', 'bias'],
  },
  maxPooling1d: {
    // Keras' default strides equal the pool size; tfjs' too, but say so.
    build: (s, x) => tf.layers.maxPooling1d({ poolSize: s.poolSize, strides: s.poolSize, ...shapeArgs(x) }),
    weights: [],
  },
  // Ours, not tfjs-layers' `globalAveragePooling1d`, which ignores the step mask (`poolingLayers.ts`).
  globalAveragePooling1d: {
    build: (_s, x) => new MaskedGlobalAveragePooling1D(shapeArgs(x)),
    weights: [],
  },
  dense: {
    build: (s, x) =>
      tf.layers.dense({
        units: s.units, activation: s.activation, kernelInitializer: 'zeros', biasInitializer: 'zeros', ...shapeArgs(x),
      }),
    weights: ['kernel', 'bias'],
  },
};

function shapeArgs(x: LayerExtra): { name?: string; inputShape?: number[]; batchInputShape?: number[] } {
  return { name: x.name, inputShape: x.inputShape, batchInputShape: x.batchInputShape };
}

function builderFor<S extends LayerSpec>(spec: S): LayerBuilder<S> {
  return BUILDERS[spec.kind] as unknown as LayerBuilder<S>;
}

/** Which role a variable plays: by its name (`…/recurrent_kernel`), else by its position. */
function roleOf(variable: tf.LayerVariable, index: number, expected: readonly WeightRole[]): WeightRole | undefined {
  const last = variable.originalName.split('/').pop() ?? '';
  return (expected as readonly string[]).includes(last) ? (last as WeightRole) : expected[index];
}

/**
 * Writes `values` (the layer's weights, Keras order) into `layer`'s variables, matching each
 * variable to its Keras weight by name and checking its shape.
 */
function writeWeights<S extends LayerSpec>(spec: S, values: readonly Weight[], layer: tf.layers.Layer): void {
  const builder = builderFor(spec);
  if (builder.write) return builder.write(spec, values, layer);
  const roles = builder.weights;
  const variables = layer.weights;
  if (variables.length !== roles.length) {
    throw new Error(`${layer.name}: expected ${roles.length} weights (${roles.join(', ')}), found ${variables.length}.`);
  }
  const tensors = variables.map((v, i) => {
    const at = roles.indexOf(roleOf(v, i, roles)!);
    const shape = v.shape as number[];
    const want = values[at];
    if (at < 0 || !want || want.shape.length !== shape.length || want.shape.some((d, k) => d !== shape[k])) {
      throw new Error(`${layer.name}: weight ${v.originalName} has shape [${shape}], expected ${roles[at] ?? '?'} [${want?.shape ?? '?'}].`);
    }
    return tf.tensor(want.values, shape, 'float32');
  });
  layer.setWeights(tensors);
  tf.dispose(tensors);
}

/**
 * Per layer, whether the LSTM factory a run asks for (`BuildOptions.lstm`: the fused LSTM, or
 * tfjs-layers') builds it: a top-level LSTM whose input carries no step mask. Every other LSTM is
 * tfjs-layers' own, whatever the factory: one reading the mask of `Embedding(mask_zero=True)`
 * (the fused LSTM ignores masks), and one inside a Bidirectional (its layer kind is not `lstm`).
 * The plan says the same in words (`fusedLstmProblem`, `../plan/plan.ts`).
 */
export function lstmFactoryTakes(spec: ModelSpec): boolean[] {
  const masked = maskedInputs(spec);
  return spec.layers.map((l, i) => l.kind === 'lstm' && !masked[i]);
}

/**
 * Builds the model for `spec`: Keras layers in order, Keras initial weights from `createRng(seed)`.
 * Not compiled. Stateful models need `batchSize`: their first layer gets `batchInputShape`.
 */
export function buildModel(spec: ModelSpec, opts: BuildOptions): tf.Sequential {
  // Shapes first: a model that does not fit together fails here with the layer's own sentence,
  // not inside a backend kernel.
  const weights = opts.weights ?? initialWeights(spec, opts.seed);
  const problem = weightsProblem(spec, weights);
  if (problem) throw new Error(problem);
  const stateful = isStateful(spec);
  if (stateful && !(opts.batchSize && opts.batchSize > 0)) {
    throw new Error('A stateful LSTM needs a fixed batch size: pass batchSize to buildModel.');
  }
  const lstm = opts.lstm ?? tfjsLstm;
  // The masks' stream: the seed's first fork, as `initialWeights` leaves it for them.
  const maskRng = opts.maskRng ?? createRng(opts.seed).fork();
  const names = kerasLayerNames(spec);
  const innerNames = bidirectionalInnerNames(spec);
  const takesFactory = lstmFactoryTakes(spec);

  const layers = spec.layers.map((layerSpec, i) => {
    const extra: LayerExtra = {
      name: names[i],
      dropoutFunc: seededDropout(maskRng),
      ...(innerNames[i] ? { innerName: innerNames[i] } : {}),
    };
    if (i === 0) {
      if (stateful) extra.batchInputShape = [opts.batchSize!, ...spec.inputShape];
      else extra.inputShape = [...spec.inputShape];
    }
    return builderFor(layerSpec).build(layerSpec, extra, takesFactory[i] ? lstm : tfjsLstm);
  });

  // Layers build (and create their variables) here. The tidy frees what tfjs' own initialisers
  // leave behind (its unit_forget_bias leaks four tensors per LSTM); variables survive a tidy.
  let model: tf.Sequential | undefined;
  tf.tidy(() => {
    model = tf.sequential({ layers });
  });
  if (!model) throw new Error('unreachable: tf.sequential did not return');
  try {
    const byLayer = weightsByLayer(spec, weights);
    spec.layers.forEach((layerSpec, i) => writeWeights(layerSpec, byLayer[i], layers[i]));
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
