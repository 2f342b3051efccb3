/**
 * A whole model in float64, forward and backward, for looking inside it (`../inspect/`): every
 * layer kind, with the LSTM on the reference cell (`lstm.ts`), the GRU and SimpleRNN on theirs
 * (`recurrent.ts`) and a Bidirectional on `bidirectional.ts`. Written for clarity, in inference
 * mode (dropout is the identity, as in Keras' `predict`).
 *
 * Keras' masking: behind an `Embedding(mask_zero=True)` the step mask of the word ids (0 at id 0)
 * reaches exactly the layers `maskedInputs` names (`../spec/model.ts`): the recurrent layers keep
 * their state over masked steps (`sequence.ts`) and GlobalAveragePooling1D averages the real steps
 * only (`pooling.ts`), so a padded and an unpadded input give the same output.
 *
 * Activations are batch-major and flat: a layer's input is [rows, ...inShape] (per-sample shapes
 * from `spec/model.ts`), its output [rows, ...outShape]. Weights are Keras' (`../weights.ts`).
 * The backward takes the gradient reaching a layer's output and gives the one reaching its
 * input; it stops above an Embedding (word ids have no gradient: attributions are taken with
 * respect to the embedded words).
 */
import { rowOf as kindRowOf } from '../spec/layers';
import { maskedInputs, modelShapes, usesStepMask, type LayerShapes } from '../spec/model';
import type { LayerKind, LayerSpec, ModelSpec } from '../spec/types';
import { conv1dGeometry } from '../typed/convLayers';
import { weightsByLayer, type ModelWeights, type Weight } from '../weights';
import { bidirectionalBackward, bidirectionalForward, type BidirectionalForward } from './bidirectional';
import { lstmBackward, lstmForward, lstmOutput, type LstmForward, type LstmOptions, type LstmWeights } from './lstm';
import { averagePool, averagePoolBackward } from './pooling';
import { RECURRENT_KINDS, recurrentOutput, type RecurrentRun, type RecurrentWeights } from './recurrent';
import { maskOfIds } from './sequence';

type Floats = ArrayLike<number>;

/** An LSTM's state between calls, [rows, units] each: what a stateful layer carries. */
export interface LstmState {
  h: Float64Array;
  c: Float64Array;
}

/** What one layer's forward computed: its output and, for an LSTM, every step. */
export interface LayerRun {
  y: Float64Array;
  lstm?: LstmForward;
  /** The state an LSTM started from (a stateful layer's carried state), for its backward. */
  initial?: LstmState;
  /** A GRU's or SimpleRNN's forward, with its backward bound to it. */
  recurrent?: RecurrentRun;
  /** A Bidirectional's forward: both directions' runs, each with its backward bound to it. */
  bidirectional?: BidirectionalForward;
  /** The step mask a GlobalAveragePooling1D averaged under: its backward divides by the same counts. */
  stepMask?: Floats;
}

interface LayerContext {
  shapes: LayerShapes;
  weights: readonly Weight[];
  rows: number;
  /**
   * The step mask of the layer's input, [rows, steps] (0 at a masked step), where `maskedInputs`
   * says it carries one. The recurrent layers and GlobalAveragePooling1D read it; the backward
   * finds it in their runs.
   */
  stepMask?: Floats;
}

/**
 * Another run of a layer (one row) whose input agreed with every row's before position
 * `agreeBefore`: the outputs that read only those positions are its outputs.
 */
interface SharedSteps {
  agreeBefore: number;
  earlier: LayerRun;
}

/** Where an LSTM resumes: from step `from`, after the steps of `earlier` (a one-row forward from step 0). */
interface LstmResume {
  from: number;
  earlier: LstmForward;
}

interface ReferenceLayer<S extends LayerSpec> {
  /**
   * `state`: where a stateful LSTM starts (zeros when absent). `shared`: where the layer may take
   * another run's outputs instead of computing them (an LSTM's first steps, a Conv1D's first
   * positions; the cheap layers compute everything).
   */
  forward(spec: S, ctx: LayerContext, x: Floats, state?: LstmState, shared?: SharedSteps): LayerRun;
  /**
   * Given that every row's input agrees with another input's at positions before `p`, the first
   * position of the output that can differ (receptive fields: a Conv1D's window, a pool's).
   */
  firstDifference(spec: S, ctx: Pick<LayerContext, 'shapes'>, p: number): number;
  /** The gradient reaching the input from `dy` reaching the output; null where there is none (word ids). */
  backward(spec: S, ctx: LayerContext, x: Floats, run: LayerRun, dy: Floats): Float64Array | null;
}

type ReferenceLayers = { readonly [K in LayerKind]: ReferenceLayer<Extract<LayerSpec, { kind: K }>> };

const size = (shape: readonly number[]): number => shape.reduce((a, d) => a * d, 1);
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function lstmWeightsOf(ctx: LayerContext, units: number): LstmWeights {
  const [kernel, recurrentKernel, bias] = ctx.weights;
  return { inputDim: ctx.shapes.inShape[1], units, kernel: kernel.values, recurrentKernel: recurrentKernel.values, bias: bias.values };
}

function lstmOptions(spec: Extract<LayerSpec, { kind: 'lstm' }>, state?: LstmState, from?: number, stepMask?: Floats): LstmOptions {
  return { activation: spec.activation, h0: state?.h, c0: state?.c, from, stepMask };
}

/** A recurrent layer's three weights from `weights[at…at+2]` (a Bidirectional holds two such triples). */
function recurrentWeightsOf(weights: readonly Weight[], at: number, inputDim: number, units: number): RecurrentWeights {
  const [kernel, recurrentKernel, bias] = weights.slice(at, at + 3);
  return { inputDim, units, kernel: kernel.values, recurrentKernel: recurrentKernel.values, bias: bias.values };
}

/** The LSTM resumes at the first step whose input can differ. */
function lstmResume({ agreeBefore, earlier }: SharedSteps): LstmResume {
  if (!earlier.lstm || earlier.lstm.batch !== 1 || earlier.lstm.from !== 0) throw new Error('An LSTM resumes after a one-row run from step 0.');
  return { from: Math.min(agreeBefore, earlier.lstm.steps), earlier: earlier.lstm };
}

/** Every row's state after `resume.earlier`'s step from − 1: where the resumed rows start. */
function resumedState(resume: LstmResume, rows: number, units: number): LstmState | undefined {
  if (resume.from === 0) return undefined;
  const last = resume.from - 1, h = new Float64Array(rows * units), c = new Float64Array(rows * units);
  for (let r = 0; r < rows; r++) {
    h.set(resume.earlier.h[last], r * units);
    c.set(resume.earlier.c[last], r * units);
  }
  return { h, c };
}

/**
 * A GRU or SimpleRNN on its reference cell (`recurrent.ts`). It computes every step (no resuming
 * another run's, as the LSTM does: an optimisation only) and is never stateful.
 */
function recurrentLayer(kind: 'gru' | 'simpleRnn'): ReferenceLayer<Extract<LayerSpec, { kind: 'gru' | 'simpleRnn' }>> {
  const cell = RECURRENT_KINDS[kind];
  return {
    firstDifference: (s, _ctx, p) => (s.returnSequences ? p : 0),
    forward: (s, ctx, x) => {
      const [T, I] = ctx.shapes.inShape;
      const recurrent = cell.run(x, ctx.rows, T, recurrentWeightsOf(ctx.weights, 0, I, s.units), { activation: s.activation, stepMask: ctx.stepMask });
      return { y: recurrentOutput(recurrent.forward, s.units, s.returnSequences), recurrent };
    },
    backward: (s, _ctx, _x, run, dy) => run.recurrent!.backward(dy, s.returnSequences).dx,
  };
}

/** Position-wise layers: output position t reads input position t alone. */
const samePosition = (_s: LayerSpec, _ctx: unknown, p: number): number => p;

/** Dense on the last axis: every leading position is a row of its own. */
function denseRows(ctx: LayerContext): { n: number; inF: number } {
  const inShape = ctx.shapes.inShape;
  const inF = inShape[inShape.length - 1];
  return { n: (ctx.rows * size(inShape)) / inF, inF };
}

const LAYERS: ReferenceLayers = {
  embedding: {
    firstDifference: samePosition,
    forward: (s, ctx, x) => {
      const table = ctx.weights[0].values, E = s.outputDim, y = new Float64Array(x.length * E);
      for (let j = 0; j < x.length; j++) {
        const id = x[j];
        if (!(Number.isInteger(id) && id >= 0 && id < s.inputDim)) throw new Error(`Word id ${id} is outside the embedding's 0…${s.inputDim - 1}.`);
        for (let e = 0; e < E; e++) y[j * E + e] = table[id * E + e];
      }
      return { y };
    },
    backward: () => null,
  },
  lstm: {
    // h_t reads steps 0…t: the first step that can differ is the input's. The last h alone (no
    // sequence) reads them all.
    firstDifference: (s, _ctx, p) => (s.returnSequences ? p : 0),
    forward: (s, ctx, x, state, shared) => {
      if (shared && state) throw new Error('A stateful LSTM starts from its carried state: it cannot resume another run.');
      // A masked LSTM runs every step: its masked steps keep the state, which `from` cannot say
      // (the same output as resuming; only slower).
      const resume = shared && !ctx.stepMask ? lstmResume(shared) : undefined;
      const initial = resume ? resumedState(resume, ctx.rows, s.units) : state;
      const lstm = lstmForward(x, ctx.rows, ctx.shapes.inShape[0], lstmWeightsOf(ctx, s.units), lstmOptions(s, initial, resume?.from, ctx.stepMask));
      return { y: lstmOutput(lstm, s.units, s.returnSequences, resume?.earlier), lstm, initial };
    },
    // Only the input's gradient leaves the model's backward: the weights' are not computed.
    backward: (s, ctx, x, run, dy) => lstmBackward(x, lstmWeightsOf(ctx, s.units), run.lstm!, dy, s.returnSequences, lstmOptions(s, run.initial, run.lstm!.from), true).dx,
  },
  gru: recurrentLayer('gru'),
  simpleRnn: recurrentLayer('simpleRnn'),
  bidirectional: {
    // The backward layer reads from the last step: a step that can differ reaches every output.
    firstDifference: () => 0,
    // Both directions run every step (Keras' order of weights: the forward layer's three, then the backward's).
    forward: (s, ctx, x) => {
      const [T, I] = ctx.shapes.inShape, U = s.layer.units;
      const bidirectional = bidirectionalForward(s.layer.kind, x, ctx.rows, T, {
        forward: recurrentWeightsOf(ctx.weights, 0, I, U), backward: recurrentWeightsOf(ctx.weights, 3, I, U),
      }, { activation: s.layer.activation, returnSequences: s.layer.returnSequences, stepMask: ctx.stepMask });
      return { y: bidirectional.y, bidirectional };
    },
    backward: (_s, _ctx, _x, run, dy) => bidirectionalBackward(run.bidirectional!, dy).dx,
  },
  // Inference: Keras' Dropout passes its input through.
  dropout: {
    firstDifference: samePosition,
    forward: (_s, _ctx, x) => ({ y: Float64Array.from(x) }),
    backward: (_s, _ctx, _x, _run, dy) => Float64Array.from(dy),
  },
  conv1d: {
    // Output t reads positions t − padLeft … t − padLeft + K − 1.
    firstDifference: (s, ctx, p) => Math.max(0, p - s.kernelSize + 1 + conv1dGeometry(ctx.shapes.inShape[0], s.kernelSize, s.padding).padLeft),
    forward: (s, ctx, x, _state, shared) => {
      const [T, C] = ctx.shapes.inShape, F = s.filters, K = s.kernelSize;
      const { outSteps, padLeft } = conv1dGeometry(T, K, s.padding);
      const [kernel, bias] = ctx.weights.map((w) => w.values);
      const y = new Float64Array(ctx.rows * outSteps * F);
      // Positions whose window lies where the input agreed with a shared run's: that run's outputs.
      const first = shared ? Math.min(outSteps, LAYERS.conv1d.firstDifference(s, ctx, shared.agreeBefore)) : 0;
      for (let b = 0; b < ctx.rows; b++) {
        if (first > 0) y.set(shared!.earlier.y.subarray(0, first * F), b * outSteps * F);
        for (let t = first; t < outSteps; t++) {
          for (let f = 0; f < F; f++) {
            let z = bias[f];
            for (let k = 0; k < K; k++) {
              const src = t - padLeft + k;
              if (src < 0 || src >= T) continue; // 'same' pads with zeros
              for (let c = 0; c < C; c++) z += x[(b * T + src) * C + c] * kernel[(k * C + c) * F + f];
            }
            y[(b * outSteps + t) * F + f] = Math.max(0, z);
          }
        }
      }
      return { y };
    },
    backward: (s, ctx, _x, run, dy) => {
      const [T, C] = ctx.shapes.inShape, F = s.filters, K = s.kernelSize;
      const { outSteps, padLeft } = conv1dGeometry(T, K, s.padding);
      const kernel = ctx.weights[0].values, dx = new Float64Array(ctx.rows * T * C);
      for (let b = 0; b < ctx.rows; b++) {
        for (let t = 0; t < outSteps; t++) {
          for (let f = 0; f < F; f++) {
            const at = (b * outSteps + t) * F + f;
            // relu′; and nothing to add where no gradient arrives (the same bits: dx starts at +0).
            if (run.y[at] <= 0 || dy[at] === 0) continue;
            for (let k = 0; k < K; k++) {
              const src = t - padLeft + k;
              if (src < 0 || src >= T) continue;
              for (let c = 0; c < C; c++) dx[(b * T + src) * C + c] += dy[at] * kernel[(k * C + c) * F + f];
            }
          }
        }
      }
      return dx;
    },
  },
  maxPooling1d: {
    firstDifference: (s, _ctx, p) => Math.floor(p / s.poolSize),
    forward: (s, ctx, x) => {
      const [T, C] = ctx.shapes.inShape, P = s.poolSize, To = Math.floor(T / P), y = new Float64Array(ctx.rows * To * C);
      for (let b = 0; b < ctx.rows; b++) {
        for (let t = 0; t < To; t++) {
          for (let c = 0; c < C; c++) {
            let m = -Infinity;
            for (let p = 0; p < P; p++) m = Math.max(m, x[(b * T + t * P + p) * C + c]);
            y[(b * To + t) * C + c] = m;
          }
        }
      }
      return { y };
    },
    // The gradient goes to the window's first maximum.
    backward: (s, ctx, x, run, dy) => {
      const [T, C] = ctx.shapes.inShape, P = s.poolSize, To = Math.floor(T / P), dx = new Float64Array(ctx.rows * T * C);
      for (let b = 0; b < ctx.rows; b++) {
        for (let t = 0; t < To; t++) {
          for (let c = 0; c < C; c++) {
            const at = (b * To + t) * C + c;
            for (let p = 0; p < P; p++) {
              const src = (b * T + t * P + p) * C + c;
              if (x[src] === run.y[at]) {
                dx[src] += dy[at];
                break;
              }
            }
          }
        }
      }
      return dx;
    },
  },
  // Every step reaches the one output vector: nothing of a shared run's can be taken.
  globalAveragePooling1d: {
    firstDifference: () => 0,
    forward: (_s, ctx, x) => {
      const [T, F] = ctx.shapes.inShape;
      return { y: averagePool(x, ctx.rows, T, F, ctx.stepMask), stepMask: ctx.stepMask };
    },
    backward: (_s, ctx, _x, run, dy) => {
      const [T, F] = ctx.shapes.inShape;
      return averagePoolBackward(dy, ctx.rows, T, F, run.stepMask);
    },
  },
  // On the last axis: position-wise on a sequence.
  dense: {
    firstDifference: samePosition,
    forward: (s, ctx, x) => {
      const { n, inF } = denseRows(ctx), U = s.units;
      const [kernel, bias] = ctx.weights.map((w) => w.values);
      const y = new Float64Array(n * U);
      for (let r = 0; r < n; r++) {
        for (let u = 0; u < U; u++) {
          let z = bias[u];
          for (let k = 0; k < inF; k++) z += x[r * inF + k] * kernel[k * U + u];
          y[r * U + u] = z;
        }
        activate(s.activation, y.subarray(r * U, (r + 1) * U));
      }
      return { y };
    },
    backward: (s, ctx, _x, run, dy) => {
      const { n, inF } = denseRows(ctx), U = s.units, kernel = ctx.weights[0].values;
      const dx = new Float64Array(n * inF);
      for (let r = 0; r < n; r++) {
        const dz = activationBackward(s.activation, run.y.subarray(r * U, (r + 1) * U), Float64Array.from({ length: U }, (_, u) => dy[r * U + u]));
        for (let k = 0; k < inF; k++) {
          let sum = 0;
          for (let u = 0; u < U; u++) sum += dz[u] * kernel[k * U + u];
          dx[r * inF + k] = sum;
        }
      }
      return dx;
    },
  },
};

type DenseActivation = Extract<LayerSpec, { kind: 'dense' }>['activation'];

/** In place, on one row of pre-activations. */
function activate(activation: DenseActivation, z: Float64Array): void {
  if (activation === 'sigmoid') for (let u = 0; u < z.length; u++) z[u] = sigmoid(z[u]);
  if (activation === 'softmax') {
    const max = Math.max(...z);
    let sum = 0;
    for (let u = 0; u < z.length; u++) sum += z[u] = Math.exp(z[u] - max);
    for (let u = 0; u < z.length; u++) z[u] /= sum;
  }
}

/** The pre-activations' gradient from the outputs `p` and their gradient `dp` (one row). */
function activationBackward(activation: DenseActivation, p: Float64Array, dp: Float64Array): Float64Array {
  if (activation === 'sigmoid') return dp.map((d, u) => d * p[u] * (1 - p[u]));
  if (activation === 'softmax') {
    let dot = 0;
    for (let u = 0; u < p.length; u++) dot += dp[u] * p[u];
    return dp.map((d, u) => p[u] * (d - dot));
  }
  return dp;
}

function rowOf<S extends LayerSpec>(spec: S): ReferenceLayer<S> {
  return LAYERS[spec.kind] as unknown as ReferenceLayer<S>;
}

/** A model ready to run: its layers' shapes and weights, checked once. */
export interface ReferenceModel {
  spec: ModelSpec;
  layers: { shapes: LayerShapes; weights: readonly Weight[] }[];
}

export function referenceModel(spec: ModelSpec, weights: ModelWeights): ReferenceModel {
  const shapes = modelShapes(spec);
  if (!shapes.ok) throw new Error(shapes.problem.message);
  const byLayer = weightsByLayer(spec, weights);
  return { spec, layers: shapes.layers.map((s, i) => ({ shapes: s, weights: byLayer[i] })) };
}

/** Every layer's input and what it computed, layers `from`…end. */
export interface ModelRun {
  from: number;
  rows: number;
  /** inputs[i − from]: layer i's input. */
  inputs: Floats[];
  runs: LayerRun[];
  /** The model's output, [rows, ...outShape]. */
  output: Float64Array;
}

/**
 * A run to take the LSTMs' first steps from: every row of the input agrees with its input (one
 * row) at the positions before `agreeBefore` (a review's padding). Each LSTM then runs only from
 * the first step that can differ, from `run`'s state there: the same numbers, bit for bit, as
 * running every step (each row's arithmetic is its own), but the model's backward gives no
 * gradient to positions before `agreeBefore`. A masked LSTM, a GRU, a SimpleRNN and a
 * Bidirectional run every step all the same (an optimisation they do without).
 */
export interface SharedPrefix {
  run: ModelRun;
  agreeBefore: number;
}

export interface ForwardOptions {
  /** The first layer to run; `x` is its input (e.g. embedded words, to take gradients there). */
  from?: number;
  /** Where each stateful LSTM starts, by layer index (zeros when absent). */
  states?: ReadonlyMap<number, LstmState>;
  prefix?: SharedPrefix;
  /**
   * A masked model's step mask [rows, steps] (`stepMaskOf`), for a run that starts after its
   * Embedding: the word ids it is made of are not there. A run from the Embedding makes it from
   * the ids.
   */
  stepMask?: Floats;
}

/**
 * The step mask a masked model (`usesStepMask`: an `Embedding(mask_zero=True)` before a recurrent
 * layer) reads for word ids [rows, steps], 0 at id 0; undefined for any other model.
 */
export function stepMaskOf(spec: ModelSpec, ids: Floats): Float64Array | undefined {
  return usesStepMask(spec) ? maskOfIds(ids) : undefined;
}

/** Layer `index` of `prefix.run`, whose input agreed with this run's before position `at`. */
function sharedOf(prefix: SharedPrefix, index: number, at: number): SharedSteps {
  if (prefix.run.rows !== 1) throw new Error('A shared prefix is a one-row run.');
  return { agreeBefore: at, earlier: prefix.run.runs[index - prefix.run.from] };
}

/** The model from layer `from` on, on `rows` samples of `x`. */
export function forwardModel(model: ReferenceModel, x: Floats, rows: number, options: ForwardOptions = {}): ModelRun {
  const from = options.from ?? 0, prefix = options.prefix;
  if (prefix && prefix.run.from > from) throw new Error(`The shared prefix starts at layer ${prefix.run.from + 1}, after layer ${from + 1}.`);
  const run: ModelRun = { from, rows, inputs: [], runs: [], output: new Float64Array(0) };
  let h: Floats = x;
  /** The first position of layer i's input that can differ from the prefix run's. */
  let differs = prefix?.agreeBefore ?? 0;
  const masked = maskedInputs(model.spec);
  /** The step mask the layers that read one get: given, or made from the ids at the Embedding. */
  let stepMask = options.stepMask;
  for (let i = from; i < model.layers.length; i++) {
    const spec = model.spec.layers[i];
    const { shapes, weights } = model.layers[i];
    if (masked[i] && !stepMask && kindRowOf(spec).mask(spec) === 'read') throw new Error(`Layer ${i + 1} (${spec.kind}) reads the word ids' step mask: give it (\`stepMask\`) to a run that starts after the Embedding.`);
    const state = spec.kind === 'lstm' && spec.stateful ? options.states?.get(i) : undefined;
    const ctx: LayerContext = { shapes, weights, rows, stepMask: masked[i] ? stepMask : undefined };
    const layer = rowOf(spec).forward(spec, ctx, h, state, prefix && sharedOf(prefix, i, differs));
    if (spec.kind === 'embedding' && spec.maskZero) stepMask = maskOfIds(h);
    if (prefix) differs = rowOf(spec).firstDifference(spec, { shapes }, differs);
    run.inputs.push(h);
    run.runs.push(layer);
    h = layer.y;
  }
  run.output = Float64Array.from(h);
  return run;
}

/** The gradient reaching the input of layer `run.from`, from `dOutput` reaching the model's output. */
export function backwardModel(model: ReferenceModel, run: ModelRun, dOutput: Floats): Float64Array {
  let dy: Floats = dOutput;
  for (let i = model.layers.length - 1; i >= run.from; i--) {
    const spec = model.spec.layers[i];
    const { shapes, weights } = model.layers[i];
    const dx = rowOf(spec).backward(spec, { shapes, weights, rows: run.rows }, run.inputs[i - run.from], run.runs[i - run.from], dy);
    if (!dx) throw new Error(`Gradients cannot pass through layer ${i + 1} (${spec.kind}); start after it.`);
    dy = dx;
  }
  return Float64Array.from(dy);
}

/** The final state of each stateful LSTM in a run, by layer index: where the next call starts. */
export function finalStates(model: ReferenceModel, run: ModelRun): Map<number, LstmState> {
  const states = new Map<number, LstmState>();
  run.runs.forEach((r, k) => {
    const spec = model.spec.layers[run.from + k];
    if (spec.kind === 'lstm' && spec.stateful && r.lstm) states.set(run.from + k, { h: r.lstm.hT, c: r.lstm.cT });
  });
  return states;
}
