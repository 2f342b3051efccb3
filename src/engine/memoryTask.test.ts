/**
 * The "Why LSTM?" card end to end in the engine: each recurrent kind trains on it, Try and Inspect
 * read a typed sequence the same way, and they refuse what the model cannot read.
 */
import { describe, expect, it } from 'vitest';
import type { CellChoice } from '../config/hyperparams';
import { defaultConfig, validateConfig, type RunConfig } from '../config/runConfig';
import type { AssetSource } from './data/assets';
import { TrainingSession } from './session';

const noAssets: AssetSource = { fetchBytes: async (path) => Promise.reject(new Error(`unexpected read of ${path}`)) };

const memoryConfig = (cell: CellChoice, hp: Partial<RunConfig['hp']> = {}): RunConfig => ({
  scenario: 'memory',
  hp: { ...defaultConfig('memory').hp, cell, seqLength: 8, samples: 400, epochs: 6, units: 12, learningRate: 0.01, ...hp },
});

describe('the memory card', () => {
  it('offers the recurrent layer kinds that the tutorials refuse', () => {
    for (const cell of ['lstm', 'gru', 'simpleRnn'] as const) expect(validateConfig(memoryConfig(cell))).toEqual([]);
    expect(validateConfig({ scenario: 'alphabet', hp: { ...defaultConfig('alphabet').hp, cell: 'gru' } })).toEqual([
      { field: 'cell', message: expect.stringMatching(/is an LSTM as its tutorial publishes it/) },
    ]);
  });

  it.each(['lstm', 'gru', 'simpleRnn'] as const)('%s learns a short distance, and Try answers as Inspect does', async (cell) => {
    const s = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    const result = await s.train(memoryConfig(cell), {}).done;
    expect(result.reason).toBe('completed');
    // At most seven steps back is within every kind's reach: far above chance (25%) in six epochs.
    expect(result.last?.valAcc).toBeGreaterThan(0.6);
    for (const text of ['123A4567', 'd7654321', '1C2']) {
      const p = await s.predict({ kind: 'memory', text });
      const seen = await s.inspect({ kind: 'memory', text });
      if (p.kind !== 'memory' || seen.kind !== 'memory') throw new Error(`not a memory answer: ${JSON.stringify(p)}`);
      expect(p.steps).toBe(8);
      expect(p.top.map((t) => t.p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      for (const t of p.top) expect(t.p).toBeCloseTo(seen.probabilities['ABCD'.indexOf(t.letter)], 4);
      // One strip per step, the empty ones before a short input marked as padding.
      expect(seen.layers[0].steps.map((st) => (st.padding ? '·' : st.label)).join('')).toBe(seen.input.padStart(8, '·'));
    }
    const near = await s.predict({ kind: 'memory', text: '765432B1' });
    expect(near.kind === 'memory' && near.top[0].letter).toBe('B');
    s.dispose();
  });

  it('refuses what its model cannot read, in Try and Inspect alike, and a tutorial model refuses the task', async () => {
    const s = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    await s.train(memoryConfig('lstm', { epochs: 1 }), {}).done;
    for (const text of ['E123', 'A12345678', 'A1b', '1234']) {
      const p = await s.predict({ kind: 'memory', text });
      expect(p.kind).toBe('invalid');
      expect(await s.inspect({ kind: 'memory', text })).toEqual(p);
    }
    await s.train({ scenario: 'trend', hp: { ...defaultConfig('trend').hp, samples: 40, epochs: 1, units: 4 } }, {}).done;
    expect(await s.predict({ kind: 'memory', text: 'A12' })).toEqual({ kind: 'invalid', message: 'This model was not trained on the memory task.' });
    s.dispose();
  });
});
