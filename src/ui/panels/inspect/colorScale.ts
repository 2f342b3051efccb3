/**
 * Colours for the heatmaps: a sequential scale (light to dark blue) for values in [0, 1] and a
 * diverging one (blue, white at 0, red) for signed values, symmetric about 0 so white always
 * means zero. Pure, so it is tested without a canvas.
 */
export type Rgb = readonly [number, number, number];

const channel = (a: Rgb, b: Rgb, k: number, t: number): number => Math.round(a[k] + (b[k] - a[k]) * t);
/** a … b at t, as 0xRRGGBB. */
const mix = (a: Rgb, b: Rgb, t: number): number => (channel(a, b, 0, t) << 16) | (channel(a, b, 1, t) << 8) | channel(a, b, 2, t);
const rgb = (packed: number): Rgb => [packed >> 16, (packed >> 8) & 255, packed & 255];
const clamp01 = (t: number): number => (Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0);

const LIGHT: Rgb = [247, 251, 255];
const DARK_BLUE: Rgb = [8, 48, 107];
const BLUE: Rgb = [33, 102, 172];
const WHITE: Rgb = [247, 247, 247];
const RED: Rgb = [178, 24, 43];

/** v in [0, 1] (clamped) → light … dark blue, as 0xRRGGBB. */
export const sequentialPacked = (v: number): number => mix(LIGHT, DARK_BLUE, clamp01(v));

/** v in [−max, max] (clamped) → blue … white (0) … red, as 0xRRGGBB. */
export function divergingPacked(v: number, max: number): number {
  const t = max > 0 ? clamp01(Math.abs(v) / max) : 0;
  return mix(WHITE, v < 0 ? BLUE : RED, t);
}

/**
 * The same as [r, g, b]. The packed forms serve the heatmaps, which colour 250,000 cells per
 * answer for IMDB's 500 steps: an array per cell cost more than the rest of the drawing.
 */
export const sequential = (v: number): Rgb => rgb(sequentialPacked(v));
export const diverging = (v: number, max: number): Rgb => rgb(divergingPacked(v, max));

/** The largest |value|: the diverging scale's end. */
export const maxAbs = (rows: readonly (readonly number[])[]): number => rows.reduce((m, row) => row.reduce((n, v) => Math.max(n, Math.abs(v)), m), 0);

export const css = ([r, g, b]: Rgb): string => `rgb(${r}, ${g}, ${b})`;
