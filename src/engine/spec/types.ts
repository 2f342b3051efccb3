/**
 * A model as data: Keras layers in order, with Keras argument names' meaning. Scenarios build
 * these from hyperparameters; every other part of the engine (the layer table in `layers.ts`, the
 * planner, both trainers) reads them. Pure types: no tfjs.
 */

/** Keras layers, with Keras argument names' meaning. Shapes exclude the batch axis. */
export type LayerSpec =
  | {
      kind: 'embedding';
      inputDim: number;
      outputDim: number;
      /**
       * Keras' `mask_zero=True`: word id 0 is padding. The recurrent layers after it keep their
       * state over a masked step, so a padded and an unpadded input give the same answer
       * (`../reference/sequence.ts`). Absent means false, as in every tutorial.
       */
      maskZero?: boolean;
    }
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
  | {
      /** Keras 2's GRU: `reset_after=True` (the reset gate applied after the recurrent product, two biases). */
      kind: 'gru';
      units: number;
      /** The candidate's activation (Keras `activation`); the gates always use sigmoid. */
      activation: 'tanh' | 'relu';
      returnSequences: boolean;
      dropout: number;
      recurrentDropout: number;
    }
  | {
      /** Keras' SimpleRNN: h_t = act(x_t·W + h_{t−1}·U + b), no gates. */
      kind: 'simpleRnn';
      units: number;
      activation: 'tanh' | 'relu';
      returnSequences: boolean;
      dropout: number;
      recurrentDropout: number;
    }
  | {
      /**
       * Keras' `Bidirectional(layer, merge_mode='concat')`: the wrapped layer reads the sequence
       * forwards, a copy of it (its own weights) backwards, and their outputs are concatenated
       * on the last axis (`../reference/bidirectional.ts`). Never stateful.
       */
      kind: 'bidirectional';
      layer: BidirectionalInner;
    }
  | { kind: 'dropout'; rate: number }
  | { kind: 'conv1d'; filters: number; kernelSize: number; padding: 'same' | 'valid'; activation: 'relu' }
  | { kind: 'maxPooling1d'; poolSize: number }
  /**
   * Keras' `GlobalAveragePooling1D()`: [T, F] → [F], the mean over steps. Under a step mask it is
   * the mean over the real steps only (Keras' `supports_masking`), so padding never dilutes it.
   */
  | { kind: 'globalAveragePooling1d' }
  | { kind: 'dense'; units: number; activation: 'sigmoid' | 'softmax' | 'linear' };

export type LayerKind = LayerSpec['kind'];

/** The recurrent layer kinds, whose specs share units, activation, return_sequences and both dropouts. */
export type RecurrentLayerSpec = Extract<LayerSpec, { kind: 'lstm' | 'gru' | 'simpleRnn' }>;

/** What a Bidirectional wraps: a recurrent layer that is not stateful. */
export type BidirectionalInner =
  | (Extract<LayerSpec, { kind: 'lstm' }> & { stateful: false })
  | Extract<LayerSpec, { kind: 'gru' | 'simpleRnn' }>;

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
