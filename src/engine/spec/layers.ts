/**
 * One row per layer kind: everything the app knows about a kind without building it. Its Keras
 * names, the shape it maps its input to (or why it cannot), its weights, its arithmetic, the memory
 * the typed trainer gives it, and which trainers take it. `LayerKindTable` is keyed by every
 * `LayerKind`, so adding a kind to `LayerSpec` makes the compiler point here first.
 * Pure: no tfjs. Shapes are per sample (no batch axis): `[T]` word ids, `[T, F]` sequences,
 * `[F]` vectors.
 */
import type { KerasInitializer } from './kerasInit';
import type { BidirectionalInner, LayerKind, LayerSpec } from './types';

export type Shape = readonly number[];

/**
 * Why a layer cannot take its input. `steps`: its input has too few timesteps (a longer input
 * sequence fixes it); `structure`: the layers do not fit together, whatever the sizes.
 */
export interface ShapeProblem {
  cause: 'steps' | 'structure';
  /** A sentence naming the layer, e.g. "MaxPooling1D(2) needs at least 2 timesteps (got 1)." */
  message: string;
}

export type ShapeResult = { ok: true; shape: Shape } | { ok: false; problem: ShapeProblem };

/** Which trainers can train a kind: tfjs builds every kind; the typed trainer only those it has. */
export interface Trainers {
  /** Whether `TYPED_LAYERS` (`../typed/layers.ts`) has the kind; where else it may sit is `typedTrainerSupport`'s call. */
  typed: boolean;
  tfjs: true;
}

/**
 * What one kind is. Every function takes the layer's spec and, where it matters, its per-sample
 * input shape, which must be one `outputShape` accepted.
 */
export interface LayerKindRow<S extends LayerSpec> {
  /** Keras' class name, as `model.summary()` and the Keras code show it. */
  className: string;
  /** The stem Keras names instances with: `lstm`, `lstm_1`, … */
  stem: string;
  /** The per-sample output shape, or why this layer cannot take `inShape`. */
  outputShape(spec: S, inShape: Shape): ShapeResult;
  /** Shapes of the weights in Keras order (`layer.getWeights()`); their sizes sum to the parameter count. */
  weightShapes(spec: S, inShape: Shape): number[][];
  /** Keras' default initialiser of each weight, in `weightShapes` order (`../initialWeights.ts` draws them). */
  initializers(spec: S): readonly KerasInitializer[];
  /** Multiply-adds of the forward pass for one sample (matrix products only; element-wise work is left out). */
  forwardMacs(spec: S, inShape: Shape): number;
  /**
   * Floats per sample of a training batch that the typed trainer's layer allocates: the forward's
   * buffers it keeps for the backward and the backward's own. The truth is the layer's constructor
   * in `../typed/layers.ts` / `../typed/convLayers.ts` (`ctx.maxBatch × …`), checked against the
   * arena `TypedNetwork` sizes (`model.test.ts`). For kinds the typed trainer lacks, tfjs' own
   * need is of the same order: the output and the input's gradient.
   */
  activationFloats(spec: S, inShape: Shape): number;
  /**
   * Floats the typed trainer's layer allocates once, whatever the batch, besides the weights and
   * their gradients: transposed weight copies for the backward's products. An upper bound: the LSTM
   * makes its copies only from a few rows on (`TRANSPOSE_MIN_ROWS`).
   */
  workspaceFloats(spec: S, inShape: Shape): number;
  /** Whether the layer carries state from one batch to the next (and so fixes the batch size). */
  stateful(spec: S): boolean;
  /** What the layer does with the step mask of `Embedding(mask_zero=True)` (see `MaskEffect`). */
  mask(spec: S): MaskEffect;
  trainers: Trainers;
}

/**
 * A layer and Keras' step mask: `start` makes one (an Embedding with `mask_zero`); `pass` hands
 * its input's mask on untouched (Dropout, Dense per step); `read` uses it: a recurrent layer keeps
 * its state over masked steps, GlobalAveragePooling1D averages the real steps only. Such a layer
 * hands the mask on only while it returns sequences (a recurrent layer without them, or a pooling
 * layer, ends the mask: its output is one vector); `refuse`: Keras raises for a masked
 * input (Conv1D, MaxPooling1D: `supports_masking` is false), and so does `modelShapes`.
 */
export type MaskEffect = 'start' | 'pass' | 'read' | 'refuse';

export type LayerKindTable = { readonly [K in LayerKind]: LayerKindRow<Extract<LayerSpec, { kind: K }>> };

const size = (shape: Shape): number => shape.reduce((a, d) => a * d, 1);
const ok = (shape: Shape): ShapeResult => ({ ok: true, shape });
const fail = (cause: ShapeProblem['cause'], message: string): ShapeResult => ({ ok: false, problem: { cause, message } });
const shapeText = (shape: Shape): string => `[${shape.join(', ')}]`;

/** A sequence layer's input must be [timesteps, features] with at least `minSteps` timesteps. */
function needsSequence(label: string, inShape: Shape, minSteps: number, why = ''): ShapeProblem | null {
  if (inShape.length !== 2) {
    const hint = inShape.length === 1 ? ': the recurrent layer before it must return sequences' : '';
    return { cause: 'structure', message: `${label} needs a sequence [timesteps, features] but gets ${shapeText(inShape)}${hint}.` };
  }
  if (inShape[0] < minSteps) {
    return { cause: 'steps', message: `${label} needs at least ${minSteps} timestep${minSteps === 1 ? '' : 's'}${why} (got ${inShape[0]}).` };
  }
  return null;
}

/** A recurrent layer's output: every step's state with return_sequences, else the last one. */
function recurrentOutputShape(label: string, s: { units: number; returnSequences: boolean }, inShape: Shape): ShapeResult {
  const bad = needsSequence(label, inShape, 1);
  if (bad) return { ok: false, problem: bad };
  return ok(s.returnSequences ? [inShape[0], s.units] : [s.units]);
}

type GruOrRnn = Extract<LayerSpec, { kind: 'gru' | 'simpleRnn' }>;

/**
 * The typed GRU's and SimpleRNN's floats per sample (`../typed/recurrentLayers.ts`' constructor):
 * xt, dxt, dx [T, I]; x̂ and its gradient [T, G] (G = 3U for the GRU, U for SimpleRNN); the GRU's
 * ĥ, activated gates and ĥ's gradient [T, G]; hs, hm [T, U]; ones [T]; the output; dh, dhm [U];
 * the dropout masks [I] and [U] when on.
 */
function typedRecurrentFloats(s: GruOrRnn, [T, I]: Shape): number {
  const U = s.units, gru = s.kind === 'gru', G = gru ? 3 * U : U;
  const out = s.returnSequences ? T * U : U;
  return T * (3 * I + 2 * G + (gru ? 3 * G : 0) + 2 * U + 1) + out + 2 * U + (s.dropout > 0 ? I : 0) + (s.recurrentDropout > 0 ? U : 0);
}

/** Their transposed copies of the kernel and the recurrent kernel. */
const typedRecurrentWorkspace = (s: GruOrRnn, [, I]: Shape): number => (s.kind === 'gru' ? 3 : 1) * s.units * (I + s.units);

const NO_WEIGHTS = (): number[][] => [];
const NONE = (): number => 0;
const NEVER = (): boolean => false;
const PASS = (): MaskEffect => 'pass';
const READ = (): MaskEffect => 'read';
const REFUSE = (): MaskEffect => 'refuse';

/**
 * The typed trainer's floats per sample for a Bidirectional's own buffers, besides its two layers'
 * (`../typed/bidirectional.ts`): the reversed input and the input's gradient [T, I], the output
 * (two halves) and the two halves of its gradient. (Its reversed step mask is bytes outside the
 * arena, as the network's own step mask, and left out like it.)
 */
function bidirectionalOwnFloats(s: Extract<LayerSpec, { kind: 'bidirectional' }>, [T, I]: Shape): number {
  const half = s.layer.returnSequences ? T * s.layer.units : s.layer.units;
  return 2 * T * I + 2 * half + 2 * half;
}

export const LAYER_KINDS: LayerKindTable = {
  embedding: {
    className: 'Embedding',
    stem: 'embedding',
    // Keras looks up every id, whatever the rank: [T] → [T, E].
    outputShape: (s, inShape) => (inShape.length >= 1 ? ok([...inShape, s.outputDim]) : fail('structure', `Embedding(${s.inputDim}, ${s.outputDim}) needs word ids, got a scalar.`)),
    weightShapes: (s) => [[s.inputDim, s.outputDim]],
    initializers: () => ['embedding_uniform'],
    // A row copy per id: no products.
    forwardMacs: NONE,
    // TypedEmbedding: y [B, T, E]. Its backward scatters into the gradient table and returns nothing new.
    activationFloats: (s, inShape) => size(inShape) * s.outputDim,
    workspaceFloats: NONE,
    stateful: NEVER,
    mask: (s) => (s.maskZero ? 'start' : 'pass'),
    trainers: { typed: true, tfjs: true },
  },
  lstm: {
    className: 'LSTM',
    stem: 'lstm',
    outputShape: (s, inShape) => {
      const bad = needsSequence(`LSTM(${s.units})`, inShape, 1);
      if (bad) return { ok: false, problem: bad };
      return ok(s.returnSequences ? [inShape[0], s.units] : [s.units]);
    },
    weightShapes: (s, [, features]) => [[features, 4 * s.units], [s.units, 4 * s.units], [4 * s.units]],
    initializers: () => ['glorot_uniform', 'orthogonal', 'unit_forget_bias'],
    // Each step: the input and the recurrent products into the four gates.
    forwardMacs: (s, [steps, features]) => steps * 4 * s.units * (features + s.units),
    // TypedLstm: xt, dxt, dx [T, I]; gates, dG [T, 4U]; cells, hs, hm [T, U]; ones [T]; y (the
    // output); h0, c0, dh, dc, dhm [U]; the dropout masks [I] and [U] when on.
    activationFloats: (s, [T, I]) => {
      const U = s.units;
      const out = s.returnSequences ? T * U : U;
      return T * (3 * I + 2 * 4 * U + 3 * U + 1) + out + 5 * U + (s.dropout > 0 ? I : 0) + (s.recurrentDropout > 0 ? U : 0);
    },
    // TypedLstm's WT [4U, I] and RT [4U, U].
    workspaceFloats: (s, [, I]) => 4 * s.units * (I + s.units),
    stateful: (s) => s.stateful,
    mask: READ,
    trainers: { typed: true, tfjs: true },
  },
  gru: {
    className: 'GRU',
    stem: 'gru',
    outputShape: (s, inShape) => recurrentOutputShape(`GRU(${s.units})`, s, inShape),
    // Keras 2 (reset_after=True): columns z, r, h; the bias holds the input and the recurrent rows.
    weightShapes: (s, [, features]) => [[features, 3 * s.units], [s.units, 3 * s.units], [2, 3 * s.units]],
    initializers: () => ['glorot_uniform', 'orthogonal', 'zeros'],
    forwardMacs: (s, [steps, features]) => steps * 3 * s.units * (features + s.units),
    activationFloats: typedRecurrentFloats,
    workspaceFloats: typedRecurrentWorkspace,
    stateful: NEVER,
    mask: READ,
    trainers: { typed: true, tfjs: true },
  },
  simpleRnn: {
    className: 'SimpleRNN',
    stem: 'simple_rnn',
    outputShape: (s, inShape) => recurrentOutputShape(`SimpleRNN(${s.units})`, s, inShape),
    weightShapes: (s, [, features]) => [[features, s.units], [s.units, s.units], [s.units]],
    initializers: () => ['glorot_uniform', 'orthogonal', 'zeros'],
    forwardMacs: (s, [steps, features]) => steps * s.units * (features + s.units),
    activationFloats: typedRecurrentFloats,
    workspaceFloats: typedRecurrentWorkspace,
    stateful: NEVER,
    mask: READ,
    trainers: { typed: true, tfjs: true },
  },
  bidirectional: {
    className: 'Bidirectional',
    stem: 'bidirectional',
    // merge_mode='concat': each direction's output side by side.
    outputShape: (s, inShape) => {
      const inner = recurrentRowOf(s.layer).outputShape(s.layer, inShape);
      if (!inner.ok) return inner;
      return ok([...inner.shape.slice(0, -1), 2 * s.layer.units]);
    },
    // Keras saves the forward layer's weights, then the backward layer's.
    weightShapes: (s, inShape) => {
      const one = recurrentRowOf(s.layer).weightShapes(s.layer, inShape);
      return [...one, ...one.map((w) => [...w])];
    },
    // Each direction draws its weights as the wrapped kind does.
    initializers: (s) => {
      const one = recurrentRowOf(s.layer).initializers(s.layer);
      return [...one, ...one];
    },
    forwardMacs: (s, inShape) => 2 * recurrentRowOf(s.layer).forwardMacs(s.layer, inShape),
    activationFloats: (s, inShape) => 2 * recurrentRowOf(s.layer).activationFloats(s.layer, inShape) + bidirectionalOwnFloats(s, inShape),
    workspaceFloats: (s, inShape) => 2 * recurrentRowOf(s.layer).workspaceFloats(s.layer, inShape),
    stateful: NEVER,
    mask: READ,
    trainers: { typed: true, tfjs: true },
  },
  dropout: {
    className: 'Dropout',
    stem: 'dropout',
    outputShape: (_s, inShape) => ok(inShape),
    weightShapes: NO_WEIGHTS,
    initializers: () => [],
    forwardMacs: NONE,
    // TypedDropout: mask, y and dx, each the size of its input.
    activationFloats: (_s, inShape) => 3 * size(inShape),
    workspaceFloats: NONE,
    stateful: NEVER,
    mask: PASS,
    trainers: { typed: true, tfjs: true },
  },
  conv1d: {
    className: 'Conv1D',
    stem: 'conv1d',
    outputShape: (s, inShape) => {
      // 'valid' slides the kernel only where it fits; 'same' pads to keep every step.
      const minSteps = s.padding === 'valid' ? s.kernelSize : 1;
      const bad = needsSequence(`Conv1D(${s.filters}, ${s.kernelSize})`, inShape, minSteps, s.padding === 'valid' ? ' to fit its kernel without padding' : '');
      if (bad) return { ok: false, problem: bad };
      return ok([convSteps(s, inShape[0]), s.filters]);
    },
    weightShapes: (s, [, channels]) => [[s.kernelSize, channels, s.filters], [s.filters]],
    initializers: () => ['glorot_uniform', 'zeros'],
    forwardMacs: (s, [steps, channels]) => convSteps(s, steps) * s.kernelSize * channels * s.filters,
    // TypedConv1D: y, dz [T_out, F]; ones [T_out]; dx [T, C].
    activationFloats: (s, [T, C]) => {
      const To = convSteps(s, T);
      return 2 * To * s.filters + To + T * C;
    },
    // TypedConv1D's transposed kernel [K, F, C].
    workspaceFloats: (s, [, C]) => s.kernelSize * s.filters * C,
    stateful: NEVER,
    mask: REFUSE,
    trainers: { typed: true, tfjs: true },
  },
  maxPooling1d: {
    className: 'MaxPooling1D',
    stem: 'max_pooling1d',
    // Keras' defaults: strides equal to the pool size, no padding; a trailing partial window is dropped.
    outputShape: (s, inShape) => {
      const bad = needsSequence(`MaxPooling1D(${s.poolSize})`, inShape, s.poolSize);
      if (bad) return { ok: false, problem: bad };
      return ok([Math.floor(inShape[0] / s.poolSize), inShape[1]]);
    },
    weightShapes: NO_WEIGHTS,
    initializers: () => [],
    forwardMacs: NONE,
    // TypedMaxPooling1D: y [T_out, C], dx [T, C], and `from` [T_out, C] (an Int32Array outside the
    // arena, but memory all the same).
    activationFloats: (s, [T, C]) => 2 * Math.floor(T / s.poolSize) * C + T * C,
    workspaceFloats: NONE,
    stateful: NEVER,
    mask: REFUSE,
    trainers: { typed: true, tfjs: true },
  },
  globalAveragePooling1d: {
    className: 'GlobalAveragePooling1D',
    stem: 'global_average_pooling1d',
    outputShape: (_s, inShape) => {
      const bad = needsSequence('GlobalAveragePooling1D', inShape, 1);
      if (bad) return { ok: false, problem: bad };
      return ok([inShape[1]]);
    },
    weightShapes: NO_WEIGHTS,
    initializers: () => [],
    forwardMacs: NONE,
    // TypedGlobalAveragePooling1D: y [F] and dx [T, F].
    activationFloats: (_s, [T, F]) => F + T * F,
    workspaceFloats: NONE,
    stateful: NEVER,
    mask: READ,
    trainers: { typed: true, tfjs: true },
  },
  dense: {
    className: 'Dense',
    stem: 'dense',
    // Keras' Dense acts on the last axis, so after a sequence it gives one vector per step; whether
    // the model's output may be a sequence is the model's question (`model.ts`), not the layer's.
    outputShape: (s, inShape) => (inShape.length >= 1 ? ok([...inShape.slice(0, -1), s.units]) : fail('structure', `Dense(${s.units}) needs features, got a scalar.`)),
    weightShapes: (s, inShape) => [[inShape[inShape.length - 1], s.units], [s.units]],
    initializers: () => ['glorot_uniform', 'zeros'],
    forwardMacs: (s, inShape) => size(inShape) * s.units,
    // TypedDense: z (the output) and dx (the input's gradient).
    activationFloats: (s, inShape) => (size(inShape) / inShape[inShape.length - 1]) * s.units + size(inShape),
    workspaceFloats: NONE,
    stateful: NEVER,
    mask: PASS,
    trainers: { typed: true, tfjs: true },
  },
};

function convSteps(s: Extract<LayerSpec, { kind: 'conv1d' }>, steps: number): number {
  return s.padding === 'same' ? steps : steps - s.kernelSize + 1;
}

/** The row of a Bidirectional's wrapped layer. */
function recurrentRowOf(inner: BidirectionalInner): LayerKindRow<BidirectionalInner> {
  return LAYER_KINDS[inner.kind] as unknown as LayerKindRow<BidirectionalInner>;
}

/** The row for a spec, typed for that spec (TypeScript cannot narrow a mapped-type lookup by itself). */
export function rowOf<S extends LayerSpec>(spec: S): LayerKindRow<S> {
  return LAYER_KINDS[spec.kind] as unknown as LayerKindRow<S>;
}
