import { describe, expect, it } from 'vitest';
import { torchAt, trainAt, waitAt } from './fixtures';
import type { SpeedRecord } from './records';
import { mergeRecords, partOf } from './resultsFile';
import { summarize } from './stats';

describe('partOf', () => {
  it.each<[SpeedRecord, string]>([
    [trainAt('alphabet', 'typed', 1, { env: 'node' }), 'node'],
    [trainAt('alphabet', 'typed', 1), 'browser'],
    [torchAt('trend', 1, 1), 'torch'],
    [waitAt('paste-1mb', [1]), 'waits'],
    [{ type: 'skip', env: 'browser', wait: 'stop-latency', reason: 'x' }, 'waits'],
    [{ type: 'skip', env: 'browser', reason: 'x' }, 'browser'],
    [{ type: 'skip', env: 'torch', reason: 'x' }, 'torch'],
    [{ type: 'bidirectional', who: 'ours', row: 'window', steps: 31, threads: 1, batchSize: 32, ms: summarize([1]), samples: [1], gflops: 1, detail: 'x' }, 'bidirectional'],
    [{ type: 'skip', env: 'bidirectional', reason: 'x' }, 'bidirectional'],
  ])('%#: %s', (record, part) => {
    expect(partOf(record)).toBe(part);
  });
});

describe('mergeRecords', () => {
  const oldTrain = trainAt('alphabet', 'typed', 1);
  const oldWait = waitAt('paste-1mb', [384]);
  const previous = { meta: { date: '2026-11-22T20:49:32.673Z' }, records: [oldTrain, oldWait] };

  it('replaces the parts run and keeps the rest, saying from when', () => {
    const fresh = waitAt('paste-1mb', [0]);
    const merged = mergeRecords(previous, [fresh], ['waits']);
    expect(merged.records).toEqual([oldTrain, fresh]);
    expect(merged.kept).toEqual({ from: { browser: '2026-11-22T20:49:32.673Z' }, records: 1 });
  });

  it('keeps the waits a waits part did not time', () => {
    const oldStop = waitAt('stop-latency', [900]);
    const oldSkip: SpeedRecord = { type: 'skip', env: 'browser', wait: 'first-batch-imdb', reason: 'x' };
    const fresh = waitAt('paste-1mb', [0]);
    const merged = mergeRecords({ ...previous, records: [oldTrain, oldWait, oldStop, oldSkip] }, [fresh], ['waits'], ['paste-1mb']);
    expect(merged.records).toEqual([oldTrain, oldStop, oldSkip, fresh]);
    expect(merged.kept).toEqual({ from: { browser: '2026-11-22T20:49:32.673Z', waits: '2026-11-22T20:49:32.673Z' }, records: 3 });
    // Every wait timed: none kept.
    expect(mergeRecords({ ...previous, records: [oldStop] }, [fresh], ['waits'], ['paste-1mb', 'stop-latency']).records).toEqual([fresh]);
  });

  it('keeps the char-text layers a char-text part did not measure', () => {
    const charText = (cell: 'lstm' | 'gru' | 'simpleRnn' | undefined, ms: number) => ({ type: 'charText', who: 'ours', ...(cell ? { cell } : {}), ms }) as unknown as SpeedRecord;
    const oldLstm = charText(undefined, 70), oldGru = charText('gru', 80), oldRnn = charText('simpleRnn', 90);
    const fresh = charText('simpleRnn', 60);
    const merged = mergeRecords({ ...previous, records: [oldTrain, oldLstm, oldGru, oldRnn] }, [fresh], ['chartext'], undefined, ['simpleRnn']);
    expect(merged.records).toEqual([oldTrain, oldLstm, oldGru, fresh]);
    // Without a list of layers, the part replaces all of its records.
    expect(mergeRecords({ ...previous, records: [oldLstm, oldGru] }, [fresh], ['chartext']).records).toEqual([fresh]);
  });

  it('dates parts kept twice by the run that measured them', () => {
    const once = { meta: { date: '2026-12-03T08:00:00Z', kept: mergeRecords(previous, [waitAt('paste-1mb', [0])], ['waits']).kept }, records: mergeRecords(previous, [waitAt('paste-1mb', [0])], ['waits']).records };
    const twice = mergeRecords(once, [torchAt('trend', 1, 1)], ['torch']);
    expect(twice.kept?.from).toEqual({ browser: '2026-11-22T20:49:32.673Z', waits: '2026-12-03T08:00:00Z' });
  });

  it('keeps nothing when every part of the old file was run again, or there is no old file', () => {
    expect(mergeRecords(previous, [], ['browser', 'waits'])).toEqual({ records: [] });
    expect(mergeRecords(undefined, [oldWait], ['waits'])).toEqual({ records: [oldWait] });
  });

  it('reads kept records under today’s names', () => {
    const legacy = { ...trainAt('alphabet', 'typed', 1), impl: 'typed-arrays' } as unknown as SpeedRecord;
    const { records } = mergeRecords({ records: [legacy, trainAt('alphabet', 'fused', 2)] }, [], ['waits']);
    expect(records.map((r) => (r.type === 'train' ? r.impl : '?'))).toEqual(['typed', 'fused']);
  });

  it('leaves an impl named after a built-in property as it is', () => {
    const odd = ['constructor', 'toString', '__proto__'].map((impl) => ({ ...trainAt('alphabet', 'typed', 1), impl }) as unknown as SpeedRecord);
    const { records } = mergeRecords({ records: odd }, [], ['waits']);
    expect(records.map((r) => (r.type === 'train' ? r.impl : '?'))).toEqual(['constructor', 'toString', '__proto__']);
  });
});
