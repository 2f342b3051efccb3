import { describe, expect, it } from 'vitest';
import { predictAt, torchAt, trainAt, waitAt } from './fixtures';
import { bidirectionalCase, bidirectionalRecord, BIDIRECTIONAL_ROWS } from './bidirectionalCase';
import type { BidirectionalRecord, CharTextRecord } from './records';
import { evaluateTargets, verdictText, type TargetResult } from './targets';
import { WAIT_IDS } from './waitTargets';

const byId = (results: TargetResult[], id: TargetResult['id']) => results.filter((r) => r.id === id);

describe('evaluateTargets', () => {
  it('says "not measured" for every target when nothing was measured', () => {
    const results = evaluateTargets([]);
    // IMDB, the character model (LSTM, GRU, SimpleRNN) and the Bidirectional LSTM against PyTorch, the evaluation in two places, and the waits.
    expect(results).toHaveLength(7 + WAIT_IDS.length);
    expect(results.every((r) => r.verdict === 'not measured' && r.figure === undefined)).toBe(true);
  });

  it('compares the character model’s epoch with PyTorch’s fastest run at no more threads than ours', () => {
    const text = { bytes: 1_000_000, vocabulary: 30, trainWindows: 299_988 };
    const at = (who: 'ours' | 'torch', threads: number, secondsPerEpoch: number): CharTextRecord => ({
      type: 'charText', who, threads, batchSize: 128, batchesPerEpoch: 2344, ms: { median: 10, p10: 9, p90: 11, min: 9, max: 12, mean: 10, n: 5 },
      samples: [], secondsPerEpoch, gflops: 5, text, detail: who,
    });
    const [t] = byId(evaluateTargets([at('ours', 1, 30), at('ours', 2, 20), at('torch', 1, 40), at('torch', 2, 25), at('torch', 4, 5)]), 'char-text-epoch-vs-torch');
    // Ours at its fastest (2 threads, 20 s) against PyTorch's fastest at ≤ 2 threads (25 s); its 4-thread run is not a fair bar.
    expect(t.figure).toBeCloseTo(0.8, 12);
    // Either side's 2-thread run can be its slower one on a loaded machine: each is taken at its fastest.
    const [loaded] = byId(evaluateTargets([at('ours', 1, 30), at('ours', 2, 60), at('torch', 1, 20), at('torch', 2, 90)]), 'char-text-epoch-vs-torch');
    expect(loaded.figure).toBeCloseTo(1.5, 12);
    expect(loaded.verdict).toBe('misses');
    expect(t.verdict).toBe('meets');
    expect(t.basis).toMatch(/1,000,000 bytes, 30 characters/);
    const [missing] = byId(evaluateTargets([at('ours', 1, 30), { type: 'skip', env: 'chartext', reason: 'PyTorch: no torch' }]), 'char-text-epoch-vs-torch');
    expect(missing.verdict).toBe('not measured');
    expect(missing.basis).toContain('PyTorch: no torch');
  });

  it('judges each recurrent layer of the character model on its own records (older records are the LSTM’s)', () => {
    const text = { bytes: 1_000_000, vocabulary: 30, trainWindows: 299_988 };
    const at = (cell: CharTextRecord['cell'], who: 'ours' | 'torch', secondsPerEpoch: number): CharTextRecord => ({
      type: 'charText', who, ...(cell ? { cell } : {}), threads: 1, batchSize: 128, batchesPerEpoch: 2344,
      ms: { median: 10, p10: 9, p90: 11, min: 9, max: 12, mean: 10, n: 5 }, samples: [], secondsPerEpoch, gflops: 5, text, detail: who,
    });
    const targets = evaluateTargets([at(undefined, 'ours', 20), at(undefined, 'torch', 40), at('gru', 'ours', 30), at('gru', 'torch', 20), at('simpleRnn', 'ours', 5)]);
    expect(byId(targets, 'char-text-epoch-vs-torch')[0].figure).toBeCloseTo(0.5, 12);
    const [gru] = byId(targets, 'char-text-gru-vs-torch');
    expect(gru.figure).toBeCloseTo(1.5, 12);
    expect(gru.title).toContain('GRU(128)');
    expect(gru.title).toContain('nn.GRU');
    expect(byId(targets, 'char-text-simple-rnn-vs-torch')[0].verdict).toBe('not measured');
  });

  it('judges the Bidirectional LSTM on a window batch plus a whole-review batch, each side at its fastest, PyTorch at no more threads', () => {
    const [window, review] = BIDIRECTIONAL_ROWS.map(bidirectionalCase);
    const at = (c: typeof window, who: 'ours' | 'torch', threads: number, ms: number): BidirectionalRecord =>
      bidirectionalRecord(c, who, threads, [ms, ms, ms], who === 'ours' ? 'Node, typed trainer' : 'PyTorch 1.13', ['3 rounds']);
    const records = [
      at(window, 'ours', 1, 10), at(review, 'ours', 1, 90), at(window, 'ours', 2, 8), at(review, 'ours', 2, 52),
      at(window, 'torch', 1, 20), at(review, 'torch', 1, 100), at(window, 'torch', 2, 30), at(review, 'torch', 2, 110),
      // More threads than ours: never the bar.
      at(window, 'torch', 4, 1), at(review, 'torch', 4, 1),
    ];
    const [t] = byId(evaluateTargets(records), 'bidirectional-lstm-vs-torch');
    // Ours with 2 threads (8 + 52 = 60 ms) against PyTorch with 1 (20 + 100 = 120 ms).
    expect(t.figure).toBeCloseTo(0.5, 12);
    expect(t.verdict).toBe('meets');
    expect(t.title).toContain('nn.LSTM(bidirectional=True)');
    expect(t.title).toContain('31 + 209 steps');
    expect(t.basis).toContain('Judged: ours with 2 thread(s), 60.0 ms for both batches, against PyTorch with 1, 120.0 ms');
    expect(t.basis).toMatch(/^window \(32 × 31, .*\): ours 1 thr 10\.0 ms/);
    expect(t.basis).toContain('3 rounds');
    // A thread count missing a row is not summed: ours has only the window at 2 threads.
    const [partial] = byId(evaluateTargets(records.filter((r) => !(r.who === 'ours' && r.threads === 2 && r.row === 'review'))), 'bidirectional-lstm-vs-torch');
    expect(partial.figure).toBeCloseTo(100 / 120, 12);
    expect(partial.basis).toContain('ours with 1 thread(s)');
    const [missing] = byId(evaluateTargets([at(window, 'ours', 1, 10), at(review, 'ours', 1, 90), { type: 'skip', env: 'bidirectional', reason: 'PyTorch: no torch' }]), 'bidirectional-lstm-vs-torch');
    expect(missing).toMatchObject({ verdict: 'not measured', figure: undefined });
    expect(missing.basis).toContain('PyTorch: no torch');
    expect(byId(evaluateTargets([]), 'bidirectional-lstm-vs-torch')[0].basis).toContain('--bidirectional');
  });

  it('compares the IMDB epoch with PyTorch at the same thread count', () => {
    const records = [trainAt('imdb-small-vocab', 'typed', 200), torchAt('imdb-small-vocab', 1, 100), torchAt('imdb-small-vocab', 2, 50)];
    const [t] = byId(evaluateTargets(records), 'imdb-epoch-vs-torch');
    expect(t.figure).toBeCloseTo(2, 12);
    expect(t.verdict).toBe('misses');
    expect(verdictText(t)).toBe('misses by 2.00×');
  });

  it('judges the sharded typed trainer (most threads) against PyTorch with as many threads', () => {
    const records = [
      trainAt('imdb-small-vocab', 'typed', 200),
      { ...trainAt('imdb-small-vocab', 'typed', 120), threads: 2 },
      torchAt('imdb-small-vocab', 1, 100), torchAt('imdb-small-vocab', 2, 60),
    ];
    const [t] = byId(evaluateTargets(records), 'imdb-epoch-vs-torch');
    expect(t.figure).toBeCloseTo(2, 12);
    expect(t.basis).toMatch(/^browser, typed trainer, 2 threads: .*PyTorch 2 thread/);
  });

  it('takes PyTorch’s fastest run with no more threads than ours, never one with more', () => {
    const ours = { ...trainAt('imdb-small-vocab', 'typed', 120), threads: 2 };
    // PyTorch on 2 threads slower than on 1 (a loaded 2-core machine): the 1-thread run is the bar.
    const [t] = byId(evaluateTargets([ours, torchAt('imdb-small-vocab', 1, 100), torchAt('imdb-small-vocab', 2, 300), torchAt('imdb-small-vocab', 4, 10)]), 'imdb-epoch-vs-torch');
    expect(t.figure).toBeCloseTo(1.2, 12);
    expect(t.basis).toMatch(/PyTorch 1 thread/);
  });

  it('names the BLAS PyTorch ran on, or says it was not recorded', () => {
    const ours = trainAt('imdb-small-vocab', 'typed', 200);
    const openblas = { ...torchAt('imdb-small-vocab', 1, 100), blas: 'OpenBLAS (/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3)' };
    expect(byId(evaluateTargets([ours, openblas]), 'imdb-epoch-vs-torch')[0].basis).toContain('PyTorch 1 thread(s) on OpenBLAS (/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3):');
    expect(byId(evaluateTargets([ours, torchAt('imdb-small-vocab', 1, 100)]), 'imdb-epoch-vs-torch')[0].basis).toContain('on a BLAS not recorded:');
  });

  it('prefers the browser to Node, and ignores tfjs-layers, the fused LSTM and thread experiments', () => {
    const records = [
      trainAt('imdb-small-vocab', 'typed', 50, { env: 'node' }),
      trainAt('imdb-small-vocab', 'layers', 10),
      trainAt('imdb-small-vocab', 'fused', 10),
      trainAt('imdb-small-vocab', 'typed', 10, { variant: 'wasm, setThreadsCount(2)' }),
      trainAt('imdb-small-vocab', 'typed', 80),
      torchAt('imdb-small-vocab', 1, 100),
    ];
    const [t] = byId(evaluateTargets(records), 'imdb-epoch-vs-torch');
    expect(t.figure).toBeCloseTo(0.8, 12);
    expect(t.verdict).toBe('meets');
    expect(t.basis).toMatch(/^browser, typed trainer/);
    expect(verdictText(t)).toBe('meets (0.80× the limit)');
  });

  it('judges the whole alphabet and trend tutorials on the real run, with the extrapolation beside it', () => {
    // On WASM both train on the typed trainer by default; the fused figures are ignored.
    const steps = [trainAt('alphabet', 'fused', 9), trainAt('alphabet', 'typed', 0.1), trainAt('trend', 'fused', 1, {}, 1), trainAt('trend', 'typed', 10, {}, 5)];
    const results = evaluateTargets([...steps, waitAt('alphabet-tutorial', [16_000]), waitAt('trend-tutorial', [7_000])]);
    const [alphabet] = byId(results, 'alphabet-tutorial');
    expect(alphabet.figure).toBe(16);
    expect(alphabet.estimate).toBeCloseTo(50, 9); // 500 × 1000 steps × 0.1 ms
    expect(alphabet.verdict).toBe('misses'); // 16 s > 15 s, although the extrapolation says 50 s < 60 s
    expect(alphabet.basis).toMatch(/typed trainer.* = 50\.0 s$/);
    const [trend] = byId(results, 'trend-tutorial');
    expect(trend.figure).toBe(7);
    expect(trend.estimate).toBeCloseTo((200 * 13 * 10 + 200 * 5) / 1000, 9); // 27 s
    expect(trend.verdict).toBe('meets');
  });

  it('gives a tutorial no verdict from the extrapolation alone, and says why a wait is missing', () => {
    const results = evaluateTargets([trainAt('alphabet', 'typed', 0.01), { type: 'skip', env: 'browser', wait: 'stop-latency', reason: 'the page crashed' }]);
    const [alphabet] = byId(results, 'alphabet-tutorial');
    expect(alphabet).toMatchObject({ verdict: 'not measured', figure: undefined, estimate: 5 });
    expect(byId(results, 'stop-latency')[0].basis).toBe('not measured: the page crashed');
  });

  it.each([
    ['first-batch-alphabet', [1500, 800, 900], 0.9, 's', 'meets'],
    ['try-during-training', [300, 290, 100], 290, 'ms', 'misses'],
    ['stop-latency', [140, 1004], 1.004, 's', 'misses'],
    ['paste-1mb', [0], 0, 'ms', 'meets'],
  ] as const)('judges the wait %s from %j: %d %s, %s', (id, ms, figure, unit, verdict) => {
    const [t] = byId(evaluateTargets([waitAt(id, [...ms])]), id);
    expect(t.figure).toBeCloseTo(figure, 9);
    expect(t.unit).toBe(unit);
    expect(t.verdict).toBe(verdict);
  });

  it('judges the test-set evaluation in each environment, a real full predict first', () => {
    const targets = evaluateTargets([predictAt('browser', 256), predictAt('node', 25.6, 9)]);
    const results = [...byId(targets, 'eval-test-set'), ...byId(targets, 'eval-test-set-node')];
    expect(results.map((r) => r.figure)).toEqual([25, 9]);
    expect(results.map((r) => r.verdict)).toEqual(['misses', 'meets']);
    // Every target has its own id.
    expect(new Set(targets.map((t) => t.id)).size).toBe(targets.length);
  });

  it('judges the evaluation on the typed predictor where it was measured (what the app scores with on WASM)', () => {
    const [browser] = byId(evaluateTargets([predictAt('browser', 256), predictAt('browser', 51.2, undefined, 'typed')]), 'eval-test-set');
    expect(browser.figure).toBeCloseTo(5, 9);
    expect(browser.basis).toMatch(/typed predictor/);
  });

  it('judges the shared typed predictor (most threads) over the same one alone', () => {
    const alone = predictAt('browser', 51.2, undefined, 'typed');
    const shared = { ...predictAt('browser', 30, undefined, 'typed'), threads: 2 };
    const [browser] = byId(evaluateTargets([alone, shared, predictAt('browser', 256)]), 'eval-test-set');
    expect(browser.figure).toBe(shared.estimatedSeconds);
  });
});
