import { describe, expect, it } from 'vitest';
import { compareToReference, KERNEL_TOLERANCE } from './tolerance';

describe('compareToReference', () => {
  it.each([
    { got: [1, 2, 3], want: [1, 2, 3], pass: true },
    { got: [1.00005, 2, 3], want: [1, 2, 3], pass: true }, // 5e-5 relative
    { got: [1.0003, 2, 3], want: [1, 2, 3], pass: false }, // 3e-4 relative
    { got: [1e-6, 100], want: [0, 100], pass: true }, // absolute part: 1e-5·max|want|
    { got: [1e-2, 100], want: [0, 100], pass: false },
    { got: [NaN, 2], want: [1, 2], pass: false },
    { got: [Infinity, 2], want: [1, 2], pass: false },
    { got: [1, 2], want: [1, 2, 3], pass: false },
  ])('$got vs $want passes: $pass', ({ got, want, pass }) => {
    expect(compareToReference(got, want).ratio <= 1).toBe(pass);
  });

  it('says where the worst element is and how far off it is relative to the largest value', () => {
    expect(compareToReference([1, 2.5, 4], [1, 2, 4])).toMatchObject({ at: 1, error: 0.125 });
    expect(compareToReference([1, 2], [1, 2])).toMatchObject({ ratio: 0, error: 0 });
    expect(compareToReference([1], [1, 2]).at).toBe(-1);
  });

  it('takes a looser tolerance where one is asked for', () => {
    const got = [1.0003, 2], want = [1, 2];
    expect(compareToReference(got, want, KERNEL_TOLERANCE).ratio).toBeGreaterThan(1);
    expect(compareToReference(got, want, { rtol: 1e-3, atolFraction: 1e-5 }).ratio).toBeLessThanOrEqual(1);
  });
});
