/**
 * Keras' Conv1D and MaxPooling1D for the typed-array trainer (the IMDB + Conv1D tutorial), on
 * [timesteps, channels] rows of the arena like the layers in `layers.ts`.
 */
import type { LayerSpec } from '../../scenarios/types';
import { transpose } from '../model/fusedLstm/math';
import { arenaWeights, type Factory, type LayerContext, type TinyLayer } from './layerBase';

type Conv1DSpec = Extract<LayerSpec, { kind: 'conv1d' }>;

/** Output length and left padding of a stride-1 Conv1D, as Keras pads ('same': the extra one on the right). */
export function conv1dGeometry(steps: number, kernelSize: number, padding: Conv1DSpec['padding']): { outSteps: number; padLeft: number } {
  return padding === 'same'
    ? { outSteps: steps, padLeft: Math.floor((kernelSize - 1) / 2) }
    : { outSteps: steps - kernelSize + 1, padLeft: 0 };
}

/**
 * Conv1D with stride 1 and a relu, as one product: each output step's window of kernelSize input
 * steps (zeros past either end) is copied into a row of `cols` [rows, kernelSize·channels], whose
 * layout matches the Keras kernel [kernelSize, channels, filters] read as a matrix, so
 * y = relu(cols·W + b). The backward is the same product's gradients, then each window's gradient
 * added back onto the input steps it came from.
 */
class TinyConv1D implements TinyLayer {
  readonly weights: Float32Array[];
  readonly grads: Float32Array[];
  readonly outShape: readonly number[];
  private readonly T: number;
  private readonly C: number;
  private readonly F: number;
  private readonly K: number;
  private readonly outSteps: number;
  private readonly padLeft: number;
  private readonly cols: Float32Array;
  private readonly y: Float32Array;
  private readonly dz: Float32Array;
  private readonly dcols: Float32Array;
  private readonly dx: Float32Array;
  private readonly WT: Float32Array;
  private readonly ones: Float32Array;

  constructor(spec: Conv1DSpec, private readonly ctx: LayerContext) {
    if (ctx.inShape.length !== 2) throw new Error(`Conv1D needs [timesteps, channels] input, got [${ctx.inShape}].`);
    [this.T, this.C] = ctx.inShape;
    this.F = spec.filters;
    this.K = spec.kernelSize;
    ({ outSteps: this.outSteps, padLeft: this.padLeft } = conv1dGeometry(this.T, this.K, spec.padding));
    if (this.outSteps < 1) throw new Error(`Conv1D: a kernel of ${this.K} does not fit ${this.T} timesteps without padding.`);
    this.outShape = [this.outSteps, this.F];
    const KC = this.K * this.C, rows = ctx.maxBatch * this.outSteps, a = ctx.alloc;
    this.weights = arenaWeights(ctx, [KC * this.F, this.F], `Conv1D(${this.F}, ${this.K})`);
    this.grads = this.weights.map((w) => a.alloc(w.length));
    this.cols = a.alloc(rows * KC);
    this.y = a.alloc(rows * this.F);
    this.dz = a.alloc(rows * this.F);
    this.dcols = a.alloc(rows * KC);
    this.dx = a.alloc(ctx.maxBatch * this.T * this.C);
    this.WT = a.alloc(this.F * KC);
    this.ones = a.alloc(rows).fill(1);
  }

  forward(x: Float32Array, B: number): Float32Array {
    const { T, C, F, K, outSteps, padLeft, cols, y } = this;
    const KC = K * C, rows = B * outSteps;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < outSteps; t++) {
        const row = (b * outSteps + t) * KC;
        for (let k = 0; k < K; k++) {
          const src = t - padLeft + k, dst = row + k * C;
          if (src < 0 || src >= T) cols.fill(0, dst, dst + C);
          else for (let c = 0; c < C; c++) cols[dst + c] = x[(b * T + src) * C + c];
        }
      }
    }
    const [W, bias] = this.weights;
    for (let r = 0; r < rows; r++) y.set(bias, r * F);
    this.ctx.kernels.gemm(cols, 0, KC, 1, W, 0, y, 0, rows, KC, F, true);
    // relu; `< 0` keeps a NaN, so a diverging run still shows a NaN loss.
    for (let j = 0; j < rows * F; j++) if (y[j] < 0) y[j] = 0;
    return y;
  }

  backward(dy: Float32Array, B: number): Float32Array {
    const { T, C, F, K, outSteps, padLeft, y, dz, cols, dcols, dx } = this;
    const KC = K * C, rows = B * outSteps, Kn = this.ctx.kernels;
    // Through the relu: the gradient passes where the output is positive.
    for (let j = 0; j < rows * F; j++) dz[j] = y[j] > 0 ? dy[j] : 0;
    const [dW, db] = this.grads;
    Kn.gemm(cols, 0, 1, KC, dz, 0, dW, 0, KC, rows, F, false);
    Kn.gemm(this.ones, 0, rows, 1, dz, 0, db, 0, 1, rows, F, false);
    // dcols = dz·Wᵀ, through a transposed copy of W (the blocked product; see layers.ts).
    transpose(this.weights[0], 0, KC, F, this.WT);
    Kn.gemm(dz, 0, F, 1, this.WT, 0, dcols, 0, rows, F, KC, false);
    dx.fill(0, 0, B * T * C);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < outSteps; t++) {
        const row = (b * outSteps + t) * KC;
        for (let k = 0; k < K; k++) {
          const src = t - padLeft + k;
          if (src < 0 || src >= T) continue;
          const from = row + k * C, to = (b * T + src) * C;
          for (let c = 0; c < C; c++) dx[to + c] += dcols[from + c];
        }
      }
    }
    return dx;
  }

  resetStates(): void {}
}

type MaxPooling1DSpec = Extract<LayerSpec, { kind: 'maxPooling1d' }>;

/**
 * MaxPooling1D with strides equal to the pool size and no padding (Keras' defaults): each output
 * step is the per-channel maximum of poolSize input steps; the gradient goes to the step that
 * held it (the first on a tie; after a relu those are zeros, whose gradient the relu stops anyway).
 */
class TinyMaxPooling1D implements TinyLayer {
  readonly weights: Float32Array[] = [];
  readonly grads: Float32Array[] = [];
  readonly outShape: readonly number[];
  private readonly T: number;
  private readonly C: number;
  private readonly P: number;
  private readonly outSteps: number;
  private readonly y: Float32Array;
  private readonly dx: Float32Array;
  /** For each output value, the input index that held the maximum. */
  private readonly from: Int32Array;

  constructor(spec: MaxPooling1DSpec, ctx: LayerContext) {
    if (ctx.inShape.length !== 2) throw new Error(`MaxPooling1D needs [timesteps, channels] input, got [${ctx.inShape}].`);
    [this.T, this.C] = ctx.inShape;
    this.P = spec.poolSize;
    this.outSteps = Math.floor(this.T / this.P);
    if (this.outSteps < 1) throw new Error(`MaxPooling1D: a pool of ${this.P} does not fit ${this.T} timesteps.`);
    this.outShape = [this.outSteps, this.C];
    this.y = ctx.alloc.alloc(ctx.maxBatch * this.outSteps * this.C);
    this.dx = ctx.alloc.alloc(ctx.maxBatch * this.T * this.C);
    this.from = new Int32Array(ctx.maxBatch * this.outSteps * this.C);
  }

  forward(x: Float32Array, B: number): Float32Array {
    const { T, C, P, outSteps, y, from } = this;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < outSteps; t++) {
        const out = (b * outSteps + t) * C, first = (b * T + t * P) * C;
        for (let c = 0; c < C; c++) {
          let at = first + c;
          for (let p = 1; p < P; p++) if (x[first + p * C + c] > x[at]) at = first + p * C + c;
          y[out + c] = x[at];
          from[out + c] = at;
        }
      }
    }
    return y;
  }

  backward(dy: Float32Array, B: number): Float32Array {
    const { T, C, outSteps, dx, from } = this;
    dx.fill(0, 0, B * T * C);
    const n = B * outSteps * C;
    for (let j = 0; j < n; j++) dx[from[j]] += dy[j];
    return dx;
  }

  resetStates(): void {}
}

/** The convolutional kinds, merged into `TINY_LAYERS`. */
export const TINY_CONV_LAYERS: {
  readonly conv1d: Factory<Conv1DSpec>;
  readonly maxPooling1d: Factory<MaxPooling1DSpec>;
} = {
  conv1d: (spec, ctx) => new TinyConv1D(spec, ctx),
  maxPooling1d: (spec, ctx) => new TinyMaxPooling1D(spec, ctx),
};
