/**
 * The results file across partial runs: a run that names its parts (`--waits`, `--node`, …)
 * replaces those parts' records in the file it writes and keeps the others, so the targets in
 * bench/results/speed.json are judged on every part, each from its latest run. A waits part that
 * timed only some waits (`--waits-only`) replaces those waits and keeps the others. Pure.
 */
import type { CellChoice } from '../../src/config/hyperparams';
import type { Part } from './args';
import type { BenchImpl } from './models';
import type { SpeedRecord } from './records';
import type { WaitId } from './waitTargets';

/** Names older result files use for what is now called otherwise (the typed trainer was "typed-arrays"). */
const RENAMED_IMPLS: ReadonlyMap<string, BenchImpl> = new Map([['typed-arrays', 'typed']]);

/**
 * A kept record under today's names, so the report and the targets read it like a new one. A Map,
 * so a file's `"impl": "constructor"` finds nothing inherited.
 */
function upToDate(r: SpeedRecord): SpeedRecord {
  const renamed = 'impl' in r && r.impl !== undefined ? RENAMED_IMPLS.get(r.impl) : undefined;
  return renamed ? ({ ...r, impl: renamed } as SpeedRecord) : r;
}

/** The part that made a record. */
export function partOf(r: SpeedRecord): Part {
  switch (r.type) {
    case 'wait':
      return 'waits';
    case 'torch':
    case 'torchPredict':
      return 'torch';
    case 'responsiveness':
      return 'browser';
    case 'charText':
      return 'chartext';
    case 'bidirectional':
      return 'bidirectional';
    case 'skip':
      return r.wait !== undefined ? 'waits' : r.env;
    default:
      return r.env;
  }
}

/** The wait a record times (or says was skipped), if any. */
const waitOf = (r: SpeedRecord): WaitId | undefined => (r.type === 'wait' ? r.id : r.type === 'skip' ? r.wait : undefined);

/** What a merged file says about the records it kept: when each kept part was measured. */
export interface Kept {
  from: Partial<Record<Part, string>>;
  records: number;
}

interface ResultsFile {
  meta?: { date?: string; kept?: Kept };
  records?: SpeedRecord[];
}

/**
 * This run's records, and the previous file's records of the parts this run did not run (and of
 * the waits it did not time, when `waitsRun` names them; of the char-text layers it did not
 * measure, when `cellsRun` names them), each part dated by the run that measured it (carried over
 * from files that were themselves merged).
 */
export function mergeRecords(
  previous: ResultsFile | undefined, records: readonly SpeedRecord[], partsRun: readonly Part[], waitsRun?: readonly WaitId[],
  cellsRun?: readonly CellChoice[],
): { records: SpeedRecord[]; kept?: Kept } {
  const replaced = (r: SpeedRecord): boolean => {
    if (!partsRun.includes(partOf(r))) return false;
    // A record from before the layer choice timed the LSTM.
    if (r.type === 'charText' && cellsRun !== undefined) return cellsRun.includes(r.cell ?? 'lstm');
    const wait = waitOf(r);
    return wait === undefined || waitsRun === undefined || waitsRun.includes(wait);
  };
  const old = (previous?.records ?? []).filter((r) => !replaced(r)).map(upToDate);
  if (old.length === 0) return { records: [...records] };
  const from: Partial<Record<Part, string>> = {};
  for (const part of new Set(old.map(partOf))) from[part] = previous?.meta?.kept?.from?.[part] ?? previous?.meta?.date ?? 'an earlier run';
  return { records: [...old, ...records], kept: { from, records: old.length } };
}
