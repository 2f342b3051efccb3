import { describe, expect, it } from 'vitest';
import { refusal } from './testing';
import { minSamples, numericSeriesFromTable, seriesData, type NumericSeries } from './series';
import { parseTable } from './table';

const series = (...columns: number[][]): NumericSeries => ({ file: 's.csv', names: columns.map((_, k) => `v${k}`), columns: columns.map((c) => Float64Array.from(c)) });

describe('numeric series → windows', () => {
  it('“will the next step go up?”: windows of lookBack rows, 1 when the next value is higher', () => {
    const d = seriesData(series([1, 2, 3, 2, 5, 6]), { task: 'up', lookBack: 2, scaler: 'none', validationSplit: 0 });
    expect(d.dataset.train.xShape).toEqual([4, 2, 1]);
    expect(Array.from(d.dataset.train.x)).toEqual([1, 2, 2, 3, 3, 2, 2, 5]);
    expect(Array.from(d.dataset.train.y)).toEqual([1, 0, 1, 1]);
    expect(d.dataset.validation).toBeUndefined();
  });

  it('“what is the next value?”: scaled on the rows the training samples read, validation last', () => {
    const d = seriesData(series([1, 2, 3, 2, 5, 6]), { task: 'next', lookBack: 2, scaler: 'minmax', validationSplit: 0.25 });
    expect([d.trainSamples, d.validationSamples]).toEqual([3, 1]);
    // Fitted on rows 0–4 (the training targets reach row 4): min 1, range 4; row 5 (6) is beyond it.
    expect(d.scaler).toEqual({ kind: 'minmax', offset: [1], scale: [4] });
    expect(Array.from(d.dataset.train.y)).toEqual([0.5, 0.25, 1]);
    expect(Array.from(d.dataset.validation!.y)).toEqual([1.25]);
    expect(Array.from(d.dataset.validation!.x)).toEqual([0.25, 1]);
  });

  it('several columns are features at each step; the target is the one chosen', () => {
    const d = seriesData(series([1, 2, 3, 4], [10, 30, 20, 40]), { task: 'up', lookBack: 2, scaler: 'none', validationSplit: 0, target: 1 });
    expect(d.dataset.train.xShape).toEqual([2, 2, 2]);
    expect(Array.from(d.dataset.train.x)).toEqual([1, 10, 2, 30, 2, 30, 3, 20]);
    expect(Array.from(d.dataset.train.y)).toEqual([0, 1]);
  });

  it.each([
    ['too few rows for the window', series([1, 2, 3]), { lookBack: 3, validationSplit: 0.2, task: 'next' as const },
      { file: 's.csv', message: 's.csv: the series has 3 rows, too few for windows of 3 rows and the row after them with 20% kept for validation; use at least 5 rows, or a shorter look-back.' }],
    ['a single class (always up)', series([1, 2, 3, 4, 5]), { lookBack: 1, validationSplit: 0, task: 'up' as const },
      { file: 's.csv', column: 'v0', message: 's.csv, column “v0”: the training part goes up at every step, so “will it go up?” has one answer; use a series that goes both ways, or predict the next value instead.' }],
  ])('refuses %s', (_, s, options, problem) => {
    expect(refusal(() => seriesData(s, { scaler: 'none', ...options }))).toEqual(problem);
  });

  it('the fewest samples for a split', () => {
    // 10 × (1 − 0.9) is 0.9999… in floating point, so 10 samples leave none to train on, in Keras too.
    expect([minSamples(0), minSamples(0.2), minSamples(0.5), minSamples(0.9)]).toEqual([1, 2, 2, 11]);
  });
});

describe('numeric columns of a table', () => {
  it('reads the values and keeps the dates as written', () => {
    const t = parseTable('m.csv', 'day,temp\n2024-01-01, 3.5\n2024-01-02,-1e1\n');
    const s = numericSeriesFromTable(t, { values: [1], date: 0 });
    expect(Array.from(s.columns[0])).toEqual([3.5, -10]);
    expect(s.dates).toEqual(['2024-01-01', '2024-01-02']);
    expect(s.dateName).toBe('day');
  });

  it.each([
    ['a non-numeric cell', 'day,temp\n1,3\n2,warm\n', 'm.csv, row 3, column “temp”: “warm” is not a number in a column of numbers; write it as a number (a point for decimals, no thousands separators) or remove the row.'],
    ['an empty cell', 'day,temp\n1,3\n2,\n', 'm.csv, row 3, column “temp”: the cell is empty in a column of numbers; fill it in or remove the row.'],
  ])('refuses %s, naming the row and column', (_, text, message) => {
    expect(refusal(() => numericSeriesFromTable(parseTable('m.csv', text), { values: [1] }))?.message).toBe(message);
  });
});
