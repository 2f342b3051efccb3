import { describe, expect, it } from 'vitest';
import { createVocab, decodeIds, decodeVocab, encodeVocab, idToWord, wordId } from './vocab';

const vocab = createVocab(['the', 'film', "don't", 'été', '😀']);

describe('vocab', () => {
  it('gives word i the id i + 3', () => {
    expect(vocab.ids.get('the')).toBe(3);
    expect(vocab.ids.get('😀')).toBe(7);
  });

  it('round-trips through the file format, UTF-8 included', () => {
    const bytes = encodeVocab(vocab.words);
    expect(new TextDecoder().decode(bytes)).toBe("the\nfilm\ndon't\nété\n😀\n");
    expect(decodeVocab(bytes).words).toEqual(vocab.words);
    expect(decodeVocab(encodeVocab([])).words).toEqual([]);
  });

  it.each([
    ['no final newline', 'a\nb'],
    ['an empty line', 'a\n\nb\n'],
    ['a repeated word', 'a\nb\na\n'],
    ['a word with a space', 'a b\n'],
  ])('rejects a file with %s', (_name, text) => {
    expect(() => decodeVocab(new TextEncoder().encode(text))).toThrow();
  });

  it('applies num_words: ids at or above it are out of vocabulary', () => {
    expect(wordId(vocab, 'film', 5)).toBe(4);
    expect(wordId(vocab, "don't", 5)).toBe(2); // id 5 is not < 5
    expect(wordId(vocab, "don't", 6)).toBe(5);
    expect(wordId(vocab, 'unknown', 100)).toBe(2);
  });

  it('decodes ids with Keras-style markers', () => {
    expect(decodeIds(vocab, [0, 1, 3, 2, 4])).toBe('<PAD> <START> the <OOV> film');
    expect(idToWord(vocab, 999)).toBe('<?>');
  });
});
