import { describe, expect, it } from 'vitest';
import { refusal } from './testing';
import { labelledTextsFromFolder, labelledTextsFromTable } from './labelledTexts';
import type { UserFile } from './readText';
import { parseTable } from './table';

const file = (name: string, text: string): UserFile => ({ name, bytes: new TextEncoder().encode(text) });

describe('labelled texts from a table', () => {
  it('sorts label names as Python does, by code point', () => {
    const t = parseTable('r.csv', 'text,label\nx,😀\ny,！\n', { header: true });
    expect(labelledTextsFromTable(t, { text: 0, label: 1 }).classNames).toEqual(['！', '😀']);
  });

  it('numbers the labels by their sorted names and keeps each row’s place', () => {
    const t = parseTable('r.csv', 'text,label\nGreat,pos\nBad,neg\nFine, pos\nMeh,meh\n');
    const data = labelledTextsFromTable(t, { text: 0, label: 1 });
    expect(data.classNames).toEqual(['meh', 'neg', 'pos']);
    expect(Array.from(data.labels)).toEqual([2, 1, 2, 0]);
    expect(data.sources[3]).toEqual({ file: 'r.csv', row: 5 });
  });

  it.each([
    ['a missing label', 'text,label\nGreat,pos\nBad,\nFine,neg\n', { file: 'r.csv', row: 3, column: 'label', message: 'r.csv, row 3, column “label”: the label is empty; give this row a label or remove the row.' }],
    ['an empty text', 'text,label\nGreat,pos\n  ,neg\n', { file: 'r.csv', row: 3, column: 'text', message: 'r.csv, row 3, column “text”: the text is empty; write the sentence or remove the row.' }],
    ['a single class', 'text,label\nGreat,pos\nGood,pos\n', { file: 'r.csv', column: 'label', message: 'r.csv, column “label”: every sample has the label “pos”; a classifier needs at least two classes, so add samples of another class.' }],
  ])('refuses %s', (_, text, problem) => {
    expect(refusal(() => labelledTextsFromTable(parseTable('r.csv', text, { header: true }), { text: 0, label: 1 }))).toEqual(problem);
  });
});

describe('labelled texts from a folder laid out as aclImdb', () => {
  it('takes the first folder under the root as the label, skips other files, and ignores the listing order', () => {
    const files = [
      file('train/pos/2.txt', 'Loved it'),
      file('train/neg/1.txt', 'Hated it'),
      file('train/README', 'not a sample'),
      file('train/pos/1.txt', 'Great\r\nfilm'),
      file('train/neg/deeper/3.txt', 'Boring'),
      file('train/urls.txt', 'a file directly under the root'),
    ];
    const data = labelledTextsFromFolder('train', files);
    expect(data.classNames).toEqual(['neg', 'pos']);
    expect(data.texts).toEqual(['Hated it', 'Boring', 'Great\nfilm', 'Loved it']);
    expect(Array.from(data.labels)).toEqual([0, 0, 1, 1]);
    expect(data.sources[0]).toEqual({ file: 'train/neg/1.txt' });
    expect(labelledTextsFromFolder('x', [...files].reverse())).toEqual(data);
  });

  it.each([
    ['no labelled .txt files', [file('notes.md', 'x')], 'reviews: the folder has no .txt files in folders named after their labels; put each class’s .txt files in a folder named after it (pos/, neg/…).'],
    ['a single class', [file('pos/1.txt', 'a'), file('pos/2.txt', 'b')], 'reviews: every sample has the label “pos”; a classifier needs at least two classes, so add samples of another class.'],
    ['a bad file inside', [file('pos/1.txt', 'a'), { name: 'neg/2.txt', bytes: Uint8Array.from([0x62, 0xff]) }], 'neg/2.txt: the bytes at offset 1 (line 1) are not UTF-8; save the file as UTF-8 text (it may be Latin-1 or Windows-1252) and choose it again.'],
  ])('refuses %s', (_, files, message) => {
    expect(refusal(() => labelledTextsFromFolder('reviews', files))?.message).toBe(message);
  });

  it('refuses more files than the limit', () => {
    const files = Array.from({ length: 4 }, (_, i) => file(`${i % 2 ? 'a' : 'b'}/${i}.txt`, 'x'));
    expect(refusal(() => labelledTextsFromFolder('f', files, 3))?.message).toBe('f: the folder has 4 .txt files, over the limit of 3, because the lab keeps the whole file and the samples made from it in this tab’s memory; use a part of them.');
  });
});
