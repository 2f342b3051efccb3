import { describe, expect, it } from 'vitest';
import { LETTER_SEQUENCES, stopPhases, syntheticReview, waitsToRun } from './waitPlan';
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

describe('LETTER_SEQUENCES', () => {
  it('are valid alphabet inputs, each differing from the one before', () => {
    LETTER_SEQUENCES.forEach((text, i) => {
      expect(text).toMatch(/^[A-Z]{1,5}$/);
      if (i > 0) expect(text).not.toBe(LETTER_SEQUENCES[i - 1]);
    });
  });
});

describe('waits without the IMDB assets', () => {
  it.each([
    [true, WAIT_IDS.length, 0, 4],
    [false, WAIT_IDS.length - 3, 3, 3],
  ])('imdbPrepared=%s: %d waits run, %d skipped, %d Stop phases', (prepared, run, skipped, phases) => {
    const plan = waitsToRun(WAIT_IDS, prepared);
    expect(plan.run).toHaveLength(run);
    expect(plan.skipped).toHaveLength(skipped);
    expect(plan.skipped.every((s) => /data:imdb/.test(s.reason))).toBe(true);
    expect(stopPhases(prepared)).toHaveLength(phases);
    expect(stopPhases(prepared).some((p) => p.label.startsWith('training'))).toBe(true);
  });
});
