/**
 * A model as data: Keras layers in order, with Keras argument names' meaning. Scenarios build
 * these from hyperparameters; every other part of the engine (the layer table in `layers.ts`, the
 * planner, both trainers) reads them. Pure types: no tfjs.
 */

/** Keras layers, with Keras argument names' meaning. Shapes exclude the batch axis. */
export type LayerSpec =
  | { kind: 'embedding'; inputDim: number; outputDim: number }
  | {
      kind: 'lstm';
      units: number;
      /** Cell and output activation (Keras `activation`); the gates always use sigmoid. */
      activation: 'tanh' | 'relu';
      returnSequences: boolean;
      dropout: number;
      recurrentDropout: number;
      /** Carry state from one batch to the next; requires a fixed batch size. */
      stateful: boolean;
    }
  | { kind: 'dropout'; rate: number }
  | { kind: 'conv1d'; filters: number; kernelSize: number; padding: 'same' | 'valid'; activation: 'relu' }
  | { kind: 'maxPooling1d'; poolSize: number }
  | { kind: 'dense'; units: number; activation: 'sigmoid' | 'softmax' | 'linear' };

export type LayerKind = LayerSpec['kind'];

/** What a model minimises; each loss's names and metric are a row of `LOSSES` (`losses.ts`). */
export type LossName = 'binaryCrossentropy' | 'categoricalCrossentropy' | 'meanSquaredError';

/** A whole model: its per-sample input shape, its layers in order, and what it minimises. */
export interface ModelSpec {
  /** Per-sample input shape, e.g. [5, 1] for 5 timesteps of 1 feature, or [80] for 80 word ids. */
  inputShape: number[];
  /** Integer word ids (Embedding input) or float features. */
  inputDtype: 'int32' | 'float32';
  layers: LayerSpec[];
  loss: LossName;
}
