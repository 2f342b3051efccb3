import { describe, expect, it } from 'vitest';
import { OTHER_CHAR, charWindowCount, charWindows, charWindowsAt, checkCharWindows, decodeChars, encodeCharText, encodeWithVocabulary } from './charText';
import { problemOf } from './problem';

describe('text → next character', () => {
  it('builds the sorted vocabulary and the windows of the Keras example', () => {
    const corpus = encodeCharText('hello world');
    expect(corpus.vocabulary.chars).toEqual([' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
    expect(corpus.vocabulary.folded).toEqual({ distinct: 0, occurrences: 0 });
    const options = { seqLength: 4, step: 3 };
    // range(0, 11 - 4, 3) → 0, 3, 6: "hell"→o, "lo w"→o, "worl"→d
    expect(checkCharWindows('t.txt', corpus, options)).toBe(3);
    const split = charWindows(corpus, options, 0, 3);
    expect(split.xShape).toEqual([3, 4]);
    expect(Array.from(split.x)).toEqual([3, 2, 4, 4, 4, 5, 0, 7, 7, 5, 6, 4]);
    expect(split.yShape).toEqual([3, 8]);
    expect([0, 1, 2].map((s) => Array.from(split.y.subarray(s * 8, s * 8 + 8)).indexOf(1))).toEqual([5, 5, 1]);
    expect(Array.from(charWindows(corpus, options, 1, 3).x).slice(0, 4)).toEqual([4, 5, 0, 7]);
    expect(decodeChars(corpus.vocabulary, split.x.subarray(0, 4))).toBe('hell');
    // A shuffled batch: samples 2 and 0.
    expect(Array.from(charWindowsAt(corpus, options, [2, 0]).x)).toEqual([7, 5, 6, 4, 3, 2, 4, 4]);
    expect(() => charWindowsAt(corpus, options, [3])).toThrow('Sample 3 is outside the text\'s 3 samples.');
  });

  it('counts windows as len(range(0, n - seqLength, step))', () => {
    expect([charWindowCount(11, { seqLength: 4, step: 3 }), charWindowCount(10, { seqLength: 4, step: 3 }), charWindowCount(5, { seqLength: 4, step: 1 }), charWindowCount(4, { seqLength: 4, step: 1 })]).toEqual([3, 2, 1, 0]);
  });

  it('folds rare characters into one other symbol, reporting them; characters are code points, sorted as Python sorts them', () => {
    const corpus = encodeCharText('aaabbc😀😀！！', { minCount: 2 });
    expect(corpus.vocabulary.chars).toEqual(['a', 'b', '！', '😀', OTHER_CHAR]);
    expect(corpus.vocabulary.counts).toEqual([3, 2, 2, 2, 1]);
    expect(corpus.vocabulary.folded).toEqual({ distinct: 1, occurrences: 1 });
    expect(Array.from(corpus.codes)).toEqual([0, 0, 0, 1, 1, 4, 3, 3, 2, 2]);
    expect(encodeWithVocabulary(corpus.vocabulary, 'abz😀')).toEqual([0, 1, 4, 3]);
  });

  it('lower-cases when asked, as the Keras example does', () => {
    const corpus = encodeCharText('AbBa', { lower: true });
    expect(corpus.vocabulary.chars).toEqual(['a', 'b']);
    expect(encodeWithVocabulary(corpus.vocabulary, 'BAx')).toEqual([1, 0]);
  });

  it.each([
    ['a text shorter than seqLength', 'short', { seqLength: 40, step: 3 }, 't.txt: the text has 5 characters, and a sample is 40 characters and the one after them; use a longer text or a sequence length under 5.'],
    ['a text as long as seqLength', 'abcd', { seqLength: 4, step: 1 }, 't.txt: the text has 4 characters, and a sample is 4 characters and the one after them; use a longer text or a sequence length under 4.'],
    ['too few samples for the window', 'abcdef', { seqLength: 4, step: 3 }, 't.txt: the text makes 1 sample with sequence length 4 and step 3; use a longer text, a shorter sequence length or a smaller step to get at least 2.'],
    ['a single character', 'aaaaaaaa', { seqLength: 2, step: 1 }, 't.txt: the text uses a single character; there is nothing to predict, so use a text with more than one character.'],
  ])('refuses %s', (_, text, options, message) => {
    try {
      checkCharWindows('t.txt', encodeCharText(text), options);
      throw new Error('not refused');
    } catch (e) {
      expect(problemOf(e)).toEqual({ file: 't.txt', message });
    }
  });
});
