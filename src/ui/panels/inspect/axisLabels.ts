/**
 * What a heatmap writes under its columns: each timestep's input (a letter, a word, a feature and its
 * value). Written across under every column where they fit, else upwards and thinned, so a review's
 * 80 or 500 columns still say which words they are. Pure, from the labels and the cell width, so it is
 * tested without a page (text widths are estimated from the axis font, 0.7rem).
 */
import type { StepLabel } from '../../../engine/inspect/types';

/** Average width of one character of the axis font (0.7rem of 15px), in CSS pixels. */
export const CHAR_PX = 6.5;
/** Height of one line of the axis font: the room a label written upwards takes across. */
export const LINE_PX = 12;
/** Labels written upwards are cut to this many characters (a word is rarely longer). */
export const MAX_UP_CHARS = 14;
/** Columns at least this wide take labels written across, wrapped onto a second line if need be. */
const WRAP_WIDTH = 40;
/** The widest a cell gets (for few timesteps with long labels, such as the trend's features). */
const MAX_CELL_WIDTH = 64;
/** The narrowest cap on cell width: as wide as a letter column has always been. */
const MIN_CELL_CAP = 28;
/** The maps fit this many pixels across (two side by side on a desktop). */
const MAP_WIDTH = 720;

export interface AxisLabel {
  step: number;
  text: string;
  /** The whole label, where `text` is cut. */
  title: string;
  padding: boolean;
}

export interface AxisLabels {
  /** `across`: under every column, one per cell. `up`: written upwards, some columns skipped. */
  orientation: 'across' | 'up';
  labels: AxisLabel[];
  /** Height the labels take (for `up`), in CSS pixels. */
  height: number;
}

const shown = (s: StepLabel): string => (s.padding ? '' : s.label);

/** Pixels per timestep: as wide as fits `MAP_WIDTH` (at least 1), up to what the longest label needs. */
export function cellWidth(steps: readonly StepLabel[]): number {
  const longest = steps.reduce((m, s) => Math.max(m, shown(s).length), 0);
  const cap = Math.min(MAX_CELL_WIDTH, Math.max(MIN_CELL_CAP, Math.ceil(longest * CHAR_PX) + 4));
  return Math.max(1, Math.min(cap, Math.floor(MAP_WIDTH / Math.max(1, steps.length))));
}

/**
 * The labels for columns `w` pixels wide. Across when every label fits its column (or the columns
 * are wide enough to wrap); else upwards, keeping the last step's label and then each one at least a
 * line's height from the one kept after it (the end of a pre-padded review is what the model read
 * last), padding never labelled.
 */
export function axisLabels(steps: readonly StepLabel[], w: number): AxisLabels {
  const longest = steps.reduce((m, s) => Math.max(m, shown(s).length), 0);
  if (longest * CHAR_PX <= w || w >= WRAP_WIDTH) {
    return {
      orientation: 'across',
      labels: steps.map((s, step) => ({ step, text: s.padding ? '·' : s.label, title: s.padding ? 'padding' : s.label, padding: s.padding })),
      height: 0,
    };
  }
  const labels: AxisLabel[] = [];
  let lastKept = Infinity;
  for (let step = steps.length - 1; step >= 0; step--) {
    const s = steps[step];
    if (s.padding || s.label === '' || (lastKept - step) * w < LINE_PX) continue;
    const text = s.label.length > MAX_UP_CHARS ? `${s.label.slice(0, MAX_UP_CHARS - 1)}…` : s.label;
    labels.unshift({ step, text, title: s.label, padding: false });
    lastKept = step;
  }
  const chars = labels.reduce((m, l) => Math.max(m, l.text.length), 0);
  return { orientation: 'up', labels, height: Math.ceil(chars * CHAR_PX) + 4 };
}
