import { describe, expect, it } from 'vitest';
import type { RunResult, TrainingEngine } from '../../src/engine/types';
import { scriptedEngine } from './fixtures';
import { DEFAULT_OPTIONS, planRuns } from './plan';
import { runVariant } from './run';

const [trendRun] = planRuns({ ...DEFAULT_OPTIONS, only: ['trend'], seeds: [4] }).runs;
const EPOCHS = [
  { loss: 0.69, acc: 0.6, valLoss: 0.68, valAcc: 0.62, seconds: 0.5 },
  { loss: 0.4, acc: 0.85, valLoss: 0.35, valAcc: 0.93, seconds: 0.4 },
  { loss: 0.3, acc: 0.88, valLoss: 0.33, valAcc: 0.9, seconds: 0.4 },
];

describe('runVariant', () => {
  it('trains the planned config and turns the run into a result to save', async () => {
    const engine = scriptedEngine(EPOCHS);
    const seen: number[] = [];
    const outcome = await runVariant(engine, trendRun, { onEpoch: (e) => seen.push(e.epoch) });
    expect(engine.configs).toEqual([trendRun.config]);
    expect(seen).toEqual([1, 2, 3]);
    expect(outcome.kind).toBe('finished');
    if (outcome.kind !== 'finished') return;
    const r = outcome.result;
    expect(r).toMatchObject({
      scenario: 'trend', seed: 4, quick: false, reason: 'completed', backend: 'cpu', trainer: 'fused',
      metric: 'valAcc', published: 1, ours: 0.9, evaluationSet: 'validation', final: 0.9, best: { epoch: 2, value: 0.93 }, epochs: 3,
    });
    expect(r.hp).toEqual(trendRun.config.hp);
    expect(r.trainSeconds).toBeCloseTo(1.3, 10);
    expect(r.history.map((h) => h.loss)).toEqual([0.69, 0.4, 0.3]);
    expect(r.history[1]).toEqual({ loss: 0.4, acc: 0.85, valLoss: 0.35, valAcc: 0.93, seconds: 0.4 });
  });

  it('stops through the RunHandle when the signal aborts, and gives nothing to save', async () => {
    const engine = scriptedEngine(EPOCHS);
    const controller = new AbortController();
    const outcome = await runVariant(engine, trendRun, { signal: controller.signal, onEpoch: () => controller.abort() });
    expect(outcome).toEqual({ kind: 'stopped', epochsDone: 1 });
  });

  it('records a NaN run with no figure', async () => {
    const engine: TrainingEngine = {
      ...scriptedEngine([]),
      train: () => ({
        pause() {}, resume() {}, stop() {},
        done: Promise.resolve<RunResult>({ reason: 'nan', message: 'Loss became NaN', epochsDone: 0 }),
      }),
    };
    const outcome = await runVariant(engine, trendRun);
    expect(outcome.kind === 'finished' && outcome.result).toMatchObject({ reason: 'nan', ours: null, final: null, best: null, message: 'Loss became NaN' });
  });
});
