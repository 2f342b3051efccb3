/** "Try the model" on the trend: a series the user typed is read as Inspect reads it, step for step. */
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config/runConfig';
import type { AssetSource } from './data/assets';
import { TrainingSession } from './session';

const noAssets: AssetSource = { fetchBytes: async (path) => Promise.reject(new Error(`unexpected read of ${path}`)) };

describe('predict: the trend on a typed series', () => {
  it.each(['trend', 'trend-two-features'] as const)('%s: one step per value after the first two, labelled, with the same probabilities as Inspect', async (id) => {
    const s = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    const config: RunConfig = { scenario: id, hp: { ...defaultConfig(id).hp, samples: 60, epochs: 1, units: 4 } };
    await s.train(config, {}).done;
    const text = '0.1, 0.5 0.3,0.8, 0.9';
    const p = await s.predict({ kind: 'trend', text });
    const seen = await s.inspect({ kind: 'trend', text });
    if (p.kind !== 'trend' || seen.kind !== 'trend') throw new Error(`not a trend answer: ${JSON.stringify(p)}`);
    // 0.1 → 0.5 → 0.3 turned, 0.5 → 0.3 → 0.8 turned, 0.3 → 0.8 → 0.9 kept.
    expect(p.steps.map((step) => [step.x, step.label])).toEqual([[0.3, 0], [0.8, 0], [0.9, 1]]);
    p.steps.forEach((step, k) => {
      expect(step.p).toBeCloseTo(seen.steps[k].p, 5);
      expect(step.predicted).toBe(step.p >= 0.5 ? 1 : 0);
    });
    expect(p.accuracy).toBe(p.steps.filter((step) => step.predicted === step.label).length / 3);
    s.dispose();
  });

  it.each<[string, RegExp]>([
    ['0.1, abc, 0.3', /“abc” is not a number/],
    ['0.1 0.2', /at least 3 numbers/],
    ['', /at least 3 numbers/],
  ])('refuses %j with a sentence, as Inspect does', async (text, message) => {
    const s = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    await s.train({ scenario: 'trend', hp: { ...defaultConfig('trend').hp, samples: 40, epochs: 1, units: 4 } }, {}).done;
    const p = await s.predict({ kind: 'trend', text });
    expect(p).toEqual({ kind: 'invalid', message: expect.stringMatching(message) });
    expect(await s.inspect({ kind: 'trend', text })).toEqual(p);
    s.dispose();
  });
});
