import { describe, expect, it } from 'vitest';
import { refusal } from './testing';
import { looksLikeHeader, parseTable, type TableOptions } from './table';

const refused = (file: string, text: string, options?: TableOptions) => refusal(() => parseTable(file, text, options));

describe('parseTable', () => {
  it('detects the delimiter and the header, and skips blank lines', () => {
    const t = parseTable('reviews.csv', 'text;label\nGreat film, loved it;pos\n\nDull;neg\n');
    expect(t).toMatchObject({ delimiter: ';', hasHeader: true, columns: ['text', 'label'], rows: [['Great film, loved it', 'pos'], ['Dull', 'neg']] });
    expect(Array.from(t.rowNumbers)).toEqual([2, 4]);
  });

  it('takes a tab from a .tsv name, and names columns without a header', () => {
    const t = parseTable('data.tsv', 'good movie\t1\nbad movie\t0\nok movie\t1\n');
    expect(t).toMatchObject({ delimiter: '\t', hasHeader: false, columns: ['column 1', 'column 2'] });
    expect(t.rows).toHaveLength(3);
  });

  it('counts rows as lines of the file, a quoted cell over two lines being one row', () => {
    const t = parseTable('q.csv', 'text,label\n"two\nlines",a\nthree,b\n');
    expect(t.rows).toEqual([['two\nlines', 'a'], ['three', 'b']]);
    expect(Array.from(t.rowNumbers)).toEqual([2, 4]);
  });

  it('takes the header and delimiter the user gives', () => {
    expect(parseTable('x.csv', 'a|b\nc|d\n', { delimiter: '|', header: false }).rows).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseTable('x.csv', 'a,b\nc,d\n', { header: true }).columns).toEqual(['a', 'b']);
  });

  it('names duplicate and empty header cells apart', () => {
    expect(parseTable('x.csv', 'v,v,\n1,2,3\n4,5,6\n', { header: true }).columns).toEqual(['v', 'v (2)', 'column 3']);
  });

  it.each([
    ['a row with too few cells', 'ragged.csv', 'text,label\nfine,pos\nno label here\nalso fine,neg\n',
      { file: 'ragged.csv', row: 3, column: 'label', message: 'ragged.csv, row 3, column “label”: this row has 1 cell where the header has 2; fill in the missing cell.' }],
    ['a row with too many cells', 'ragged.csv', 'text,label\nfine,pos\nnot, fine,neg\n',
      { file: 'ragged.csv', row: 3, column: 'column 3', message: 'ragged.csv, row 3, column “column 3”: this row has 3 cells where the header has 2; remove the extra cells, or put a cell that holds the delimiter (a comma) in quotes.' }],
    ['an unclosed quote', 'quote.csv', 'text,label\n"fine",pos\n"never closed,neg\nmore,pos\n',
      { file: 'quote.csv', row: 3, message: 'quote.csv, row 3: a quoted cell starts here and is never closed; add the closing quote (") or remove the opening one.' }],
    ['text after a closing quote', 'quote2.csv', 'a,b\nok,1\n"x"y,1\nz,2\n',
      { file: 'quote2.csv', row: 3, message: 'quote2.csv, row 3: a quoted cell has text after its closing quote; put the whole cell in quotes and write a quote inside it as two ("").' }],
  ])('refuses %s, naming the row (and column)', (_, file, text, problem) => {
    expect(refused(file, text)).toEqual(problem);
  });

  it('refuses a file of a header only, or of nothing but blank lines', () => {
    expect(refused('h.csv', 'text,label\n')).toEqual({ file: 'h.csv', message: 'h.csv: the file has only one row, taken as the header; add a row per sample below it.' });
    expect(refused('b.csv', '\n \n')?.message).toBe('b.csv: the file has no rows; choose a file with a row per sample.');
  });

  it('refuses more rows than the limit, saying the limit and why', () => {
    const text = `x\n${Array.from({ length: 11 }, (_, i) => i).join('\n')}\n`;
    expect(parseTable('ok.csv', text, { maxRows: 11 }).rows).toHaveLength(11);
    expect(refused('rows.csv', text, { maxRows: 10 })?.message).toBe(
      'rows.csv, row 12: the file has more than 10 rows, the limit, because the lab keeps the whole file and the samples made from it in this tab’s memory; use a part of it.');
    const headless = `${Array.from({ length: 11 }, (_, i) => i).join('\n')}\n`;
    expect(parseTable('ok.csv', headless, { maxRows: 11, header: false }).rows).toHaveLength(11);
    expect(refused('rows.csv', headless, { maxRows: 10, header: false })).toMatchObject({ row: 11 });
  });

  it('reports progress, ending at 1', () => {
    const seen: number[] = [];
    parseTable('p.csv', `v\n${'1\n'.repeat(12_000)}`, { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe('looksLikeHeader', () => {
  it.each([
    [[['text', 'label'], ['I loved it', 'pos'], ['Awful', 'neg'], ['Fine', 'pos']], true],
    [[['I loved it', 'pos'], ['Awful', 'neg'], ['Fine', 'pos'], ['Meh', 'neg']], false],
    [[['date', 'price'], ['2024-01-01', '3.5'], ['2024-01-02', '3.7']], true],
    [[['1.5', '2'], ['2.5', '3'], ['3.5', '4']], false],
  ])('%j → %s', (records, expected) => {
    expect(looksLikeHeader(records)).toBe(expected);
  });
});
