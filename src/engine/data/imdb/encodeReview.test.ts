import { describe, expect, it } from 'vitest';
import { encodeReview } from './encodeReview';
import { createVocab } from './vocab';

// Ids: the 3, film 4, was 5, great 6, "don't" 7, rare 8.
const vocab = createVocab(['the', 'film', 'was', 'great', "don't", 'rare']);
const hp = { vocabSize: 8, seqLength: 6 };

describe('encodeReview', () => {
  it('tokenises like the data, prepends the start id and pre-pads', () => {
    const r = encodeReview('The film was GREAT!', vocab, hp);
    expect(Array.from(r.ids)).toEqual([0, 1, 3, 4, 5, 6]);
    expect(r.tokens).toEqual([
      { word: 'the', id: 3, status: 'ok' },
      { word: 'film', id: 4, status: 'ok' },
      { word: 'was', id: 5, status: 'ok' },
      { word: 'great', id: 6, status: 'ok' },
    ]);
  });

  it('marks unknown words and words past num_words as oov (id 2)', () => {
    const r = encodeReview("unknown rare don't", vocab, hp);
    expect(r.tokens.map((t) => [t.id, t.status])).toEqual([[2, 'oov'], [2, 'oov'], [7, 'ok']]);
    expect(Array.from(r.ids)).toEqual([0, 0, 1, 2, 2, 7]);
  });

  it('cuts from the front: the start marker first, then the earliest words', () => {
    // [1, the, film, was, great, the, film] is 7 long; maxlen 6 drops only the start marker.
    const one = encodeReview('the film was great the film', vocab, hp);
    expect(Array.from(one.ids)).toEqual([3, 4, 5, 6, 3, 4]);
    expect(one.tokens.every((t) => t.status !== 'cut')).toBe(true);
    // Two more words: the start marker and the first two words are cut.
    const three = encodeReview('was great the film was great the film', vocab, hp);
    expect(Array.from(three.ids)).toEqual([3, 4, 5, 6, 3, 4]); // "the film was great the film"
    expect(three.tokens.map((t) => t.status)).toEqual(['cut', 'cut', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('handles empty and punctuation-only input', () => {
    for (const text of ['', '   ', '?!...']) {
      const r = encodeReview(text, vocab, hp);
      expect(Array.from(r.ids)).toEqual([0, 0, 0, 0, 0, 1]);
      expect(r.tokens).toEqual([]);
    }
  });

  it('handles HTML, emoji and non-Latin text', () => {
    const r = encodeReview('<p>The film<br />was 😀 great</p> 映画', vocab, { ...hp, seqLength: 20 });
    expect(r.tokens.map((t) => `${t.word}:${t.status}`)).toEqual([
      'p:oov', 'the:ok', 'film:ok', 'was:ok', '😀:oov', 'great:ok', 'p:oov', '映画:oov',
    ]);
  });

  it('encodes a 100 KB paste quickly', () => {
    const text = 'the film was great, really great! '.repeat(3000);
    const t0 = performance.now();
    const r = encodeReview(text, vocab, { vocabSize: 8, seqLength: 500 });
    expect(performance.now() - t0).toBeLessThan(500);
    expect(r.ids).toHaveLength(500);
    expect(r.tokens).toHaveLength(18_000);
    expect(r.tokens.filter((t) => t.status !== 'cut')).toHaveLength(500);
  });
});
