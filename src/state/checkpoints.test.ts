/**
 * Checkpoints belong to their run: kept per kept-run id, offered (banner: this tab's own; Runs
 * panel: every one), never when damaged or trained in another tab, and a resume that fails leaves
 * the run's record and checkpoint as they were.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config/runConfig';
import { initialWeights } from '../engine/spec/initialWeights';
import type { BatchUpdate, Checkpoint, EpochUpdate } from '../engine/types';
import { memoryRunStore, type RunStore } from '../platform/runStore';
import { SCENARIOS } from '../scenarios';
import { LEGACY_KEY, memoryCheckpointStore, type CheckpointStore } from './checkpoints';
import { memoryRunLocks, memoryTabRuns, type RunLocks } from './runOwnership';
import { createLabStore } from './store';
import { createFakeEngine, manualSchedule, settle } from './testEngine';

const withEpochs = (id: RunConfig['scenario'], epochs: number): RunConfig => ({ ...defaultConfig(id), hp: { ...defaultConfig(id).hp, epochs } });
const trend = withEpochs('trend', 10);
const alphabet = withEpochs('alphabet', 8);

const epochUpdate = (epoch: number, epochs: number): EpochUpdate => ({ epoch, epochs, loss: 1 / epoch, acc: 0.5, seconds: 1 });

/** A checkpoint that passes every check: weights and moments of the model's shapes. */
function checkpoint(epoch: number, config: RunConfig = trend): Checkpoint {
  const weights = initialWeights(SCENARIOS[config.scenario].model(config.hp), 1);
  const zeros = () => weights.map((w) => new Float32Array(w.values.length));
  return {
    config, epoch, weights, threads: 1, shuffleRng: { s: 1, spare: null },
    trainer: { adam: { m: zeros(), v: zeros(), accBeta1: 0.9, accBeta2: 0.999 }, maskRng: { s: 2, spare: null } },
    history: Array.from({ length: epoch }, (_, i) => epochUpdate(i + 1, config.hp.epochs)),
  };
}

const batch = (epoch: number, b: number, batches = 4): BatchUpdate => ({
  epoch, batch: b, batches, loss: 1, acc: 0.5, losses: [1], msPerStep: 1, samplesPerSec: 100,
});

/** One page (tab) of the lab: its store over shared storage and locks, as tabs of one origin share them. */
function page(shared: { raw?: Map<string, unknown>; runStore?: RunStore; locks?: RunLocks } = {}) {
  const raw = shared.raw ?? new Map<string, unknown>();
  const checkpoints: CheckpointStore = memoryCheckpointStore(raw);
  const runStore = shared.runStore ?? memoryRunStore();
  const engine = createFakeEngine();
  const schedule = manualSchedule();
  const tabRuns = memoryTabRuns();
  let ids = 0;
  const store = createLabStore({
    engine, schedule, runStore, checkpoints, locks: shared.locks ?? memoryRunLocks(), tabRuns,
    initial: { config: defaultConfig('alphabet'), problems: [] },
  });
  void ids;
  return { engine, store, schedule, checkpoints, runStore, raw, tabRuns, run: () => engine.runs[engine.runs.length - 1] };
}

async function settleAll() {
  for (let i = 0; i < 6; i++) await settle();
}

describe('checkpoints', () => {
  it('keeps the run’s checkpoint under its kept run, and forgets it when the run finishes', async () => {
    const p = page();
    p.store.getState().loadConfig(trend);
    p.store.getState().startRun();
    const id = p.store.getState().recordId!;
    p.run().callbacks.onCheckpoint!(checkpoint(3));
    await settleAll();
    expect([...p.raw.keys()]).toEqual([id]);
    expect((await p.checkpoints.get(id))).toMatchObject({ runId: id, checkpoint: { epoch: 3 } });
    p.run().resolve({ reason: 'completed', epochsDone: 10 });
    await settleAll();
    expect(p.raw.size).toBe(0);
  });

  it('keeps it when the run fails (a crashed worker), and the next page offers to resume it into the same record', async () => {
    const shared = { raw: new Map<string, unknown>(), runStore: memoryRunStore() };
    const first = page(shared);
    first.store.getState().loadConfig(trend);
    first.store.getState().startRun();
    const id = first.store.getState().recordId!;
    first.run().callbacks.onCheckpoint!(checkpoint(4));
    first.run().reject({ name: 'WorkerCrashed', message: 'gone' });
    await settleAll();
    const offer = { runId: id, scenario: 'trend', title: 'Trend: same direction as the last move?', epoch: 4, epochs: 10, exact: true, validating: false };
    // Offered in the same page at once, and on the next page too.
    expect(first.store.getState().checkpointOffer).toEqual(offer);

    const next = page(shared);
    await next.store.getState().findCheckpoints();
    expect(next.store.getState().checkpointOffer).toEqual(offer);
    expect(next.store.getState().resumable).toEqual([offer]);
    await next.store.getState().resumeFromCheckpoint();
    expect(next.store.getState().config).toEqual(trend);
    expect(next.run().config).toEqual(trend);
    expect(next.run().options?.resumeFrom?.epoch).toBe(4);
    expect(next.store.getState().recordId).toBe(id);
    expect(next.store.getState().checkpointOffer).toBeNull();
    // While it trains here, its row offers no Resume.
    expect(next.store.getState().resumable).toEqual([]);
  });

  it.each([
    [{ trainer: 'typed', threads: 2 }, true],
    [{ trainer: 'layers', backend: 'wasm' }, true],
    [{ trainer: 'fused', backend: 'webgl' }, false],
    [{ trainer: 'fused', backend: 'webgpu' }, false],
  ] as const)('offers %j as resuming exactly: %s (a GPU adds in its own order)', async (candidate, exact) => {
    const p = page();
    await p.checkpoints.save('run-1', { ...checkpoint(3), candidate });
    await p.store.getState().findCheckpoints();
    expect(p.store.getState().checkpointOffer?.exact).toBe(exact);
  });

  it('says once that a checkpoint could not be written, and the run goes on', async () => {
    const full: CheckpointStore = { ...memoryCheckpointStore(), save: async () => Promise.reject(new Error('QuotaExceededError')) };
    const engine = createFakeEngine();
    const store = createLabStore({ engine, schedule: manualSchedule(), initial: { config: defaultConfig('alphabet'), problems: [] }, checkpoints: full });
    store.getState().startRun();
    const run = engine.runs[0];
    run.callbacks.onCheckpoint!(checkpoint(1, alphabet));
    run.callbacks.onCheckpoint!(checkpoint(2, alphabet));
    await settle();
    expect(store.getState().notices).toEqual([expect.stringMatching(/could not be saved for resuming.*QuotaExceededError.*Training goes on/)]);
    expect(store.getState().status).toBe('preparing');
    expect(run.calls).toEqual([]);
  });
});

describe('damaged checkpoints are never offered, never throw, and can be discarded', () => {
  const good = checkpoint(3);
  const fuzz: [string, unknown][] = [
    ['garbage history', { ...good, history: 'garbage' }],
    ['history entries of the wrong type', { ...good, history: [1, 2, 3] }],
    ['a history shorter than its epoch', { ...good, history: good.history.slice(1) }],
    ['no config', { ...good, config: undefined }],
    ['an unknown tutorial', { ...good, config: { ...good.config, scenario: 'chess' } }],
    ['settings of the wrong types', { ...good, config: { scenario: 'trend', hp: { ...good.config.hp, units: 'many' } } }],
    ['settings that no longer train', { ...good, config: { ...good.config, hp: { ...good.config.hp, units: -1 } } }],
    ['a negative epoch', { ...good, epoch: -5 }],
    ['a fractional epoch', { ...good, epoch: 2.5 }],
    ['an epoch at the run’s end', { ...good, epoch: 10, history: Array.from({ length: 10 }, (_, i) => epochUpdate(i + 1, 10)) }],
    ['an epoch as text', { ...good, epoch: '3' }],
    ['weights that are not arrays of floats', { ...good, weights: [{ shape: [2], values: [1, 2] }] }],
    ['weights of another model', { ...good, weights: checkpoint(3, alphabet).weights }],
    ['an optimizer state of another size', { ...good, trainer: { ...good.trainer, adam: { ...good.trainer.adam, m: [] } } }],
    ['no trainer state', { ...good, trainer: null }],
    ['an unknown trainer', { ...good, candidate: { trainer: 'abacus', threads: 1 } }],
    ['zero threads', { ...good, threads: 0 }],
    ['a NaN loss in its history', { ...good, history: good.history.map((e) => ({ ...e, loss: NaN })) }],
    ['an unvalidated epoch out of place', { ...good, unvalidated: epochUpdate(7, 10) }],
    ['a number', 42],
    ['null', null],
    ['a string', 'checkpoint'],
    ['an empty object', {}],
  ];

  it.each(fuzz)('%s', async (_name, value) => {
    const p = page();
    p.raw.set('run-bad', value);
    p.raw.set('run-good', good);
    await expect(p.store.getState().findCheckpoints()).resolves.toBeUndefined();
    const state = p.store.getState();
    // The good one is still offered; the damaged one never is, and is said in one sentence.
    expect(state.resumable.map((r) => r.runId)).toEqual(['run-good']);
    expect(state.damagedCheckpoints).toHaveLength(1);
    expect(state.damagedCheckpoints[0].message).toMatch(/^The checkpoint of “an unfinished run” cannot be resumed: [^\n]+\.$/);
    expect(state.damagedCheckpoints[0].message).not.toMatch(/undefined|\[object/);
    // Resuming it by hand is refused with the same sentence, and nothing starts.
    await p.store.getState().resumeFromCheckpoint('run-bad');
    expect(p.engine.runs).toHaveLength(0);
    expect(p.store.getState().notices.at(-1)).toMatch(/cannot be resumed/);
    await p.store.getState().discardCheckpoint('run-bad');
    expect(p.store.getState().damagedCheckpoints).toEqual([]);
    expect([...p.raw.keys()]).toEqual(['run-good']);
  });

  it('a storage that cannot be read offers nothing and throws nothing', async () => {
    const broken: CheckpointStore = { ...memoryCheckpointStore(), list: () => Promise.reject(new Error('InvalidStateError')) };
    const store = createLabStore({ engine: createFakeEngine(), schedule: manualSchedule(), initial: { config: defaultConfig('alphabet'), problems: [] }, checkpoints: broken });
    await expect(store.getState().findCheckpoints()).resolves.toBeUndefined();
    expect(store.getState().checkpointOffer).toBeNull();
  });
});

describe('the single checkpoint slot of earlier versions', () => {
  it('is moved once to the interrupted run it continues', async () => {
    const shared = { raw: new Map<string, unknown>(), runStore: memoryRunStore() };
    const before = page(shared);
    before.store.getState().loadConfig(trend);
    before.store.getState().startRun();
    before.run().callbacks.onBatch!(batch(1, 1));
    before.run().callbacks.onEpoch!(epochUpdate(1, 10));
    await settleAll();
    const id = before.store.getState().recordId!;
    shared.raw.clear();
    shared.raw.set(LEGACY_KEY, checkpoint(1));

    const next = page(shared);
    await next.store.getState().findCheckpoints();
    expect(next.store.getState().resumable.map((r) => [r.runId, r.epoch])).toEqual([[id, 1]]);
    expect([...shared.raw.keys()]).toEqual([id]);
  });

  it('is dropped with a message when it cannot be read', async () => {
    const p = page();
    p.raw.set(LEGACY_KEY, { epoch: -5, history: 'garbage' });
    await p.store.getState().findCheckpoints();
    expect(p.store.getState().resumable).toEqual([]);
    expect(p.store.getState().notices).toEqual([expect.stringMatching(/^A checkpoint left by an earlier version of the lab could not be used and was dropped: .+\.$/)]);
    expect(p.raw.size).toBe(0);
  });
});

describe('two tabs of one origin', () => {
  it('keep their runs’ checkpoints apart; a reloaded tab offers its own run only, and resumes it into its own record', async () => {
    const shared = { raw: new Map<string, unknown>(), runStore: memoryRunStore(), locks: memoryRunLocks() };
    const tab1 = page(shared);
    const tab2 = page(shared);
    tab1.store.getState().loadConfig(alphabet);
    tab1.store.getState().startRun();
    tab2.store.getState().loadConfig(trend);
    tab2.store.getState().startRun();
    await settleAll();
    const [a, t] = [tab1.store.getState().recordId!, tab2.store.getState().recordId!];
    expect(a).not.toBe(t);
    tab1.run().callbacks.onBatch!(batch(1, 1));
    tab1.run().callbacks.onEpoch!(epochUpdate(1, 8));
    tab1.run().callbacks.onCheckpoint!(checkpoint(1, alphabet));
    tab2.run().callbacks.onBatch!(batch(1, 1));
    tab2.run().callbacks.onEpoch!(epochUpdate(1, 10));
    tab2.run().callbacks.onEpoch!(epochUpdate(2, 10));
    tab2.run().callbacks.onCheckpoint!(checkpoint(2));
    await settleAll();
    expect(new Set(shared.raw.keys())).toEqual(new Set([a, t]));

    // Tab 1 reloads: the browser releases its lock; its session remembers its run.
    shared.locks = memoryRunLocks();
    await shared.locks.acquire(t);
    const reloaded = page(shared);
    reloaded.tabRuns.remember(a);
    await reloaded.store.getState().findCheckpoints();
    expect(reloaded.store.getState().checkpointOffer).toMatchObject({ runId: a, scenario: 'alphabet', epoch: 1 });
    // Tab 2's run is training there: never offered here, not even in the Runs panel.
    expect(reloaded.store.getState().resumable.map((r) => r.runId)).toEqual([a]);
    expect(reloaded.store.getState().trainingElsewhere).toEqual([t]);
    await expect(reloaded.store.getState().resumeFromCheckpoint(t)).resolves.toBeUndefined();
    expect(reloaded.engine.runs).toHaveLength(0);
    expect(reloaded.store.getState().notices.at(-1)).toMatch(/is training in another tab/);

    const trendRecord = await shared.runStore.get(t);
    await reloaded.store.getState().resumeFromCheckpoint();
    expect(reloaded.store.getState().recordId).toBe(a);
    reloaded.run().callbacks.onEpoch!(epochUpdate(1, 8));
    reloaded.run().callbacks.onBatch!(batch(2, 1));
    reloaded.run().callbacks.onEpoch!(epochUpdate(2, 8));
    reloaded.run().resolve({ reason: 'completed', epochsDone: 8 });
    await settleAll();
    expect(await shared.runStore.get(a)).toMatchObject({ id: a, scenario: 'alphabet', outcome: 'completed', epochs: [{ epoch: 1 }, { epoch: 2 }] });
    // Tab 2's record and checkpoint are untouched.
    expect(await shared.runStore.get(t)).toEqual(trendRecord);
    expect([...shared.raw.keys()]).toEqual([t]);
  });

  it('a run resumed in one tab is not offered in another', async () => {
    const shared = { raw: new Map<string, unknown>(), runStore: memoryRunStore(), locks: memoryRunLocks() };
    shared.raw.set('run-1', checkpoint(2));
    const one = page(shared);
    const two = page(shared);
    await one.store.getState().findCheckpoints();
    await two.store.getState().findCheckpoints();
    await one.store.getState().resumeFromCheckpoint('run-1');
    expect(one.engine.runs).toHaveLength(1);
    // Tab two's offer was made before; its click is refused, and its lists drop the run.
    await two.store.getState().resumeFromCheckpoint('run-1');
    expect(two.engine.runs).toHaveLength(0);
    expect(two.store.getState().resumable).toEqual([]);
    expect(two.store.getState().checkpointOffer).toBeNull();
  });
});

describe('a failed resume', () => {
  async function interrupted() {
    const shared = { raw: new Map<string, unknown>(), runStore: memoryRunStore() };
    const first = page(shared);
    first.store.getState().loadConfig(trend);
    first.store.getState().startRun();
    for (const e of [1, 2, 3]) {
      for (let b = 1; b <= 4; b++) first.run().callbacks.onBatch!(batch(e, b));
      first.run().callbacks.onEpoch!(epochUpdate(e, 10));
    }
    first.run().callbacks.onCheckpoint!(checkpoint(3));
    await settleAll();
    const id = first.store.getState().recordId!;
    return { shared, id, record: await shared.runStore.get(id), stored: shared.raw.get(id) };
  }

  it('leaves the interrupted run’s record and checkpoint exactly as they were, says why, and resumes again later', async () => {
    const { shared, id, record, stored } = await interrupted();
    expect(record).toMatchObject({ outcome: 'running', epochs: [{ epoch: 1 }, { epoch: 2 }, { epoch: 3 }] });

    const next = page(shared);
    await next.store.getState().findCheckpoints();
    await next.store.getState().resumeFromCheckpoint(id);
    // Offline: the data cannot be fetched, before any batch.
    next.run().reject({ name: 'DataFileError', message: 'Data file imdb/manifest.json is missing (it could not be downloaded: Failed to fetch). Run `npm run data:imdb` to rebuild it, then press Retry.' });
    await settleAll();
    expect(await shared.runStore.get(id)).toEqual(record);
    expect(shared.raw.get(id)).toBe(stored);
    expect(next.store.getState().error).toMatchObject({
      phase: 'resume',
      message: expect.stringMatching(/^Resuming “Trend, .+” from epoch 3 failed: Data file imdb\/manifest\.json is missing \(it could not be downloaded: Failed to fetch\)\. The run and its checkpoint are kept as they were: resume it again once that is fixed\.$/),
    });
    // Offered again at once; a new run does not replace it.
    expect(next.store.getState().checkpointOffer).toMatchObject({ runId: id, epoch: 3 });
    next.store.getState().startRun();
    next.run().callbacks.onCheckpoint!(checkpoint(1, trend));
    next.run().resolve({ reason: 'stopped', epochsDone: 1 });
    await settleAll();
    expect(shared.raw.get(id)).toBe(stored);

    // Online again: the resume goes on in the same record.
    await next.store.getState().resumeFromCheckpoint(id);
    expect(next.run().options?.resumeFrom?.epoch).toBe(3);
    expect(next.store.getState().recordId).toBe(id);
  });

  it('stopped before it trained a batch, the run stays resumable', async () => {
    const { shared, id, record } = await interrupted();
    const next = page(shared);
    await next.store.getState().findCheckpoints();
    await next.store.getState().resumeFromCheckpoint(id);
    next.store.getState().stopRun();
    next.run().resolve({ reason: 'stopped', epochsDone: 0 });
    await settleAll();
    expect(await shared.runStore.get(id)).toEqual(record);
    expect(next.store.getState().resumable.map((r) => r.runId)).toEqual([id]);
  });
});

describe('a resumed run', () => {
  it('the list and the banner say the same epoch: the record is written with each checkpoint', async () => {
    const shared = { raw: new Map<string, unknown>(), runStore: memoryRunStore() };
    let clock = 0;
    const p = page(shared);
    // Epochs come faster than the record's own write interval.
    void clock;
    p.store.getState().loadConfig(trend);
    p.store.getState().startRun();
    const id = p.store.getState().recordId!;
    for (let e = 1; e <= 6; e++) {
      p.run().callbacks.onBatch!(batch(e, 4));
      p.run().callbacks.onEpoch!(epochUpdate(e, 10));
      if (e === 2 || e === 5) p.run().callbacks.onCheckpoint!(checkpoint(e));
      await settleAll();
    }
    const next = page(shared);
    await next.store.getState().findCheckpoints();
    const record = await shared.runStore.get(id);
    expect(next.store.getState().checkpointOffer?.epoch).toBe(5);
    expect(record?.epochs).toHaveLength(5);
  });

  it('its live batch chart goes on from the kept curve (not from batch 3,000), and its time leaves out the closed page', async () => {
    const shared = { raw: new Map<string, unknown>(), runStore: memoryRunStore() };
    const first = page(shared);
    first.store.getState().loadConfig(trend);
    first.store.getState().startRun();
    const id = first.store.getState().recordId!;
    for (let e = 1; e <= 3; e++) {
      for (let b = 1; b <= 1000; b += 111) first.run().callbacks.onBatch!(batch(e, b, 1000));
      first.run().callbacks.onEpoch!(epochUpdate(e, 10));
    }
    first.run().callbacks.onCheckpoint!(checkpoint(3));
    await settleAll();
    const kept = (await shared.runStore.get(id))!;
    // The page stays closed for a day.
    await shared.runStore.put({ ...kept, startedAt: kept.startedAt - 86_400_000 });

    const next = page(shared);
    await next.store.getState().findCheckpoints();
    await next.store.getState().resumeFromCheckpoint(id);
    next.run().callbacks.onBatch!(batch(4, 1, 1000));
    next.schedule.flush();
    const steps = next.store.getState().batchSeries.plotted.map((p) => p.step);
    expect(steps[0]).toBe(1);
    expect(steps.at(-1)).toBe(3001);
    expect(steps.slice(1).every((s, i) => s > steps[i])).toBe(true);
    next.run().callbacks.onEpoch!(epochUpdate(4, 10));
    next.run().resolve({ reason: 'completed', epochsDone: 4 });
    await settleAll();
    const done = (await shared.runStore.get(id))!;
    expect(done.trainingMs).toBeLessThan(60_000);
    expect(done.batches[0].step).toBe(1);
    expect(done.batches.at(-1)!.step).toBe(3001);
  });
});

describe('a checkpoint taken before the last epoch’s validation pass', () => {
  it('resumes with the validation only: the record completes with every epoch, and the checkpoint goes', async () => {
    const shared = { raw: new Map<string, unknown>(), runStore: memoryRunStore() };
    const first = page(shared);
    const imdb = withEpochs('imdb-small-vocab', 2);
    first.store.getState().loadConfig(imdb);
    first.store.getState().startRun();
    const id = first.store.getState().recordId!;
    first.run().callbacks.onBatch!(batch(1, 4));
    first.run().callbacks.onEpoch!(epochUpdate(1, 2));
    first.run().callbacks.onBatch!(batch(2, 4));
    first.run().callbacks.onCheckpoint!({ ...checkpoint(1, imdb), unvalidated: epochUpdate(2, 2) });
    await settleAll();

    const next = page(shared);
    await next.store.getState().findCheckpoints();
    expect(next.store.getState().checkpointOffer).toMatchObject({ runId: id, epoch: 1, epochs: 2, validating: true });
    expect((await shared.runStore.get(id))?.epochs).toHaveLength(1);
    await next.store.getState().resumeFromCheckpoint();
    // The engine replays epoch 1, validates epoch 2 (no batch) and ends.
    next.run().callbacks.onEpoch!(epochUpdate(1, 2));
    next.run().callbacks.onEpoch!({ ...epochUpdate(2, 2), valLoss: 0.4, valAcc: 0.8 });
    next.run().resolve({ reason: 'completed', epochsDone: 2 });
    await settleAll();
    expect(await shared.runStore.get(id)).toMatchObject({ outcome: 'completed', epochs: [{ epoch: 1 }, { epoch: 2, valAcc: 0.8 }] });
    expect(shared.raw.size).toBe(0);
    expect(next.store.getState().resumable).toEqual([]);
  });
});
