import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN, QUICK_PLAN, timeSteps, type TimingPlan } from './measure';

/** A fake step whose durations come from a list (the last one repeats), on a fake clock. */
function fake(durations: number[]) {
  let clock = 0;
  let calls = 0;
  return {
    now: () => clock,
    step: async () => {
      clock += durations[Math.min(calls, durations.length - 1)];
      calls++;
    },
    calls: () => calls,
  };
}

const plan = (p: Partial<TimingPlan>): TimingPlan => ({
  warmup: 2, warmupMinMs: 0, warmupMaxSteps: 100, batches: 5, minBatches: 3, maxSeconds: 100, slowStepMs: 1000, ...p,
});

describe('timeSteps', () => {
  it('warms up, then times the asked number of steps', async () => {
    const f = fake([50, 40, 10, 11, 12, 13, 14]);
    const t = await timeSteps(f.step, plan({}), f.now);
    expect(t.warmup).toEqual({ steps: 2, totalMs: 90, firstMs: 50 });
    expect(t.samples).toEqual([10, 11, 12, 13, 14]);
    expect(t.summary.median).toBe(12);
  });

  it('keeps warming up fast steps until warmupMinMs has passed, within warmupMaxSteps', async () => {
    const f = fake([2]);
    const t = await timeSteps(f.step, plan({ warmupMinMs: 100, batches: 1, minBatches: 1 }), f.now);
    expect(t.warmup.steps).toBe(50);
    const capped = fake([2]);
    const u = await timeSteps(capped.step, plan({ warmupMinMs: 100, warmupMaxSteps: 10, batches: 1, minBatches: 1 }), capped.now);
    expect(u.warmup.steps).toBe(10);
  });

  it('cuts a slow combination short: no more warm-up, only minBatches timed', async () => {
    const f = fake([5000]);
    const t = await timeSteps(f.step, plan({ warmup: 3, warmupMinMs: 60_000 }), f.now);
    expect(t.warmup.steps).toBe(1);
    expect(t.samples).toHaveLength(3);
  });

  it('stops at the time budget once minBatches are done', async () => {
    const f = fake([0, 0, 400]);
    const t = await timeSteps(f.step, plan({ batches: 100, minBatches: 2, maxSeconds: 1 }), f.now);
    // 400 ms each: after 3 steps 1.2 s have been spent.
    expect(t.samples).toEqual([400, 400, 400]);
  });

  it('times at least minBatches even past the budget', async () => {
    const f = fake([0, 0, 900]);
    const t = await timeSteps(f.step, plan({ batches: 100, minBatches: 3, maxSeconds: 0.1, slowStepMs: 10_000 }), f.now);
    expect(t.samples).toHaveLength(3);
  });

  it('has plans whose quick variant is smaller', () => {
    expect(QUICK_PLAN.batches).toBeLessThan(DEFAULT_PLAN.batches);
    expect(QUICK_PLAN.minBatches).toBeLessThanOrEqual(QUICK_PLAN.batches);
    expect(DEFAULT_PLAN.minBatches).toBeLessThanOrEqual(DEFAULT_PLAN.batches);
  });
});
