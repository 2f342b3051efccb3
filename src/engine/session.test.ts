import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config/runConfig';
import type { ScenarioId } from '../scenarios';
import type { AssetSource } from './data/assets';
import { TrainingSession } from './session';
import { inMemoryPlanMemory } from './plan/plan';
import type { EpochUpdate, Plan } from './types';

/** The generated tutorials read no files; any read is a bug. */
const noAssets: AssetSource = {
  fetchBytes: async (path) => {
    throw new Error(`unexpected read of ${path}`);
  },
};

const session = () => new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });

function quick(id: ScenarioId, hp: Partial<RunConfig['hp']> = {}): RunConfig {
  const c = defaultConfig(id);
  return { scenario: id, hp: { ...c.hp, backend: 'cpu', ...hp } };
}

async function epochsOf(s: TrainingSession, config: RunConfig): Promise<EpochUpdate[]> {
  const epochs: EpochUpdate[] = [];
  const result = await s.train(config, { onEpoch: (e) => epochs.push(e) }).done;
  expect(result.reason).toBe('completed');
  return epochs;
}

describe('TrainingSession', () => {
  it('loss goes down on a tiny problem', async () => {
    const s = session();
    const config = quick('alphabet', { samples: 200, epochs: 8, batchSize: 8, units: 16, learningRate: 0.01 });
    const epochs = await epochsOf(s, config);
    expect(epochs).toHaveLength(8);
    expect(epochs.at(-1)!.loss).toBeLessThan(epochs[0].loss * 0.8);
    expect(epochs.at(-1)!.acc).toBeGreaterThan(epochs[0].acc);
    s.dispose();
  });

  it('reproduces the same loss curve for the same seed, and a different one for another seed', async () => {
    const s = session();
    const config = quick('trend', { samples: 128, epochs: 3, batchSize: 32, units: 6, shuffle: true, dropout: 0.2 });
    const a = (await epochsOf(s, config)).map((e) => e.loss);
    const b = (await epochsOf(s, config)).map((e) => e.loss);
    const c = (await epochsOf(s, { ...config, hp: { ...config.hp, seed: 8 } })).map((e) => e.loss);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    s.dispose();
  });

  it('reports plan, summary, per-batch and per-epoch updates, and an evaluation', async () => {
    const s = session();
    const seen = { plan: 0, summary: 0, batch: 0, epoch: 0 };
    const result = await s.train(quick('alphabet', { samples: 60, epochs: 2, batchSize: 4 }), {
      onPlan: (plan) => {
        seen.plan++;
        expect(plan).toMatchObject({ candidate: { trainer: 'fused', backend: 'cpu' }, basis: 'asked', threads: 1, host: 'node' });
        expect(plan.backend!.name).toBe('cpu');
        expect(plan.backend!.reason).toMatch(/Forced/);
        expect(plan.reason).toMatch(/TensorFlow.js on the CPU \(plain JavaScript\), as the settings ask/);
      },
      onSummary: (summary) => {
        seen.summary++;
        expect(summary.totalParams).toBe(5210);
      },
      onBatch: (u) => {
        seen.batch++;
        expect(u.batches).toBe(15);
        expect(u.msPerStep).toBeGreaterThan(0);
      },
      onEpoch: () => seen.epoch++,
    }).done;
    expect(seen).toMatchObject({ plan: 1, summary: 1, epoch: 2 });
    expect(seen.batch).toBeGreaterThanOrEqual(2);
    expect(result.evaluation).toMatchObject({ set: 'train', count: 60 });
    s.dispose();
  });

  it('predicts the next letter after training and explains bad input', async () => {
    const s = session();
    expect(await s.predict({ kind: 'letters', text: 'ABC' })).toMatchObject({ kind: 'invalid' });
    await s.train(quick('alphabet', { samples: 50, epochs: 1, batchSize: 5 }), {}).done;
    const ok = await s.predict({ kind: 'letters', text: 'abc' });
    expect(ok.kind).toBe('letters');
    if (ok.kind === 'letters') {
      expect(ok.top).toHaveLength(3);
      expect(ok.top[0].p).toBeGreaterThanOrEqual(ok.top[1].p);
    }
    expect(await s.predict({ kind: 'letters', text: 'A1' })).toMatchObject({ kind: 'invalid' });
    expect(await s.predict({ kind: 'letters', text: 'ABCDEFGHIJ' })).toMatchObject({ kind: 'invalid' });
    s.dispose();
  });

  it('stateful alphabet: carries state across samples and predicts letter by letter', async () => {
    const s = session();
    const result = await s.train(quick('alphabet-stateful', { epochs: 2, units: 8 }), {}).done;
    expect(result.reason).toBe('completed');
    expect(result.evaluation?.count).toBe(25);
    const p = await s.predict({ kind: 'letters', text: 'ABC' });
    expect(p.kind).toBe('letters');
    s.dispose();
  });

  it('trend: predicts a fresh series with its accuracy', async () => {
    const s = session();
    const result = await s.train(quick('trend', { samples: 100, epochs: 1, units: 4 }), {}).done;
    // The final score is the last epoch's validation pass, not a second pass over the same data.
    expect(result.evaluation).toMatchObject({ set: 'validation', count: 20, accuracy: result.last!.valAcc });
    expect(result.evaluation!.confusion).toBeDefined();
    const p = await s.predict({ kind: 'trend', seed: 5, length: 30 });
    expect(p.kind).toBe('trend');
    if (p.kind === 'trend') {
      expect(p.steps).toHaveLength(30);
      expect(p.accuracy).toBeGreaterThanOrEqual(0);
    }
    s.dispose();
  });

  it('pause holds training until resume; stop ends it', async () => {
    const s = session();
    let batches = 0;
    const handle = s.train(quick('alphabet', { samples: 400, epochs: 50, batchSize: 1 }), { onBatch: () => batches++ });
    while (batches < 2) await new Promise((r) => setTimeout(r, 5));
    handle.pause();
    await new Promise((r) => setTimeout(r, 150));
    const atPause = batches;
    await new Promise((r) => setTimeout(r, 300));
    expect(batches).toBe(atPause);
    handle.resume();
    while (batches === atPause) await new Promise((r) => setTimeout(r, 5));
    handle.stop();
    expect((await handle.done).reason).toBe('stopped');
    s.dispose();
  });

  it('Stop then Train again, 20 times, leaves tf.memory().numTensors where it started', async () => {
    const s = session();
    const config = quick('trend', { samples: 200, epochs: 30, batchSize: 8, units: 4, dropout: 0.1, recurrentDropout: 0.1 });
    // First run completes so the baseline includes one trained model, as after any run.
    await s.train({ ...config, hp: { ...config.hp, epochs: 1 } }, {}).done;
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      let started = false;
      const handle = s.train(config, { onBatch: () => (started = true) });
      while (!started) await new Promise((r) => setTimeout(r, 1));
      handle.stop();
      expect((await handle.done).reason).toBe('stopped');
    }
    expect(tf.memory().numTensors).toBe(baseline);
    s.dispose();
  });

  describe('the typed trainer (auto backend, tiny models)', () => {
    const auto = (id: ScenarioId, hp: Partial<RunConfig['hp']>) => quick(id, { backend: 'auto', ...hp });

    it('trains alphabet, says so, and leaves the trained weights in the model that scores and predicts', async () => {
      const s = session();
      let trainer: string | undefined;
      const epochs: EpochUpdate[] = [];
      const result = await s.train(auto('alphabet', { samples: 200, epochs: 12, learningRate: 0.01 }), {
        onPlan: (plan) => (trainer = plan.candidate.trainer),
        onEpoch: (e) => epochs.push(e),
      }).done;
      expect(trainer).toBe('typed');
      expect(result.reason).toBe('completed');
      // Scored from the trained weights: untrained ones would sit at ln 26 ≈ 3.26 and ~4% accuracy.
      expect(epochs[0].loss).toBeGreaterThan(2.8);
      expect(result.evaluation!.loss).toBeLessThan(epochs.at(-1)!.loss * 1.2);
      expect(result.evaluation!.accuracy).toBeGreaterThan(0.2);
      const p = await s.predict({ kind: 'letters', text: 'ABC' });
      expect(p.kind === 'letters' && p.top[0].p).toBeGreaterThan(2 / 26);
      s.dispose();
    });

    it('reproduces a run with dropout for the same seed, and not for another', async () => {
      const s = session();
      const config = auto('trend', { samples: 128, epochs: 3, batchSize: 8, units: 6, dropout: 0.2, recurrentDropout: 0.2 });
      let trainer: string | undefined;
      const a: number[] = [];
      await s.train(config, { onPlan: (plan) => (trainer = plan.candidate.trainer), onEpoch: (e) => a.push(e.loss) }).done;
      expect(trainer).toBe('typed');
      const b = (await epochsOf(s, config)).map((e) => e.loss);
      const c = (await epochsOf(s, { ...config, hp: { ...config.hp, seed: 8 } })).map((e) => e.loss);
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
      s.dispose();
    });

    it('stateful alphabet learns the sequence with state carried between samples', async () => {
      const s = session();
      let trainer: string | undefined;
      const result = await s.train(auto('alphabet-stateful', { epochs: 150, learningRate: 0.01 }), { onPlan: (plan) => (trainer = plan.candidate.trainer) }).done;
      expect(trainer).toBe('typed');
      // Without the carried state the model sees one letter and cannot exceed chance by much.
      expect(result.evaluation).toMatchObject({ set: 'train', count: 25 });
      expect(result.evaluation!.accuracy).toBeGreaterThan(0.9);
      s.dispose();
    });

    it('restores the best epoch’s weights', async () => {
      const s = session();
      const result = await s.train(auto('trend', { samples: 200, epochs: 6, batchSize: 4, units: 4, learningRate: 0.05, restoreBest: true }), {}).done;
      expect(result.best).toBeDefined();
      // Re-scored after a restore, or reused from the last epoch: either way the best epoch's figure.
      expect(result.evaluation!.accuracy).toBeCloseTo(result.restoredBest ? result.best!.valAcc! : result.last!.valAcc!, 6);
      s.dispose();
    });
  });

  describe('the plan, where a GPU is found', () => {
    // Node has no WebGL: the GPU candidate is listed (the renderer says it is real) and fails when timed.
    const withGpu = (memory = inMemoryPlanMemory()) =>
      new TrainingSession({ assets: noAssets, backendEnv: { host: 'node', webglRenderer: () => 'ANGLE (NVIDIA GeForce RTX 4090)' }, planMemory: memory });
    const config = quick('trend', { backend: 'auto', samples: 64, epochs: 1, batchSize: 8, units: 4 });

    it('times every candidate on the model, keeps the fastest that works, and remembers it', async () => {
      const memory = inMemoryPlanMemory();
      const plans: Plan[] = [];
      const s = withGpu(memory);
      await s.train(config, { onPlan: (p) => plans.push(p) }).done;
      await s.train(config, { onPlan: (p) => plans.push(p) }).done;
      expect(plans[0]).toMatchObject({ candidate: { trainer: 'typed' }, basis: 'measured' });
      const [typed, gpu] = plans[0].candidates;
      expect(typed.msPerStep).toBeGreaterThan(0);
      expect(gpu).toMatchObject({ candidate: { trainer: 'fused', backend: 'webgl' }, problem: expect.any(String) });
      expect(plans[0].reason).toMatch(/fastest of the 2 ways timed on this model \([\d.]+ ms per training step, against failed for TensorFlow.js on the GPU \(WebGL\)\)/);
      // The second run, and a new session on the same device, use the timing remembered.
      expect(plans[1]).toMatchObject({ candidate: { trainer: 'typed' }, basis: 'remembered', candidates: plans[0].candidates });
      const later: Plan[] = [];
      await withGpu(memory).train(config, { onPlan: (p) => later.push(p) }).done;
      expect(later[0].basis).toBe('remembered');
      s.dispose();
    });

    it('times a different model shape afresh', async () => {
      const memory = inMemoryPlanMemory();
      const bases: string[] = [];
      const s = withGpu(memory);
      await s.train(config, { onPlan: (p) => bases.push(p.basis) }).done;
      await s.train({ ...config, hp: { ...config.hp, units: 5 } }, { onPlan: (p) => bases.push(p.basis) }).done;
      expect(bases).toEqual(['measured', 'measured']);
      s.dispose();
    });
  });

  it('prepare() looks up the device and starts the helper threads before any run asks', async () => {
    let started = 0;
    const s = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' }, helperCount: 1, predictHelpers: () => (started++, []) });
    s.prepare();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toBe(1);
    s.dispose();
  });

  it('rejects an absurd configuration with a clear message', async () => {
    const s = session();
    await expect(s.train(quick('trend', { epochs: -1 }), {}).done).rejects.toThrow(/Epochs must be between/);
    s.dispose();
  });
});
