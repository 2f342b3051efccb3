/**
 * One (variant, seed) run through the app's engine: `TrainingEngine.train`, exactly what the UI
 * calls, so the harness measures the engine users get. The engine is injected, so this module
 * holds no Node specifics and a test can hand it a fake.
 */
import { TUTORIALS } from '../../src/scenarios';
import type { TrainerKind } from '../../src/config/hyperparams';
import type { BackendInfo, EpochUpdate, Plan, RunResult, TrainingEngine } from '../../src/engine/types';
import type { PlannedRun } from './plan';
import type { EpochRecord, FidelityResult } from './store';

export interface RunVariantOptions {
  /** Aborting stops the run between two batches (via `RunHandle.stop`). */
  signal?: AbortSignal;
  onPlan?(plan: Plan): void;
  /** Every finished epoch, with seconds since the run started. */
  onEpoch?(update: EpochUpdate, elapsedSeconds: number): void;
}

/** What a run came to: a result to save, or a stop before it finished (nothing to save). */
export type VariantOutcome = { kind: 'finished'; result: FidelityResult } | { kind: 'stopped'; epochsDone: number };

/** Five significant digits: plenty for curves, and it keeps the results file small. */
const round = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(5)) : v);

function record(e: EpochUpdate): EpochRecord {
  const r: EpochRecord = { loss: round(e.loss), acc: round(e.acc), seconds: round(e.seconds) };
  if (e.valLoss !== undefined) r.valLoss = round(e.valLoss);
  if (e.valAcc !== undefined) r.valAcc = round(e.valAcc);
  return r;
}

/** Builds the saved result from the engine's RunResult and the epochs seen. Exported for tests. */
export function toFidelityResult(
  run: PlannedRun,
  result: RunResult,
  epochs: readonly EpochUpdate[],
  backend: BackendInfo | undefined,
  wallSeconds: number,
  trainer: TrainerKind,
  trainerThreads?: number,
): FidelityResult {
  const scenario = TUTORIALS[run.scenario];
  const metric = scenario.published.metric;
  const valueOf = (e: EpochUpdate): number | undefined => (metric === 'valAcc' ? e.valAcc : e.acc);
  const last = result.last ? valueOf(result.last) : undefined;
  const best = result.best ? valueOf(result.best) : undefined;
  const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);
  return {
    scenario: run.scenario,
    seed: run.seed,
    quick: run.quick,
    hp: run.config.hp,
    reason: result.reason,
    ...(result.message ? { message: result.message } : {}),
    ...(backend ? { backend: backend.name } : {}),
    ...(backend?.threads !== undefined ? { threads: backend.threads } : {}),
    trainer,
    ...(trainerThreads !== undefined && trainerThreads > 1 ? { trainerThreads } : {}),
    metric,
    published: scenario.published.value,
    // The evaluation is of the final weights: the harness never restores the best epoch.
    ours: finite(result.evaluation?.accuracy ?? (result.reason === 'nan' ? undefined : last)),
    ...(result.evaluation ? { evaluationSet: result.evaluation.set } : {}),
    final: finite(last),
    best: result.best && finite(best) !== null ? { epoch: result.best.epoch, value: best! } : null,
    epochs: result.epochsDone,
    wallSeconds: round(wallSeconds),
    trainSeconds: round(epochs.reduce((sum, e) => sum + e.seconds, 0)),
    finishedAt: new Date().toISOString(),
    history: epochs.map(record),
  };
}

/** Trains one planned run to completion (or until `signal` aborts it). */
export async function runVariant(engine: TrainingEngine, run: PlannedRun, options: RunVariantOptions = {}): Promise<VariantOutcome> {
  const started = performance.now();
  const epochs: EpochUpdate[] = [];
  let plan: Plan | undefined;
  const handle = engine.train(run.config, {
    onPlan: (p) => {
      plan = p;
      options.onPlan?.(p);
    },
    onEpoch: (e) => {
      epochs.push(e);
      options.onEpoch?.(e, (performance.now() - started) / 1000);
    },
  });
  const stop = () => handle.stop();
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const result = await handle.done;
    if (result.reason === 'stopped') return { kind: 'stopped', epochsDone: result.epochsDone };
    return { kind: 'finished', result: toFidelityResult(run, result, epochs, plan?.backend, (performance.now() - started) / 1000, plan?.candidate.trainer ?? run.trainer, plan?.threads) };
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
}
