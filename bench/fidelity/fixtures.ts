/** Test helpers: saved results without training anything. Used only by the tests beside it. */
import { SCENARIOS } from '../../src/scenarios';
import type { ScenarioId } from '../../src/scenarios/types';
import { DEFAULT_OPTIONS, runHyperParams, type FidelityOptions } from './plan';
import { emptyStore, mergeResult, type FidelityResult, type FidelityStore } from './store';

/** A completed run whose final figure is `ours`, with a plausible two-epoch history. */
export function fakeResult(
  scenario: ScenarioId,
  seed: number,
  ours: number | null,
  extra: Partial<FidelityResult> = {},
  options: FidelityOptions = DEFAULT_OPTIONS,
): FidelityResult {
  const s = SCENARIOS[scenario];
  const metric = s.published.metric;
  const value = ours ?? 0.5;
  const epoch = (loss: number, v: number) => ({ loss, acc: v, seconds: 1, ...(metric === 'valAcc' ? { valLoss: loss, valAcc: v } : {}) });
  return {
    scenario,
    seed,
    quick: options.quick,
    hp: runHyperParams(scenario, seed, options),
    reason: ours === null ? 'nan' : 'completed',
    backend: 'wasm',
    lstmImpl: 'layers',
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
