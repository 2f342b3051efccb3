/** The run slice keeps the latest checkpoint, offers it after a reload, and resumes from it. */
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config/runConfig';
import type { Checkpoint } from '../engine/types';
import { memoryCheckpointStore, type CheckpointStore } from './checkpoints';
import { createLabStore } from './store';
import { createFakeEngine, manualSchedule, settle } from './testEngine';

const trend: RunConfig = { ...defaultConfig('trend'), hp: { ...defaultConfig('trend').hp, epochs: 10 } };
const checkpoint = (epoch: number, config: RunConfig = trend): Checkpoint => ({
  config, epoch, weights: [], threads: 1, shuffleRng: { s: 1, spare: null },
  trainer: { adam: { m: [], v: [], accBeta1: 0.9, accBeta2: 0.999 }, maskRng: { s: 2, spare: null } },
  history: Array.from({ length: epoch }, (_, i) => ({ epoch: i + 1, epochs: config.hp.epochs, loss: 1, acc: 0.5, seconds: 1 })),
});

function setup(checkpoints: CheckpointStore = memoryCheckpointStore()) {
  const engine = createFakeEngine();
  const store = createLabStore({ engine, schedule: manualSchedule(), initial: { config: defaultConfig('alphabet'), problems: [] }, checkpoints });
  return { engine, store, checkpoints, run: () => engine.runs[engine.runs.length - 1] };
}

describe('checkpoints', () => {
  it('keeps the run’s latest checkpoint, and forgets it when the run finishes', async () => {
    const { store, checkpoints, run } = setup();
    store.getState().loadConfig(trend);
    store.getState().startRun();
    run().callbacks.onCheckpoint!(checkpoint(3));
    await settle();
    expect((await checkpoints.latest())?.epoch).toBe(3);
    run().resolve({ reason: 'completed', epochsDone: 10 });
    await settle();
    expect(await checkpoints.latest()).toBeUndefined();
  });

  it('keeps it when the run fails (a crashed worker), and the next page offers to resume', async () => {
    const kept = memoryCheckpointStore();
    const first = setup(kept);
    first.store.getState().loadConfig(trend);
    first.store.getState().startRun();
    first.run().callbacks.onCheckpoint!(checkpoint(4));
    first.run().reject({ name: 'WorkerCrashed', message: 'gone' });
    await settle();
    await settle();
    // Offered in the same page at once, and on the next page too.
    expect(first.store.getState().checkpointOffer).toEqual({ scenario: 'trend', epoch: 4, epochs: 10, exact: true });

    const next = setup(kept);
    await next.store.getState().findCheckpoint();
    expect(next.store.getState().checkpointOffer).toEqual({ scenario: 'trend', epoch: 4, epochs: 10, exact: true });
    await next.store.getState().resumeFromCheckpoint();
    expect(next.store.getState().config).toEqual(trend);
    expect(next.run().config).toEqual(trend);
    expect(next.run().options?.resumeFrom?.epoch).toBe(4);
    expect(next.store.getState().checkpointOffer).toBeNull();
  });

  it.each([
    [{ trainer: 'typed', threads: 2 }, true],
    [{ trainer: 'layers', backend: 'wasm' }, true],
    [{ trainer: 'fused', backend: 'webgl' }, false],
    [{ trainer: 'fused', backend: 'webgpu' }, false],
  ] as const)('offers %j as resuming exactly: %s (a GPU adds in its own order)', async (candidate, exact) => {
    const kept = memoryCheckpointStore();
    await kept.save({ ...checkpoint(3), candidate });
    const page = setup(kept);
    await page.store.getState().findCheckpoint();
    expect(page.store.getState().checkpointOffer?.exact).toBe(exact);
  });

  it('offers nothing for a checkpoint whose settings no longer train, and forgets a discarded one', async () => {
    const kept = memoryCheckpointStore();
    await kept.save(checkpoint(2, { ...trend, hp: { ...trend.hp, units: -1 } }));
    const a = setup(kept);
    await a.store.getState().findCheckpoint();
    expect(a.store.getState().checkpointOffer).toBeNull();
    await kept.save(checkpoint(2));
    await a.store.getState().findCheckpoint();
    a.store.getState().discardCheckpoint();
    await settle();
    expect(await kept.latest()).toBeUndefined();
  });

  it('says once that a checkpoint could not be written, and the run goes on', async () => {
    const full: CheckpointStore = { ...memoryCheckpointStore(), save: async () => Promise.reject(new Error('QuotaExceededError')) };
    const { store, run } = setup(full);
    store.getState().startRun();
    run().callbacks.onCheckpoint!(checkpoint(1));
    run().callbacks.onCheckpoint!(checkpoint(2));
    await settle();
    expect(store.getState().notices).toEqual([expect.stringMatching(/could not be saved for resuming.*QuotaExceededError.*Training goes on/)]);
    expect(store.getState().status).toBe('preparing');
    expect(run().calls).toEqual([]);
  });
});
