/**
 * Keras' Conv1D and MaxPooling1D for the typed trainer (the IMDB + Conv1D tutorial), on
 * [timesteps, channels] rows of the arena like the layers in `layers.ts`.
 */
import type { LayerSpec } from '../spec/types';
import { transpose } from './jsCell';
import { arenaWeights, type Factory, type LayerContext, type TypedLayer } from './layerBase';

type Conv1DSpec = Extract<LayerSpec, { kind: 'conv1d' }>;

/** Output length and left padding of a stride-1 Conv1D, as Keras pads ('same': the extra one on the right). */
export function conv1dGeometry(steps: number, kernelSize: number, padding: Conv1DSpec['padding']): { outSteps: number; padLeft: number } {
  return padding === 'same'
    ? { outSteps: steps, padLeft: Math.floor((kernelSize - 1) / 2) }
    : { outSteps: steps - kernelSize + 1, padLeft: 0 };
}

/**
 * Conv1D with stride 1 and a relu, as products: the Keras kernel [kernelSize, channels, filters]
 * is kernelSize matrices W_k [channels, filters], and output step t adds x[t − padLeft + k]·W_k
 * for each k whose input step exists (zeros past either end contribute nothing). For one sample
 * and one k that is a single product of a run of consecutive input rows, so a batch is
 * batch × kernelSize products straight from the input (no window copies), and the backward is
 * the same runs: dW_k += x_runᵀ·dz_run, dx_run += dz_run·W_kᵀ.
 */
class TypedConv1D implements TypedLayer {
  readonly weights: Float32Array[];
  readonly grads: Float32Array[];
  readonly outShape: readonly number[];
  private readonly T: number;
  private readonly C: number;
  private readonly F: number;
  private readonly K: number;
  private readonly outSteps: number;
  private readonly padLeft: number;
  private readonly y: Float32Array;
  private readonly dz: Float32Array;
  private readonly dx: Float32Array;
  /** W_kᵀ for each k, [kernelSize, filters, channels]. */
  private readonly WT: Float32Array;
  private readonly ones: Float32Array;
  /** The input of the last forward (a view of the arena), for the weight gradient. */
  private x: Float32Array;

  constructor(spec: Conv1DSpec, private readonly ctx: LayerContext) {
    if (ctx.inShape.length !== 2) throw new Error(`Conv1D needs [timesteps, channels] input, got [${ctx.inShape}].`);
    [this.T, this.C] = ctx.inShape;
    this.F = spec.filters;
    this.K = spec.kernelSize;
    ({ outSteps: this.outSteps, padLeft: this.padLeft } = conv1dGeometry(this.T, this.K, spec.padding));
    if (this.outSteps < 1) throw new Error(`Conv1D: a kernel of ${this.K} does not fit ${this.T} timesteps without padding.`);
    this.outShape = [this.outSteps, this.F];
    const rows = ctx.maxBatch * this.outSteps, a = ctx.alloc;
    this.weights = arenaWeights(ctx, [this.K * this.C * this.F, this.F], `Conv1D(${this.F}, ${this.K})`);
    this.grads = this.weights.map((w) => a.alloc(w.length));
    this.y = a.alloc(rows * this.F);
    this.dz = a.alloc(rows * this.F);
    this.dx = a.alloc(ctx.maxBatch * this.T * this.C);
    this.WT = a.alloc(this.K * this.F * this.C);
    this.ones = a.alloc(rows).fill(1);
    this.x = this.y;
  }

  /** The output steps [lo, hi) that tap input step t − padLeft + k, for each k. */
  private run(k: number): [number, number] {
    return [Math.max(0, this.padLeft - k), Math.min(this.outSteps, this.T + this.padLeft - k)];
  }

  forward(x: Float32Array, B: number): Float32Array {
    const { T, C, F, K, outSteps, padLeft, y } = this;
    const [W, bias] = this.weights, Kn = this.ctx.kernels, rows = B * outSteps;
    for (let r = 0; r < rows; r++) y.set(bias, r * F);
    for (let k = 0; k < K; k++) {
      const [lo, hi] = this.run(k);
      if (hi <= lo) continue;
      for (let b = 0; b < B; b++) {
        Kn.gemm(x, (b * T + lo - padLeft + k) * C, C, 1, W, k * C * F, y, (b * outSteps + lo) * F, hi - lo, C, F, true);
      }
    }
    // relu; `< 0` keeps a NaN, so a diverging run still shows a NaN loss.
    for (let j = 0; j < rows * F; j++) if (y[j] < 0) y[j] = 0;
    this.x = x;
    return y;
  }

  backward(dy: Float32Array, B: number): Float32Array {
    const { T, C, F, K, outSteps, padLeft, y, dz, dx, WT, x } = this;
    const rows = B * outSteps, Kn = this.ctx.kernels;
    // Through the relu: the gradient passes where the output is positive.
    for (let j = 0; j < rows * F; j++) dz[j] = y[j] > 0 ? dy[j] : 0;
    const [dW, db] = this.grads;
    dW.fill(0);
    dx.fill(0, 0, B * T * C);
    Kn.gemm(this.ones, 0, rows, 1, dz, 0, db, 0, 1, rows, F, false);
    for (let k = 0; k < K; k++) {
      const [lo, hi] = this.run(k);
      if (hi <= lo) continue;
      transpose(this.weights[0], k * C * F, C, F, WT.subarray(k * F * C));
      for (let b = 0; b < B; b++) {
        const xAt = (b * T + lo - padLeft + k) * C, zAt = (b * outSteps + lo) * F;
        Kn.gemm(x, xAt, 1, C, dz, zAt, dW, k * C * F, C, hi - lo, F, true);
        Kn.gemm(dz, zAt, F, 1, WT, k * F * C, dx, xAt, hi - lo, F, C, true);
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
class TypedMaxPooling1D implements TypedLayer {
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

/** The convolutional kinds, merged into `TYPED_LAYERS`. */
export const TYPED_CONV_LAYERS: {
  readonly conv1d: Factory<Conv1DSpec>;
  readonly maxPooling1d: Factory<MaxPooling1DSpec>;
} = {
  conv1d: (spec, ctx) => new TypedConv1D(spec, ctx),
  maxPooling1d: (spec, ctx) => new TypedMaxPooling1D(spec, ctx),
};
