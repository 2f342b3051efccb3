import { describe, expect, it } from 'vitest';
import { waitAt } from './fixtures';
import { judgeWait, WAIT_IDS, WAIT_TARGETS, type WaitId } from './waitTargets';

describe('judgeWait', () => {
  it.each<[WaitId, number[], number]>([
    // Fresh pages: the median, in seconds.
    ['first-batch-alphabet', [1200, 900, 3000], 1.2],
    ['first-batch-trend', [800, 1000], 0.9],
    // Keystrokes: the median, in ms.
    ['try-during-training', [100, 400, 120, 90, 130], 120],
    // Stop: the slowest phase.
    ['stop-latency', [140, 1004, 55], 1.004],
    // Paste: the longest task, in ms.
    ['paste-1mb', [384], 384],
    ['alphabet-tutorial', [15_600], 15.6],
    // Inspect keystrokes: the median, in ms.
    ['inspect-keystroke-imdb-seq', [80, 250, 60], 80],
  ])('%s judges %j as %d', (id, ms, figure) => {
    expect(judgeWait(waitAt(id, ms)).figure).toBeCloseTo(figure, 9);
  });

  it('lists every sample and the statistics in the basis', () => {
    const { basis } = judgeWait({ ...waitAt('first-batch-alphabet', [1200, 900, 3000]), plan: 'CPU · 1 thread', notes: ['ready 1 s'] });
    expect(basis).toBe('first-batch-alphabet test: 1 1.20, 2 0.90, 3 3.00 (median 1.20, max 3.00 s); trained with CPU · 1 thread; ready 1 s');
  });

  it('marks waits given up on as lower bounds', () => {
    const { figure, basis } = judgeWait(waitAt('try-during-training', [10_000, 10_000, 120], [0, 1]));
    expect(figure).toBe(10_000);
    expect(basis).toMatch(/1 ≥ 10000, 2 ≥ 10000, 3 120/);
    expect(basis).toMatch(/2 of 3 given up on/);
  });

  it('has no figure without samples', () => {
    expect(judgeWait(waitAt('paste-1mb', [])).figure).toBeUndefined();
  });

  it('has a target for every wait, with limits as issues 12 and 14 set them', () => {
    expect(Object.keys(WAIT_TARGETS).sort()).toEqual([...WAIT_IDS].sort());
    expect(Object.fromEntries(WAIT_IDS.map((id) => [id, WAIT_TARGETS[id].limitMs]))).toEqual({
      'first-batch-alphabet': 1000, 'first-batch-trend': 1000, 'first-batch-imdb': 3000, 'try-during-training': 150,
      'alphabet-tutorial': 15_000, 'trend-tutorial': 10_000, 'stop-latency': 1000, 'paste-1mb': 100, 'inspect-typing': 100,
      'inspect-keystroke': 100, 'inspect-keystroke-alphabet-stateful': 100, 'inspect-keystroke-trend': 100, 'inspect-keystroke-imdb-small-vocab': 100, 'inspect-keystroke-imdb-seq': 100, 'inspect-keystroke-imdb-seq-cnn': 100,
      // Issue #20: reading a user's file never blocks the page; a 1 MB text trains within 2 s.
      'parse-text-50mb': 100, 'parse-csv-100k': 100, 'first-point-text-1mb': 2000, 'short-reviews-card': 600_000, 'short-reviews-conv-card': 600_000,
    });
  });
});
