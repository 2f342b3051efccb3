/** The memory benchmark's bands and table (`memory.ts`), apart so they are tested without training. */
import type { CellChoice } from '../src/config/hyperparams';

export interface DistanceBand {
  /** Steps after the letter, inclusive. */
  from: number;
  to: number;
}

export interface MemoryResult {
  cell: CellChoice;
  seqLength: number;
  seed: number;
  epochs: number;
  valAcc: number | null;
  bestValAcc: number;
  /** The first epoch whose validation accuracy reached 95%, or null. */
  epochTo95: number | null;
  seconds: number;
  byDistance: (DistanceBand & { accuracy: number })[];
}

/** Five bands of distances from 0 to seqLength − 1 (fewer where the sequence is shorter than five). */
export function distanceBands(seqLength: number): DistanceBand[] {
  const count = Math.min(5, seqLength);
  return Array.from({ length: count }, (_, k) => ({
    from: Math.round((k * seqLength) / count),
    to: Math.round(((k + 1) * seqLength) / count) - 1,
  }));
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** One row per kind and length: mean validation accuracy over the seeds, each seed's, and the mean by distance band. */
export function memoryTable(results: readonly MemoryResult[]): string {
  const rows = ['| length | layer | val acc (mean) | per seed | by distance from the end (mean) |', '| --- | --- | --- | --- | --- |'];
  const keys = [...new Set(results.map((r) => `${r.seqLength}|${r.cell}`))];
  for (const key of keys) {
    const mine = results.filter((r) => `${r.seqLength}|${r.cell}` === key);
    const mean = mine.reduce((s, r) => s + (r.valAcc ?? 0), 0) / mine.length;
    const bands = mine[0].byDistance.map((b, k) => `${b.from}–${b.to}: ${pct(mine.reduce((s, r) => s + r.byDistance[k].accuracy, 0) / mine.length)}`);
    rows.push(`| ${mine[0].seqLength} | ${mine[0].cell} | ${pct(mean)} | ${mine.map((r) => pct(r.valAcc)).join(' ')} | ${bands.join(', ')} |`);
  }
  return rows.join('\n');
}
