import { describe, expect, it } from 'vitest';
import { chooseSeriesColumns, chooseTextColumns, describeColumns } from './columns';
import { problemOf } from './problem';
import { parseTable } from './table';

const reviews = parseTable('reviews.csv', [
  'id,sentiment,review,stars',
  '1,pos,"I loved this film, every minute of it",5',
  '2,neg,A waste of two hours,1',
  '3,pos,Wonderful acting and a clever plot,4',
  '4,neg,I left before the end,2',
].join('\n'));

describe('columns', () => {
  it('says what each column holds', () => {
    expect(describeColumns(reviews).map((c) => c.kind)).toEqual(['number', 'label', 'text', 'number']);
    const series = parseTable('s.csv', 'Date,year,temp,note\n2024-01-01,2024,3.5,a\n2024-01-02,2025,4,b\n2024-01-03,2026,x,c\n2024-01-04,2027,5,a\n2024-01-05,2028,6,b\n2024-01-06,2029,7,c\n2024-01-07,2030,8,a\n2024-01-08,2031,9,b\n2024-01-09,2032,10,c\n2024-01-10,2033,11,a\n2024-01-11,2034,12,b\n');
    // "temp" has one bad cell in eleven: still numbers, refused where it is read.
    expect(describeColumns(series).map((c) => c.kind)).toEqual(['date', 'date', 'number', 'label']);
  });

  it('guesses the text and the label, and takes the user’s choice by name or place', () => {
    const info = describeColumns(reviews);
    expect(chooseTextColumns(reviews, info)).toEqual({ text: 2, label: 1 });
    expect(chooseTextColumns(reviews, info, { label: 'stars' })).toEqual({ text: 2, label: 3 });
    expect(chooseTextColumns(reviews, info, { text: 2, label: 0 })).toEqual({ text: 2, label: 0 });
  });

  it('a 0/1 column named label is the label', () => {
    const t = parseTable('b.csv', 'text,label\ngood,1\nbad,0\nfine,1\nawful,0\n');
    expect(chooseTextColumns(t, describeColumns(t))).toEqual({ text: 0, label: 1 });
  });

  it.each([
    [{ text: 'txt' }, 'reviews.csv: there is no column “txt” for the text; the columns are “id”, “sentiment”, “review”, “stars”.'],
    [{ label: 7 }, 'reviews.csv: there is no column 8 for the label; the columns are “id”, “sentiment”, “review”, “stars”.'],
    [{ text: 'review', label: 'review' }, 'reviews.csv, column “review”: the text and the label are the same column; name two different columns.'],
  ])('refuses a choice that names no column: %j', (choice, message) => {
    try {
      chooseTextColumns(reviews, describeColumns(reviews), choice);
      throw new Error('not refused');
    } catch (e) {
      expect(problemOf(e)?.message).toBe(message);
    }
  });

  it('a series takes every numeric column and the date, unless told', () => {
    const t = parseTable('m.csv', 'when,a,b,site\n2024-01-01,1,2,x\n2024-01-02,3,4,y\n2024-01-03,5,6,x\n');
    const info = describeColumns(t);
    expect(chooseSeriesColumns(t, info)).toEqual({ values: [1, 2], date: 0 });
    expect(chooseSeriesColumns(t, info, { values: ['b'], date: null })).toEqual({ values: [2], date: undefined });
  });
});
