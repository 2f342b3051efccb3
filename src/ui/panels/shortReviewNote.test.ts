import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import { learnedShortTexts, shortReviewNote } from './shortReviewNote';

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

  it('says nothing for a model that learned short texts', () => {
    expect(shortReviewNote(9, 400, true)).toBeNull();
  });
});

describe('learnedShortTexts', () => {
  const of = (id: keyof typeof SCENARIOS) => learnedShortTexts(SCENARIOS[id], SCENARIOS[id].defaults);

  it('holds for both short-reviews cards: the masked one skips its padding, the Conv1D one trained on cut rows', () => {
    expect(of('short-reviews')).toBe(true);
    expect(of('short-reviews-conv')).toBe(true);
  });

  it('does not hold for the IMDB tutorials, unmasked and trained on full windows (the Conv1D tutorial included)', () => {
    expect(of('imdb-small-vocab')).toBe(false);
    expect(of('imdb-seq')).toBe(false);
    expect(of('imdb-seq-cnn')).toBe(false);
  });
});
