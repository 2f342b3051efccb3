/**
 * `FusedLSTM`: a tfjs-layers Layer with Keras LSTM semantics whose forward and backward passes
 * are a handful of kernel calls per sequence (see `ops.ts`) instead of ~115 per timestep.
 *
 * Keras compatibility:
 * - weights `kernel` [inputDim, 4u], `recurrent_kernel` [u, 4u], `bias` [4u], gate order i, f, c,
 *   o, so `getWeights()`/`setWeights()` interchange with tfjs-layers' and Keras' LSTM;
 * - gates use sigmoid (Keras' default; tfjs-layers defaults to hardSigmoid), the cell and output
 *   activation is `tanh` or `relu`;
 * - dropout and recurrent dropout draw one mask per sequence (per call), reused at every
 *   timestep and shared by the four gates, only when called with `training: true`;
 * - stateful: the final (h, c) of one call is the initial state of the next, until
 *   `resetStates()`; the batch size must stay fixed.
 * Not supported: masking, `returnState`, `goBackwards`, `unroll`, regularizers, constraints.
 *
 * Weights start at zero: the model builder sets real values afterwards from its own seeded Keras
 * initialisers.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerSpec } from '../../spec/types';
import { createRng, type Rng } from '../../rng';
import { fusedLstm } from './ops';

type LayerVariable = tf.LayerVariable;
type DisposeResult = ReturnType<tf.layers.Layer['dispose']>;

export interface FusedLstmLayerArgs {
  units: number;
  /** Cell and output activation; the gates always use sigmoid. Default 'tanh'. */
  activation?: 'tanh' | 'relu';
  /** Output every timestep [B,T,U] rather than the last [B,U]. Default false. */
  returnSequences?: boolean;
  /** Fraction of input features dropped (training only), in [0, 1). Default 0. */
  dropout?: number;
  /** Fraction of the recurrent state dropped (training only), in [0, 1). Default 0. */
  recurrentDropout?: number;
  /** Carry state from one call to the next; needs a fixed batch size. Default false. */
  stateful?: boolean;
  /** Seeds the dropout masks; unseeded masks use a random seed. */
  seed?: number;
  /** Per-sample input shape [T, I] (first layer only). */
  inputShape?: (number | null)[];
  /** Input shape with the batch axis [B, T, I] (first layer of a stateful model). */
  batchInputShape?: (number | null)[];
  batchSize?: number;
  name?: string;
  trainable?: boolean;
}

export class FusedLSTM extends tf.layers.Layer {
  /** @nocollapse */
  static className = 'FusedLSTM';

  readonly units: number;
  readonly activation: 'tanh' | 'relu';
  readonly returnSequences: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | undefined;

  private kernel: LayerVariable | null = null;
  private recurrentKernel: LayerVariable | null = null;
  private bias: LayerVariable | null = null;
  private readonly rng: Rng;
  /** Stateful mode: (h, c) [B,U] carried between calls; kept tensors owned by this layer. */
  private states: [tf.Tensor2D, tf.Tensor2D] | null = null;

  constructor(args: FusedLstmLayerArgs) {
    super(args as ConstructorParameters<typeof tf.layers.Layer>[0]);
    if (!Number.isInteger(args.units) || args.units < 1) throw new Error(`FusedLSTM: units must be a positive integer, got ${args.units}.`);
    const rate = (name: string, v: number | undefined): number => {
      const r = v ?? 0;
      if (!(r >= 0 && r < 1)) throw new Error(`FusedLSTM: ${name} must be in [0, 1), got ${v}.`);
      return r;
    };
    this.units = args.units;
    this.activation = args.activation ?? 'tanh';
    if (this.activation !== 'tanh' && this.activation !== 'relu') {
      throw new Error(`FusedLSTM: activation must be 'tanh' or 'relu', got '${String(this.activation)}'.`);
    }
    this.returnSequences = args.returnSequences ?? false;
    this.dropout = rate('dropout', args.dropout);
    this.recurrentDropout = rate('recurrentDropout', args.recurrentDropout);
    this._stateful = args.stateful ?? false;
    this.seed = args.seed;
    this.rng = createRng(args.seed ?? Math.floor(Math.random() * 4294967296));
    this.inputSpec = [new tf.InputSpec({ ndim: 3 })];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1];
    if (inputDim == null) throw new Error('FusedLSTM: the last input dimension must be known.');
    const u = this.units;
    const zeros = tf.initializers.zeros();
    this.kernel = this.addWeight('kernel', [inputDim, 4 * u], 'float32', zeros);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [u, 4 * u], 'float32', zeros);
    this.bias = this.addWeight('bias', [4 * u], 'float32', zeros);
    this.inputSpec = [new tf.InputSpec({ shape: [this.stateful ? shape[0] : null, null, inputDim] })];
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [shape[0], shape[1], this.units] : [shape[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      if (x.rank !== 3) throw new Error(`FusedLSTM expects input [batch, steps, features], got [${x.shape}].`);
      const [batch, , inputDim] = x.shape;
      const training = kwargs?.training === true;
      const inputMask = training && this.dropout > 0 ? this.dropoutMask('input', batch, inputDim, this.dropout) : undefined;
      const recurrentMask =
        training && this.recurrentDropout > 0 ? this.dropoutMask('recurrent', batch, this.units, this.recurrentDropout) : undefined;
      const state = this.stateful ? this.currentStates(batch) : null;
      const result = fusedLstm(x, this.kernel!.read() as tf.Tensor2D, this.recurrentKernel!.read() as tf.Tensor2D, this.bias!.read() as tf.Tensor1D, {
        activation: this.activation,
        returnSequences: this.returnSequences,
        h0: state?.[0],
        c0: state?.[1],
        inputMask,
        recurrentMask,
        keepFinalState: this.stateful,
      });
      if (this.stateful) {
        // The backward pass holds its own references to the old states (saved by customGrad).
        tf.dispose(this.states ?? []);
        this.states = [result.hT!, result.cT!];
      }
      return result.y;
    });
  }

  /**
   * A dropout mask [rows, cols]: 0 with probability `rate`, else 1/(1-rate) (inverted dropout, as
   * Keras). Drawn from this layer's seeded generator; tests override it to inject known masks.
   */
  protected dropoutMask(_kind: 'input' | 'recurrent', rows: number, cols: number, rate: number): tf.Tensor2D {
    const values = new Float32Array(rows * cols);
    const keep = 1 / (1 - rate);
    for (let i = 0; i < values.length; i++) values[i] = this.rng.next() < rate ? 0 : keep;
    return tf.tensor2d(values, [rows, cols]);
  }

  private currentStates(batch: number): [tf.Tensor2D, tf.Tensor2D] {
    if (this.states === null) {
      this.states = [tf.keep(tf.zeros<tf.Rank.R2>([batch, this.units])), tf.keep(tf.zeros<tf.Rank.R2>([batch, this.units]))];
    } else if (this.states[0].shape[0] !== batch) {
      throw new Error(
        `FusedLSTM '${this.name}' is stateful with batch size ${this.states[0].shape[0]} but was called with batch size ${batch}. ` +
          'A stateful LSTM needs the same batch size on every call (call resetStates() to start over).',
      );
    }
    return this.states;
  }

  /** Stateful mode: forget the carried state; the next call starts from zeros. */
  override resetStates(): void {
    if (!this.stateful) throw new Error(`FusedLSTM '${this.name}' is not stateful.`);
    tf.dispose(this.states ?? []);
    this.states = null;
  }

  override dispose(): DisposeResult {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0) {
      tf.dispose(this.states ?? []);
      this.states = null;
    }
    return result;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      returnSequences: this.returnSequences,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      stateful: this.stateful,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    return config;
  }
}
tf.serialization.registerClass(FusedLSTM);

export type LstmLayerSpec = Extract<LayerSpec, { kind: 'lstm' }>;

/** Builds a FusedLSTM from a scenario's layer spec (plugs into the model builder's LstmFactory). */
export function createFusedLstm(
  spec: LstmLayerSpec,
  extra: { inputShape?: number[]; batchInputShape?: number[]; seed?: number; name?: string },
): tf.layers.Layer {
  return new FusedLSTM({
    ...(extra.name ? { name: extra.name } : {}),
    units: spec.units,
    activation: spec.activation,
    returnSequences: spec.returnSequences,
    dropout: spec.dropout,
    recurrentDropout: spec.recurrentDropout,
    stateful: spec.stateful,
    seed: extra.seed,
    ...(extra.inputShape ? { inputShape: extra.inputShape } : {}),
    ...(extra.batchInputShape ? { batchInputShape: extra.batchInputShape } : {}),
  });
}
