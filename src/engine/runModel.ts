/**
 * The one set of weights a run trains, and the one way to ask them for predictions. The trainer
 * that owns the weights provides it (`typed/typedRunModel.ts` reads the typed network's own
 * memory; `tfjs/tfjsTraining.ts` wraps the tfjs model), and validation, the end-of-run score,
 * "try the model", the best-epoch copy and exports all go through it: nothing is copied into a
 * second model, and a predictor built from the weights is rebuilt only after they change.
 */
import type { ModelSpec } from './spec/types';
import type { ModelWeights } from './weights';

export interface Prediction {
  /** Probabilities, [n, classes] flat. */
  probs: Float32Array;
  /** Threads that computed them (helper threads share large batches). */
  threads: number;
}

export interface RunModel {
  readonly spec: ModelSpec;
  /**
   * Inference-mode outputs for `n` samples of `x` (batch-major, `spec.inputShape` each). A
   * stateful model carries its state from one call to the next, as Keras' `predict` does; the
   * caller resets it (`resetStates`).
   */
  predict(x: Float32Array | Int32Array, n: number): Promise<Prediction>;
  /**
   * A copy of the current weights, Keras order. Asynchronous: a GPU's weights are read back without
   * blocking (WebGPU's synchronous read returned zeros and lost the device on SwiftShader).
   */
  getWeights(): Promise<ModelWeights>;
  /** Replaces the weights (a restored best epoch, a loaded model). */
  setWeights(weights: ModelWeights): void;
  /** Zeroes the LSTM states of a stateful model; nothing otherwise. */
  resetStates(): void;
  /** Frees the weights. Nothing may be asked of the model afterwards. */
  dispose(): void;
}
