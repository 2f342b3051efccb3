/**
 * Answers from a snapshot on another thread equal the training session's own answers for the
 * same weights, for every kind of question, stateful alphabet included.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config/runConfig';
import type { ScenarioId } from '../scenarios';
import type { AssetSource } from './data/assets';
import { TrainingSession } from './session';
import { TrySession } from './trySession';
import { preparedModel } from './inspect/prepared';
import { SCENARIOS } from '../scenarios';
import type { ModelSnapshot, PredictRequest, PredictResult } from './types';

const noAssets: AssetSource = { fetchBytes: async (path) => Promise.reject(new Error(`unexpected read of ${path}`)) };

function quick(id: ScenarioId, hp: Partial<RunConfig['hp']>): RunConfig {
  return { scenario: id, hp: { ...defaultConfig(id).hp, ...hp } };
}

const close = (a: PredictResult, b: PredictResult) => {
  expect(a.kind).toBe(b.kind);
  const numbers = (r: PredictResult) => JSON.stringify(r).match(/-?\d+\.\d+(e-?\d+)?/g)!.map(Number);
  numbers(a).forEach((v, i) => expect(v).toBeCloseTo(numbers(b)[i], 5));
};

describe('TrySession', () => {
  it('computes the padding run of a loaded snapshot ahead of the first Inspect question', async () => {
    const s = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    const snaps: ModelSnapshot[] = [];
    await s.train(quick('trend', { samples: 40, epochs: 1, units: 4 }), { onSnapshot: (x) => snaps.push(x) }).done;
    const snapshot = snaps.at(-1)!;
    const spec = SCENARIOS.trend.model(snapshot.config.hp);
    const t = new TrySession();
    t.load(snapshot);
    expect(preparedModel(spec, snapshot.weights).paddingDone).toBe(false);
    t.prepareInspection();
    expect(preparedModel(spec, snapshot.weights).paddingDone).toBe(true);
    s.dispose();
  });

  it.each([
    ['alphabet', { samples: 60, epochs: 3, batchSize: 4 }, { kind: 'letters', text: 'ABC' }],
    ['alphabet-stateful', { epochs: 3, units: 8 }, { kind: 'letters', text: 'ABC' }],
    ['trend', { samples: 80, epochs: 2, units: 4 }, { kind: 'trend', seed: 5, length: 30 }],
  ] as const)('%s: answers as the training session does, from the final snapshot', async (id, hp, request) => {
    const s = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    const snaps: ModelSnapshot[] = [];
    await s.train(quick(id, hp), { onSnapshot: (x) => snaps.push(x) }).done;
    expect(snaps.at(-1)!.final).toBe(true);
    const t = new TrySession();
    expect(await t.predict(request as PredictRequest)).toMatchObject({ kind: 'invalid' });
    t.load(snaps.at(-1)!);
    close(await t.predict(request as PredictRequest), await s.predict(request as PredictRequest));
    s.dispose();
  });

  it('takes a later snapshot of the same run in place, and forgets the model on clear', async () => {
    const s = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    const snaps: ModelSnapshot[] = [];
    // One epoch per snapshot: the gap between snapshots is longer than these epochs, so take them all by hand.
    await s.train(quick('alphabet', { samples: 60, epochs: 2, batchSize: 4 }), { onSnapshot: (x) => snaps.push(x) }).done;
    const t = new TrySession();
    t.load({ ...snaps[0], weights: snaps[0].weights.map((w) => ({ ...w, values: w.values.map(() => 0) })) });
    const zero = await t.predict({ kind: 'letters', text: 'AB' });
    t.load(snaps.at(-1)!);
    const trained = await t.predict({ kind: 'letters', text: 'AB' });
    expect(trained).not.toEqual(zero);
    close(trained, await s.predict({ kind: 'letters', text: 'AB' }));
    t.clear();
    expect(await t.predict({ kind: 'letters', text: 'AB' })).toMatchObject({ kind: 'invalid' });
    s.dispose();
  });
});
