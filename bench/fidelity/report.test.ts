import { describe, expect, it } from 'vitest';
import { TUTORIALS } from '../../src/scenarios';
import { TUTORIAL_IDS } from '../../src/scenarios/types';
import { fakeResult, storeOf } from './fixtures';
import { DEFAULT_OPTIONS, TARGET_TOLERANCE } from './plan';
import { duration, epochLine, markdownReport, pct, points, spread, summarize, targetFor, trainerText, verdictFor, verdictLine } from './report';

describe('spread', () => {
  it('gives mean, min, max and count', () => {
    expect(spread([0.9, 1, 0.8])).toEqual({ mean: expect.closeTo(0.9, 12), min: 0.8, max: 1, n: 3 });
    expect(spread([])).toBeUndefined();
  });
});

describe('verdictFor', () => {
  it.each<[string, number, (number | null)[], boolean, string]>([
    ['exactly the target', 0.8129, [0.8129 - TARGET_TOLERANCE], false, 'PASS'],
    ['above the published figure', 0.8129, [0.84], false, 'PASS'],
    ['just under the target', 0.8129, [0.8129 - TARGET_TOLERANCE - 0.0001], false, 'SHORT'],
    ['a mean that reaches it although one seed does not', 1, [1, 1, 0.97], false, 'PASS'],
    ['a mean under it', 1, [0.99, 0.97, 0.98], false, 'SHORT'],
    ['a NaN run among good ones', 1, [1, null, 1], false, 'SHORT'],
    ['quick mode', 1, [0.1], true, 'QUICK'],
    ['no runs', 1, [], false, 'NOT RUN'],
  ])('%s', (_what, published, ours, quick, verdict) => {
    expect(verdictFor(targetFor({ published: { metric: 'acc', value: published, text: '' } }), ours, quick)).toBe(verdict);
  });

  it('targets 1.5 points under the published figure, or the data’s ceiling less chance where it is lower', () => {
    expect(targetFor(TUTORIALS['imdb-seq'])).toBeCloseTo(0.8529, 10);
    // Trend with two features: published ≈0.8, but our series allows 0.75; 200 validation samples.
    expect(targetFor(TUTORIALS['trend-two-features'])).toBeCloseTo(0.69, 10);
    expect(verdictFor(targetFor(TUTORIALS['trend-two-features']), [0.73, 0.715, 0.74], false)).toBe('PASS');
    expect(verdictFor(targetFor(TUTORIALS['trend-two-features']), [0.6, 0.62, 0.65], false)).toBe('SHORT');
  });
});

describe('summarize', () => {
  const results = [
    fakeResult('trend', 1, 0.99, { best: { epoch: 150, value: 1 }, wallSeconds: 60 }),
    fakeResult('trend', 2, 0.97, { best: { epoch: 90, value: 0.99 }, wallSeconds: 80 }),
    fakeResult('trend', 3, 1, { best: { epoch: 40, value: 1 }, wallSeconds: 70, backend: 'cpu' }),
    fakeResult('imdb-small-vocab', 1, 0.80, { best: { epoch: 2, value: 0.835 } }),
  ];
  const summaries = summarize(results, false);

  it('has one summary per registry variant, in order, including variants not run', () => {
    expect(summaries.map((s) => s.scenario)).toEqual([...TUTORIAL_IDS]);
    expect(summaries.find((s) => s.scenario === 'alphabet')!.verdict).toBe('NOT RUN');
  });

  it('gives mean and spread over seeds, best epochs, the restore-best gain and the backends used', () => {
    const trend = summaries.find((s) => s.scenario === 'trend')!;
    expect(trend.seeds).toEqual([1, 2, 3]);
    expect(trend.ours).toEqual({ mean: expect.closeTo(0.98667, 4), min: 0.97, max: 1, n: 3 });
    expect(trend.bestEpochs).toEqual([150, 90, 40]);
    expect(trend.gain).toEqual({ mean: expect.closeTo(0.01, 10), min: 0, max: expect.closeTo(0.02, 10), n: 3 });
    expect(trend.wall).toMatchObject({ mean: 70, min: 60, max: 80 });
    // The typed trainer (the plan's choice in Node) runs on no tfjs backend.
    expect(trend.backends).toEqual(['none', 'cpu']);
    expect(trend.set).toBe('val');
    expect(trend.verdict).toBe('PASS');
  });

  it('judges IMDB by the test set and reports what restoring the best epoch gains', () => {
    const imdb = summaries.find((s) => s.scenario === 'imdb-small-vocab')!;
    expect(imdb.set).toBe('test');
    expect(imdb.verdict).toBe('PASS'); // 0.80 ≥ 0.8129 − 0.015
    expect(imdb.gain!.mean).toBeCloseTo(0.035, 10);
  });
});

describe('markdownReport', () => {
  const results = [
    fakeResult('alphabet', 1, 0.99),
    fakeResult('trend', 1, 0.99),
    fakeResult('trend', 2, 0.96),
    fakeResult('trend-two-features', 1, 0.6),
    fakeResult('imdb-seq', 1, null, { message: 'Loss became NaN' }),
  ];
  const md = markdownReport({ ...storeOf(results), updatedAt: '2025-01-01T00:00:00.000Z' });
  const tableRows = (header: string) => {
    const lines = md.split('\n');
    const start = lines.findIndex((l) => l.startsWith(`| ${header}`));
    const rows: string[] = [];
    for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
    return rows;
  };

  it('has a summary row for every variant and a detail row for every run', () => {
    const summary = tableRows('Tutorial | Published');
    expect(summary).toHaveLength(TUTORIAL_IDS.length);
    TUTORIAL_IDS.forEach((id, i) => expect(summary[i]).toContain(`(\`${id}\`)`));
    expect(tableRows('Tutorial | Seed')).toHaveLength(results.length);
  });

  it('prints the published figure, ours with its spread, and PASS/SHORT per row', () => {
    const row = (id: string) => tableRows('Tutorial | Published').find((r) => r.includes(`(\`${id}\`)`))!;
    expect(row('alphabet')).toMatch(/\| 98\.90% train \| 99\.00% \|.*\| PASS \|$/);
    expect(row('trend')).toMatch(/\| 100\.00% val \| 97\.50% \(96\.00% … 99\.00%\) \|.*\| 1, 2 \| SHORT \|$/);
    expect(row('trend-two-features')).toMatch(/SHORT \|$/);
    expect(row('imdb-seq')).toMatch(/1 NaN run.*SHORT \|$/);
    expect(row('imdb-seq-cnn')).toMatch(/NOT RUN \|$/);
    expect(md).toContain(TUTORIALS['imdb-small-vocab'].published.text);
  });

  it('in quick mode, says so, gives no verdicts and lists what quick mode changed', () => {
    const quick = { ...DEFAULT_OPTIONS, quick: true };
    const q = markdownReport(storeOf([fakeResult('alphabet', 1, 0.1, {}, quick)], true));
    expect(q).toMatch(/^# Fidelity smoke run/);
    expect(q).toContain('| QUICK |');
    expect(q).not.toMatch(/\| (PASS|SHORT) \|/);
    expect(q).toContain('`alphabet`: 200 samples, 3 epochs, batch size 8');
  });

  it('lists hyperparameters that differ from the tutorial in a real run', () => {
    const changed = fakeResult('trend', 1, 0.99);
    changed.hp = { ...changed.hp, epochs: 50 };
    expect(markdownReport(storeOf([changed]))).toContain('`trend` seed 1: epochs 50');
  });
});

describe('formatting', () => {
  it.each([
    [5.4, '5 s'],
    [75, '1 min 15 s'],
    [4000, '1 h 06 min'],
  ])('duration(%d) = %s', (s, text) => expect(duration(s)).toBe(text));

  it('formats percentages and points', () => {
    expect(pct(0.81294)).toBe('81.29%');
    expect(points(0.0123)).toBe('+1.23');
    expect(points(-0.005)).toBe('−0.50');
  });

  it('prints an epoch line with validation accuracy where there is one', () => {
    const line = epochLine('trend', 2, { epoch: 7, epochs: 200, loss: 0.5, acc: 0.75, valLoss: 0.4, valAcc: 0.8, seconds: 0.4 }, 3.2);
    expect(line).toBe('trend seed 2 epoch   7/200 loss 0.5000 acc 0.7500 val_acc 0.8000 3 s');
    expect(epochLine('alphabet', 1, { epoch: 1, epochs: 5, loss: 3, acc: 0.1, seconds: 1 }, 1)).not.toContain('val_acc');
  });

  it('prints a verdict line with the target', () => {
    const [alphabet] = summarize([fakeResult('alphabet', 1, 0.99)], false);
    expect(verdictLine(alphabet)).toBe('PASS  alphabet: ours 99.00% (train, seeds 1), published 98.90% target ≥ 97.40%');
  });
});

describe('trainerText', () => {
  it('names the trainer, and how many threads shared its batches', () => {
    expect(trainerText({ trainer: 'typed' })).toBe('typed trainer');
    expect(trainerText({ trainer: 'typed', trainerThreads: 2 })).toBe('typed trainer, 2 threads');
    expect(trainerText({ trainer: 'fused' })).toBe('tfjs, fused LSTM');
    expect(trainerText({ trainer: 'layers' })).toBe('tfjs, layers LSTM');
  });
});
