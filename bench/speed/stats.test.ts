import { describe, expect, it } from 'vitest';
import { gaps, quantile, summarize } from './stats';

describe('quantile', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[4, 1, 3, 2], 0.5, 2.5],
    [[1, 2, 3, 4, 5], 0.5, 3],
    [[1, 2, 3, 4, 5], 0, 1],
    [[1, 2, 3, 4, 5], 1, 5],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 0.1, 20],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 0.9, 100],
    [[1, 2], 0.9, 1.9],
    [[7], 0.95, 7],
  ])('%j at %f is %f', (values, q, want) => {
    expect(quantile(values, q)).toBeCloseTo(want, 12);
  });

  it('rejects an empty sample and a q outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(/empty/);
    expect(() => quantile([1], 1.5)).toThrow(/outside/);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('summarize', () => {
  it('gives median, p10, p90, extremes and mean', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({ n: 5, median: 3, p10: 1.4, p90: 4.6, min: 1, max: 5, mean: 3 });
  });
  it('rejects an empty sample', () => {
    expect(() => summarize([])).toThrow();
  });
});

describe('gaps', () => {
  it('gives consecutive differences', () => {
    expect(gaps([0, 16, 33, 50])).toEqual([16, 17, 17]);
    expect(gaps([5])).toEqual([]);
  });
});
