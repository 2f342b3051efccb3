/**
 * The harness proper, without process plumbing: plan the runs, skip the ones already saved, train
 * the rest one after another, save each result the moment it finishes, and rewrite the Markdown
 * table after every save. `bench/fidelity.ts` wraps it for the command line (arguments, Ctrl-C,
 * exit code); the smoke test calls it in-process.
 */
import * as tf from '@tensorflow/tfjs';
import { cpus } from 'node:os';
import type { EpochUpdate, Plan, TrainingEngine } from '../../src/engine/types';
import { planRuns, resultFiles, type FidelityOptions, type PlannedRun } from './plan';
import { markdownReport, summarize, type VariantSummary } from './report';
import { runVariant } from './run';
import {
  loadStore, pendingRuns, saveResult, serializeStore, withoutRuns, writeAtomic, type FidelityEnvironment, type FidelityResult,
  type FidelityStore,
} from './store';

/** Everything the harness reports while it works; the CLI prints these as text or JSON lines. */
export type HarnessEvent =
  | { type: 'plan'; total: number; pending: number; skipped: string[]; files: { json: string; markdown: string } }
  | { type: 'warning'; message: string }
  | { type: 'start'; key: string; index: number; of: number; run: PlannedRun }
  | { type: 'runPlan'; key: string; plan: Plan }
  | { type: 'epoch'; key: string; scenario: PlannedRun['scenario']; seed: number; update: EpochUpdate; elapsedSeconds: number }
  | { type: 'result'; key: string; result: FidelityResult }
  | { type: 'error'; key: string; message: string }
  | { type: 'stopped'; key: string; epochsDone: number }
  | { type: 'summary'; variants: VariantSummary[] };

export interface HarnessDeps {
  /** Makes the engine; called once, and disposed at the end. */
  engine: () => TrainingEngine;
  /** Aborting stops the current run cleanly and skips the rest. */
  signal?: AbortSignal;
  onEvent?(event: HarnessEvent): void;
}

export interface HarnessOutcome {
  store: FidelityStore;
  /** Keys of the runs trained and saved now. */
  ran: string[];
  /** Keys of the runs skipped because a saved result already answered them. */
  skipped: string[];
  /** Keys of runs that threw (a missing data file, say); they are not saved. */
  failed: string[];
  /** True when the signal stopped the harness before every planned run was done. */
  stopped: boolean;
  files: { json: string; markdown: string };
}

export function environment(): FidelityEnvironment {
  return { node: process.versions.node, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, tfjs: tf.version.tfjs };
}

/** Runs the harness for already-validated options. Throws only on a plan problem. */
export async function runHarness(options: FidelityOptions, deps: HarnessDeps): Promise<HarnessOutcome> {
  const emit = (event: HarnessEvent) => deps.onEvent?.(event);
  const { runs, problems } = planRuns(options);
  if (problems.length) throw new Error(problems.join('\n'));
  const files = resultFiles(options);

  const loaded = await loadStore(files.json, options.quick);
  loaded.warnings.forEach((message) => emit({ type: 'warning', message }));
  let store = loaded.store;
  if (options.fresh) {
    // Only the planned runs start over; other variants' results stay. Written now so that an
    // interrupted --fresh run never leaves old and new results of the same plan side by side.
    store = withoutRuns(store, runs.map((r) => r.key));
    await writeAtomic(files.json, serializeStore(store));
  }
  const todo = pendingRuns(runs, store);
  const skipped = runs.filter((r) => !todo.includes(r)).map((r) => r.key);
  emit({ type: 'plan', total: runs.length, pending: todo.length, skipped, files });

  const outcome: HarnessOutcome = { store, ran: [], skipped, failed: [], stopped: false, files };
  const engine = deps.engine();
  const env = environment();
  try {
    for (const [index, run] of todo.entries()) {
      if (deps.signal?.aborted) {
        outcome.stopped = true;
        break;
      }
      emit({ type: 'start', key: run.key, index: index + 1, of: todo.length, run });
      let finished;
      try {
        finished = await runVariant(engine, run, {
          signal: deps.signal,
          onPlan: (plan) => emit({ type: 'runPlan', key: run.key, plan }),
          onEpoch: (update, elapsedSeconds) =>
            emit({ type: 'epoch', key: run.key, scenario: run.scenario, seed: run.seed, update, elapsedSeconds }),
        });
      } catch (e) {
        outcome.failed.push(run.key);
        emit({ type: 'error', key: run.key, message: e instanceof Error ? e.message : String(e) });
        continue;
      }
      if (finished.kind === 'stopped') {
        outcome.stopped = true;
        emit({ type: 'stopped', key: run.key, epochsDone: finished.epochsDone });
        break;
      }
      outcome.store = await saveResult(files.json, finished.result, env);
      outcome.ran.push(run.key);
      await writeAtomic(files.markdown, markdownReport(outcome.store));
      emit({ type: 'result', key: run.key, result: finished.result });
    }
  } finally {
    engine.dispose();
  }
  // Also written when nothing ran, so the table always matches the JSON next to it.
  await writeAtomic(files.markdown, markdownReport(outcome.store));
  emit({ type: 'summary', variants: summarize(outcome.store.results, options.quick) });
  return outcome;
}
