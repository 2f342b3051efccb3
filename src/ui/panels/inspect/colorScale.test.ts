import { describe, expect, it } from 'vitest';
import { diverging, maxAbs, sequential } from './colorScale';

describe('colour scales', () => {
  it.each<[string, () => readonly number[], readonly number[]]>([
    ['sequential 0 is the light end', () => sequential(0), [247, 251, 255]],
    ['sequential 1 is dark blue', () => sequential(1), [8, 48, 107]],
    ['sequential clamps above 1', () => sequential(3), [8, 48, 107]],
    ['diverging 0 is white', () => diverging(0, 2), [247, 247, 247]],
    ['diverging +max is red', () => diverging(2, 2), [178, 24, 43]],
    ['diverging −max is blue', () => diverging(-2, 2), [33, 102, 172]],
    ['diverging halfway to red', () => diverging(1, 2), [213, 136, 145]],
    ['diverging with nothing to scale is white', () => diverging(0.5, 0), [247, 247, 247]],
  ])('%s', (_name, got, want) => {
    expect(got()).toEqual(want);
  });

  it('maxAbs finds the largest magnitude, whatever its sign', () => {
    expect(maxAbs([[0.1, -0.7], [0.3, 0.2]])).toBe(0.7);
  });
});
