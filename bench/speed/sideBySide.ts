/**
 * Ours against PyTorch on one model, side by side in one run: the typed trainer in Node (alone,
 * and with the helper threads it shares a batch with where the app would share it) and
 * `torch_bench.py` with the same layer specs, in rounds taken in turn (ours, then PyTorch, `rounds`
 * times), each round timing a share of the plan, each side's samples pooled by thread count.
 * This shared machine's speed drifts by a third over minutes (PyTorch's one-thread step measured
 * 66–101 ms on the same day), so both sides are sampled across the same stretch of time.
 * Used by the char-text part (`charText.ts`) and the Bidirectional LSTM part (`bidirectional.ts`).
 */
import { selectBackend } from '../../src/engine/tfjs/backend';
import { nodeHelpers } from '../nodeHelpers';
import { measureTraining, trainHelperSets, type TrainCase } from './engineBench';
import type { TimingPlan } from './measure';
import { runTorchBench, type TorchCase } from './torch';
import { blasText, type LoadedBlas } from './torchBlas';

/** Rounds of ours and PyTorch in turn, by default. */
export const SIDE_BY_SIDE_ROUNDS = 3;

/** One side's samples at one thread count, pooled over the rounds, with what ran. */
export interface Pooled {
  who: 'ours' | 'torch';
  threads: number;
  samples: number[];
  detail: string;
  notes?: string[];
}

export interface SideBySideOptions {
  /** Names the model in the log and in failures ("chartext gru", "bidirectional window"). */
  label: string;
  /** Ours: the model the typed trainer runs. */
  c: TrainCase;
  /** PyTorch: the same model (its id is only a label). */
  torchCase: TorchCase;
  plan: TimingPlan;
  /** A Python with torch, or why there is none. */
  torch: { python: string; blas: LoadedBlas } | { missing: string };
  /** PyTorch thread counts; by default 1 and the most threads ours used. */
  torchThreads?: number[];
  rounds?: number;
  log(line: string): void;
}

/** The plan's budget split over the rounds. */
export function roundPlan(plan: TimingPlan, rounds: number): TimingPlan {
  return { ...plan, batches: Math.ceil(plan.batches / rounds), minBatches: Math.ceil(plan.minBatches / rounds), maxSeconds: plan.maxSeconds / rounds };
}

/**
 * The pooled samples of both sides (PyTorch's absent when it is missing), or why a side failed
 * (then nothing is pooled: a ratio needs both).
 */
export async function sideBySide(opts: SideBySideOptions): Promise<{ pooled: Pooled[]; rounds: number } | { failed: string }> {
  const { c, label } = opts;
  const rounds = opts.rounds ?? SIDE_BY_SIDE_ROUNDS;
  const plan = roundPlan(opts.plan, rounds);
  const pooled = new Map<string, Pooled>();
  const pool = (who: Pooled['who'], threads: number, samples: number[], detail: string, notes?: string[]) => {
    const key = `${who}/${threads}`;
    const entry = pooled.get(key) ?? { who, threads, samples: [], detail, ...(notes ? { notes } : {}) };
    entry.samples.push(...samples);
    pooled.set(key, entry);
  };
  // The typed trainer builds its first weights with tfjs, as the session does.
  await selectBackend('wasm', { host: 'node' });
  const helpers = nodeHelpers()();
  let most = 1;
  for (let round = 1; round <= rounds; round++) {
    for (const shared of trainHelperSets(c, 'typed', helpers)) {
      opts.log(`${label}, round ${round}/${rounds}: ours, typed trainer${shared.length ? ` with ${shared.length} helper(s)` : ''} …`);
      try {
        const m = await measureTraining(c, 'typed', plan, shared);
        const threads = m.threads ?? 1;
        most = Math.max(most, threads);
        pool('ours', threads, m.train.samples, `Node, typed trainer (${m.paths?.join(', ') ?? 'typed arrays'})`);
      } catch (e) {
        return { failed: `ours (${label}) failed: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    if ('missing' in opts.torch) continue;
    const threads = opts.torchThreads ?? [...new Set([1, most])];
    opts.log(`${label}, round ${round}/${rounds}: PyTorch, threads ${threads.join(', ')} …`);
    try {
      const out = await runTorchBench(opts.torch.python, { threads, timing: plan, train: [opts.torchCase], predict: [] }, opts.log);
      const blas = blasText(opts.torch.blas) + (out.blasConfig ? `; ${out.blasConfig}` : '');
      for (const run of out.runs) pool('torch', run.threads, run.samples, `PyTorch ${out.torch} on ${blas}`, run.notes);
    } catch (e) {
      return { failed: `PyTorch (${label}) failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return { pooled: [...pooled.values()], rounds };
}

/** The note every pooled record carries. */
export const roundsNote = (rounds: number): string => `${rounds} rounds, ours and PyTorch in turn, samples pooled`;
