import { describe, expect, it } from 'vitest';
import { distanceBands, memoryTable, type MemoryResult } from './memoryReport';

describe('distanceBands', () => {
  it('covers every distance from 0 to seqLength − 1 once, in order', () => {
    for (const n of [3, 11, 51, 101]) {
      const bands = distanceBands(n);
      expect(bands[0].from).toBe(0);
      expect(bands.at(-1)!.to).toBe(n - 1);
      bands.slice(1).forEach((b, k) => expect(b.from).toBe(bands[k].to + 1));
      for (const b of bands) expect(b.to).toBeGreaterThanOrEqual(b.from);
    }
  });
});

describe('memoryTable', () => {
  it('averages each kind and length over its seeds, band by band', () => {
    const r = (seed: number, valAcc: number, near: number): MemoryResult => ({
      cell: 'simpleRnn', seqLength: 11, seed, epochs: 15, valAcc, bestValAcc: valAcc, epochTo95: null, seconds: 1,
      byDistance: [{ from: 0, to: 4, accuracy: near }, { from: 5, to: 10, accuracy: 0.25 }],
    });
    const table = memoryTable([r(1, 0.5, 1), r(2, 0.7, 0.8)]);
    expect(table).toContain('| 11 | simpleRnn | 60.0% | 50.0% 70.0% | 0–4: 90.0%, 5–10: 25.0% |');
  });
});
