import { describe, expect, it } from 'vitest';
import { appendBatches, continuedSeries, emptySeries, globalStep } from './batchSeries';

const losses = (n: number, f: (i: number) => number = () => 1) =>
  Array.from({ length: n }, (_, i) => ({ step: i + 1, loss: f(i) }));

describe('batch loss series', () => {
  it('debiases the moving average so the first point equals the first loss', () => {
    const s = appendBatches(emptySeries(), [{ step: 1, loss: 2 }], { smoothing: 0.9, maxPoints: 100 });
    expect(s.plotted).toEqual([{ step: 1, loss: 2, smoothed: 2 }]);
  });

  it('smooths like a debiased EMA', () => {
    const w = 0.5;
    const s = appendBatches(emptySeries(), losses(3, (i) => [4, 0, 2][i]), { smoothing: w, maxPoints: 100 });
    // acc: 2, 1, 1.5; debias: 0.5, 0.75, 0.875
    expect(s.plotted.map((p) => p.smoothed)).toEqual([4, 1 / 0.75, 1.5 / 0.875]);
  });

  it('gives the same result however the batches are chunked', () => {
    const all = losses(500, (i) => Math.sin(i) + 2);
    const opts = { smoothing: 0.9, maxPoints: 64 };
    const once = appendBatches(emptySeries(), all, opts);
    let chunked = emptySeries();
    for (let i = 0; i < all.length; i += 7) chunked = appendBatches(chunked, all.slice(i, i + 7), opts);
    expect(chunked).toEqual(once);
  });

  it.each([10, 2000, 100_000])('keeps at most maxPoints points after %i batches', (n) => {
    const s = appendBatches(emptySeries(), losses(n), { smoothing: 0.9, maxPoints: 2000 });
    expect(s.plotted.length).toBeLessThanOrEqual(2000);
    expect(s.plotted.length).toBeGreaterThan(Math.min(n, 2000) / 2 - 1);
    // The curve's end is always the newest batch, and steps stay in order.
    expect(s.plotted[s.plotted.length - 1].step).toBe(n);
    expect(s.plotted.every((p, i) => i === 0 || p.step > s.plotted[i - 1].step)).toBe(true);
  });

  it('skips non-finite losses instead of poisoning the average', () => {
    const s = appendBatches(emptySeries(), [
      { step: 1, loss: 1 },
      { step: 2, loss: Number.NaN },
      { step: 3, loss: 1 },
    ]);
    expect(s.plotted.map((p) => p.step)).toEqual([1, 3]);
    expect(s.plotted.every((p) => Number.isFinite(p.smoothed))).toBe(true);
  });

  it('returns the same object when nothing is appended', () => {
    const s = emptySeries();
    expect(appendBatches(s, [])).toBe(s);
  });

  it('numbers batches across epochs', () => {
    expect(globalStep(1, 1, 100)).toBe(1);
    expect(globalStep(3, 5, 100)).toBe(205);
  });
});

describe('a resumed run’s batch curve', () => {
  const opts = { smoothing: 0.9, maxPoints: 64 };
  const run = appendBatches(emptySeries(), losses(300, (i) => 3 - i / 150), opts);

  it('goes on from the kept curve where the checkpoint stopped: steps keep increasing, none after the cut survives', () => {
    // The record kept batches up to step 300; the checkpoint was taken at step 240.
    const resumed = appendBatches(continuedSeries(run.kept, run.stride, opts), [{ step: 241, loss: 1.4 }, { step: 242, loss: 1.38 }], opts);
    const steps = resumed.plotted.map((p) => p.step);
    expect(steps[0]).toBe(1);
    expect(steps.slice(1).every((s, i) => s > steps[i])).toBe(true);
    expect(steps.at(-1)).toBe(242);
    expect(steps.filter((s) => s > 240)).toEqual([241, 242]);
    // The average carries on (no restart from the new losses alone), close to where it was.
    const before = run.kept.filter((p) => p.step < 241).at(-1)!.smoothed;
    expect(resumed.plotted.at(-1)!.smoothed).toBeGreaterThan(1.4);
    expect(Math.abs(resumed.plotted.at(-1)!.smoothed - before)).toBeLessThan(0.2);
  });

  it('thins a longer kept curve (the record keeps 2,000 points) to the chart’s points', () => {
    const long = appendBatches(emptySeries(), losses(5000), { smoothing: 0.9, maxPoints: 2000 });
    const live = continuedSeries(long.kept, long.stride, opts);
    expect(live.plotted.length).toBeLessThanOrEqual(opts.maxPoints);
    expect(live.plotted[0].step).toBe(1);
    expect(live.plotted.at(-1)!.step).toBe(long.kept.at(-1)!.step);
    expect(appendBatches(live, [{ step: 5001, loss: 1 }], opts).plotted.at(-1)!.step).toBe(5001);
  });
});
