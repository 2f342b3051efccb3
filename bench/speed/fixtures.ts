/** Records for the report and target tests: plausible shapes, chosen numbers. */
import { speedCase, type BenchImpl, type SpeedScenario } from './models';
import { gflopsOf, type PredictRecord, type TorchRecord, type TrainRecord } from './records';
import { summarize } from './stats';
import type { WaitId, WaitRecord } from './waitTargets';

/** A training record whose every timed step took `ms`. */
export function trainAt(
  scenario: SpeedScenario, impl: BenchImpl, ms: number, where: Partial<Pick<TrainRecord, 'env' | 'backend' | 'threads' | 'variant'>> = {},
  validationMs?: number,
): TrainRecord {
  const c = speedCase(scenario);
  return {
    type: 'train', env: 'browser', backend: 'wasm', threads: 1, ...where, scenario, impl,
    batchSize: c.batchSize, batchesPerEpoch: c.batchesPerEpoch, ms: summarize([ms, ms, ms]), samples: [ms, ms, ms],
    warmup: { steps: 2, totalMs: 2 * ms, firstMs: ms }, secondsPerEpoch: (c.batchesPerEpoch * ms) / 1000,
    gflops: gflopsOf(c.trainingFlopsPerBatch, ms), validationMs: validationMs === undefined ? undefined : summarize([validationMs]),
    buildMs: 1, tensorsLeaked: 0,
  };
}

export function torchAt(scenario: SpeedScenario, threads: number, ms: number): TorchRecord {
  const c = speedCase(scenario);
  return {
    type: 'torch', scenario, threads, batchSize: c.batchSize, ms: summarize([ms]), samples: [ms],
    secondsPerEpoch: (c.batchesPerEpoch * ms) / 1000, gflops: gflopsOf(c.trainingFlopsPerBatch, ms), notes: [],
  };
}

export function predictAt(env: 'node' | 'browser', ms: number, fullSeconds?: number, impl: BenchImpl = 'fused'): PredictRecord {
  return {
    type: 'predict', env, backend: 'wasm', threads: 1, scenario: 'imdb-small-vocab', impl, batchSize: 256,
    ms: summarize([ms]), samples: 25_000, estimatedSeconds: ((25_000 / 256) * ms) / 1000, fullSeconds, gflops: 1, tensorsLeaked: 0,
  };
}

/** A wait measured once per entry of `ms` (samples labelled 1, 2, …). */
export function waitAt(id: WaitId, ms: number[], censored: number[] = []): WaitRecord {
  return {
    type: 'wait', id, label: `${id} test`, url: '/', notes: [],
    samples: ms.map((m, i) => ({ label: String(i + 1), ms: m, ...(censored.includes(i) ? { censored: true } : {}) })),
  };
}
