/**
 * A whole model on one arena of float32 memory: the layers of `layers.ts`, the output activation
 * and loss of `losses.ts`, and Adam (`adam.ts`), with the products on WebAssembly SIMD kernels
 * (or their JavaScript twins; `kernels.ts`). One `trainStep` is the same computation as tfjs'
 * `model.trainOnBatch` for the same weights (dropout masks aside, which come from this network's
 * own seeded generator), with no tensor, no kernel dispatch and no allocation.
 */
import type { ModelSpec } from '../spec/types';
import type { Rng } from '../rng';
import { TypedAdam, type AdamState } from './adam';
import { createArena, SizingArena, type Allocator, type KernelKind, type TypedKernels } from './kernels';
import { maskedInputs } from '../spec/model';
import { fillStepMask, type StepMask, type TypedLayer } from './layerBase';
import { createTypedLayer } from './layers';
import { activate, lossAndGradient, type LossResult, type OutputActivation } from './losses';

export interface TypedNetworkOptions {
  /** The largest batch it will see; buffers are sized for it. */
  maxBatch: number;
  learningRate: number;
  /** Draws the dropout masks. */
  rng: Rng;
  /** Kernels to use; WebAssembly SIMD by default where available. */
  kernels?: KernelKind;
}

interface Parts {
  layers: TypedLayer[];
  input: Float32Array;
  dz: Float32Array;
  adam: TypedAdam;
  /** Another thread's gradients, brought into the arena to be added (`addGradients`), and a 1. */
  gradIn: Float32Array;
  one: Float32Array;
}

export class TypedNetwork {
  private readonly layers: TypedLayer[];
  private readonly adam: TypedAdam;
  private readonly activation: OutputActivation;
  private readonly classes: number;
  /**
   * The arena's input buffer, [maxBatch, ...inputShape]: a caller that fills it directly (the
   * batch trainer gathers each batch into it) saves `trainStep` a copy.
   */
  readonly input: Float32Array;
  private readonly inputPerSample: number;
  private readonly dz: Float32Array;
  /** Which kernels run the products. */
  readonly kernelKind: KernelKind;
  /** Floats in its arena, as the sizing pass counted them (`../spec/model.ts:trainingMemoryBytes` estimates it). */
  readonly arenaFloats: number;
  private readonly gradIn: Float32Array;
  private readonly one: Float32Array;
  private readonly kernels: TypedKernels;
  /** Every layer's weights and gradients, in order: the layout of the flat copies. */
  private readonly allWeights: readonly Float32Array[];
  private readonly allGrads: readonly Float32Array[];
  /**
   * With `Embedding(mask_zero=True)`: the step mask of each batch's word ids (bytes outside the
   * arena), and which layers read it (`maskedInputs`); null without one.
   */
  private readonly stepMask: StepMask | null;
  private readonly masked: readonly boolean[];

  /**
   * `weights[i]` are layer i's weights in Keras order (copied, not kept). The last layer must be
   * a Dense whose activation is the model's output activation (checked by `typedTrainerSupport`).
   */
  constructor(private readonly spec: ModelSpec, weights: readonly (readonly Float32Array[])[], opts: TypedNetworkOptions) {
    const last = spec.layers[spec.layers.length - 1];
    if (last?.kind !== 'dense') throw new Error('The typed trainer needs a Dense output layer.');
    this.activation = last.activation;
    this.classes = last.units;
    this.inputPerSample = spec.inputShape.reduce((a, d) => a * d, 1);
    // Build once to count the arena's size (it cannot grow under live views), then for real.
    const sizing = new SizingArena();
    this.build(weights, opts, sizing, createArena(0, 'js').kernels);
    this.arenaFloats = sizing.floats;
    const { arena, kernels } = createArena(sizing.floats, opts.kernels);
    this.kernelKind = kernels.kind;
    ({ layers: this.layers, input: this.input, dz: this.dz, adam: this.adam, gradIn: this.gradIn, one: this.one } = this.build(weights, opts, arena, kernels));
    this.kernels = kernels;
    this.allWeights = this.layers.flatMap((l) => l.weights);
    this.allGrads = this.layers.flatMap((l) => l.grads);
    this.masked = maskedInputs(spec);
    const first = spec.layers[0];
    this.stepMask = first?.kind === 'embedding' && first.maskZero ? new Uint8Array(opts.maxBatch * this.inputPerSample) : null;
  }

  private build(weights: readonly (readonly Float32Array[])[], opts: TypedNetworkOptions, alloc: Allocator, kernels: TypedKernels): Parts {
    const { maxBatch, rng } = opts;
    const input = alloc.alloc(maxBatch * this.inputPerSample);
    let inShape: readonly number[] = this.spec.inputShape;
    const layers = this.spec.layers.map((layerSpec, i) => {
      const layer = createTypedLayer(layerSpec, { inShape, maxBatch, weights: weights[i] ?? [], alloc, kernels, rng });
      inShape = layer.outShape;
      return layer;
    });
    const dz = alloc.alloc(maxBatch * this.classes);
    const adam = new TypedAdam(layers.flatMap((l) => l.weights), layers.flatMap((l) => l.grads), alloc, kernels, opts.learningRate);
    const gradIn = alloc.alloc(layers.reduce((n, l) => n + l.weights.reduce((m, w) => m + w.length, 0), 0));
    const one = alloc.alloc(1).fill(1);
    return { layers, input, dz, adam, gradIn, one };
  }

  /** Output probabilities [batch, classes]; a view the next call overwrites. */
  private forward(x: Float32Array | Int32Array, batch: number, training: boolean): Float32Array {
    // Into the arena, unless it is there already: the kernels read only from the arena. Word ids
    // become floats there (exact below 2²⁴).
    if (x !== this.input) {
      const n = batch * this.inputPerSample;
      for (let j = 0; j < n; j++) this.input[j] = x[j];
    }
    const mask = this.stepMask;
    if (mask) fillStepMask(this.input, batch * this.inputPerSample, mask);
    let h = this.input;
    for (let i = 0; i < this.layers.length; i++) h = this.layers[i].forward(h, batch, training, this.masked[i] ? mask : null);
    activate(this.activation, h, batch, this.classes);
    return h;
  }

  /** One optimizer step on a batch; returns the batch's loss and accuracy before the update. */
  trainStep(x: Float32Array | Int32Array, y: Float32Array, batch: number): LossResult {
    const result = this.gradients(x, y, batch);
    this.applyGradients();
    return result;
  }

  /**
   * Forward and backward on a batch, leaving the gradients in the layers (`copyGradients`);
   * returns this batch's mean loss and accuracy. With `meanOver` the gradient is of the loss
   * summed over this batch and divided by `meanOver`: one shard's share of a larger batch.
   */
  gradients(x: Float32Array | Int32Array, y: Float32Array, batch: number, meanOver = batch): LossResult {
    const p = this.forward(x, batch, true);
    const result = lossAndGradient(this.spec.loss, this.activation, p, y, batch, this.classes, this.dz, meanOver);
    let d = this.dz;
    for (let i = this.layers.length - 1; i >= 0; i--) d = this.layers[i].backward(d, batch);
    return result;
  }

  /** Adam's state, copied (a checkpoint). */
  optimizerState(): AdamState {
    return this.adam.state();
  }

  setOptimizerState(state: AdamState): void {
    this.adam.setState(state);
  }

  /** One Adam step from the gradients the layers hold. */
  applyGradients(): void {
    this.adam.step();
  }

  /** All weights, every layer's in Keras order, end to end: how many floats `copyWeights` fills. */
  get parameterCount(): number {
    return this.gradIn.length;
  }

  /** Copies every weight, end to end, into `flat` (another thread's network reads them with `setWeights`). */
  copyWeights(flat: Float32Array): void {
    copyOut(this.allWeights, flat);
  }

  setWeights(flat: Float32Array): void {
    copyIn(flat, this.allWeights);
  }

  /** Copies the gradients of the last `gradients` call, end to end, into `flat` (same layout as the weights). */
  copyGradients(flat: Float32Array): void {
    copyOut(this.allGrads, flat);
  }

  /**
   * Adds `flat` (laid out as `copyGradients` writes) to the gradients the layers hold: copied into
   * the arena, then added as one-row products (1 · row), which run as SIMD (a plain loop over
   * IMDB's 390 k weights took 0.7 ms of each sharded step).
   */
  addGradients(flat: Float32Array): void {
    this.gradIn.set(flat);
    let at = 0;
    for (const part of this.allGrads) {
      this.kernels.gemm(this.one, 0, 1, 1, this.gradIn, at, part, 0, 1, 1, part.length, true);
      at += part.length;
    }
  }

  /** Probabilities for a batch, inference mode (no dropout). */
  predict(x: Float32Array | Int32Array, batch: number): Float32Array {
    return this.forward(x, batch, false).slice(0, batch * this.classes);
  }

  /** Each layer's current weights, Keras order (live views: copy before keeping). */
  layerWeights(): readonly (readonly Float32Array[])[] {
    return this.layers.map((l) => l.weights);
  }

  resetStates(): void {
    for (const l of this.layers) l.resetStates();
  }
}

function copyOut(parts: readonly Float32Array[], flat: Float32Array): void {
  let at = 0;
  for (const part of parts) {
    flat.set(part, at);
    at += part.length;
  }
}

function copyIn(flat: Float32Array, parts: readonly Float32Array[]): void {
  let at = 0;
  for (const part of parts) {
    part.set(flat.subarray(at, at + part.length));
    at += part.length;
  }
}
