/**
 * The training loop: Keras `fit` semantics (per-epoch shuffling, mean loss and accuracy per epoch,
 * validation after each epoch, stateful resets) with the controls a live tab needs: pause, stop,
 * NaN termination, throttled per-batch updates and regular yields to the host's event loop so
 * control messages get through.
 *
 * Each optimizer step goes through a `BatchTrainer` (`batchTrainer.ts`), which the plan chose
 * (`plan/`). The loop disposes the trainer; the trainer's model (the run's weights) is the
 * caller's to keep.
 */
import type { BatchTrainer } from './batchTrainer';
import { permutation, type Rng } from './rng';
import type { Split } from './data/dataset';
import type { RunModel } from './runModel';
import type { ModelWeights } from './weights';
import { evaluateModel } from './evaluate';
import { macrotaskYield } from './yield';
import { abandonWasmBackend, isWasmTrap } from './tfjs/afterFailure';
import { metricOf } from './spec/losses';
import type { LossName } from './spec/types';
import type { BatchUpdate, EpochUpdate, Evaluation, RunResult, TrainCallbacks } from './types';

/** How the caller steers a run between batches. */
export interface RunControl {
  /** Set when the user pressed Stop. */
  signal: AbortSignal;
  /** Resolves immediately unless paused; then resolves on resume (or stop). */
  waitIfPaused(): Promise<void>;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  /** Reset LSTM states after every epoch (stateful models). */
  stateful: boolean;
  rng: Rng;
  control: RunControl;
  callbacks: TrainCallbacks;
  validation?: Split;
  /** Whether each validation pass keeps the K × K confusion matrix (a classifier of labelled texts). */
  confusionMatrix?: boolean;
  /** Lets the host's event loop run (messages, paints); called every `yieldMs`. */
  yieldToHost?: () => Promise<void>;
  /** Restore the best epoch's weights at the end (Keras EarlyStopping(restore_best_weights=True)). */
  restoreBest?: boolean;
  /**
   * Epochs already trained (a resumed run): training starts after them, and they count for the
   * result and the best epoch (whose weights are no longer at hand, so only later ones can be restored).
   */
  history?: readonly EpochUpdate[];
  /**
   * The epoch after `history` when a resumed run's checkpoint was taken after its batches and
   * before its validation pass: its training figures. Its batches are not trained again; its
   * validation pass runs on the restored weights, and the run goes on from there.
   */
  unvalidated?: EpochUpdate;
  /**
   * After an epoch's batches (and a stateful reset), before its validation pass, awaited: the
   * session's checkpoint where there is validation, so that a reload during a long validation pass
   * (IMDB's takes minutes) loses only that pass. Only called when there is validation.
   */
  beforeValidation?(trained: EpochUpdate): Promise<void> | void;
  /**
   * After each epoch's callbacks, awaited before the next epoch starts: the session's snapshot and
   * checkpoint, which must read the weights and the optimizer as the epoch left them (read back
   * asynchronously: a GPU's synchronous reads are not safe). A failure here fails the run.
   */
  atEpochEnd?(update: EpochUpdate): Promise<void> | void;
}

/**
 * The figure "best epoch" is judged by: the loss's metric on validation where there is validation
 * (accuracy; for mean squared error the mean absolute error, where lower is better), larger better.
 */
const scoreFor = (loss: LossName) => {
  const sign = metricOf(loss).better === 'higher' ? 1 : -1;
  return (e: EpochUpdate): number => sign * (e.valAcc ?? e.acc);
};

/** Keeps a copy of the weights of the best epoch so far (plain arrays: nothing to free). */
class BestEpoch {
  update?: EpochUpdate;
  private weights?: ModelWeights;
  constructor(private readonly keepWeights: boolean, private readonly score: (e: EpochUpdate) => number) {}

  async offer(model: RunModel, e: EpochUpdate): Promise<void> {
    if (this.update && this.score(e) <= this.score(this.update)) return;
    this.update = e;
    if (this.keepWeights) this.weights = await model.getWeights();
  }

  /** An earlier epoch (a resumed run's) whose weights are gone: it can be best, not restored. */
  remember(e: EpochUpdate): void {
    if (this.update && this.score(e) <= this.score(this.update)) return;
    this.update = e;
    this.weights = undefined;
  }

  /** Puts the best weights back if they are not the model's current ones; says whether it did. */
  restore(model: RunModel, last: EpochUpdate | undefined): boolean {
    if (!this.weights || !this.update || this.update === last) return false;
    model.setWeights(this.weights);
    return true;
  }
}

/**
 * Minimum gap between per-batch updates: enough for a smooth curve, few enough messages. It runs
 * across epochs, so where epochs take milliseconds (alphabet) the updates land anywhere in an
 * epoch and the batch counter moves, instead of every epoch's first batch being the one shown.
 */
const BATCH_UPDATE_MS = 50;
/** Weight of the newest interval in the smoothed time per step behind the ETA. */
const ETA_SMOOTHING = 0.3;
/** Longest stretch of training without letting the host process messages. */
const YIELD_MS = 40;


/**
 * Trains `trainer.model` on `train`; the trainer is disposed at the end, its model kept. The loop
 * only steps: saving and restoring the trainer's state is the session's (`atEpochEnd`).
 */
export async function trainModel(trainer: Omit<BatchTrainer, 'state' | 'restore'>, train: Split, opts: TrainOptions): Promise<RunResult> {
  const { epochs, batchSize, control, callbacks } = opts;
  const model = trainer.model;
  const n = train.xShape[0];
  const batches = Math.ceil(n / batchSize);
  let stepsDone = 0;
  let lastBatchUpdate = -Infinity;
  /** Steps and time at the last update, and the smoothed ms per step since (undefined until two updates). */
  let stepsAtUpdate = 0;
  let smoothedMsPerStep: number | undefined;
  /** The last validation pass's time: every epoch left will pay it too. */
  let validationMs = 0;
  let lastYield = performance.now();
  const history = opts.history ?? [];
  let last: EpochUpdate | undefined = history.at(-1);
  let epochsDone = history.length;
  const best = new BestEpoch(opts.restoreBest ?? false, scoreFor(model.spec.loss));
  for (const e of history) best.remember(e);
  /** Validation of the last finished epoch: the final score, unless other weights get restored. */
  let lastValidation: Evaluation | undefined;
  /** The result of a run that ends now, with the best epoch restored if asked. */
  const finish = (result: Omit<RunResult, 'best' | 'restoredBest' | 'epochsDone' | 'last'>): RunResult => {
    const restoredBest = result.reason !== 'nan' && best.restore(model, last);
    const evaluation = result.reason !== 'nan' && !restoredBest ? lastValidation : undefined;
    return { ...result, epochsDone, last, best: best.update, restoredBest, evaluation };
  };

  try {
    for (let epoch = history.length + 1; epoch <= epochs; epoch++) {
      const epochStart = performance.now();
      // A resumed epoch that was trained before the checkpoint: its batches (and its shuffle's
      // draws) are done, only its validation pass is left.
      const trained = epoch === history.length + 1 ? opts.unvalidated : undefined;
      if (!trained) trainer.epochStart?.(epoch);
      // Keras shuffles the training part only, after the validation split was taken.
      const order = opts.shuffle && !trained ? permutation(n, opts.rng) : null;
      let lossSum = trained ? trained.loss : 0;
      let accSum = trained ? trained.acc : 0;
      let seen = trained ? 1 : 0;
      let pendingLosses: number[] = [];

      for (let b = 0; b < (trained ? 0 : batches); b++) {
        if (control.signal.aborted) return finish({ reason: 'stopped' });
        if (performance.now() - lastYield > YIELD_MS) {
          await (opts.yieldToHost ?? macrotaskYield)();
          lastYield = performance.now();
        }
        await control.waitIfPaused();
        if (control.signal.aborted) return finish({ reason: 'stopped' });

        const from = b * batchSize;
        const size = Math.min(batchSize, n - from);
        const stepped = trainer.step(order, from, size);
        const [loss, acc] = stepped instanceof Promise ? await stepped : stepped;
        stepsDone++;
        if (!Number.isFinite(loss)) {
          return finish({
            reason: 'nan',
            message: `Loss became ${loss} at epoch ${epoch}, batch ${b + 1}; training stopped (as Keras's TerminateOnNaN does). Try a lower learning rate.`,
          });
        }
        pendingLosses.push(loss);
        lossSum += loss * size;
        accSum += acc * size;
        seen += size;

        const now = performance.now();
        const timed = now - lastBatchUpdate >= BATCH_UPDATE_MS;
        // An epoch's last batch always reports (its losses complete the curve), but only timed
        // updates set the clock: else every update would fall at the same point of each epoch.
        if (timed || b === batches - 1) {
          if (timed) {
            // The first update's interval holds the warm-up (kernels, helpers): it never counts.
            if (lastBatchUpdate > -Infinity && stepsDone > stepsAtUpdate) {
              const recent = (now - lastBatchUpdate) / (stepsDone - stepsAtUpdate);
              smoothedMsPerStep = smoothedMsPerStep === undefined ? recent : ETA_SMOOTHING * recent + (1 - ETA_SMOOTHING) * smoothedMsPerStep;
            }
            lastBatchUpdate = now;
            stepsAtUpdate = stepsDone;
          }
          const stepsLeft = (epochs - epoch) * batches + (batches - b - 1);
          const validationsLeft = opts.validation ? epochs - epoch + (b === batches - 1 ? 1 : 0) : 0;
          const update: BatchUpdate = {
            // Running means over the epoch so far, as Keras' progress bar shows them.
            epoch, batch: b + 1, batches, loss: lossSum / seen, acc: accSum / seen, losses: pendingLosses,
            msPerStep: (now - epochStart) / (b + 1),
            samplesPerSec: seen / ((now - epochStart) / 1000),
            etaSec: smoothedMsPerStep === undefined ? undefined : (stepsLeft * smoothedMsPerStep + validationsLeft * validationMs) / 1000,
          };
          pendingLosses = [];
          callbacks.onBatch?.(update);
        }
      }

      if (opts.stateful && !trained) model.resetStates();
      const update: EpochUpdate = { epoch, epochs, loss: lossSum / seen, acc: accSum / seen, seconds: 0 };
      if (opts.validation && !trained) await opts.beforeValidation?.({ ...update, seconds: (performance.now() - epochStart) / 1000 });
      if (opts.validation) {
        const validationStart = performance.now();
        lastValidation = await evaluateModel(model, opts.validation, 'validation', opts.confusionMatrix);
        validationMs = performance.now() - validationStart;
        update.valLoss = lastValidation.loss;
        update.valAcc = lastValidation.accuracy;
      }
      // A resumed epoch's time is its batches' (before the checkpoint) plus its validation pass now.
      update.seconds = (trained?.seconds ?? 0) + (performance.now() - epochStart) / 1000;
      last = update;
      epochsDone = epoch;
      await best.offer(model, update);
      callbacks.onEpoch?.(update);
      await opts.atEpochEnd?.(update);
    }
    return finish({ reason: 'completed' });
  } catch (e) {
    // A trapped WASM module must not be called again, not even to free the tensors below
    // (it may trap again, or block the thread for ever): see tfjs/afterFailure.ts.
    if (isWasmTrap(e)) abandonWasmBackend();
    throw e;
  } finally {
    // A failure to free never replaces the run's own result or error: the session cleans up
    // after a failed run (runFailure.ts).
    try {
      trainer.dispose();
    } catch {
      // See above.
    }
  }
}
