/**
 * Expected values are worked out by hand from Keras 2's documented `Tokenizer` semantics (and
 * Python's `json.dumps` defaults), not produced by running Keras here.
 */
import { describe, expect, it } from 'vitest';
import { parseCountEntries, pythonJsonDumps } from './pythonJson';
import {
  KERAS_FILTERS, createTokenizer, fitOnTexts, indexWord, textToWordSequence, textsToSequences, tokenizerFromJson, tokenizerToJson,
} from './tokenizer';

const texts = ['The cat sat on the mat.', 'The dog ate my homework!', "Dog's cat, the CAT."];

describe('Keras Tokenizer', () => {
  it('splits as text_to_word_sequence: lower case, punctuation (not the apostrophe) to spaces, tabs and newlines too', () => {
    expect(textToWordSequence("Dog's cat, the CAT.")).toEqual(["dog's", 'cat', 'the', 'cat']);
    expect(textToWordSequence('a\tb\nc--d  e')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(textToWordSequence('Keep CASE.', { filters: '', lower: false, split: ' ' })).toEqual(['Keep', 'CASE.']);
  });

  it('indexes words by count, ties in the order first seen, from 1', () => {
    const t = fitOnTexts(createTokenizer(), texts);
    expect([...t.wordIndex]).toEqual([
      ['the', 1], ['cat', 2], ['sat', 3], ['on', 4], ['mat', 5], ['dog', 6], ['ate', 7], ['my', 8], ['homework', 9], ["dog's", 10],
    ]);
    expect([...t.wordCounts].slice(0, 3)).toEqual([['the', 4], ['cat', 3], ['sat', 1]]);
    expect(t.wordDocs.get('the')).toBe(3);
    expect(t.wordDocs.get('cat')).toBe(2);
    expect(t.documentCount).toBe(3);
  });

  it('puts the OOV token at 1 and keeps words below num_words', () => {
    const plain = fitOnTexts(createTokenizer({ numWords: 5 }), texts);
    expect(textsToSequences(plain, ['the cat ate a fish', ''])).toEqual([[1, 2], []]);
    const oov = fitOnTexts(createTokenizer({ numWords: 5, oovToken: '<OOV>' }), texts);
    expect(oov.wordIndex.get('<OOV>')).toBe(1);
    expect(oov.wordIndex.get('the')).toBe(2);
    expect(textsToSequences(oov, ['the cat ate a fish'])).toEqual([[2, 3, 1, 1, 1]]);
    // num_words 0 means no limit, as Keras' `if num_words and …` reads it.
    expect(textsToSequences(fitOnTexts(createTokenizer({ numWords: 0 }), texts), ['homework'])).toEqual([[9]]);
  });

  it('an OOV token that is also a word keeps its later index, as dict(zip(...)) does', () => {
    const t = fitOnTexts(createTokenizer({ oovToken: 'unk' }), ['unk unk x']);
    expect([...t.wordIndex]).toEqual([['unk', 2], ['x', 3]]);
    expect(textsToSequences(t, ['y'])).toEqual([[2]]);
    expect(indexWord(t).has(1)).toBe(false);
  });

  it('fitting again adds to the counts and re-indexes', () => {
    const t = fitOnTexts(fitOnTexts(createTokenizer(), ['b a']), ['a']);
    expect([...t.wordIndex]).toEqual([['a', 1], ['b', 2]]);
    expect(t.documentCount).toBe(2);
  });

  it('to_json writes what Keras writes: the tables as JSON strings, Python’s separators and escapes', () => {
    const json = tokenizerToJson(fitOnTexts(createTokenizer({ numWords: 1000, oovToken: '<OOV>' }), ['Café the the 10 2']));
    expect(json.startsWith(String.raw`{"class_name": "Tokenizer", "config": {"num_words": 1000, "filters": "!\"#$%&()*+,-./:;<=>?@[\\]^_` + '`' + String.raw`{|}~\t\n", "lower": true, "split": " ", "char_level": false, "oov_token": "<OOV>", "document_count": 1, `)).toBe(true);
    const config = JSON.parse(json).config;
    expect(config.word_counts).toBe(String.raw`{"caf\u00e9": 1, "the": 2, "10": 1, "2": 1}`);
    expect(config.word_index).toBe(String.raw`{"<OOV>": 1, "the": 2, "caf\u00e9": 3, "10": 4, "2": 5}`);
    expect(config.index_word).toBe(String.raw`{"1": "<OOV>", "2": "the", "3": "caf\u00e9", "4": "10", "5": "2"}`);
    expect(JSON.parse(config.word_docs)).toEqual({ 'café': 1, the: 1, 10: 1, 2: 1 });
    expect(JSON.parse(config.index_docs)).toEqual({ 3: 1, 2: 1, 4: 1, 5: 1 });
  });

  it('reads back what it wrote (tokenizer_from_json), keeping the order of number-like words', () => {
    const t = fitOnTexts(createTokenizer({ numWords: 3, oovToken: 'x' }), ['b 10 2 b', '2']);
    const back = tokenizerFromJson(tokenizerToJson(t));
    expect(back.config).toEqual({ ...t.config, filters: KERAS_FILTERS });
    expect([...back.wordCounts]).toEqual([...t.wordCounts]);
    expect([...back.wordIndex]).toEqual([...t.wordIndex]);
    expect(textsToSequences(back, ['b 2 10 zzz'])).toEqual(textsToSequences(t, ['b 2 10 zzz']));
  });

  it.each([
    ['not JSON', 'This is not a Keras word tokenizer: it is not JSON.'],
    ['{"class_name": "Sequential", "config": {}}', /^This is not a Keras word tokenizer: class_name /],
  ])('refuses %s', (json, message) => {
    expect(() => tokenizerFromJson(json)).toThrow(message);
  });
});

describe('Python json.dumps', () => {
  it('uses its separators and escapes everything outside printable ASCII', () => {
    expect(pythonJsonDumps({ a: 'caf\u00e9 😀\u007f"\\\n', b: [1, true, null], c: {} })).toBe(String.raw`{"a": "caf\u00e9 \ud83d\ude00\u007f\"\\\n", "b": [1, true, null], "c": {}}`);
  });
  it('reads a flat table of counts in the order written', () => {
    expect(parseCountEntries('{"b": 1, "10": 2, "a\\"\\": 3": 4}')).toEqual([['b', 1], ['10', 2], ['a"": 3', 4]]);
    expect(parseCountEntries('{"a": "x"}')).toBeNull();
  });
});
