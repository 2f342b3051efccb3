/**
 * Keras' GRU (Keras 2: `reset_after=True`) and SimpleRNN as tfjs layers, written with tfjs ops
 * step by step so tfjs' autodiff gives the backward through time. Why not tfjs-layers' own:
 * - its GRU is Keras 1's cell (`reset_after=False`: one bias, the reset gate before the recurrent
 *   product) and refuses `resetAfter: true`, so Keras' GRU weights mean something else to it;
 * - its dropout masks are unseeded, so a shared link would not reproduce a run; here they come from
 *   the builder's seeded `dropoutFunc`, one input and one recurrent mask per batch shared by every
 *   step and gate (Keras' `implementation=2`), as the LSTM's.
 * The maths is the reference cells' (`../reference/gru.ts`, `../reference/simpleRnn.ts`), with
 * Keras' masking (`../reference/sequence.ts`) when an `Embedding(mask_zero=True)` hands them a step
 * mask; the tests hold these layers to them, forward and gradients.
 *
 * `SeededBidirectional` is Keras' `Bidirectional(layer, merge_mode='concat')` around any of the
 * recurrent layers (these two, or tfjs-layers' LSTM). Why not tfjs-layers' own `bidirectional`:
 * - it copies the wrapped layer through its config (`getConfig` then `deserialize`), which loses
 *   the seeded `dropoutFunc` and cannot rebuild these unregistered classes;
 * - on a masked step of a returned sequence it repeats the previous output, where Keras outputs
 *   zeros (Keras forces `zero_output_for_mask` on both directions; `../reference/bidirectional.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../spec/types';
import type { DropoutFunc, LayerExtra } from './buildModel';

type RecurrentSpec = Extract<LayerSpec, { kind: 'gru' | 'simpleRnn' }>;

/** One step of a cell: the new state from the masked input's and state's products. */
interface Cell {
  /** Column blocks of the kernels (z, r, h for the GRU; one for SimpleRNN). */
  gates: number;
  /** The bias' shape for `units` (the GRU keeps its input and recurrent biases apart). */
  biasShape(units: number): number[];
  step(xw: tf.Tensor2D, h: tf.Tensor2D, hMasked: tf.Tensor2D, recurrent: tf.Tensor2D, bias: tf.Tensor, act: (x: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D;
}

const CELLS: { readonly [K in RecurrentSpec['kind']]: Cell } = {
  gru: {
    gates: 3,
    biasShape: (units) => [2, 3 * units],
    step: (xw, h, hMasked, recurrent, bias, act) => {
      const [bx, bh] = tf.unstack(bias as tf.Tensor2D) as tf.Tensor1D[];
      const xh = tf.add(xw, bx) as tf.Tensor2D;
      const hh = tf.add(tf.matMul(hMasked, recurrent), bh) as tf.Tensor2D;
      const [xz, xr, xn] = tf.split(xh, 3, 1) as tf.Tensor2D[];
      const [hz, hr, hn] = tf.split(hh, 3, 1) as tf.Tensor2D[];
      const z = tf.sigmoid(tf.add(xz, hz)) as tf.Tensor2D;
      const r = tf.sigmoid(tf.add(xr, hr)) as tf.Tensor2D;
      const n = act(tf.add(xn, tf.mul(r, hn)) as tf.Tensor2D);
      // h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n, with h_{t−1} unmasked, as Keras blends.
      return tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), n)) as tf.Tensor2D;
    },
  },
  simpleRnn: {
    gates: 1,
    biasShape: (units) => [units],
    step: (xw, _h, hMasked, recurrent, bias, act) => act(tf.add(tf.add(xw, tf.matMul(hMasked, recurrent)), bias) as tf.Tensor2D),
  },
};

const ACTIVATIONS: { readonly [A in RecurrentSpec['activation']]: (x: tf.Tensor2D) => tf.Tensor2D } = {
  tanh: (x) => tf.tanh(x),
  relu: (x) => tf.relu(x),
};

interface RecurrentArgs {
  spec: RecurrentSpec;
  extra: LayerExtra;
}

/** The first input, and the first mask, of a layer called with one or several. */
export const first = <T>(a: T | T[]): T => (Array.isArray(a) ? a[0] : a);

/**
 * A step mask [batch, steps] (bool from tfjs' Embedding) as 0/1 floats, or null: what tfjs' model
 * executor hands a layer in `kwargs.mask` (training and prediction alike). Also read by
 * `poolingLayers.ts`.
 */
export function stepMaskOf(kwargs: { [key: string]: unknown }): tf.Tensor2D | null {
  const mask = first(kwargs['mask'] as tf.Tensor | tf.Tensor[] | null | undefined);
  return mask ? (tf.cast(mask, 'float32') as tf.Tensor2D) : null;
}

/**
 * A recurrent layer's output mask: its input's while it returns sequences, none after one vector.
 * tfjs' declared type has no null, but its executor takes null for "no mask", as its own RNN returns.
 */
const outputMask = (returnSequences: boolean, mask?: tf.Tensor | tf.Tensor[]): tf.Tensor =>
  (returnSequences && mask ? first(mask) : null) as unknown as tf.Tensor;

/** The shared layer; each kind's subclass gives it Keras' class name (summaries, saved topologies). */
abstract class SeededRecurrent extends tf.layers.Layer {
  private readonly spec: RecurrentSpec;
  private readonly cell: Cell;
  private readonly dropoutFunc?: DropoutFunc;
  private kernel!: tf.LayerVariable;
  private recurrentKernel!: tf.LayerVariable;
  private bias!: tf.LayerVariable;

  constructor({ spec, extra }: RecurrentArgs) {
    super({ name: extra.name, inputShape: extra.inputShape, batchInputShape: extra.batchInputShape });
    this.spec = spec;
    this.cell = CELLS[spec.kind];
    this.dropoutFunc = extra.dropoutFunc;
    // Reads the step mask of Embedding(mask_zero=True), and hands it on while returning sequences.
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1]!;
    const { units } = this.spec, columns = this.cell.gates * units;
    // Zeros: the builder writes Keras' initial weights (or the given ones) over them.
    const zeros = tf.initializers.zeros();
    this.kernel = this.addWeight('kernel', [features, columns], 'float32', zeros);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [units, columns], 'float32', zeros);
    this.bias = this.addWeight('bias', this.cell.biasShape(units), 'float32', zeros);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.spec.returnSequences ? [shape[0], shape[1], this.spec.units] : [shape[0], this.spec.units];
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return outputMask(this.spec.returnSequences, mask);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { [key: string]: unknown }): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [batch, steps, features] = x.shape;
      const { units, dropout, recurrentDropout, activation, returnSequences } = this.spec;
      const training = kwargs['training'] === true;
      // One mask of each kind per batch, shared by every step (Keras' implementation 2).
      const mask = (rate: number, width: number): tf.Tensor2D | null =>
        training && rate > 0 && rate < 1 && this.dropoutFunc ? (this.dropoutFunc(tf.ones([batch, width]), rate) as tf.Tensor2D) : null;
      const inputMask = mask(dropout, features);
      const recurrentMask = mask(recurrentDropout, units);
      const kernel = this.kernel.read() as tf.Tensor2D;
      const recurrent = this.recurrentKernel.read() as tf.Tensor2D;
      const bias = this.bias.read();
      const act = ACTIVATIONS[activation];
      const stepMask = stepMaskOf(kwargs);
      // Every step's input product at once: [batch·steps, F]·[F, G·U].
      const xm = inputMask ? tf.mul(x, inputMask.expandDims(1)) : x;
      const G = this.cell.gates * units;
      const xw = tf.matMul(xm.reshape([batch * steps, features]), kernel).reshape([batch, steps, G]);
      // Slices, not tf.unstack: unstack's gradient fails on a single timestep (as tfjs-layers' RNN does).
      const perStep = Array.from({ length: steps }, (_, t) => tf.slice(xw, [0, t, 0], [batch, 1, G]).reshape([batch, G]) as tf.Tensor2D);
      let h: tf.Tensor2D = tf.zeros([batch, units]);
      const outputs: tf.Tensor2D[] = [];
      for (let t = 0; t < steps; t++) {
        const hMasked = recurrentMask ? (tf.mul(h, recurrentMask) as tf.Tensor2D) : h;
        const next = this.cell.step(perStep[t], h, hMasked, recurrent, bias, act);
        if (stepMask) {
          // Keras' masking: a masked row keeps its state and outputs its previous output, which is
          // its state (zeros before its first real step: these layers start from zeros).
          const real = tf.slice(stepMask, [0, t], [batch, 1]);
          h = tf.add(tf.mul(next, real), tf.mul(h, tf.sub(1, real))) as tf.Tensor2D;
        } else {
          h = next;
        }
        if (returnSequences) outputs.push(h);
      }
      return returnSequences ? (steps === 1 ? tf.expandDims(h, 1) : tf.stack(outputs, 1)) : h;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { units, activation, returnSequences, dropout, recurrentDropout } = this.spec;
    return {
      ...super.getConfig(), units, activation, return_sequences: returnSequences, dropout, recurrent_dropout: recurrentDropout,
      ...(this.spec.kind === 'gru' ? { recurrent_activation: 'sigmoid', reset_after: true } : {}),
    };
  }
}

/** Keras 2's GRU (reset_after=True). */
export class SeededGru extends SeededRecurrent {
  static className = 'GRU';
}

/** Keras' SimpleRNN. */
export class SeededSimpleRnn extends SeededRecurrent {
  static className = 'SimpleRNN';
}

interface BidirectionalArgs {
  /** The wrapped layer reading forwards, and its copy (its own weights) reading backwards, built alike. */
  forward: tf.layers.Layer;
  backward: tf.layers.Layer;
  returnSequences: boolean;
  /** The wrapped layer's Keras class and name (`LSTM`, `lstm`), as the saved config names it. */
  innerClassName: string;
  innerName: string;
  extra: LayerExtra;
}

/**
 * Keras' `Bidirectional(layer, merge_mode='concat')`: `forward` reads each row's steps in order,
 * `backward` reads them reversed with their mask reversed (Keras' `go_backwards`), its sequence is
 * reversed back, and the two are concatenated on the last axis; a returned sequence is zeros at
 * masked steps, as Keras'. The weights are the forward layer's, then the backward layer's.
 */
export class SeededBidirectional extends tf.layers.Layer {
  static className = 'Bidirectional';
  readonly forward: tf.layers.Layer;
  readonly backward: tf.layers.Layer;
  private readonly returnSequences: boolean;
  private readonly innerClassName: string;
  private readonly innerName: string;

  constructor({ forward, backward, returnSequences, innerClassName, innerName, extra }: BidirectionalArgs) {
    super({ name: extra.name, inputShape: extra.inputShape, batchInputShape: extra.batchInputShape });
    this.forward = forward;
    this.backward = backward;
    this.returnSequences = returnSequences;
    this.innerClassName = innerClassName;
    this.innerName = innerName;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    // Each direction is applied once to a symbolic input inside this layer's name scope (`build`
    // runs in it), so it builds there: its variables are `bidirectional/forward_lstm/kernel`, …,
    // the names tfjs-layers' own Bidirectional gives them, which `tf.loadLayersModel` looks for.
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const input = tf.input({ batchShape: shape });
    this.forward.apply(input);
    this.backward.apply(input);
    this.built = true;
  }

  // The weights are the two layers' (forward first, as Keras saves them); this layer has none of its own.
  override get trainableWeights(): tf.LayerVariable[] {
    return [...this.forward.trainableWeights, ...this.backward.trainableWeights];
  }

  override set trainableWeights(_weights: tf.LayerVariable[]) {
    // The directions own their weights.
  }

  override get nonTrainableWeights(): tf.LayerVariable[] {
    return [...this.forward.nonTrainableWeights, ...this.backward.nonTrainableWeights];
  }

  override set nonTrainableWeights(_weights: tf.LayerVariable[]) {
    // The directions own their weights.
  }

  /** Each direction frees its own weights (and whatever else it keeps: tfjs' LSTM its dropout masks). */
  protected override disposeWeights(): number {
    return this.forward.dispose().numDisposedVariables + this.backward.dispose().numDisposedVariables;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const out = this.forward.computeOutputShape(inputShape) as tf.Shape;
    return [...out.slice(0, -1), 2 * out[out.length - 1]!];
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return outputMask(this.returnSequences, mask);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { [key: string]: unknown }): tf.Tensor {
    return tf.tidy(() => {
      const x = first(inputs) as tf.Tensor3D;
      const stepMask = stepMaskOf(kwargs);
      const training = kwargs['training'];
      const yForward = this.forward.call(x, { training, ...(stepMask ? { mask: stepMask } : {}) }) as tf.Tensor;
      const yReversed = this.backward.call(tf.reverse(x, 1), { training, ...(stepMask ? { mask: tf.reverse(stepMask, 1) } : {}) }) as tf.Tensor;
      const yBackward = this.returnSequences ? tf.reverse(yReversed, 1) : yReversed;
      const y = tf.concat([yForward, yBackward], -1);
      return this.returnSequences && stepMask ? tf.mul(y, tf.expandDims(stepMask, -1)) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    // Keras' layout: the wrapped layer under its own name (not `forward_…`), and the merge mode.
    return {
      ...super.getConfig(),
      layer: { className: this.innerClassName, config: { ...this.forward.getConfig(), name: this.innerName } },
      mergeMode: 'concat',
    };
  }
}
