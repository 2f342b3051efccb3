import { describe, expect, it } from 'vitest';
import { lengthHistogram } from './preview';

describe('lengthHistogram', () => {
  it('has 20 bins of 50 words and one open bin from 1000', () => {
    const h = lengthHistogram([0, 49, 50, 999, 1000, 2470]);
    expect(h).toHaveLength(21);
    expect(h[0]).toEqual({ from: 0, to: 50, count: 2 });
    expect(h[1]).toEqual({ from: 50, to: 100, count: 1 });
    expect(h[19]).toEqual({ from: 950, to: 1000, count: 1 });
    expect(h[20]).toEqual({ from: 1000, to: 2471, count: 2 });
  });

  it('keeps its shape for an empty or short set', () => {
    const h = lengthHistogram([]);
    expect(h).toHaveLength(21);
    expect(h[20]).toEqual({ from: 1000, to: 1001, count: 0 });
  });
});
