/**
 * Links to a run on a user's data: the hyperparameters, the data's kind, name, size and hash and
 * how it was read go in; the data, and its characters, never do. Bad data parameters are named in a
 * sentence and drop the reference; the rest of the link still counts.
 */
import { describe, expect, it } from 'vitest';
import { userDataConfig, type RunConfig } from '../config/runConfig';
import { CHAR_TEXT_DEFAULTS } from '../engine/charText/charTextModel';
import { readConfigFromSearch } from '../state/urlSync';
import { decodeConfig, encodeConfig } from './codec';

const HASH = '0123456789abcdef'.repeat(4);
const config: RunConfig = userDataConfig({ ...CHAR_TEXT_DEFAULTS, seqLength: 16, units: 24, epochs: 3 }, {
  name: 'my notes (draft).txt', hash: HASH, size: 18_204, task: { kind: 'text', seqLength: 16, step: 5, validationSplit: 0.1, minCount: 2 },
  vocabulary: ['a', 'b', 'secretchar'],
});

describe('a link to a run on a user’s text', () => {
  it('round-trips the settings and the reference, without the characters', () => {
    const query = encodeConfig(config);
    const params = new URLSearchParams(query);
    expect(params.get('data')).toBe('text');
    expect(params.get('dataName')).toBe('my notes (draft).txt');
    expect(params.get('dataHash')).toBe(HASH);
    expect(params.get('dataSize')).toBe('18204');
    expect(params.get('step')).toBe('5');
    expect(params.has('tutorial')).toBe(false);
    expect(query).not.toContain('secretchar');
    const { config: back, problems } = decodeConfig(query);
    expect(problems).toEqual([]);
    const { vocabulary: _, ...reference } = config.data!;
    expect(back).toEqual({ ...config, data: reference });
  });

  it('goes to its card, not to the tutorials, whose settings stay their defaults', () => {
    const opened = readConfigFromSearch(`?${encodeConfig(config)}`);
    expect(opened.dataLink?.data?.hash).toBe(HASH);
    expect(opened.config.data).toBeUndefined();
    expect(opened.config.hp.units).not.toBe(24);
  });

  it.each([
    ['data=poem&dataName=a.txt&dataHash=' + HASH, /^Unknown kind of data “poem”; the link’s data was left out\.$/],
    ['data=text&dataHash=' + HASH, /^The link names no file \(dataName\)/],
    ['data=text&dataName=a.txt&dataHash=abc', /^dataHash: “abc” is not a SHA-256 hash/],
    ['data=text&dataName=a.txt&dataHash=' + HASH + '&dataSize=-4', /^dataSize: “-4” should be a whole number/],
    ['data=text&dataName=a.txt&dataHash=' + HASH + '&step=0', /^Step: “0” should be a whole number from 1 to 1000/],
    ['data=text&dataName=a.txt&dataHash=' + HASH + '&minCount=x', /^Rarest character kept: “x”/],
    ['data=constructor&dataName=a.txt&dataHash=' + HASH, /^Unknown kind of data “constructor”/],
    ['data=__proto__&dataName=a.txt&dataHash=' + HASH, /^Unknown kind of data “__proto__”/],
  ])('%s: a sentence, and no data reference', (query, message) => {
    const { config: back, problems } = decodeConfig(`${query}&units=40`);
    expect(back.data).toBeUndefined();
    expect(problems).toEqual([{ field: 'data', message: expect.stringMatching(message) }]);
    expect(back.hp.units).toBe(40);
  });

  it('reports a bad hyperparameter beside a good reference, as any link does', () => {
    const params = new URLSearchParams(encodeConfig(config));
    params.set('epochs', 'abc');
    params.set('bogus', '1');
    const { config: back, problems } = decodeConfig(params.toString());
    expect(back.data?.hash).toBe(HASH);
    expect(problems.map((p) => p.field).sort()).toEqual(['bogus', 'epochs']);
  });

  it('never throws on arbitrary data parameters (a seeded fuzz)', () => {
    let state = 7;
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const pieces = ['data', 'dataName', 'dataHash', 'dataSize', 'step', 'minCount', 'text', HASH, '', '%', '=', '&', '0', '-1', '1e9', 'toString', '\u0000', 'ä'];
    for (let i = 0; i < 500; i++) {
      const query = Array.from({ length: 1 + next(6) }, () => `${pieces[next(pieces.length)]}=${pieces[next(pieces.length)]}`).join('&');
      const { config: back, problems } = decodeConfig(`data=text&${query}`);
      expect(Array.isArray(problems)).toBe(true);
      if (back.data) expect(back.data.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('a link to a run on a user’s series', () => {
  const series: RunConfig = userDataConfig({ ...CHAR_TEXT_DEFAULTS, seqLength: 12, units: 16, validationSplit: 0.25 }, {
    name: 'shop, 2024.csv', hash: HASH, size: 4_096, activation: 'tanh',
    task: { kind: 'series', task: 'up', lookBack: 12, scaler: 'standard', validationSplit: 0.25, valueColumns: ['sales, net', 'price'], targetColumn: 'price', dateColumn: null },
    series: { columns: ['sales, net', 'price'], target: 'price', scaler: { kind: 'standard', offset: [7.5, 3.25], scale: [1, 2] } },
  });

  it('round-trips the task, the columns (a comma in a name included) and the activation, without the scaler', () => {
    const query = encodeConfig(series);
    const params = new URLSearchParams(query);
    expect(params.get('data')).toBe('series');
    expect(params.get('columns')).toBe('["sales, net","price"]');
    expect(query).not.toContain('7.5');
    const { config: back, problems } = decodeConfig(query);
    expect(problems).toEqual([]);
    const { series: _, ...reference } = series.data!;
    expect(back).toEqual({ ...series, data: reference });
  });

  it('names a bad series parameter and drops the reference', () => {
    const bad = (key: string, value: string) => {
      const params = new URLSearchParams(encodeConfig(series));
      params.set(key, value);
      return decodeConfig(params.toString());
    };
    expect(bad('scaler', 'log').problems).toEqual([{ field: 'data', message: expect.stringMatching(/^scaler: “log” should be one of minmax, standard, none; the link’s data was left out\.$/) }]);
    expect(bad('columns', 'sales').problems[0].message).toMatch(/should be a list of column names/);
    expect(bad('target', 'volume').problems[0].message).toMatch(/“volume” is not one of the link’s columns/);
    expect(bad('scaler', 'log').config.data).toBeUndefined();
  });
});
