import { describe, expect, it } from 'vitest';
import type { BatchTrainer } from '../batchTrainer';
import { MAX_TIMED_STEPS, timeSteps } from './measure';

/** A trainer whose steps take the given times on a fake clock, recording the rows asked for. */
function clocked(stepMs: number[]) {
  let t = 0;
  const rows: number[] = [];
  const trainer = {
    step: (_order: Int32Array | null, from: number) => {
      rows.push(from);
      t += stepMs[rows.length - 1] ?? stepMs[stepMs.length - 1];
      return [0, 0] as [number, number];
    },
  } as unknown as BatchTrainer;
  return { trainer, rows, now: () => t };
}

describe('timeSteps', () => {
  it('leaves the warm-up out and takes the median of the timed steps', async () => {
    const { trainer, now } = clocked([500, 10, 30, 20, 11, 12]);
    expect(await timeSteps(trainer, 1000, 32, 10_000, now)).toEqual({ msPerStep: 12, warmUpMs: 500, steps: MAX_TIMED_STEPS });
  });

  it('stops at the budget, but always times one step after the warm-up', async () => {
    const slow = clocked([2000, 900, 900]);
    expect(await timeSteps(slow.trainer, 1000, 32, 500, slow.now)).toEqual({ msPerStep: 900, warmUpMs: 2000, steps: 1 });
    const fast = clocked([10, 100, 100, 100]);
    // Steps end at 110, 210 (inside the 300 ms) and 310: the third one starts inside the budget.
    expect((await timeSteps(fast.trainer, 1000, 32, 300, fast.now)).steps).toBe(3);
  });

  it('walks through real batches of the split, wrapping at its end', async () => {
    const { trainer, rows, now } = clocked([1]);
    await timeSteps(trainer, 70, 32, 1000, now);
    expect(rows).toEqual([0, 32, 25, 18, 11, 4]);
  });
});
