import { describe, expect, it } from 'vitest';
import { niceStep, ticksCovering, ticksWithin } from './ticks';

describe('ticksWithin', () => {
  it.each<[number, number, number, boolean, number[]]>([
    [1, 3, 5, true, [1, 2, 3]],
    [1, 500, 5, true, [100, 200, 300, 400, 500]],
    [1, 485, 5, true, [100, 200, 300, 400]],
    [1, 2, 5, true, [1, 2]],
    [0, 1, 6, false, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [12, 500_000, 5, true, [100_000, 200_000, 300_000, 400_000, 500_000]],
    [5, 5, 5, true, [5]],
  ])('[%d, %d] in at most %d ticks (integer: %s) → %j', (min, max, count, integer, want) => {
    expect(ticksWithin(min, max, count, integer)).toEqual(want);
  });

  // The collisions the issue saw: two labels a few units apart on a wide axis.
  it.each([[1, 485], [1, 451], [7, 499_999], [1, 1_000_000], [3, 17], [0.001, 0.9]])(
    'never puts two ticks on [%d, %d] closer than a fifth of the span',
    (min, max) => {
      const ticks = ticksWithin(min, max, 5, Number.isInteger(min) && Number.isInteger(max));
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.length).toBeLessThanOrEqual(5);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBeGreaterThanOrEqual((max - min) / 5 - 1e-9);
      for (const t of ticks) expect(t >= min && t <= max).toBe(true);
    },
  );
});

describe('ticksCovering', () => {
  it.each<[number, number, number[]]>([
    [180, 4, [0, 50, 100, 150, 200]],
    [200, 4, [0, 50, 100, 150, 200]],
    [7, 4, [0, 2, 4, 6, 8]],
  ])('covers %d with about %d steps → %j', (max, count, want) => {
    expect(ticksCovering(max, count)).toEqual(want);
  });

  it('always reaches the largest bar, so no bar rises above the axis (and its labels)', () => {
    for (const max of [1, 9, 99, 101, 1234, 5001, 99_999]) expect(ticksCovering(max, 4).at(-1)).toBeGreaterThanOrEqual(max);
  });
});

describe('niceStep', () => {
  it.each([[10, 5, 0, 2], [485, 4, 1, 200], [3, 10, 1, 1], [0.9, 5, 0, 0.2]])('span %d / %d parts (min %d) → %d', (span, n, min, want) => {
    expect(niceStep(span, n, min)).toBe(want);
  });
});
