/**
 * Keras' `Bidirectional(layer, merge_mode='concat')` on the typed trainer, around an LSTM, GRU or
 * SimpleRNN: two layers of the wrapped kind (`layers.ts`, `recurrentLayers.ts`) built for the same
 * input, the forward one with the first three weights and the backward one with the last three
 * (Keras' order). The backward layer is Keras' `go_backwards=True`: it reads each row's steps
 * reversed, its step mask reversed with them, so for a pre-padded review its padding comes last
 * and its layer skips it as trailing steps (`realSpan`). Output: [forward | backward] on the last
 * axis; a returned sequence has the backward half put back in the input's order, and zeros in
 * both halves at masked steps (Keras forces `zero_output_for_mask` there;
 * `../reference/bidirectional.ts` is the reference).
 *
 * Each direction draws its own dropout masks, the forward layer's first.
 */
import type { BidirectionalInner, LayerSpec } from '../spec/types';
import { size, type LayerContext, type StepMask, type TypedLayer } from './layerBase';

type BidirectionalSpec = Extract<LayerSpec, { kind: 'bidirectional' }>;

/** Builds the wrapped layer (`createTypedLayer`, passed in: `layers.ts` registers this file's factory). */
export type InnerFactory = (spec: BidirectionalInner, ctx: LayerContext) => TypedLayer;

/** Each row's steps of [batch, steps, width] reversed, from `src` into `dst` (never the same array). */
function reverseRows(src: ArrayLike<number>, dst: Float32Array | Uint8Array, B: number, T: number, width: number): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const from = (b * T + t) * width, to = (b * T + T - 1 - t) * width;
      for (let k = 0; k < width; k++) dst[to + k] = src[from + k];
    }
  }
}

class TypedBidirectional implements TypedLayer {
  readonly weights: Float32Array[];
  readonly grads: Float32Array[];
  readonly outShape: readonly number[];
  private readonly forwardLayer: TypedLayer;
  private readonly backwardLayer: TypedLayer;
  private readonly T: number;
  private readonly I: number;
  private readonly U: number;
  private readonly sequences: boolean;
  /** The input with each row's steps reversed: the backward layer's input. */
  private readonly xr: Float32Array;
  private readonly y: Float32Array;
  /** The two halves of the output's gradient, the backward one in its layer's (reversed) order. */
  private readonly dyForward: Float32Array;
  private readonly dyBackward: Float32Array;
  private readonly dx: Float32Array;
  /** The step mask reversed with the rows (bytes outside the arena, as the network's). */
  private readonly maskReversed: Uint8Array;
  /** The last forward's step mask, in the input's order. */
  private stepMask: StepMask | null = null;

  constructor(spec: BidirectionalSpec, ctx: LayerContext, inner: InnerFactory) {
    const name = `Bidirectional(${spec.layer.kind}(${spec.layer.units}))`;
    if (ctx.inShape.length !== 2) throw new Error(`${name} needs [timesteps, features] input, got [${ctx.inShape}].`);
    if (ctx.weights.length !== 6) throw new Error(`${name}: expected 6 weights (the forward layer's 3, then the backward layer's), got ${ctx.weights.length}.`);
    const [T, I] = ctx.inShape;
    const U = spec.layer.units, B = ctx.maxBatch;
    this.T = T;
    this.I = I;
    this.U = U;
    this.sequences = spec.layer.returnSequences;
    this.forwardLayer = inner(spec.layer, { ...ctx, weights: ctx.weights.slice(0, 3) });
    this.backwardLayer = inner(spec.layer, { ...ctx, weights: ctx.weights.slice(3) });
    this.weights = [...this.forwardLayer.weights, ...this.backwardLayer.weights];
    this.grads = [...this.forwardLayer.grads, ...this.backwardLayer.grads];
    const half = size(this.forwardLayer.outShape);
    this.outShape = [...this.forwardLayer.outShape.slice(0, -1), 2 * U];
    // What `bidirectionalOwnFloats` (`../spec/layers.ts`) counts, besides the two layers.
    const a = ctx.alloc;
    this.xr = a.alloc(B * T * I);
    this.y = a.alloc(B * 2 * half);
    this.dyForward = a.alloc(B * half);
    this.dyBackward = a.alloc(B * half);
    this.dx = a.alloc(B * T * I);
    this.maskReversed = new Uint8Array(B * T);
  }

  forward(x: Float32Array, B: number, training: boolean, stepMask: StepMask | null = null): Float32Array {
    const { T, I, U, y } = this;
    reverseRows(x, this.xr, B, T, I);
    if (stepMask) reverseRows(stepMask, this.maskReversed, B, T, 1);
    this.stepMask = stepMask;
    const yf = this.forwardLayer.forward(x, B, training, stepMask);
    const yb = this.backwardLayer.forward(this.xr, B, training, stepMask ? this.maskReversed : null);
    if (!this.sequences) {
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < U; k++) {
          y[b * 2 * U + k] = yf[b * U + k];
          y[b * 2 * U + U + k] = yb[b * U + k];
        }
      }
      return y;
    }
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const dst = (b * T + t) * 2 * U;
        if (stepMask && stepMask[b * T + t] === 0) {
          y.fill(0, dst, dst + 2 * U);
          continue;
        }
        const f = (b * T + t) * U, r = (b * T + T - 1 - t) * U;
        for (let k = 0; k < U; k++) {
          y[dst + k] = yf[f + k];
          y[dst + U + k] = yb[r + k];
        }
      }
    }
    return y;
  }

  backward(dy: Float32Array, B: number): Float32Array {
    const { T, I, U, dyForward, dyBackward, dx, stepMask } = this;
    if (!this.sequences) {
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < U; k++) {
          dyForward[b * U + k] = dy[b * 2 * U + k];
          dyBackward[b * U + k] = dy[b * 2 * U + U + k];
        }
      }
    } else {
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < T; t++) {
          const f = (b * T + t) * U, r = (b * T + T - 1 - t) * U;
          // A masked step output zeros: nothing flows back through it.
          if (stepMask && stepMask[b * T + t] === 0) {
            dyForward.fill(0, f, f + U);
            dyBackward.fill(0, r, r + U);
            continue;
          }
          const src = (b * T + t) * 2 * U;
          for (let k = 0; k < U; k++) {
            dyForward[f + k] = dy[src + k];
            dyBackward[r + k] = dy[src + U + k];
          }
        }
      }
    }
    const dxf = this.forwardLayer.backward(dyForward, B);
    const dxb = this.backwardLayer.backward(dyBackward, B);
    // The backward layer's input gradient is in its reversed order.
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const at = (b * T + t) * I, from = (b * T + T - 1 - t) * I;
        for (let i = 0; i < I; i++) dx[at + i] = dxf[at + i] + dxb[from + i];
      }
    }
    return dx;
  }

  resetStates(): void {
    // Never stateful: both directions start from zeros every batch.
  }
}

export function typedBidirectional(spec: BidirectionalSpec, ctx: LayerContext, inner: InnerFactory): TypedLayer {
  return new TypedBidirectional(spec, ctx, inner);
}
