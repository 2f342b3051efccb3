/**
 * What every typed-array layer is and is built with (`layers.ts`, `convLayers.ts`): the layer
 * interface, its construction context, and the helpers they share.
 */
import type { LayerSpec } from '../spec/types';
import type { Rng } from '../rng';
import type { Allocator, TypedKernels } from './kernels';

export interface TypedLayer {
  /** Weights in Keras order; the optimizer updates these in place. */
  readonly weights: Float32Array[];
  /** Gradients of the last `backward`, one per weight. */
  readonly grads: Float32Array[];
  /** Per-sample output shape. */
  readonly outShape: readonly number[];
  /** `x` must be a view of the same arena. Returns a view the next call overwrites. */
  forward(x: Float32Array, batch: number, training: boolean): Float32Array;
  /** Gradient of the loss with respect to this layer's input, from the gradient of its output. */
  backward(dy: Float32Array, batch: number): Float32Array;
  resetStates(): void;
}

/** What every layer is built with. */
export interface LayerContext {
  inShape: readonly number[];
  maxBatch: number;
  /** Initial weights, Keras order (copied into the arena). */
  weights: readonly Float32Array[];
  alloc: Allocator;
  kernels: TypedKernels;
  /** Draws dropout masks. */
  rng: Rng;
}

export const size = (shape: readonly number[]): number => shape.reduce((a, d) => a * d, 1);

/** Arena copies of the given weights, checked against the expected sizes. */
export function arenaWeights(ctx: LayerContext, sizes: readonly number[], what: string): Float32Array[] {
  if (ctx.weights.length !== sizes.length || ctx.weights.some((w, i) => w.length !== sizes[i])) {
    throw new Error(`${what}: expected weights of sizes [${sizes}], got [${ctx.weights.map((w) => w.length)}].`);
  }
  return ctx.weights.map((w) => {
    const view = ctx.alloc.alloc(w.length);
    view.set(w);
    return view;
  });
}

/** Fills `mask` with inverted-dropout factors: 0 with probability `rate`, else 1/(1−rate). */
export function fillDropoutMask(mask: Float32Array, n: number, rate: number, rng: Rng): void {
  const keep = 1 / (1 - rate);
  for (let j = 0; j < n; j++) mask[j] = rng.next() < rate ? 0 : keep;
}

/** Builds a layer of one kind from its spec. */
export type Factory<S extends LayerSpec> = (spec: S, ctx: LayerContext) => TypedLayer;
