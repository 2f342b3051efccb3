/**
 * A heatmap's pixels: units down (in the order given), timesteps across, each cell `w` × `h`
 * pixels, padding dimmed. Pure, on a canvas' pixels seen as 32-bit words (RGBA in memory order),
 * so it is tested without a canvas.
 */
import type { StepLabel } from '../../../engine/inspect/types';
import { divergingPacked, sequentialPacked, type Theme } from './colorScale';
import type { ScaleKind } from './quantities';

export interface Cells {
  /** [timesteps][units] */
  values: readonly (readonly number[])[];
  steps: readonly StepLabel[];
  order: readonly number[];
  scale: ScaleKind;
  /** The diverging scale's end. */
  max: number;
  w: number;
  h: number;
  /** The page's theme (light when not given). */
  theme?: Theme;
}

/** The alpha of a padding step's cells: the model reads it, but it is not the user's input. */
export const PADDING_ALPHA = 90;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** 0xRRGGBB and an alpha as one pixel word, bytes R, G, B, A in memory. */
export function pixelOf(rgb: number, alpha: number, littleEndian = LITTLE_ENDIAN): number {
  return littleEndian ? ((alpha << 24) | ((rgb & 255) << 16) | (rgb & 0xff00) | (rgb >> 16)) >>> 0 : ((rgb << 8) | alpha) >>> 0;
}

/**
 * Fills `pixels` ([order.length · h rows] × [steps · w]). Step by step (each step's units are one
 * array): a cell's colour into the first pixel row of its unit's band, then that row copied to the
 * band's other rows. No array per cell: IMDB's 500 steps × 100 units are 50,000 cells a map.
 */
export function paintCells(pixels: Uint32Array, { values, steps, order, scale, max, w, h, theme = 'light' }: Cells): void {
  const T = values.length, U = order.length, rowPixels = T * w;
  const colour = scale === 'sequential' ? (v: number) => sequentialPacked(v, theme) : (v: number) => divergingPacked(v, max, theme);
  for (let t = 0; t < T; t++) {
    const units = values[t];
    const alpha = steps[t]?.padding ? PADDING_ALPHA : 255;
    for (let row = 0; row < U; row++) {
      const at = row * h * rowPixels + t * w, pixel = pixelOf(colour(units[order[row]]), alpha);
      // Mostly 1 to 9 pixels (IMDB's 500 and 80 steps): set one by one, cheaper than a call to fill.
      for (let x = 0; x < w; x++) pixels[at + x] = pixel;
    }
  }
  for (let row = 0; row < U; row++) {
    const top = row * h * rowPixels;
    for (let y = 1; y < h; y++) pixels.copyWithin(top + y * rowPixels, top, top + rowPixels);
  }
}
