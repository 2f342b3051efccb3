/**
 * The Bidirectional LSTM part (`--bidirectional`, issue #21): the short-reviews card's model
 * (`bidirectionalCase.ts`) trained by the typed trainer in Node, as the command line trains, and
 * by PyTorch's `nn.LSTM(bidirectional=True)` in `torch_bench.py` with the same layer specs, batch
 * and thread counts, side by side in rounds taken in turn (`sideBySide.ts`), one row per batch
 * length of the card's epoch.
 */
import { bidirectionalCase, bidirectionalRecord, BIDIRECTIONAL_ROWS } from './bidirectionalCase';
import type { TimingPlan } from './measure';
import type { SpeedRecord } from './records';
import { roundsNote, sideBySide } from './sideBySide';
import type { LoadedBlas } from './torchBlas';

export interface BidirectionalOptions {
  plan: TimingPlan;
  /** A Python with torch, or why there is none. */
  torch: { python: string; blas: LoadedBlas } | { missing: string };
  /** PyTorch thread counts; by default 1 and the most threads ours used. */
  torchThreads?: number[];
  rounds?: number;
  emit(record: SpeedRecord): void;
  log(line: string): void;
}

export async function runBidirectional(opts: BidirectionalOptions): Promise<void> {
  for (const row of BIDIRECTIONAL_ROWS) {
    const c = bidirectionalCase(row);
    opts.log(`bidirectional ${row.id}: batches of ${c.batchSize} × ${row.steps} steps (${row.what})`);
    const out = await sideBySide({
      label: `bidirectional ${row.id}`, c, plan: opts.plan, torch: opts.torch, torchThreads: opts.torchThreads, rounds: opts.rounds, log: opts.log,
      torchCase: { id: `bidirectional-${row.id}`, spec: c.spec, batchSize: c.batchSize, vocabSize: c.vocabSize, learningRate: c.hp.learningRate },
    });
    if ('failed' in out) {
      opts.emit({ type: 'skip', env: 'bidirectional', reason: out.failed });
      continue;
    }
    for (const p of out.pooled) opts.emit(bidirectionalRecord(c, p.who, p.threads, p.samples, p.detail, [...(p.notes ?? []), roundsNote(out.rounds)]));
  }
  if ('missing' in opts.torch) opts.emit({ type: 'skip', env: 'bidirectional', reason: `PyTorch: ${opts.torch.missing}` });
}
