/**
 * Timing with warm-up and a time budget. No tfjs: the step is any async function, and the clock
 * is injectable, so the policy is unit-tested with fake steps.
 */
import { summarize, type Summary } from './stats';

export interface TimingPlan {
  /** Untimed steps first (shader compiles, first-call allocations, JIT). */
  warmup: number;
  /**
   * Keep warming up until this much time has passed (ms): a batch-1 step takes ~2 ms, and V8 and
   * the WASM tiers need a few hundred of them before step times settle.
   */
  warmupMinMs: number;
  /** Most warm-up steps, whatever `warmupMinMs` says. */
  warmupMaxSteps: number;
  /** Timed steps wanted. */
  batches: number;
  /** Fewest timed steps, even past the time budget. */
  minBatches: number;
  /** Stop timing once this many seconds of timed steps have run (and `minBatches` are done). */
  maxSeconds: number;
  /**
   * A warm-up step slower than this (ms) means the combination is slow: the remaining warm-up is
   * skipped and only `minBatches` are timed.
   */
  slowStepMs: number;
}

export const DEFAULT_PLAN: TimingPlan = {
  warmup: 2, warmupMinMs: 1500, warmupMaxSteps: 500, batches: 200, minBatches: 3, maxSeconds: 5, slowStepMs: 3000,
};
/** `--quick`: enough to prove every path runs, not enough to trust the figures. */
export const QUICK_PLAN: TimingPlan = {
  warmup: 1, warmupMinMs: 0, warmupMaxSteps: 1, batches: 3, minBatches: 2, maxSeconds: 1, slowStepMs: 1000,
};

export interface Timing {
  /** Every timed step, ms, in order. */
  samples: number[];
  /** The untimed warm-up: how many steps, their total and the first one (ms). */
  warmup: { steps: number; totalMs: number; firstMs: number };
  summary: Summary;
}

/** Runs `step` as `plan` says and returns the timed steps' durations. */
export async function timeSteps(
  step: () => Promise<unknown>,
  plan: TimingPlan,
  now: () => number = () => performance.now(),
): Promise<Timing> {
  const warmupMs: number[] = [];
  let slow = false;
  let warm = 0;
  const warming = (): boolean =>
    !slow && (warmupMs.length < plan.warmup || (warm < plan.warmupMinMs && warmupMs.length < plan.warmupMaxSteps));
  while (warming()) {
    const t0 = now();
    await step();
    const ms = now() - t0;
    warmupMs.push(ms);
    warm += ms;
    slow = ms > plan.slowStepMs;
  }
  const want = slow ? Math.min(plan.batches, plan.minBatches) : plan.batches;
  const samples: number[] = [];
  let spent = 0;
  while (samples.length < want && (samples.length < plan.minBatches || spent < plan.maxSeconds * 1000)) {
    const t0 = now();
    await step();
    const ms = now() - t0;
    samples.push(ms);
    spent += ms;
  }
  return {
    samples,
    warmup: { steps: warmupMs.length, totalMs: warm, firstMs: warmupMs[0] ?? 0 },
    summary: summarize(samples),
  };
}
