/**
 * Inference on typed arrays for the models the app evaluates most: [Embedding] → LSTM stack →
 * Dense, with Dropout anywhere (identity at inference), and with a convolutional front
 * (Embedding → Conv1D → MaxPooling1D, run as the trainer's own layers) before the LSTMs. Scoring IMDB's 25,000 test reviews is
 * the heavy case: tfjs computes every step's input projection x_t·W on the fly, but with an
 * Embedding in front that product only depends on the word, so this predictor computes the
 * table P = E·W + b ([vocab, 4u]) once and each step starts from a row lookup. That halves the
 * multiply-adds; the recurrent products run on the SIMD `gemm` and the gates on the SIMD
 * `lstmCell`. Non-stateful models only (a stateful model's predictions depend on its state).
 *
 * With `Embedding(mask_zero=True)` the LSTMs keep a row's state over its padding (a masked row is
 * left out of the cell), and the steps no review of a pass is real in are not computed, as in
 * the trainer's layers. A model with a Bidirectional layer runs as the trainer's own layers,
 * forward only (`LayersPass`): its backward direction reads each review last word first, which
 * the table's one pass over the steps does not. So does a model with a GlobalAveragePooling1D:
 * the LSTM stack's loops keep only the last step's h, not the sequence it averages.
 */
import type * as tf from '@tensorflow/tfjs';
import type { LayerSpec, ModelSpec } from '../spec/types';
import { createRng } from '../rng';
import { isStateful, maskedInputs, usesStepMask } from '../spec/model';
import { createArena, SizingArena, type Allocator, type KernelKind, type TypedKernels } from './kernels';
import { fillStepMask, realRuns, realSpan, type StepMask, type TypedLayer } from './layerBase';
import { createTypedLayer } from './layers';
import { activate } from './losses';
import { typedTrainerSupport } from './support';

type Lstm = Extract<LayerSpec, { kind: 'lstm' }>;
type Dense = Extract<LayerSpec, { kind: 'dense' }>;

/** Layers that may come before the first LSTM (the "front"); any Conv1D or pooling there runs as typed-array layers. */
const FRONT_KINDS: ReadonlySet<LayerSpec['kind']> = new Set(['embedding', 'dropout', 'conv1d', 'maxPooling1d']);

/** Kinds only the trainer's layers (`LayersPass`) run, not the LSTM stack's own loops (see the top of the file). */
const LAYERS_PASS_KINDS: ReadonlySet<LayerSpec['kind']> = new Set(['bidirectional', 'globalAveragePooling1d']);

/** Whether the model runs as the trainer's layers (`LayersPass`) rather than on the LSTM stack's own loops. */
const runsAsLayers = (spec: ModelSpec): boolean => spec.layers.some((l) => LAYERS_PASS_KINDS.has(l.kind));

/** Why the typed predictor cannot run this model, or `null` when it can. */
export function typedPredictorSupport(spec: ModelSpec): string | null {
  if (runsAsLayers(spec)) return typedTrainerSupport(spec) ?? (isStateful(spec) ? 'it is stateful' : null);
  const firstLstm = spec.layers.findIndex((l) => l.kind === 'lstm');
  if (firstLstm < 0) return 'it has no LSTM layer';
  const front = spec.layers.slice(0, firstLstm);
  const odd = front.find((l) => !FRONT_KINDS.has(l.kind));
  if (odd) return `it has a ${odd.kind} layer before its LSTM`;
  if (front.some((l, i) => l.kind === 'embedding' && i > 0)) return 'its Embedding is not the first layer';
  const body = spec.layers.slice(firstLstm).filter((l) => l.kind !== 'dropout');
  const last = body[body.length - 1];
  if (last?.kind !== 'dense') return 'the model does not end in a Dense layer';
  const lstms = body.slice(0, -1);
  if (lstms.some((l) => l.kind !== 'lstm')) return `it has a ${lstms.find((l) => l.kind !== 'lstm')!.kind} layer after its first LSTM`;
  const chain = lstms as Lstm[];
  if (chain.some((l) => l.stateful)) return 'it is stateful';
  if (chain.some((l, i) => l.returnSequences !== (i < chain.length - 1))) return 'only the last LSTM may return a single vector';
  if (spec.layers[0]?.kind !== 'embedding' && spec.inputShape.length !== 2) return 'its input is not [timesteps, features]';
  return null;
}

/** Whether the layers before the first LSTM do more than look up words (a Conv1D, a pooling). */
function hasConvFront(spec: ModelSpec): boolean {
  const firstLstm = spec.layers.findIndex((l) => l.kind === 'lstm');
  return spec.layers.slice(0, firstLstm).some((l) => l.kind === 'conv1d' || l.kind === 'maxPooling1d');
}

/** One LSTM's weights and sizes. */
interface LstmWeights {
  units: number;
  relu: boolean;
  inputDim: number;
  kernel: Float32Array;
  recurrent: Float32Array;
  bias: Float32Array;
}

/** Samples per pass: large enough for the products to run at speed… */
const BATCH = 256;
/** …and small enough that a pass's all-timestep buffers stay under this many floats (32 MB). */
const MAX_SEQUENCE_FLOATS = 8_000_000;
/**
 * Largest arena a predictor takes (128 MB). The Embedding table is vocabulary × 4·units floats:
 * the tutorials' are 1–2 M, but the form allows 100,000 words × 1,024 units (1.6 GB).
 */
export const MAX_PREDICTOR_FLOATS = 32_000_000;

/** One way through a model: passes of up to `batch` samples, each leaving its probabilities in a view. */
interface Pass {
  readonly batch: number;
  /** Probabilities [B, classes] of samples from..from+B−1 of `x`: a view the next pass overwrites. */
  run(x: Int32Array | Float32Array, from: number, B: number): Float32Array;
  readonly classes: number;
}

export class TypedPredictor {
  /** Samples per pass. */
  readonly batch: number;
  private readonly pass: Pass;

  /** `weights[i]`: layer i's weights in Keras order, as `model.layers[i].getWeights()`. */
  constructor(spec: ModelSpec, weights: readonly (readonly Float32Array[])[], kernels?: KernelKind) {
    const problem = typedPredictorSupport(spec);
    if (problem) throw new Error(`The typed predictor cannot run this model: ${problem}.`);
    this.pass = runsAsLayers(spec) ? new LayersPass(spec, weights, kernels) : new LstmPass(spec, weights, kernels);
    this.batch = this.pass.batch;
  }

  /** Output probabilities [n, classes] for `n` samples of `x` (word ids or features, batch-major). */
  predict(x: Int32Array | Float32Array, n: number): Float32Array {
    const classes = this.pass.classes;
    const result = new Float32Array(n * classes);
    for (let from = 0; from < n; from += this.batch) {
      const B = Math.min(this.batch, n - from);
      result.set(this.pass.run(x, from, B).subarray(0, B * classes), from * classes);
    }
    return result;
  }
}

/** The LSTM stack on its own loops, with the Embedding's table (see the top of the file). */
class LstmPass implements Pass {
  private readonly kernels: TypedKernels;
  private readonly steps: number;
  private readonly lstms: LstmWeights[];
  private readonly dense: { units: number; activation: Dense['activation']; kernel: Float32Array; bias: Float32Array };
  /** Embedding input: P = E·W₀ + b₀, [vocab, 4u₀]; null for float input. */
  private readonly table: Float32Array | null;
  private readonly featureDim: number;
  /** Per pass: the input sequence time-major, the gates of one step or all steps, h and c. */
  private readonly seqIn: Float32Array;
  private readonly seqOut: Float32Array;
  private readonly gates: Float32Array;
  private readonly h: Float32Array;
  private readonly c: Float32Array;
  private readonly out: Float32Array;
  /** Samples per pass. */
  readonly batch: number;
  /** The whole arena as one view, for copies between its parts without making subarrays. */
  private readonly all: Float32Array;
  /** The layers before the first LSTM when they convolve, and their input buffer. */
  private readonly front: Front | null;

  /** With `Embedding(mask_zero=True)`: each pass's step mask [B, T] (bytes), and its runs of real rows at one step. */
  private readonly stepMask: StepMask | null;
  private readonly runs: Int32Array;
  readonly classes: number;

  constructor(spec: ModelSpec, weights: readonly (readonly Float32Array[])[], kernels?: KernelKind) {
    // A convolutional front (IMDB + Conv1D) runs as the trainer's own layers, forward only; the
    // LSTMs then read its output as features. Otherwise an Embedding becomes the table below.
    const frontSpecs = hasConvFront(spec) ? spec.layers.slice(0, spec.layers.findIndex((l) => l.kind === 'lstm')) : [];
    // Built on a sizing arena for batches of 1 and 2: the output shape, and the buffers' fixed and
    // per-sample floats.
    const sizeFront = (batch: number): Front => buildFront(spec, frontSpecs, weights, batch, new SizingArena(), createArena(0, 'js').kernels);
    const frontOne = frontSpecs.length > 0 ? sizeFront(1) : null;
    const frontPerSample = frontOne ? sizeFront(2).floats - frontOne.floats : 0;
    const frontShape = frontOne ? frontOne.layers[frontOne.layers.length - 1].outShape : null;
    const embeddingAt = frontShape ? -1 : spec.layers.findIndex((l) => l.kind === 'embedding');
    this.steps = frontShape ? frontShape[0] : spec.inputShape[0];
    this.featureDim = frontShape ? frontShape[1] : embeddingAt >= 0 ? 0 : spec.inputShape[1];
    let inputDim = embeddingAt >= 0 ? (spec.layers[embeddingAt] as Extract<LayerSpec, { kind: 'embedding' }>).outputDim : this.featureDim;
    const lstmSpecs: { spec: Lstm; index: number }[] = [];
    spec.layers.forEach((l, index) => l.kind === 'lstm' && lstmSpecs.push({ spec: l, index }));
    const denseIndex = spec.layers.length - 1;
    const denseSpec = spec.layers[denseIndex] as Dense;
    const maxG = Math.max(...lstmSpecs.map((l) => 4 * l.spec.units));
    const maxU = Math.max(...lstmSpecs.map((l) => l.spec.units));
    const maxIn = Math.max(this.featureDim, ...lstmSpecs.map((l) => l.spec.units));
    const T = this.steps;
    const embedding = embeddingAt >= 0 ? (spec.layers[embeddingAt] as Extract<LayerSpec, { kind: 'embedding' }>) : null;
    // With an Embedding and one LSTM a pass needs one step's gates at a time; otherwise the input
    // projection of all timesteps is one product, and sequences pass between layers.
    const wholeSequences = !embedding || lstmSpecs.length > 1;
    const perSample = wholeSequences ? T * (maxG + 2 * maxIn) + frontPerSample : 0;
    this.batch = perSample > 0 ? Math.max(1, Math.min(BATCH, Math.floor(MAX_SEQUENCE_FLOATS / perSample))) : BATCH;
    const B = this.batch;
    const weightFloats = weights.flat().reduce((a, w) => a + w.length + 4, 0);
    const floats =
      weightFloats + (embedding ? embedding.inputDim * 4 * lstmSpecs[0].spec.units + 4 : 0) +
      (frontOne ? frontOne.floats + (B - 1) * frontPerSample : 0) +
      (wholeSequences ? T * B * (maxG + 2 * maxIn) : B * maxG) + 2 * B * maxU + B * denseSpec.units + 64;
    if (floats > MAX_PREDICTOR_FLOATS) {
      throw new RangeError(`The typed predictor would need ${Math.round((floats * 4) / 2 ** 20)} MB; its limit is ${(MAX_PREDICTOR_FLOATS * 4) / 2 ** 20} MB.`);
    }
    const { arena, kernels: K } = createArena(floats, kernels);
    this.kernels = K;
    const copy = (w: Float32Array): Float32Array => {
      const view = arena.alloc(w.length);
      view.set(w);
      return view;
    };
    this.lstms = lstmSpecs.map(({ spec: l, index }) => {
      const [kernel, recurrent, bias] = weights[index];
      const lw = { units: l.units, relu: l.activation === 'relu', inputDim, kernel: copy(kernel), recurrent: copy(recurrent), bias: copy(bias) };
      inputDim = l.units;
      return lw;
    });
    const [dk, db] = weights[denseIndex];
    this.dense = { units: denseSpec.units, activation: denseSpec.activation, kernel: copy(dk), bias: copy(db) };
    this.table = null;
    if (embedding) {
      // P = E·W₀ + b₀: every word's input projection for the first LSTM, computed once.
      const E = copy(weights[embeddingAt][0]);
      const first = this.lstms[0];
      const G = 4 * first.units;
      this.table = arena.alloc(embedding.inputDim * G);
      for (let r = 0; r < embedding.inputDim; r++) this.table.set(first.bias, r * G);
      K.gemm(E, 0, first.inputDim, 1, first.kernel, 0, this.table, 0, embedding.inputDim, first.inputDim, G, true);
    }
    this.front = frontSpecs.length > 0 ? buildFront(spec, frontSpecs, weights, B, arena, K) : null;
    this.seqIn = arena.alloc(wholeSequences ? T * B * maxIn : 0);
    this.seqOut = arena.alloc(wholeSequences ? T * B * maxIn : 0);
    this.gates = arena.alloc(wholeSequences ? T * B * maxG : B * maxG);
    this.h = arena.alloc(B * maxU);
    this.c = arena.alloc(B * maxU);
    this.out = arena.alloc(B * denseSpec.units);
    this.all = new Float32Array(arena.buffer);
    this.classes = denseSpec.units;
    // Only word ids make a mask (a convolutional front ends it: Keras refuses that model).
    this.stepMask = embedding && !frontOne && usesStepMask(spec) ? new Uint8Array(B * T) : null;
    this.runs = new Int32Array(B + 1);
  }

  run(x: Int32Array | Float32Array, from: number, B: number): Float32Array {
    const T = this.steps, K = this.kernels;
    // The mask of this pass's word ids, and the steps any of its reviews is real in: a masked
    // row is left out of the cell (its h and c stay), and before `first` every h and c is still
    // zeros, so the LSTMs only run steps first…last (the next LSTM reads no other step).
    const mask = this.stepMask;
    if (mask) for (let j = 0; j < B * T; j++) mask[j] = x[from * T + j] === 0 ? 0 : 1;
    const [first, last] = realSpan(mask, B, T);
    let input = this.seqIn, output = this.seqOut;
    // The LSTMs' features: the front's output (batch-major from row 0), or the input itself.
    let features: Float32Array | Int32Array = x, row0 = from;
    if (this.front) {
      const { input: frontIn, layers, perSample } = this.front;
      for (let j = 0; j < B * perSample; j++) frontIn[j] = x[from * perSample + j];
      let h = frontIn;
      for (const layer of layers) h = layer.forward(h, B, false);
      features = h;
      row0 = 0;
    }
    if (!this.table) {
      // Features, time-major: row t·B + b.
      const F = this.featureDim;
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < T; t++) {
          const src = ((row0 + b) * T + t) * F, dst = (t * B + b) * F;
          for (let f = 0; f < F; f++) input[dst + f] = features[src + f];
        }
      }
    }
    this.lstms.forEach((l, li) => {
      const G = 4 * l.units, n = B * l.units;
      const gates = this.gates, h = this.h;
      h.fill(0, 0, n);
      this.c.fill(0, 0, n);
      const sequences = li < this.lstms.length - 1;
      if (li === 0 && this.table) {
        // One step at a time: the pre-activations start as the table rows of the step's words
        // (ids are below the vocabulary size: the data pipeline maps rarer words to the OOV id).
        const all = this.all, table = this.table.byteOffset / 4, dst = gates.byteOffset / 4;
        for (let t = first; t <= last; t++) {
          for (let b = 0; b < B; b++) {
            const id = x[(from + b) * T + t];
            all.copyWithin(dst + b * G, table + id * G, table + id * G + G);
          }
          this.step(l, B, t, first, gates, 0, mask);
          if (sequences) output.set(h.subarray(0, n), t * n);
        }
      } else if (first <= last) {
        for (let r = first * B; r < (last + 1) * B; r++) gates.set(l.bias, r * G);
        K.gemm(input, first * B * l.inputDim, l.inputDim, 1, l.kernel, 0, gates, first * B * G, (last - first + 1) * B, l.inputDim, G, true);
        for (let t = first; t <= last; t++) {
          this.step(l, B, t, first, gates, t * B * G, mask);
          if (sequences) output.set(h.subarray(0, n), t * n);
        }
      }
      [input, output] = [output, input];
    });
    const d = this.dense, top = this.lstms[this.lstms.length - 1];
    for (let b = 0; b < B; b++) this.out.set(d.bias, b * d.units);
    K.gemm(this.h, 0, top.units, 1, d.kernel, 0, this.out, 0, B, top.units, d.units, true);
    activate(d.activation, this.out, B, d.units);
    return this.out;
  }

  /**
   * One LSTM step on pre-activations at gates[g..] (input projection already in): add h·R (h is
   * zeros at the first step), update c and h of the rows real at step t.
   */
  private step(l: LstmWeights, B: number, t: number, first: number, gates: Float32Array, g: number, mask: StepMask | null): void {
    const U = l.units, G = 4 * U, runs = this.runs;
    if (t > first) this.kernels.gemm(this.h, 0, U, 1, l.recurrent, 0, gates, g, B, U, G, true);
    // c is updated in place (each unit reads its c_{t−1} before writing c_t).
    for (let r = 0, count = realRuns(mask, B, this.steps, t, runs); r < count; r++) {
      const b0 = runs[2 * r], b1 = runs[2 * r + 1];
      this.kernels.lstmCell(gates, g + b0 * G, this.c, b0 * U, this.c, b0 * U, this.h, b0 * U, b1 - b0, U, l.relu);
    }
  }
}

/**
 * A model as the trainer's own layers, forward only, on the predictor's arena (a model with a
 * Bidirectional or a GlobalAveragePooling1D): the network's forward in inference mode, without its gradients' and Adam's memory. The
 * layers still allocate their backward buffers, so a pass holds fewer samples than the LSTM path's.
 */
class LayersPass implements Pass {
  readonly batch: number;
  readonly classes: number;
  private readonly layers: Front;
  private readonly activation: Dense['activation'];
  private readonly masked: readonly boolean[];
  private readonly stepMask: StepMask | null;

  constructor(spec: ModelSpec, weights: readonly (readonly Float32Array[])[], kernels?: KernelKind) {
    const sizeFor = (batch: number): number => buildFront(spec, spec.layers, weights, batch, new SizingArena(), createArena(0, 'js').kernels).floats;
    // Per sample from two small passes; then the arena sized by a pass at the batch itself (a
    // layer's transposed weights only come from a few rows on).
    const perSample = sizeFor(2) - sizeFor(1);
    this.batch = Math.max(1, Math.min(BATCH, Math.floor(MAX_SEQUENCE_FLOATS / perSample)));
    const floats = sizeFor(this.batch);
    if (floats > MAX_PREDICTOR_FLOATS) {
      throw new RangeError(`The typed predictor would need ${Math.round((floats * 4) / 2 ** 20)} MB; its limit is ${(MAX_PREDICTOR_FLOATS * 4) / 2 ** 20} MB.`);
    }
    const { arena, kernels: K } = createArena(floats, kernels);
    this.layers = buildFront(spec, spec.layers, weights, this.batch, arena, K);
    const dense = spec.layers[spec.layers.length - 1] as Dense;
    this.activation = dense.activation;
    this.classes = dense.units;
    this.masked = maskedInputs(spec);
    const first = spec.layers[0];
    this.stepMask = first?.kind === 'embedding' && first.maskZero ? new Uint8Array(this.batch * this.layers.perSample) : null;
  }

  run(x: Int32Array | Float32Array, from: number, B: number): Float32Array {
    const { input, layers, perSample } = this.layers;
    for (let j = 0; j < B * perSample; j++) input[j] = x[from * perSample + j];
    const mask = this.stepMask;
    if (mask) fillStepMask(input, B * perSample, mask);
    let h = input;
    for (let i = 0; i < layers.length; i++) h = layers[i].forward(h, B, false, this.masked[i] ? mask : null);
    activate(this.activation, h, B, this.classes);
    return h;
  }
}

/** The layers before the first LSTM, built as the trainer's layers on the predictor's arena. */
interface Front {
  layers: TypedLayer[];
  /** Word ids (or features) of one pass, as floats. */
  input: Float32Array;
  /** Input floats per sample. */
  perSample: number;
  /** Floats allocated (when built on a SizingArena). */
  floats: number;
}

function buildFront(
  spec: ModelSpec, front: readonly LayerSpec[], weights: readonly (readonly Float32Array[])[], batch: number,
  alloc: Allocator, kernels: TypedKernels,
): Front {
  const sizing = alloc instanceof SizingArena ? alloc : null;
  const start = sizing?.floats ?? 0;
  const perSample = spec.inputShape.reduce((a, d) => a * d, 1);
  const input = alloc.alloc(batch * perSample);
  let inShape: readonly number[] = spec.inputShape;
  // Dropout is the identity at inference, so its generator is never drawn from.
  const rng = createRng(0);
  const layers = front.map((layerSpec, i) => {
    const layer = createTypedLayer(layerSpec, { inShape, maxBatch: batch, weights: weights[i], alloc, kernels, rng });
    inShape = layer.outShape;
    return layer;
  });
  return { layers, input, perSample, floats: (sizing?.floats ?? 0) - start };
}
