import { describe, expect, it } from 'vitest';
import { TextDecoder } from 'node:util';
import {
  CSV_CARDS, INSPECT_KEYSTROKES, LETTER_SEQUENCES, REVIEW_SEQUENCES, SERIES_SEQUENCES, stopPhases, syntheticReview, syntheticText, waitsToRun,
} from './waitPlan';
import { WAIT_IDS } from './waitTargets';

describe('syntheticReview', () => {
  it.each([10, 1000, 1_000_000])('is exactly %d ASCII characters of words, the same every time', (chars) => {
    const review = syntheticReview(chars);
    expect(review).toHaveLength(chars);
    expect(review).toBe(syntheticReview(chars));
    expect(/^[\x20-\x7e]+$/.test(review)).toBe(true);
    expect(review).not.toMatch(/ {2}/);
  });
});

describe('syntheticText', () => {
  it.each([100, 1_000_000])('is exactly %d bytes of UTF-8, lines of words, the same every time', (bytes) => {
    const text = syntheticText(bytes);
    expect(Buffer.byteLength(text, 'utf8')).toBe(bytes);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text))).toBe(text);
    expect(text).toBe(syntheticText(bytes));
  });
});

describe('CSV_CARDS', () => {
  it.each(CSV_CARDS.map((c) => [c.kind, c] as const))('%s: a header and exactly the rows asked for, every row as wide as the header', (_kind, card) => {
    const lines = card.csv(1000).split('\n');
    expect(lines).toHaveLength(1001);
    const width = (line: string) => line.replace(/"[^"]*"/g, '').split(',').length;
    expect(new Set(lines.map(width))).toEqual(new Set([width(lines[0])]));
  });
});

describe('LETTER_SEQUENCES', () => {
  it('are valid alphabet inputs, each differing from the one before', () => {
    LETTER_SEQUENCES.forEach((text, i) => {
      expect(text).toMatch(/^[A-Z]{1,5}$/);
      if (i > 0) expect(text).not.toBe(LETTER_SEQUENCES[i - 1]);
    });
  });
});

describe('REVIEW_SEQUENCES', () => {
  it('are words in lower case, each differing from the one before', () => {
    REVIEW_SEQUENCES.forEach((text, i) => {
      expect(text).toMatch(/^[a-z]+( [a-z]+)*$/);
      if (i > 0) expect(text).not.toBe(REVIEW_SEQUENCES[i - 1]);
    });
  });
});

describe('INSPECT_KEYSTROKES', () => {
  it('has a plan for every Inspect keystroke wait: a one-epoch run for reviews, letters for the alphabet, series for trend', () => {
    const ids = WAIT_IDS.filter((id) => id.startsWith('inspect-keystroke'));
    expect(Object.keys(INSPECT_KEYSTROKES).sort()).toEqual([...ids].sort());
    for (const [id, plan] of Object.entries(INSPECT_KEYSTROKES)) {
      expect(plan.needsImdb).toBe(id.includes('imdb'));
      expect(plan.sequences).toBe(plan.needsImdb ? REVIEW_SEQUENCES : id.includes('trend') ? SERIES_SEQUENCES : LETTER_SEQUENCES);
      if (plan.needsImdb) expect(plan.query).toMatch(new RegExp(`^tutorial=${id.replace('inspect-keystroke-', '')}&.*epochs=1`));
    }
  });
});

describe('waits without the IMDB assets', () => {
  it.each([
    [true, WAIT_IDS.length, 0, 4],
    [false, WAIT_IDS.length - 6, 6, 3],
  ])('imdbPrepared=%s: %d waits run, %d skipped, %d Stop phases', (prepared, run, skipped, phases) => {
    const plan = waitsToRun(WAIT_IDS, prepared);
    expect(plan.run).toHaveLength(run);
    expect(plan.skipped).toHaveLength(skipped);
    expect(plan.skipped.every((s) => /data:imdb/.test(s.reason))).toBe(true);
    expect(stopPhases(prepared)).toHaveLength(phases);
    expect(stopPhases(prepared).some((p) => p.label.startsWith('training'))).toBe(true);
  });
});
