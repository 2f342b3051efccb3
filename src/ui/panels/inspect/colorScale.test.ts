import { describe, expect, it } from 'vitest';
import { diverging, maxAbs, sequential, SIGN, wordTint, type Rgb } from './colorScale';

/** The rgb of an `rgba(…)` tint. */
const tintRgb = (tint: string): number[] => (tint.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
/** Which of blue and red a colour leans to. */
const hue = ([r, , b]: readonly number[]): 'blue' | 'red' => (b > r ? 'blue' : 'red');
/** Relative luminance in [0, 1] (sRGB, WCAG's formula). */
const luminance = (c: Rgb): number => {
  const lin = c.map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
};

describe('colour scales', () => {
  it.each<[string, () => readonly number[], readonly number[]]>([
    ['sequential 0 is the light end', () => sequential(0), [247, 251, 255]],
    ['sequential 1 is dark blue', () => sequential(1), [8, 48, 107]],
    ['sequential clamps above 1', () => sequential(3), [8, 48, 107]],
    ['diverging 0 is white', () => diverging(0, 2), [247, 247, 247]],
    ['diverging +max is blue', () => diverging(2, 2), [33, 102, 172]],
    ['diverging −max is red', () => diverging(-2, 2), [178, 24, 43]],
    ['diverging halfway to blue', () => diverging(1, 2), [140, 175, 210]],
    ['diverging with nothing to scale is white', () => diverging(0.5, 0), [247, 247, 247]],
    ['dark: sequential 0 is the dark panel', () => sequential(0, 'dark'), [17, 24, 39]],
    ['dark: diverging 0 is the dark panel', () => diverging(0, 1, 'dark'), [17, 24, 39]],
  ])('%s', (_name, got, want) => {
    expect(got()).toEqual(want);
  });

  it('maxAbs finds the largest magnitude, whatever its sign', () => {
    expect(maxAbs([[0.1, -0.7], [0.3, 0.2]])).toBe(0.7);
  });
});

describe('one sign convention everywhere', () => {
  it.each([1, -1])('a word pushing %i is tinted in the heatmaps’ colour for that sign, and the legend’s words name it', (sign) => {
    const word = hue(tintRgb(wordTint(sign, 1)));
    expect(word).toBe(hue(diverging(sign, 1)));
    expect(word).toBe(hue(diverging(sign, 1, 'dark')));
    expect(word).toBe(SIGN[sign > 0 ? 'positive' : 'negative']);
  });

  it('tints grow with the share and vanish when nothing has one', () => {
    const alpha = (t: string) => Number(t.match(/[\d.]+\)$/)?.[0].slice(0, -1));
    expect(alpha(wordTint(0.5, 1))).toBeLessThan(alpha(wordTint(1, 1)));
    expect(wordTint(0.3, 0)).toBe('transparent');
    expect(wordTint(Number.NaN, 1)).toBe('transparent');
  });

  it('dark mode: a gate of 1 and a state at its end stand out from the dark page; 0 blends in', () => {
    const page = luminance([17, 24, 39]);
    const contrast = (c: Rgb) => (luminance(c) + 0.05) / (page + 0.05);
    expect(contrast(sequential(1, 'dark'))).toBeGreaterThan(7);
    expect(contrast(diverging(1, 1, 'dark'))).toBeGreaterThan(4.5);
    expect(contrast(diverging(-1, 1, 'dark'))).toBeGreaterThan(4.5);
    expect(contrast(sequential(0, 'dark'))).toBeCloseTo(1, 5);
  });
});
