import { describe, expect, it } from 'vitest';
import { KERAS_FILTERS, tokenize } from './tokenizer';

describe('tokenize', () => {
  // Each row: what goes in, what Keras text_to_word_sequence (plus the <br /> step) gives.
  const cases: { name: string; text: string; words: string[] }[] = [
    { name: 'empty string', text: '', words: [] },
    { name: 'only spaces and filters', text: '  !!! ... ,,, ', words: [] },
    { name: 'lowercases', text: 'This Movie ROCKS', words: ['this', 'movie', 'rocks'] },
    { name: 'punctuation splits words', text: 'great,fun.sad!yes?(no)', words: ['great', 'fun', 'sad', 'yes', 'no'] },
    { name: 'apostrophe is kept', text: "Don't miss the film's end", words: ["don't", 'miss', 'the', "film's", 'end'] },
    { name: 'quotes and backticks are filtered', text: '"quoted" `tick`', words: ['quoted', 'tick'] },
    { name: 'hyphen and slash split', text: 'well-made 10/10', words: ['well', 'made', '10', '10'] },
    { name: 'underscore and tilde split', text: 'snake_case ~tilde~', words: ['snake', 'case', 'tilde'] },
    { name: 'brackets, braces, backslash', text: '[a]{b}\\c|d^e', words: ['a', 'b', 'c', 'd', 'e'] },
    { name: 'br tag becomes a space', text: 'one.<br /><br />Two', words: ['one', 'two'] },
    { name: 'br variants and upper case', text: 'a<BR>b<br/>c<Br  />d', words: ['a', 'b', 'c', 'd'] },
    { name: 'other tags leave their letters', text: '<i>great</i>', words: ['i', 'great', 'i'] },
    { name: 'tabs and newlines', text: 'a\tb\nc\r\nd', words: ['a', 'b', 'c', 'd'] },
    { name: 'unicode whitespace splits', text: 'a\u00a0b\u3000c\u2003d', words: ['a', 'b', 'c', 'd'] },
    { name: 'accents are kept and lowercased', text: 'Amélie ÉTÉ naïve', words: ['amélie', 'été', 'naïve'] },
    { name: 'emoji stay attached to their word', text: 'Loved it😀 👍👍', words: ['loved', 'it😀', '👍👍'] },
    { name: 'non-Latin text without spaces is one word', text: '这部电影很好。', words: ['这部电影很好。'] },
    { name: 'Cyrillic and Greek lowercase', text: 'ФИЛЬМ ΤΑΙΝΙΑ', words: ['фильм', 'ταινια'] },
    { name: 'digits stay', text: 'Rated 7 out of 10', words: ['rated', '7', 'out', 'of', '10'] },
    { name: 'ampersand entity leaves its name', text: 'Tom &amp; Jerry', words: ['tom', 'amp', 'jerry'] },
  ];

  it.each(cases)('$name', ({ text, words }) => {
    expect(tokenize(text)).toEqual(words);
  });

  it('treats every Keras filter character as a separator', () => {
    for (const ch of KERAS_FILTERS) expect(tokenize(`a${ch}b`), JSON.stringify(ch)).toEqual(['a', 'b']);
  });

  it('keeps characters that are not filters', () => {
    for (const ch of ["'", 'é', '€', '£', '§']) expect(tokenize(`a${ch}b`)).toEqual([`a${ch}b`]);
  });

  it('is fast on a 100 KB paste (linear time)', () => {
    const text = 'This film<br /><br />is <b>great</b>, really! '.repeat(2300);
    expect(text.length).toBeGreaterThan(100_000);
    const t0 = performance.now();
    const words = tokenize(text);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(words.length).toBe(2300 * 7);
  });
});
