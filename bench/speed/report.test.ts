import { describe, expect, it } from 'vitest';
import { predictAt, torchAt, trainAt } from './fixtures';
import { fmt, humanReport, markdownTable, spreadText, torchTable, trainRows, trainTable } from './report';
import { summarize } from './stats';

describe('fmt', () => {
  it.each([
    [1234.5, '1235'], [123.45, '123'], [12.345, '12.3'], [1.2345, '1.23'], [0.12345, '0.123'], [undefined, '–'], [NaN, '–'],
  ])('%s → %s', (x, want) => {
    expect(fmt(x)).toBe(want);
  });
  it('shows median and p10–p90', () => {
    expect(spreadText(summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]))).toBe('6.00 (2.00–10.0)');
  });
});

describe('markdownTable', () => {
  it('writes a header, a rule and rows', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});

describe('trainRows', () => {
  const records = [
    trainAt('imdb-small-vocab', 'fused', 200, { env: 'node' }),
    trainAt('alphabet', 'layers', 12),
    trainAt('imdb-small-vocab', 'layers', 600, { env: 'node' }),
    trainAt('alphabet', 'fused', 3),
    trainAt('alphabet', 'fused', 70, { backend: 'webgl', threads: undefined }),
    trainAt('alphabet', 'fused', 2, { variant: 'wasm, setThreadsCount(2)' }),
  ];

  it('pairs the two LSTMs per tutorial and place, with layers ÷ fused', () => {
    const rows = trainRows(records);
    expect(rows.map((r) => [r.scenario, r.where, r.speedup])).toEqual([
      ['alphabet', 'browser wasm (1 thr)', 4],
      ['alphabet', 'browser wasm, setThreadsCount(2) (1 thr)', undefined],
      ['alphabet', 'browser webgl', undefined],
      ['imdb-small-vocab', 'node wasm (1 thr)', 3],
    ]);
  });

  it('renders one table row per pair, with epochs and GFLOP/s', () => {
    const table = trainTable(records).split('\n');
    expect(table).toHaveLength(2 + 4);
    expect(table[5]).toContain('| imdb-small-vocab | node wasm (1 thr) | 32 × 782 | 600 (600–600) | 469 |');
    expect(table[5]).toContain('| 3.00× |');
  });
});

describe('torchTable', () => {
  it('divides the WASM time of what the app trains with by PyTorch at the same thread count', () => {
    const table = torchTable([
      trainAt('imdb-small-vocab', 'fused', 900),
      trainAt('imdb-small-vocab', 'typed', 300),
      trainAt('imdb-small-vocab', 'typed', 150, { env: 'node' }),
      { ...trainAt('imdb-small-vocab', 'typed', 80), threads: 2 },
      trainAt('imdb-seq-cnn', 'typed', 500),
      torchAt('imdb-small-vocab', 1, 100),
      torchAt('imdb-small-vocab', 2, 50),
      torchAt('imdb-seq-cnn', 1, 250),
    ]).split('\n');
    expect(table[2]).toContain('| typed 300 ms = 3.00× | typed 150 ms = 1.50× |');
    expect(table[3]).toContain('| typed 80.0 ms = 1.60× | – |');
    expect(table[4]).toContain('| typed 500 ms = 2.00× | – |');
  });
});

describe('humanReport', () => {
  it('has a section for each kind of record present, and the targets always', () => {
    const text = humanReport([trainAt('alphabet', 'fused', 3), predictAt('browser', 600)], ['header line']);
    expect(text).toContain('header line');
    expect(text).toContain('## Training');
    expect(text).toContain('## Evaluating the IMDB test set');
    expect(text).toContain('## Targets');
    expect(text).not.toContain('## Against PyTorch');
    expect(text).not.toContain('## Main-thread responsiveness');
  });
});
