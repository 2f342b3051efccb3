import { describe, expect, it } from 'vitest';
import type { StepLabel } from '../../../engine/inspect/types';
import { axisLabels, cellWidth, CHAR_PX, LINE_PX, MAX_UP_CHARS } from './axisLabels';

const word = (label: string): StepLabel => ({ label, padding: false });
const pad: StepLabel = { label: '', padding: true };
/** A pre-padded review of `words` in `maxlen` steps, as the engine labels it. */
const review = (words: string[], maxlen: number): StepLabel[] => [...Array.from({ length: maxlen - words.length - 1 }, () => pad), word('<START>'), ...words.map(word)];

describe('cellWidth', () => {
  it.each<[string, StepLabel[], number]>([
    ['letters: 28 px, as ever', [pad, pad, word('A'), word('B'), word('C')], 28],
    ['IMDB tutorial 1 (80 steps): what fits 720 px', review(['great'], 80), 9],
    ['IMDB sequence (500 steps): one pixel', review(['great'], 500), 1],
    ['the trend’s features: wider, so “x_t−1 = 0.8” fits', [word('x_t = 0.9'), word('x_t−1 = 0.8')], 64],
  ])('%s', (_name, steps, want) => {
    expect(cellWidth(steps)).toBe(want);
  });
});

describe('axisLabels', () => {
  it('writes letters across, every column, padding as a dot', () => {
    const steps = [pad, pad, word('A'), word('B'), word('C')];
    const got = axisLabels(steps, cellWidth(steps));
    expect(got.orientation).toBe('across');
    expect(got.labels.map((l) => l.text)).toEqual(['·', '·', 'A', 'B', 'C']);
  });

  it('writes the trend’s features across, whole (they wrap in their wide columns)', () => {
    const steps = [word('x_t = 0.9'), word('x_t−1 = 0.8'), word('previous move up = 1')];
    const got = axisLabels(steps, cellWidth(steps));
    expect(got.orientation).toBe('across');
    expect(got.labels.map((l) => l.text)).toEqual(['x_t = 0.9', 'x_t−1 = 0.8', 'previous move up = 1']);
  });

  it('labels IMDB’s 80 columns with their words, upwards, thinned to a line apart, ending at the last word', () => {
    const words = 'a wonderful film with great acting but a dull and boring plot'.split(' ');
    const steps = review(words, 80);
    const w = cellWidth(steps);
    const got = axisLabels(steps, w);
    expect(got.orientation).toBe('up');
    const kept = got.labels.map((l) => l.step);
    expect(kept.at(-1)).toBe(79);
    expect(got.labels.at(-1)!.text).toBe('plot');
    for (let k = 1; k < kept.length; k++) expect((kept[k] - kept[k - 1]) * w).toBeGreaterThanOrEqual(LINE_PX);
    // As many as fit: every other word at 9 px a column.
    expect(got.labels.map((l) => l.text)).toEqual(['<START>', 'wonderful', 'with', 'acting', 'a', 'and', 'plot']);
    expect(got.labels.every((l) => !l.padding)).toBe(true);
    expect(got.height).toBe(Math.ceil('wonderful'.length * CHAR_PX) + 4);
  });

  it('cuts long words and keeps them whole in the title', () => {
    const long = 'supercalifragilisticexpialidocious';
    const got = axisLabels(review([long], 80), 9);
    const label = got.labels.find((l) => l.title === long)!;
    expect(label.text).toHaveLength(MAX_UP_CHARS);
    expect(label.text.endsWith('…')).toBe(true);
  });

  it('thins a 500-step review to one label per line height', () => {
    const words = Array.from({ length: 300 }, (_, k) => `w${k}`);
    const got = axisLabels(review(words, 500), 1);
    expect(got.labels).toHaveLength(Math.ceil(301 / LINE_PX));
    expect(got.labels.at(-1)!.text).toBe('w299');
  });
});
