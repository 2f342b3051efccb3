/**
 * One optimizer step at a time, behind one interface, so the training loop (`train.ts`) does not
 * care who does the arithmetic: the typed trainer (`typed/typedBatchTrainer.ts`) or tfjs on a
 * backend (`tfjs/tfjsTraining.ts`). Each trains one set of weights, which it exposes as `model`.
 */
import type { RunModel } from './runModel';
import type { TrainerState } from './types';

export interface BatchTrainer {
  /**
   * Trains on `size` samples of the training split: rows `order[from..from+size)`, or rows
   * `from..from+size` without an order. Returns the batch's [loss, accuracy].
   */
  step(order: Int32Array | null, from: number, size: number): Promise<[number, number]> | [number, number];
  /** The weights being trained. They outlive the trainer: whoever keeps the model disposes it. */
  readonly model: RunModel;
  /** Threads that share each batch. */
  readonly threads: number;
  /** Frees what only training needs (optimizer state, uploaded data, helpers' shards), not the model. */
  dispose(): void;
  /** Before each epoch: the typed trainer reseeds its helper threads from the run's stream here. */
  epochStart?(epoch: number): void;
  /**
   * What, besides the weights, continues the run from here (optimizer state, the dropout masks'
   * stream). Asynchronous because tfjs reads its optimizer's state only so; it fails rather than
   * return state it cannot trust (a lost GPU context reads back zeros).
   */
  state(): TrainerState | Promise<TrainerState>;
  /** Continues from a saved `state()`, before the first step. */
  restore(state: TrainerState): void | Promise<void>;
}
