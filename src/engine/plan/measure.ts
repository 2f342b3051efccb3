/**
 * Timing a candidate: a few real training steps of the actual model on the run's own batches.
 * The first step is a warm-up (shader compilation, WebAssembly instantiation, helper threads
 * loading their networks) and is not counted; then steps are timed until the candidate's share
 * of the budget is spent, at least one and at most `maxSteps`. The median resists one slow step.
 */
import type { BatchTrainer } from '../batchTrainer';

export interface StepTiming {
  /** Median wall time of the timed steps, ms. */
  msPerStep: number;
  /** Wall time of the warm-up step, ms. */
  warmUpMs: number;
  steps: number;
}

/** Steps timed at most per candidate: enough for a stable median, few enough for the budget. */
export const MAX_TIMED_STEPS = 5;

export async function timeSteps(
  trainer: BatchTrainer, rows: number, batchSize: number, budgetMs: number, now: () => number = () => performance.now(),
): Promise<StepTiming> {
  const size = Math.max(1, Math.min(batchSize, rows));
  const starts = Math.max(1, rows - size + 1);
  const step = async (k: number): Promise<void> => {
    const out = trainer.step(null, (k * size) % starts, size);
    if (out instanceof Promise) await out;
  };
  const start = now();
  await step(0);
  const warmUpMs = now() - start;
  const deadline = start + budgetMs;
  const times: number[] = [];
  for (let k = 1; k <= MAX_TIMED_STEPS && (times.length === 0 || now() < deadline); k++) {
    const t0 = now();
    await step(k);
    times.push(now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const msPerStep = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { msPerStep, warmUpMs, steps: times.length };
}
