import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config/runConfig';
import type { BatchUpdate, Checkpoint, EpochUpdate, ModelSnapshot, Plan, RunResult } from '../engine/types';
import { memoryRunStore, type RunRecord, type RunStore } from '../platform/runStore';
import { WRITE_INTERVAL_MS } from './runRecording';
import { KEEP_MODELS, storageProblem } from './runsSlice';
import { canPredict, selectModel } from './selectors';
import { createLabStore } from './store';
import { createFakeEngine, manualSchedule, settle } from './testEngine';

/** A store whose writes fail while `failing` is true, as a full quota or private mode makes them. */
function failingStore(base: RunStore = memoryRunStore()) {
  const control = { failing: true, puts: 0 };
  const quota = () => Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
  const store: RunStore = {
    ...base,
    async put(record) {
      control.puts++;
      if (control.failing) throw quota();
      return base.put(record);
    },
    async putModel(id, model) {
      if (control.failing) throw quota();
      return base.putModel(id, model);
    },
  };
  return { store, control };
}

/** A store whose data the browser can clear under the page, as "Clear site data" does with the tab open. */
function clearableStore() {
  let base = memoryRunStore();
  const listeners = new Set<() => void>();
  const store: RunStore = {
    list: () => base.list(),
    get: (id) => base.get(id),
    put: (r) => base.put(r),
    delete: (k) => base.delete(k),
    putModel: (id, m) => base.putModel(id, m),
    getModel: (id) => base.getModel(id),
    deleteModel: (id) => base.deleteModel(id),
    usage: () => base.usage(),
    onLost(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  /** The browser closing a connection (the page may hear it more than once for one clearing). */
  const notify = () => {
    for (const l of listeners) l();
  };
  const clear = () => {
    base = memoryRunStore();
    notify();
  };
  return { store, clear, notify };
}

function setup(runStore: RunStore = memoryRunStore()) {
  const engine = createFakeEngine();
  const schedule = manualSchedule();
  const store = createLabStore({ engine, schedule, runStore, initial: { config: defaultConfig('alphabet'), problems: [] } });
  return { engine, schedule, store, runStore, run: () => engine.runs[engine.runs.length - 1] };
}

const PLAN: Plan = {
  candidate: { trainer: 'typed', threads: 1 }, requested: { trainer: 'auto', backend: 'auto' }, basis: 'only',
  candidates: [{ candidate: { trainer: 'typed', threads: 1 } }], threads: 1, reason: 'the only way', host: 'worker',
};
const batch = (epoch: number, b: number, loss: number): BatchUpdate => ({
  epoch, batch: b, batches: 4, loss, acc: 0.5, losses: [loss], msPerStep: 1, samplesPerSec: 100,
});
const epochUpdate = (n: number, epochs = 3): EpochUpdate => ({ epoch: n, epochs, loss: 1 / n, acc: 0.2 * n, seconds: 0.5 });
/** Weights of the alphabet model (its default sizes), every value `v`: what a kept alphabet run holds. */
const weights = (v: number, hp = defaultConfig('alphabet').hp) =>
  [[1, 4 * hp.units], [hp.units, 4 * hp.units], [4 * hp.units], [hp.units, 26], [26]].map((shape) => ({ shape, values: new Float32Array(shape.reduce((a, d) => a * d, 1)).fill(v) }));
const WEIGHT_BYTES = weights(0).reduce((sum, w) => sum + w.values.byteLength, 0);
const snapshot = (config: RunConfig, epoch: number, final: boolean): ModelSnapshot => ({ config, weights: weights(epoch), epoch, final });
const COMPLETED = (epochs: number): RunResult => ({
  reason: 'completed', epochsDone: epochs,
  evaluation: { set: 'train', accuracy: 0.9, loss: 0.3, count: 25 },
});

/** Trains one run through the fake engine: `epochs` epochs of 4 batches, then the result. */
async function trainRun(t: ReturnType<typeof setup>, epochs = 3, result: RunResult = COMPLETED(epochs)) {
  t.store.getState().startRun();
  const run = t.run();
  run.callbacks.onPlan?.(PLAN);
  run.callbacks.onSummary?.({ rows: [], totalParams: 10, trainableParams: 10 });
  for (let e = 1; e <= epochs; e++) {
    for (let b = 1; b <= 4; b++) run.callbacks.onBatch?.(batch(e, b, 2 / (e + b)));
    run.callbacks.onEpoch?.(epochUpdate(e, epochs));
    run.callbacks.onSnapshot?.(snapshot(run.config, e, false));
  }
  run.callbacks.onSnapshot?.(snapshot(run.config, epochs, true));
  t.schedule.flush();
  run.resolve(result);
  // The result lands, then the recorder's writes settle.
  for (let i = 0; i < 5; i++) await settle();
  return run;
}

describe('runs slice: recording', () => {
  it('keeps a run as it goes: listed at its start, finished with its curves, evaluation, plan and weights', async () => {
    const t = setup();
    t.store.getState().startRun();
    await settle();
    expect(t.store.getState().runs).toHaveLength(1);
    expect(t.store.getState().runs[0].outcome).toBe('running');
    t.run().resolve({ reason: 'stopped', epochsDone: 0 });
    await settle();

    await trainRun(t, 3);
    const [record] = (await t.runStore.list()).runs;
    expect(record.outcome).toBe('completed');
    expect(record.config).toEqual(t.store.getState().runConfig);
    expect(record.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(record.batches.map((p) => p.step)).toEqual([...Array(12).keys()].map((i) => i + 1));
    expect(record.plan).toEqual(PLAN);
    expect(record.result?.evaluation?.accuracy).toBe(0.9);
    expect(record.endedAt).toBeGreaterThanOrEqual(record.startedAt);
    expect(record.hasModel).toBe(true);
    expect(record.modelBytes).toBe(WEIGHT_BYTES);
    const model = await t.runStore.getModel(record.id);
    expect(model!.weights[0].values.every((v) => v === 3)).toBe(true);
    // The page keeps the final weights for downloads.
    expect(selectModel(t.store.getState())?.model.epoch).toBe(3);
    expect(t.store.getState().runs.map((r) => r.id)).toContain(record.id);
  });

  it('writes at epoch ends at most once per interval, each write the whole record', async () => {
    const { store, control } = failingStore();
    control.failing = false;
    const t = setup(store);
    const realNow = Date.now;
    let now = 0;
    Date.now = () => now;
    try {
      t.store.getState().startRun();
      await settle();
      const afterStart = control.puts;
      for (let e = 1; e <= 10; e++) t.run().callbacks.onEpoch?.(epochUpdate(e, 10));
      await settle();
      expect(control.puts).toBe(afterStart); // the same millisecond: no epoch write yet
      now += WRITE_INTERVAL_MS;
      t.run().callbacks.onEpoch?.(epochUpdate(11, 11));
      await settle();
      expect(control.puts).toBe(afterStart + 1);
      expect((await store.list()).runs[0].epochs).toHaveLength(11);
    } finally {
      Date.now = realNow;
    }
  });

  it('a failed write (full quota) is reported in words, and the run in progress loses nothing', async () => {
    const { store, control } = failingStore();
    const t = setup(store);
    await trainRun(t, 3);
    const s = t.store.getState();
    // Both the record and the model were refused: each is said, naming the run.
    const name = s.runs[0].name;
    expect(s.runsProblems.map((p) => p.text)).toEqual([
      expect.stringMatching(new RegExp(`^“${name}” could not be kept .*this site’s storage is full`)),
      expect.stringMatching(new RegExp(`^The trained model of “${name}” was not kept .*this site’s storage is full.*its curves are kept`)),
    ]);
    expect(s.status).toBe('done');
    expect(s.epochs).toHaveLength(3);
    expect(s.evaluation?.accuracy).toBe(0.9);
    expect(canPredict(s)).toBe(true);
    expect(selectModel(s)?.model.epoch).toBe(3);
    // Listed on this page, marked unsaved; nothing in storage.
    expect(s.runs).toHaveLength(1);
    expect(s.unsavedIds).toEqual([s.runs[0].id]);
    expect((await store.list()).runs).toEqual([]);

    // Once writes go through again, the next run is kept; the notices stay until dismissed.
    control.failing = false;
    await trainRun(t, 2);
    expect((await store.list()).runs.map((r) => r.epochs.length)).toEqual([2]);
    expect(t.store.getState().runsProblems).toHaveLength(2);
    for (const p of t.store.getState().runsProblems) t.store.getState().dismissRunsProblem(p.key);
    expect(t.store.getState().runsProblems).toEqual([]);
  });

  it('when only the weights cannot be written, the notice outlives the record writes after it, and the run says its model was not kept', async () => {
    const base = memoryRunStore();
    const store: RunStore = {
      ...base,
      async putModel() {
        throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      },
    };
    const t = setup(store);
    await trainRun(t, 3);
    const [kept] = (await store.list()).runs;
    expect([kept.outcome, kept.hasModel, kept.modelGone]).toEqual(['completed', false, 'not-kept']);
    expect(t.store.getState().unsavedIds).toEqual([]);
    expect(t.store.getState().runsProblems.map((p) => [p.key, p.text])).toEqual([
      [`${kept.id}:model`, expect.stringMatching(new RegExp(`^The trained model of “${kept.name}” was not kept`))],
    ]);
    // More writes (another run, a rename) leave it alone.
    await trainRun(t, 1);
    await t.store.getState().renameRun(kept.id, 'renamed');
    expect(t.store.getState().runsProblems.map((p) => p.key)).toContain(`${kept.id}:model`);
    // Opened, it says why it has nothing to try.
    await t.store.getState().openRun(kept.id);
    expect(t.store.getState().opened?.modelMissing).toMatch(/not kept: storing it failed/);
    expect(canPredict(t.store.getState())).toBe(false);
  });

  it('a run resumed after a reload continues its interrupted record', async () => {
    const runStore = memoryRunStore();
    const first = setup(runStore);
    first.store.getState().startRun();
    first.run().callbacks.onEpoch?.(epochUpdate(1, 3));
    await settle();
    const [interrupted] = (await runStore.list()).runs;
    expect(interrupted.outcome).toBe('running');

    // The next page: the run is listed, then resumed from its checkpoint.
    const next = setup(runStore);
    await next.store.getState().refreshRuns();
    const checkpoint = { config: first.run().config, epoch: 1, history: [epochUpdate(1, 3)] } as unknown as Checkpoint;
    next.store.getState().startRun({ resumeFrom: checkpoint, runId: interrupted.id });
    for (const e of [1, 2, 3]) {
      if (e > 1) next.run().callbacks.onBatch?.(batch(e, 1, 0.5));
      next.run().callbacks.onEpoch?.(epochUpdate(e, 3));
    }
    next.run().resolve(COMPLETED(3));
    for (let i = 0; i < 5; i++) await settle();
    const runs = (await runStore.list()).runs;
    expect(runs.map((r) => [r.id, r.name, r.outcome, r.epochs.length])).toEqual([[interrupted.id, interrupted.name, 'completed', 3]]);
  });

  it('a run resumed after it failed (a crashed worker, a lost GPU) continues its failed record', async () => {
    const runStore = memoryRunStore();
    const t = setup(runStore);
    t.store.getState().startRun();
    const config = t.run().config;
    t.run().callbacks.onEpoch?.(epochUpdate(1, 3));
    t.run().reject({ name: 'GpuLostError', message: "the GPU stopped answering: WebGL's context was lost" });
    for (let i = 0; i < 5; i++) await settle();
    const [failed] = (await runStore.list()).runs;
    expect([failed.outcome, failed.error]).toEqual(['failed', "the GPU stopped answering: WebGL's context was lost"]);

    const checkpoint = { config, epoch: 1, history: [epochUpdate(1, 3)] } as unknown as Checkpoint;
    t.store.getState().startRun({ resumeFrom: checkpoint, runId: failed.id });
    for (const e of [1, 2, 3]) {
      if (e > 1) t.run().callbacks.onBatch?.(batch(e, 1, 0.5));
      t.run().callbacks.onEpoch?.(epochUpdate(e, 3));
    }
    t.run().resolve(COMPLETED(3));
    for (let i = 0; i < 5; i++) await settle();
    const runs = (await runStore.list()).runs;
    expect(runs.map((r) => [r.id, r.outcome, r.error, r.epochs.length])).toEqual([[failed.id, 'completed', undefined, 3]]);
  });

  it.each([
    [{ name: 'QuotaExceededError', message: 'full' }, /full: make room by deleting old runs or with Free space/],
    [{ name: 'InvalidStateError', message: 'A mutation operation was attempted on a database that did not allow mutations.' }, /could not be kept .*did not allow mutations.*private browsing/],
    ['plain text', /could not be kept in the browser’s storage \(plain text;/],
  ])('says why a write failed: %o', (error, expected) => {
    expect(storageProblem(error, 'save', 'Alphabet, 08:17:03')).toMatch(/^“Alphabet, 08:17:03” could not be kept/);
    expect(storageProblem(error, 'save')).toMatch(expected);
  });
});

describe('runs slice: the Runs panel’s actions', () => {
  it('opens a kept run: its configuration, curves, evaluation and model come back, and the model can be tried', async () => {
    const t = setup();
    const run = await trainRun(t, 3);
    const id = t.store.getState().runs[0].id;
    t.store.getState().selectScenario('trend');
    expect(t.store.getState().epochs).toEqual([]);

    await t.store.getState().openRun(id);
    const s = t.store.getState();
    expect(s.config.scenario).toBe('alphabet');
    expect(s.runConfig).toEqual(run.config);
    expect(s.status).toBe('done');
    expect(s.epochs.map((e) => e.loss)).toEqual([1, 1 / 2, 1 / 3]);
    expect(s.batchSeries.plotted).toHaveLength(12);
    expect(s.evaluation?.accuracy).toBe(0.9);
    expect(s.plan).toEqual(PLAN);
    expect(canPredict(s)).toBe(true);
    expect(t.engine.loaded.at(-1)?.weights[0].values[0]).toBe(3);
    expect(selectModel(s)?.source).toBe('kept');
  });

  it('renames and deletes kept runs, in storage too', async () => {
    const t = setup();
    await trainRun(t, 1);
    await trainRun(t, 1);
    const [newer, older] = t.store.getState().runs;
    await t.store.getState().renameRun(older.id, '  first try ');
    expect((await t.runStore.get(older.id))?.name).toBe('first try');
    await t.store.getState().renameRun(older.id, '   ');
    expect((await t.runStore.get(older.id))?.name).toBe('first try');

    await t.store.getState().deleteRun(newer.id);
    expect(t.store.getState().runs.map((r) => r.id)).toEqual([older.id]);
    expect(await t.runStore.getModel(newer.id)).toBeUndefined();
    await t.store.getState().refreshRuns();
    expect(t.store.getState().runs.map((r) => r.name)).toEqual(['first try']);
  });

  it('compares selected runs; a new Train goes back to the live charts', async () => {
    const t = setup();
    await trainRun(t, 2);
    await trainRun(t, 3);
    const ids = t.store.getState().runs.map((r) => r.id);
    // Ticked older first: compared in the order ticked, so a newer run ticked later goes last.
    t.store.getState().toggleCompare(ids[1]);
    t.store.getState().toggleCompare(ids[0]);
    expect(t.store.getState().compared.map((r) => r.epochs.length)).toEqual([2, 3]);
    t.store.getState().toggleCompare(ids[0]);
    expect(t.store.getState().compareIds).toEqual([ids[1]]);
    t.store.getState().toggleCompare(ids[0]);
    t.store.getState().startRun();
    expect(t.store.getState().compared).toEqual([]);
  });

  it(`frees space by evicting the weights of all but the ${KEEP_MODELS} newest runs, keeping their curves`, async () => {
    const t = setup();
    for (let i = 0; i < KEEP_MODELS + 2; i++) await trainRun(t, 1);
    await t.store.getState().freeSpace();
    const runs = (await t.runStore.list()).runs;
    expect(runs.map((r) => r.hasModel)).toEqual([...Array(KEEP_MODELS).fill(true), false, false]);
    expect(runs.every((r) => r.epochs.length === 1)).toBe(true);
    expect(await t.runStore.getModel(runs[KEEP_MODELS].id)).toBeUndefined();

    // An opened run whose weights went: its curves come back, "try the model" is off.
    await t.store.getState().openRun(runs[KEEP_MODELS].id);
    expect(t.store.getState().epochs).toHaveLength(1);
    expect(canPredict(t.store.getState())).toBe(false);
  });

  it('opens a model read from a file on its tutorial, with this machine’s backend and trainer', () => {
    const t = setup();
    t.store.getState().setField('backend', 'wasm');
    const config: RunConfig = { scenario: 'alphabet', hp: { ...defaultConfig('alphabet').hp, units: 16 } };
    t.store.getState().openModel({ config, name: 'alphabet.h5', model: { config, weights: weights(7, config.hp), epoch: 0 } });
    const s = t.store.getState();
    expect(s.config.hp.units).toBe(16);
    expect(s.config.hp.backend).toBe('wasm');
    expect(s.runConfig).toEqual(config);
    expect(canPredict(s)).toBe(true);
    expect(t.engine.loaded.at(-1)?.config).toEqual(config);
    // Another tutorial leaves it behind.
    t.store.getState().selectScenario('trend');
    expect(selectModel(t.store.getState())).toBeNull();
    expect(canPredict(t.store.getState())).toBe(false);
  });

  it('opens nothing while a run trains', async () => {
    const t = setup();
    await trainRun(t, 1);
    const id = t.store.getState().runs[0].id;
    t.store.getState().startRun();
    await t.store.getState().openRun(id);
    expect(t.store.getState().status).toBe('preparing');
    expect(t.store.getState().epochs).toEqual([]);
  });
});

describe('runs slice: damaged records, missing models, storage lost', () => {
  const goodRecord = (id: string, startedAt: number): RunRecord => ({
    id, name: `run ${id}`, scenario: 'alphabet', config: defaultConfig('alphabet'), startedAt, outcome: 'completed',
    epochs: [epochUpdate(1, 1)], batches: [], batchStride: 1, hasModel: false, modelBytes: 0,
  });

  it('lists damaged records apart (never throws), deletes them, and the good runs still open', async () => {
    const runStore = memoryRunStore({
      records: [
        ['a', goodRecord('a', 2)],
        ['b', { id: 'b' }],
        ['c', { ...goodRecord('c', 3), scenario: 'from-a-newer-version' }],
        [42, null],
      ],
    });
    const t = setup(runStore);
    await t.store.getState().refreshRuns();
    const s = t.store.getState();
    expect(s.runs.map((r) => r.id)).toEqual(['a']);
    expect(s.damagedRuns.map((d) => [d.key, d.id])).toEqual(expect.arrayContaining([[42, undefined], ['b', 'b'], ['c', 'c']]));
    expect(s.damagedRuns).toHaveLength(3);
    expect(s.damagedRuns.find((d) => d.id === 'c')?.problem).toMatch(/scenario is “from-a-newer-version”/);
    expect(s.runsProblems).toEqual([]);

    await t.store.getState().deleteDamaged(42);
    await t.store.getState().deleteDamaged('b');
    expect(t.store.getState().damagedRuns.map((d) => d.id)).toEqual(['c']);
    expect((await runStore.list()).damaged.map((d) => d.key)).toEqual(['c']);

    await t.store.getState().openRun('a');
    expect(t.store.getState().opened?.runId).toBe('a');
    expect(t.store.getState().epochs).toHaveLength(1);
  });

  it('a run whose kept model is damaged opens with its curves, and says why its model cannot be tried', async () => {
    const t = setup();
    await trainRun(t, 2);
    const id = t.store.getState().runs[0].id;
    const model = (await t.runStore.getModel(id))!;
    model.weights[0].values[5] = Number.NaN;
    await t.runStore.putModel(id, model);
    t.store.getState().selectScenario('trend');

    await t.store.getState().openRun(id);
    const s = t.store.getState();
    expect(s.epochs).toHaveLength(2);
    expect(s.opened?.modelMissing).toMatch(/kept model cannot be used \(This kept model’s weights\[0\]\.values hold NaN or infinite numbers\); its curves are kept/);
    expect(canPredict(s)).toBe(false);
    expect(selectModel(s)).toBeNull();
  });

  it('a run whose model Free space removed says so when opened, and the storage figure drops at once', async () => {
    const t = setup();
    for (let i = 0; i < KEEP_MODELS + 1; i++) await trainRun(t, 1);
    const before = t.store.getState().storage!.runsBytes;
    await t.store.getState().freeSpace();
    const after = t.store.getState().storage!.runsBytes;
    // Our own count: the weights go, the record says why (a few bytes of JSON).
    expect(before - after).toBeGreaterThan(WEIGHT_BYTES - 32);
    const oldest = t.store.getState().runs.at(-1)!;
    expect([oldest.hasModel, oldest.modelGone]).toEqual([false, 'freed']);
    await t.store.getState().openRun(oldest.id);
    expect(t.store.getState().opened?.modelMissing).toMatch(/removed by Free space; its curves are kept/);
  });

  it('site data cleared with the page open: the list is read again, what went is named, and the next run is kept', async () => {
    const { store, clear, notify } = clearableStore();
    const t = setup(store);
    await trainRun(t, 1);
    await trainRun(t, 1);
    const names = t.store.getState().runs.map((r) => r.name);
    clear();
    for (let i = 0; i < 5; i++) await settle();
    // A second connection closed by the same clearing: the notice naming what went stands.
    notify();
    for (let i = 0; i < 5; i++) await settle();
    let s = t.store.getState();
    expect(s.runs).toEqual([]);
    expect(s.runsProblems.map((p) => p.key)).toEqual(['lost']);
    expect(s.runsProblems[0].text).toMatch(/cleared while this page was open: 2 kept runs are gone/);
    for (const name of names) expect(s.runsProblems[0].text).toContain(`“${name}”`);

    await trainRun(t, 2);
    s = t.store.getState();
    expect((await store.list()).runs.map((r) => r.epochs.length)).toEqual([2]);
    expect(s.runs).toHaveLength(1);
  });

  it('a run in progress when site data is cleared stays listed, and its next write keeps it again', async () => {
    const { store, clear } = clearableStore();
    const t = setup(store);
    t.store.getState().startRun();
    await settle();
    const id = t.store.getState().runs[0].id;
    clear();
    for (let i = 0; i < 5; i++) await settle();
    expect(t.store.getState().runs.map((r) => r.id)).toEqual([id]);
    expect(t.store.getState().runsProblems[0].text).toMatch(/no kept run was lost/);
    t.run().callbacks.onEpoch?.(epochUpdate(1, 3));
    t.run().resolve(COMPLETED(1));
    for (let i = 0; i < 5; i++) await settle();
    expect((await store.list()).runs.map((r) => r.id)).toEqual([id]);
  });
});
