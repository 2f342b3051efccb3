/**
 * One optimizer step at a time, behind one interface, so the training loop (`train.ts`) does not
 * care who does the arithmetic: tfjs' `trainOnBatch` on the selected backend (here), or the
 * typed trainer (`typed/`).
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from './data/dataset';

export interface BatchTrainer {
  /**
   * Trains on `size` samples of the training split: rows `order[from..from+size)`, or rows
   * `from..from+size` without an order. Returns the batch's [loss, accuracy].
   */
  step(order: Int32Array | null, from: number, size: number): Promise<[number, number]> | [number, number];
  /** Makes the tfjs model hold the current weights (before validation, a best-epoch copy, the end). */
  syncModel(): void;
  /** Zeroes LSTM states (stateful models, after each epoch). */
  resetStates(): void;
  /** Frees what the trainer owns (not the model). */
  dispose(): void;
}

/** `model.trainOnBatch` on batches sliced or gathered from the split, uploaded once. */
export function tensorBatchTrainer(model: tf.LayersModel, train: Split): BatchTrainer {
  const x = train.x instanceof Int32Array ? tf.tensor(train.x, train.xShape, 'int32') : tf.tensor(train.x, train.xShape, 'float32');
  const y = tf.tensor(train.y, train.yShape, 'float32');
  return {
    async step(order, from, size) {
      const [xb, yb] = tf.tidy(() => {
        if (!order) return [x.slice(from, size), y.slice(from, size)];
        const idx = tf.tensor1d(order.subarray(from, from + size), 'int32');
        return [x.gather(idx), y.gather(idx)];
      });
      try {
        const [loss, acc] = (await model.trainOnBatch(xb, yb)) as number[];
        return [loss, acc];
      } finally {
        xb.dispose();
        yb.dispose();
      }
    },
    syncModel() {},
    resetStates: () => model.resetStates(),
    dispose() {
      x.dispose();
      y.dispose();
    },
  };
}
