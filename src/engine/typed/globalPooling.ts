/**
 * Keras' `GlobalAveragePooling1D()` for the typed trainer: [timesteps, features] → [features], the
 * mean over the steps, or under Keras' step mask (`Embedding(mask_zero=True)`) the mean of each
 * row's real steps only (`../reference/pooling.ts` is the reference).
 */
import type { LayerSpec } from '../spec/types';
import type { Factory, LayerContext, StepMask, TypedLayer } from './layerBase';

type GlobalAveragePooling1DSpec = Extract<LayerSpec, { kind: 'globalAveragePooling1d' }>;

/**
 * Forward: each row's real steps summed (in float64, rounded once: a 400-step review's mean
 * summed in float32 would carry hundreds of roundings), divided by their count. Backward: dy /
 * count at every real step, zeros at masked ones.
 *
 * Masked steps are skipped, never multiplied by 0, so whatever the layer before left there cannot
 * leak in: a recurrent layer shows its held state at a masked step, and at the steps it skipped
 * for the whole batch (`realSpan`) zeros or its last computed state. A wholly masked row outputs
 * zeros and gets no gradient, where Keras divides 0 by 0 and outputs NaN, which would turn the
 * batch's loss and, after the update, every weight into NaN.
 */
class TypedGlobalAveragePooling1D implements TypedLayer {
  readonly weights: Float32Array[] = [];
  readonly grads: Float32Array[] = [];
  readonly outShape: readonly number[];
  private readonly T: number;
  private readonly F: number;
  private readonly y: Float32Array;
  private readonly dx: Float32Array;
  /** One row's sums, [features] (outside the arena: only JavaScript reads it). */
  private readonly sum: Float64Array;
  /** The last forward's real steps per row, for the backward (outside the arena, as `sum`). */
  private readonly counts: Int32Array;
  private stepMask: StepMask | null = null;

  constructor(_spec: GlobalAveragePooling1DSpec, ctx: LayerContext) {
    if (ctx.inShape.length !== 2) throw new Error(`GlobalAveragePooling1D needs [timesteps, features] input, got [${ctx.inShape}].`);
    [this.T, this.F] = ctx.inShape;
    this.outShape = [this.F];
    // What the row in `../spec/layers.ts` counts: y [F] and dx [T, F] per sample.
    this.y = ctx.alloc.alloc(ctx.maxBatch * this.F);
    this.dx = ctx.alloc.alloc(ctx.maxBatch * this.T * this.F);
    this.sum = new Float64Array(this.F);
    this.counts = new Int32Array(ctx.maxBatch);
  }

  forward(x: Float32Array, B: number, _training: boolean, stepMask: StepMask | null = null): Float32Array {
    const { T, F, y, sum, counts } = this;
    this.stepMask = stepMask;
    for (let b = 0; b < B; b++) {
      sum.fill(0);
      let count = 0;
      for (let t = 0; t < T; t++) {
        if (stepMask && stepMask[b * T + t] === 0) continue;
        count++;
        const src = (b * T + t) * F;
        for (let f = 0; f < F; f++) sum[f] += x[src + f];
      }
      counts[b] = count;
      const out = b * F;
      if (count === 0) y.fill(0, out, out + F);
      else for (let f = 0; f < F; f++) y[out + f] = sum[f] / count;
    }
    return y;
  }

  backward(dy: Float32Array, B: number): Float32Array {
    const { T, F, dx, counts, stepMask } = this;
    for (let b = 0; b < B; b++) {
      const count = counts[b];
      dx.fill(0, b * T * F, (b + 1) * T * F);
      if (count === 0) continue;
      // Row b's gradient, dy / count, written at its first real step and copied to the others.
      let first = -1;
      for (let t = 0; t < T; t++) {
        if (stepMask && stepMask[b * T + t] === 0) continue;
        const at = (b * T + t) * F;
        if (first < 0) {
          first = at;
          for (let f = 0; f < F; f++) dx[at + f] = dy[b * F + f] / count;
        } else {
          dx.copyWithin(at, first, first + F);
        }
      }
    }
    return dx;
  }

  resetStates(): void {}
}

/** The global pooling kinds, merged into `TYPED_LAYERS`. */
export const TYPED_GLOBAL_POOLING_LAYERS: { readonly globalAveragePooling1d: Factory<GlobalAveragePooling1DSpec> } = {
  globalAveragePooling1d: (spec, ctx) => new TypedGlobalAveragePooling1D(spec, ctx),
};
