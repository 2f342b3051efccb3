/**
 * The whole way from a user's bytes to samples, with fixtures made here: one good file of each
 * kind, and each bad file the issue lists, refused with its sentence naming file, row and column.
 */
import { describe, expect, it } from 'vitest';
import { prepareUserData, type UserDataSource, type UserTask } from './prepareUserData';
import { problemOf, type DataProblem } from './problem';
import { sha256Hex } from './contentHash';

const enc = (s: string) => new TextEncoder().encode(s);
const file = (name: string, content: string | Uint8Array): UserDataSource => ({ kind: 'file', file: { name, bytes: typeof content === 'string' ? enc(content) : content } });
const classify: UserTask = { kind: 'classify', maxlen: 8, validationSplit: 0.25 };
const text: UserTask = { kind: 'text', seqLength: 10, step: 2, validationSplit: 0.1 };
const up: UserTask = { kind: 'series', task: 'up', lookBack: 3, scaler: 'minmax', validationSplit: 0.2 };

const sentences = ['review,label', ...Array.from({ length: 8 }, (_, i) => (i % 2 ? `"Awful, dull film number ${i}",neg` : `A wonderful film number ${i},pos`))].join('\n');
const measurements = ['date,temp,rain', ...Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},${(10 + 5 * Math.sin(i)).toFixed(2)},${i % 3}`)].join('\n');

async function refusal(source: UserDataSource, task: UserTask): Promise<DataProblem | undefined> {
  try {
    await prepareUserData(source, task);
  } catch (e) {
    const p = problemOf(e);
    if (!p) throw e;
    return p;
  }
  throw new Error('not refused');
}

describe('prepareUserData', () => {
  it('labelled sentences from a CSV: columns guessed, tokenized, padded, split per class, described for the store', async () => {
    const progress: string[] = [];
    const d = await prepareUserData(file('reviews.csv', sentences), classify, (p) => progress.push(p.stage));
    if (d.kind !== 'classify') throw new Error(d.kind);
    expect([d.textColumn, d.labelColumn, d.classNames]).toEqual(['review', 'label', ['neg', 'pos']]);
    expect(d.dataset.train.xShape).toEqual([6, 8]);
    expect(d.dataset.validation!.xShape).toEqual([2, 8]);
    expect(Array.from(d.dataset.validation!.y).sort()).toEqual([0, 1]);
    expect(d.record).toMatchObject({ name: 'reviews.csv', kind: 'table', size: enc(sentences).length, hash: await sha256Hex(enc(sentences)) });
    expect(d.record.preview).toMatchObject({ kind: 'table', columns: ['review', 'label'], rowCount: 8 });
    expect(progress).toEqual(['read', 'parse', 'hash', 'samples']);
  });

  it('a folder laid out as aclImdb', async () => {
    const files = [['pos/a.txt', 'Great fun'], ['neg/b.txt', 'Dull'], ['pos/c.txt', 'Loved it'], ['neg/d.txt', 'Awful']].map(([name, t]) => ({ name, bytes: enc(t) }));
    const d = await prepareUserData({ kind: 'folder', name: 'reviews', files }, { ...classify, validationSplit: 0.5 });
    if (d.kind !== 'classify') throw new Error(d.kind);
    expect(d.classNames).toEqual(['neg', 'pos']);
    expect(d.record).toMatchObject({ kind: 'folder', name: 'reviews', size: 26, preview: { kind: 'folder', files: 4, labels: [{ name: 'neg', files: 2 }, { name: 'pos', files: 2 }] } });
  });

  it('a text for next-character models', async () => {
    const t = 'To be, or not to be, that is the question.\n'.repeat(3);
    const d = await prepareUserData(file('hamlet.txt', t), text);
    if (d.kind !== 'text') throw new Error(d.kind);
    // range(0, 129 - 10, 2): 60 samples, the last tenth for validation.
    expect(d.corpus.codes).toHaveLength(129);
    expect([d.trainSamples, d.validationSamples]).toEqual([54, 6]);
    expect(d.record.preview).toEqual({ kind: 'text', text: t, characters: 129 });
  });

  it('a series with a date column kept for the plot', async () => {
    const d = await prepareUserData(file('weather.csv', measurements), { ...up, task: 'next', targetColumn: 'rain' });
    if (d.kind !== 'series') throw new Error(d.kind);
    expect(d.series.names).toEqual(['temp', 'rain']);
    expect(d.series.dates?.[0]).toBe('2024-01-01');
    expect(d.target).toBe(1);
    expect(d.dataset.train.xShape).toEqual([21, 3, 2]);
    expect(d.table.columns.map((c) => c.kind)).toEqual(['date', 'number', 'number']);
  });

  const latin1 = Uint8Array.from([...enc('review,label\nCaf'), 0xe9, ...enc(' good,pos\n')]);
  it.each<[string, UserDataSource, UserTask, DataProblem]>([
    ['an empty file', file('empty.csv', ''), classify, { file: 'empty.csv', message: 'empty.csv: the file is empty; choose a file that holds text.' }],
    ['a binary file', file('photo.jpg', Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), text, { file: 'photo.jpg', message: 'photo.jpg: the file is binary (a zero byte at offset 4), not text; choose a .txt, .csv or .tsv file.' }],
    ['text that is not UTF-8', file('latin1.csv', latin1), classify, { file: 'latin1.csv', message: 'latin1.csv: the bytes at offset 16 (line 2) are not UTF-8; save the file as UTF-8 text (it may be Latin-1 or Windows-1252) and choose it again.' }],
    ['a ragged row', file('ragged.csv', 'review,label\nGood,pos\nBad\nOk,pos\n'), classify, { file: 'ragged.csv', row: 3, column: 'label', message: 'ragged.csv, row 3, column “label”: this row has 1 cell where the header has 2; fill in the missing cell.' }],
    ['a non-numeric cell in a numeric column', file('w.csv', measurements.split('\n').map((line, i) => (i === 4 ? '2024-01-04,n/a,0' : line)).join('\n')), up, { file: 'w.csv', row: 5, column: 'temp', message: 'w.csv, row 5, column “temp”: “n/a” is not a number in a column of numbers; write it as a number (a point for decimals, no thousands separators) or remove the row.' }],
    ['a missing label', file('r.csv', sentences.replace('number 2,pos', 'number 2,')), classify, { file: 'r.csv', row: 4, column: 'label', message: 'r.csv, row 4, column “label”: the label is empty; give this row a label or remove the row.' }],
    ['a single class', file('r.csv', sentences.replaceAll(',neg', ',pos')), { ...classify, labelColumn: 'label' }, { file: 'r.csv', column: 'label', message: 'r.csv, column “label”: every sample has the label “pos”; a classifier needs at least two classes, so add samples of another class.' }],
    ['too few samples for the window', file('w.csv', measurements.split('\n').slice(0, 4).join('\n')), up, { file: 'w.csv', message: 'w.csv: the series has 3 rows, too few for windows of 3 rows and the row after them with 20% kept for validation; use at least 5 rows, or a shorter look-back.' }],
    ['a text shorter than seqLength', file('short.txt', 'Hi there'), text, { file: 'short.txt', message: 'short.txt: the text has 8 characters, and a sample is 10 characters and the one after them; use a longer text or a sequence length under 8.' }],
    ['a folder for a series', { kind: 'folder', name: 'f', files: [{ name: 'a/1.txt', bytes: enc('x') }] }, up, { file: 'f', message: 'f: a folder of files holds labelled texts; choose one text file for next-character models, or a CSV file for series.' }],
    ['a file with no numbers for a series', file('r.csv', sentences), up, { file: 'r.csv', message: 'r.csv: no column holds numbers; a series needs at least one column of numbers.' }],
  ])('refuses %s with its sentence', async (_, source, task, problem) => {
    expect(await refusal(source, task)).toEqual(problem);
  });

  it('refuses a target column that is not one of the series’ columns', async () => {
    expect((await refusal(file('w.csv', measurements), { ...up, valueColumns: ['temp'], targetColumn: 'rain' }))?.message)
      .toBe('w.csv: the column to predict, “rain”, is not one of the series’ columns (“temp”); choose one of them.');
  });

  it('one refused file leaves the next one unaffected', async () => {
    await refusal(file('ragged.csv', 'review,label\nGood,pos\nBad\n'), classify);
    expect((await prepareUserData(file('reviews.csv', sentences), classify)).kind).toBe('classify');
  });
});
