import { describe, expect, it } from 'vitest';
import { shortReviewNote } from './shortReviewNote';

describe('shortReviewNote', () => {
  it('warns when a review fills less than half of the window, naming the window and the padding', () => {
    expect(shortReviewNote(9, 80)).toBe(
      'This model learned from 80-word windows, nearly all of them full; your 9 words come after 70 padding steps it never ' +
        'learned to ignore, so answers to short texts are less reliable. The short-reviews card is built for them.',
    );
    expect(shortReviewNote(1, 500)).toContain('your 1 word come after 498 padding steps');
    expect(shortReviewNote(39, 80)).not.toBeNull();
  });

  it('says nothing for a review of half the window or more, or for no words', () => {
    expect(shortReviewNote(40, 80)).toBeNull();
    expect(shortReviewNote(80, 80)).toBeNull();
    expect(shortReviewNote(0, 80)).toBeNull();
  });

  it('says nothing for a model that masks its padding (the short-reviews card)', () => {
    expect(shortReviewNote(9, 400, true)).toBeNull();
  });
});
