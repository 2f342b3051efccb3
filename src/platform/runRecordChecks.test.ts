import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/runConfig';
import { checkRunRecord } from './runRecordSchema';

/** A kept short-reviews run: its headline on the test set and the short-review check beside it. */
const record = (checks: unknown) => ({
  id: 'r1', name: 'short reviews', scenario: 'short-reviews', config: defaultConfig('short-reviews'), startedAt: 1, outcome: 'completed',
  epochs: [], batches: [], batchStride: 1, hasModel: false, modelBytes: 0,
  result: {
    reason: 'completed', epochsDone: 2,
    evaluation: { set: 'test', accuracy: 0.85, loss: 0.35, count: 25_000 },
    checks,
  },
});

describe('a kept run’s final checks', () => {
  it('read back with the run, the short-review check included', () => {
    const checks = [
      { set: 'test', accuracy: 0.85, loss: 0.35, count: 25_000 },
      { set: 'short-reviews', accuracy: 0.74, loss: 0.52, count: 25_000 },
    ];
    expect(checkRunRecord(record(checks))).toMatchObject({ ok: true, value: { result: { checks } } });
  });

  it('a record written before checks existed still reads', () => {
    const { result, ...rest } = record(undefined);
    expect(checkRunRecord({ ...rest, result: { reason: result.reason, epochsDone: 2, evaluation: result.evaluation } })).toMatchObject({ ok: true });
  });

  it('a check of an unknown set makes the record damaged, with a sentence, not a blank page', () => {
    const checked = checkRunRecord(record([{ set: 'holdout', accuracy: 0.8, loss: 0.4, count: 10 }]));
    expect(checked).toMatchObject({ ok: false, problem: expect.stringMatching(/result\.checks/) });
  });
});
