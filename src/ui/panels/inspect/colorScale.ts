/**
 * The one colour scale for the model's numbers, everywhere they are shaded: the heatmaps' gates
 * (sequential, [0, 1]) and states (diverging, signed), and the words of a review in "Try the model"
 * and in Inspect (signed: what a word pushes the prediction towards). One sign convention for all
 * of them, blue for positive and red for negative (`SIGN`), so a reader learns it once; blue and red
 * also stay apart for the common colour-vision deficiencies, which green and red do not.
 *
 * Each scale has a light and a dark palette: zero (and a gate at 0) is the page's own tone, the far
 * end the strongest, so a gate of 1 never sinks into a dark page. Pure, so it is tested without a canvas.
 */
export type Rgb = readonly [number, number, number];
export type Theme = 'light' | 'dark';

interface Palette {
  /** Sequential scale: 0 … 1. */
  low: Rgb;
  high: Rgb;
  /** Diverging scale: −max … 0 … +max. */
  negative: Rgb;
  zero: Rgb;
  positive: Rgb;
}

const PALETTES: { readonly [T in Theme]: Palette } = {
  light: { low: [247, 251, 255], high: [8, 48, 107], negative: [178, 24, 43], zero: [247, 247, 247], positive: [33, 102, 172] },
  // Ends bright on the dark panel (#111827), which zero and a closed gate match.
  dark: { low: [17, 24, 39], high: [198, 219, 239], negative: [244, 109, 67], zero: [17, 24, 39], positive: [107, 174, 214] },
};

/** What each sign is drawn in, in words, for legends and explanations. */
export const SIGN = { positive: 'blue', negative: 'red' } as const;

const channel = (a: Rgb, b: Rgb, k: number, t: number): number => Math.round(a[k] + (b[k] - a[k]) * t);
/** a … b at t, as 0xRRGGBB. */
const mix = (a: Rgb, b: Rgb, t: number): number => (channel(a, b, 0, t) << 16) | (channel(a, b, 1, t) << 8) | channel(a, b, 2, t);
const rgb = (packed: number): Rgb => [packed >> 16, (packed >> 8) & 255, packed & 255];
const clamp01 = (t: number): number => (Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0);

/** v in [0, 1] (clamped) → the page's tone … the strongest blue, as 0xRRGGBB. */
export const sequentialPacked = (v: number, theme: Theme = 'light'): number => mix(PALETTES[theme].low, PALETTES[theme].high, clamp01(v));

/** v in [−max, max] (clamped) → red … zero … blue, as 0xRRGGBB. */
export function divergingPacked(v: number, max: number, theme: Theme = 'light'): number {
  const p = PALETTES[theme];
  const t = max > 0 ? clamp01(Math.abs(v) / max) : 0;
  return mix(p.zero, v < 0 ? p.negative : p.positive, t);
}

/**
 * The same as [r, g, b]. The packed forms serve the heatmaps, which colour 250,000 cells per
 * answer for IMDB's 500 steps: an array per cell cost more than the rest of the drawing.
 */
export const sequential = (v: number, theme: Theme = 'light'): Rgb => rgb(sequentialPacked(v, theme));
export const diverging = (v: number, max: number, theme: Theme = 'light'): Rgb => rgb(divergingPacked(v, max, theme));

/** The largest |value|: the diverging scale's end. */
export const maxAbs = (rows: readonly (readonly number[])[]): number => rows.reduce((m, row) => row.reduce((n, v) => Math.max(n, Math.abs(v)), m), 0);

export const css = ([r, g, b]: Rgb): string => `rgb(${r}, ${g}, ${b})`;

/** The strongest word's tint: text stays readable on it in both themes (it is laid over the page). */
const MAX_TINT = 0.55;

/**
 * A word's background for its signed share `v` of the prediction (the strongest word is `max`):
 * the diverging scale's light-theme end for its sign, more opaque the larger the share, over the
 * page's own colour, so it reads in light and dark alike. Transparent when nothing has a share.
 */
export function wordTint(v: number, max: number): string {
  if (!(max > 0) || !Number.isFinite(v)) return 'transparent';
  const [r, g, b] = v < 0 ? PALETTES.light.negative : PALETTES.light.positive;
  return `rgba(${r}, ${g}, ${b}, ${(clamp01(Math.abs(v) / max) * MAX_TINT).toFixed(3)})`;
}
