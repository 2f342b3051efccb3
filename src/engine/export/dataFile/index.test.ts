import { describe, expect, it } from 'vitest';
import { encodeCharText, encodeWithVocabulary, OTHER_CHAR } from '../../data/user/charText';
import { dataFileName, parseDataFile, writeDataFile } from './index';
import { textDataFileOf, textModelDataOf } from './text';

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const good = { format: 'lstm-lab-data', version: 1, kind: 'text', chars: [' ', 'a', 'b', null], otherIndex: 3, seqLength: 4, lower: false };

describe('the data file', () => {
  it('a text’s vocabulary goes to a file and back, and reads a typed text into the same indices', () => {
    const corpus = encodeCharText('abc abd\u{1F600} zz\u00e9 ab ab', { minCount: 2 });
    expect(corpus.vocabulary.chars.at(-1)).toBe(OTHER_CHAR);
    const written = writeDataFile<'text'>(textDataFileOf({ vocabulary: corpus.vocabulary, seqLength: 5 }));
    const read = parseDataFile(written, 'notes.data.json');
    if (typeof read === 'string' || read.kind !== 'text') throw new Error(`not a text's data file: ${JSON.stringify(read)}`);
    expect(read).toMatchObject({ format: 'lstm-lab-data', version: 1, kind: 'text', seqLength: 5, otherIndex: corpus.vocabulary.chars.length - 1 });
    expect(read.chars.at(-1)).toBeNull();
    const back = textModelDataOf(read);
    expect(back.vocabulary.chars).toEqual(corpus.vocabulary.chars);
    const typed = 'ab zq\u{1F600}é';
    expect(encodeWithVocabulary(back.vocabulary, typed)).toEqual(encodeWithVocabulary(corpus.vocabulary, typed));
  });

  it('keeps a vocabulary without an other symbol, and lower-casing', () => {
    const corpus = encodeCharText('Hello hello', { lower: true });
    const read = parseDataFile(writeDataFile<'text'>(textDataFileOf({ vocabulary: corpus.vocabulary, seqLength: 3 })), 'x.data.json');
    expect(read).toMatchObject({ otherIndex: null, lower: true, chars: [' ', 'e', 'h', 'l', 'o'] });
  });

  it('names its file after the model’s', () => expect(dataFileName('my-run')).toBe('my-run.data.json'));

  it.each([
    ['not JSON', bytes('{"format":'), /^bad\.data\.json: it is not a JSON file \(.+\); pick the \.data\.json file saved with the model\.$/],
    ['not UTF-8', Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d), /^bad\.data\.json: it is not a JSON file/],
    ['a model.json instead', bytes({ modelTopology: {}, weightsManifest: [] }), /^bad\.data\.json: it is not an LSTM Lab data file \(no "format": "lstm-lab-data"\)/],
    ['a later version', bytes({ ...good, version: 2 }), /^bad\.data\.json: it is a data file of version 2, and this lab reads version 1; save the model again/],
    ['an unknown kind', bytes({ ...good, kind: 'images' }), /^bad\.data\.json: its kind “images” is not one of [a-z, ]*\btext\b/],
    ['no seqLength', bytes({ ...good, seqLength: undefined }), /^bad\.data\.json: the text data file is damaged \(seqLength: .+\)/],
    ['two characters in one entry', bytes({ ...good, chars: [' ', 'ab', 'b', null] }), /damaged \(chars\[1\]: each entry must be one character\)/],
    ['a character twice', bytes({ ...good, chars: [' ', 'a', 'a', null] }), /damaged \(chars: the character "a" is listed twice\)/],
    ['the other symbol elsewhere', bytes({ ...good, otherIndex: 1 }), /damaged \(otherIndex: the “other” symbol must be the one null entry/],
    ['a null without otherIndex', bytes({ ...good, otherIndex: null }), /damaged \(otherIndex: /],
  ])('refuses %s in one sentence naming the file', (_what, file, message) => {
    const read = parseDataFile(file, 'bad.data.json');
    expect(typeof read).toBe('string');
    expect(read).toMatch(message);
    expect((read as string).split('. ').length).toBe(1);
  });
});
