import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/scenarios';
import { bidirectionalCase, bidirectionalRecord, BIDIRECTIONAL_ROWS } from './bidirectionalCase';

describe('bidirectionalCase', () => {
  it('is the short-reviews card’s model at its defaults, its input as long as the row', () => {
    const card = SCENARIOS['short-reviews'];
    for (const row of BIDIRECTIONAL_ROWS) {
      const c = bidirectionalCase(row);
      expect(c.spec).toEqual({ ...card.model({ ...card.defaults, seqLength: row.steps }), inputShape: [row.steps] });
      expect(c.spec.layers.map((l) => l.kind)).toEqual(['embedding', 'dropout', 'bidirectional', 'globalAveragePooling1d', 'dropout', 'dense']);
      // The app's mask stays on: these batches simply have no padding to mask.
      expect(c.spec.layers[0]).toMatchObject({ inputDim: 20_000, outputDim: 64, maskZero: true });
      expect(c.spec.layers[2]).toMatchObject({ layer: { kind: 'lstm', units: 64, returnSequences: true } });
      expect(c).toMatchObject({ batchSize: 32, vocabSize: 20_000, batchesPerEpoch: 1, validationSamples: 0 });
    }
  });

  it('counts both directions’ products, the Dense and the Embedding’s scatter-add', () => {
    const [window, review] = BIDIRECTIONAL_ROWS.map(bidirectionalCase);
    // Per sample forward: 2 directions × T × 4 gates × 64 units × (64 inputs + 64 recurrent), Dense 128 → 1; 2 flops a multiply-add.
    const perSample = (T: number) => 3 * 2 * (2 * T * 4 * 64 * 128 + 128) + T * 64;
    expect(window.trainingFlopsPerBatch).toBe(32 * perSample(31));
    expect(review.trainingFlopsPerBatch).toBe(32 * perSample(209));
  });

  it('rows are a window and a whole review, shortest first, with distinct ids', () => {
    expect(BIDIRECTIONAL_ROWS.map((r) => [r.id, r.steps])).toEqual([['window', 31], ['review', 209]]);
  });
});

describe('bidirectionalRecord', () => {
  it('summarises the pooled steps, with GFLOP/s at the median', () => {
    const c = bidirectionalCase(BIDIRECTIONAL_ROWS[0]);
    const r = bidirectionalRecord(c, 'torch', 2, [10.004, 20, 30], 'PyTorch', ['n']);
    expect(r).toMatchObject({ type: 'bidirectional', who: 'torch', row: 'window', steps: 31, threads: 2, batchSize: 32, samples: [10, 20, 30], detail: 'PyTorch', notes: ['n'] });
    expect(r.ms.median).toBe(20);
    expect(r.gflops).toBeCloseTo(c.trainingFlopsPerBatch / 0.02 / 1e9, 9);
    expect(bidirectionalRecord(c, 'ours', 1, [1], 'ours', [])).not.toHaveProperty('notes');
  });
});
