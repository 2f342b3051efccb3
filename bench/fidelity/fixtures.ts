/** Test helpers: saved results without training anything. Used only by the tests beside it. */
import type { RunConfig } from '../../src/config/runConfig';
import type { EpochUpdate, RunHandle, RunResult, TrainCallbacks, TrainingEngine } from '../../src/engine/types';
import { TUTORIALS } from '../../src/scenarios';
import type { TutorialId } from '../../src/scenarios/types';
import { DEFAULT_OPTIONS, runHyperParams, whereItRuns, type FidelityOptions } from './plan';
import { emptyStore, mergeResult, type FidelityResult, type FidelityStore } from './store';

/** A completed run whose final figure is `ours`, with a plausible two-epoch history. */
export function fakeResult(
  scenario: TutorialId,
  seed: number,
  ours: number | null,
  extra: Partial<FidelityResult> = {},
  options: FidelityOptions = DEFAULT_OPTIONS,
): FidelityResult {
  const s = TUTORIALS[scenario];
  const metric = s.published.metric;
  const hp = runHyperParams(scenario, seed, options);
  const value = ours ?? 0.5;
  const epoch = (loss: number, v: number) => ({ loss, acc: v, seconds: 1, ...(metric === 'valAcc' ? { valLoss: loss, valAcc: v } : {}) });
  return {
    scenario,
    seed,
    quick: options.quick,
    hp,
    reason: ours === null ? 'nan' : 'completed',
    // Where the plan would run it, so a fake result answers the same planned run.
    ...whereItRuns({ scenario, hp }),
    metric,
    published: s.published.value,
    ours,
    final: ours,
    best: { epoch: 1, value: Math.max(value, value + 0.01) },
    epochs: 2,
    wallSeconds: 12,
    trainSeconds: 10,
    finishedAt: '2025-01-01T00:00:00.000Z',
    history: [epoch(0.7, value + 0.01), epoch(0.6, value)],
    ...extra,
  };
}

export function storeOf(results: readonly FidelityResult[], quick = false): FidelityStore {
  return results.reduce(mergeResult, emptyStore(quick));
}

/**
 * An engine that "trains" by replaying scripted epochs, one per macrotask, and honours stop()
 * between them as the real loop does between batches.
 */
export function scriptedEngine(
  epochs: Omit<EpochUpdate, 'epochs' | 'epoch'>[],
  { evaluation = 0.9, fails = () => false }: { evaluation?: number; fails?: (config: RunConfig) => boolean } = {},
): TrainingEngine & { configs: RunConfig[]; disposed: number } {
  const configs: RunConfig[] = [];
  const engine = {
    configs,
    disposed: 0,
    prepare() {},
    train(config: RunConfig, callbacks: TrainCallbacks): RunHandle {
      configs.push(config);
      let stopped = false;
      const done = (async (): Promise<RunResult> => {
        if (fails(config)) throw new Error(`no data for ${config.scenario}`);
        callbacks.onPlan?.({
          candidate: { trainer: 'fused', backend: 'cpu' }, requested: { trainer: config.hp.trainer, backend: 'cpu' }, basis: 'asked',
          candidates: [], threads: 1, reason: 'test', host: 'node',
          backend: { name: 'cpu', requested: 'cpu', reason: 'test', trials: [], host: 'node' },
        });
        let last: EpochUpdate | undefined;
        let best: EpochUpdate | undefined;
        for (const [i, e] of epochs.entries()) {
          await new Promise((r) => setTimeout(r, 0));
          if (stopped) return { reason: 'stopped', epochsDone: i, last, best };
          last = { ...e, epoch: i + 1, epochs: epochs.length };
          if (!best || (last.valAcc ?? last.acc) > (best.valAcc ?? best.acc)) best = last;
          callbacks.onEpoch?.(last);
        }
        return { reason: 'completed', epochsDone: epochs.length, last, best, evaluation: { set: 'validation', accuracy: evaluation, loss: 0.3, count: 200 } };
      })();
      return { pause() {}, resume() {}, stop: () => void (stopped = true), done };
    },
    predict: async () => ({ kind: 'invalid', message: 'no' }) as const,
    inspect: async () => ({ kind: 'invalid', message: 'no' }) as const,
    memory: async () => ({ numTensors: 0, numBytes: 0 }),
    dispose() {
      engine.disposed++;
    },
  };
  return engine;
}
