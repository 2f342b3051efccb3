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
  /**
   * `x` must be a view of the same arena. Returns a view the next call overwrites. `stepMask` is
   * Keras' step mask of the input (`StepMask`), handed by the network to exactly the layers whose
   * input carries one (`maskedInputs` in `../spec/model.ts`); the layers that only pass it on
   * (Dropout) ignore it.
   */
  forward(x: Float32Array, batch: number, training: boolean, stepMask?: StepMask | null): Float32Array;
  /** Gradient of the loss with respect to this layer's input, from the gradient of its output. */
  backward(dy: Float32Array, batch: number): Float32Array;
  resetStates(): void;
}

/**
 * Keras' step mask from `Embedding(mask_zero=True)`: [batch, steps], batch-major, 1 where the
 * step is real and 0 where its word id is 0 (padding). Bytes outside the arena: only JavaScript
 * reads it, never a kernel.
 */
export type StepMask = Uint8Array;

/** The step mask of word ids [batch, steps] into `mask`: 0 for id 0, else 1. */
export function fillStepMask(ids: Float32Array, n: number, mask: StepMask): void {
  for (let j = 0; j < n; j++) mask[j] = ids[j] === 0 ? 0 : 1;
}

/**
 * The steps a batch has any real row in: [first, last], or first > last when every row is
 * wholly masked. Without a mask, every step. A recurrent layer computes only these steps: before
 * `first` every row is still in its initial state, after `last` every row holds its state, so
 * the all-padding steps of a pre-padded batch (or, read backwards, the trailing ones) cost nothing.
 */
export function realSpan(mask: StepMask | null | undefined, B: number, T: number): [number, number] {
  if (!mask) return [0, T - 1];
  let first = T, last = -1;
  for (let b = 0; b < B; b++) {
    const row = b * T;
    for (let t = 0; t < first; t++) {
      if (mask[row + t] !== 0) {
        first = t;
        break;
      }
    }
    for (let t = T - 1; t > last; t--) {
      if (mask[row + t] !== 0) {
        last = t;
        break;
      }
    }
  }
  return [first, last];
}

/**
 * The runs of consecutive rows that are real at step t, as pairs [b0, b1) into `runs` (at most
 * ⌈B/2⌉ pairs: room for B + 1 values); returns how many pairs. The cell kernels take a batch of
 * consecutive rows, so a masked row is simply left out of every call: its state, and its state's
 * gradient, stay as they were. Without a mask, one run of the whole batch.
 */
export function realRuns(mask: StepMask | null | undefined, B: number, T: number, t: number, runs: Int32Array): number {
  if (!mask) {
    runs[0] = 0;
    runs[1] = B;
    return 1;
  }
  let count = 0;
  for (let b = 0; b < B;) {
    while (b < B && mask[b * T + t] === 0) b++;
    if (b === B) break;
    const b0 = b;
    while (b < B && mask[b * T + t] !== 0) b++;
    runs[2 * count] = b0;
    runs[2 * count + 1] = b;
    count++;
  }
  return count;
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

/** Rows [b0, b1) of [batch, width] from `src` (at srcOff) into `dst` (at dstOff): masked rows keeping their state. */
export function copyRows(src: Float32Array, srcOff: number, dst: Float32Array, dstOff: number, b0: number, b1: number, width: number): void {
  for (let j = b0 * width; j < b1 * width; j++) dst[dstOff + j] = src[srcOff + j];
}

/**
 * A recurrent layer's output from its states `hs` (time-major rows t·B + b, computed for steps
 * [first, last]) into `y` (batch-major): every step's h with `returnSequences`, else the last.
 * Keras' masked outputs come out of the held state: a masked step shows the row's state, which
 * is its previous output, and zeros before anything was computed (the initial state is zeros
 * wherever a mask can be, see `TypedLstm`). Steps after `last` hold the state of `last`.
 */
export function writeOutput(hs: Float32Array, y: Float32Array, B: number, T: number, U: number, returnSequences: boolean, first: number, last: number): void {
  const n = B * U;
  if (!returnSequences) {
    if (first > last) y.fill(0, 0, n);
    else for (let j = 0; j < n; j++) y[j] = hs[last * n + j];
    return;
  }
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const dst = (b * T + t) * U;
      if (t < first || first > last) {
        y.fill(0, dst, dst + U);
        continue;
      }
      const src = ((t < last ? t : last) * B + b) * U;
      for (let k = 0; k < U; k++) y[dst + k] = hs[src + k];
    }
  }
}

/**
 * The input's gradient back to batch-major from `dxt` (time-major, computed for steps
 * [first, last]) through the input dropout mask `mi`, [batch, inputDim]; zeros at the other steps.
 */
/**
 * The forward's twin of `inputGradient`: steps first..last of batch-major x [B, T, I] into
 * time-major xt (row t·B + b), through the input dropout mask; the steps outside are never read.
 */
export function timeMajorInput(x: Float32Array, xt: Float32Array, mi: Float32Array | null, B: number, T: number, I: number, first: number, last: number): void {
  for (let b = 0; b < B; b++) {
    for (let t = first; t <= last; t++) {
      const src = (b * T + t) * I, dst = (t * B + b) * I;
      for (let i = 0; i < I; i++) xt[dst + i] = mi === null ? x[src + i] : x[src + i] * mi[b * I + i];
    }
  }
}

export function inputGradient(dxt: Float32Array, dx: Float32Array, mi: Float32Array | null, B: number, T: number, I: number, first: number, last: number): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const src = (t * B + b) * I, dst = (b * T + t) * I;
      if (t < first || t > last) dx.fill(0, dst, dst + I);
      else for (let i = 0; i < I; i++) dx[dst + i] = mi === null ? dxt[src + i] : dxt[src + i] * mi[b * I + i];
    }
  }
}

/** Builds a layer of one kind from its spec. */
export type Factory<S extends LayerSpec> = (spec: S, ctx: LayerContext) => TypedLayer;

/** A batch whose every row is wholly masked: nothing was computed, so no weight or input gets a gradient. */
export function noGradient(grads: readonly Float32Array[], dx: Float32Array, n: number): Float32Array {
  for (const g of grads) g.fill(0);
  dx.fill(0, 0, n);
  return dx;
}
