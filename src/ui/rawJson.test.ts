import { describe, expect, it } from 'vitest';
import { rawJson } from './rawJson';

describe('rawJson: a damaged record exported as it was found', () => {
  it.each([
    [null, 'null'],
    [undefined, 'null'],
    ['text', '"text"'],
    [{ id: 'a', n: Number.NaN, big: 12n, inf: -Infinity }, JSON.stringify({ id: 'a', n: 'NaN', big: '12n', inf: '-Infinity' }, null, 2)],
    [{ w: new Float32Array([1, Number.NaN]) }, JSON.stringify({ w: [1, 'NaN'] }, null, 2)],
    [new Map([['k', 1]]), JSON.stringify({ Map: [['k', 1]] }, null, 2)],
  ])('%o', (value, expected) => {
    expect(rawJson(value)).toBe(expected);
  });

  it('writes a cycle once instead of throwing', () => {
    const a: Record<string, unknown> = { id: 'a' };
    a.self = a;
    expect(JSON.parse(rawJson(a))).toEqual({ id: 'a', self: '[written above]' });
  });
});
