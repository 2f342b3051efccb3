import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/runConfig';
import type { BatchUpdate, EpochUpdate, Plan } from '../engine/types';
import type { ScenarioId } from '../scenarios';
import { canPredict } from './selectors';
import { createLabStore } from './store';
import { createFakeEngine, manualSchedule, settle } from './testEngine';

function setup(scenario: ScenarioId = 'alphabet') {
  const engine = createFakeEngine();
  const schedule = manualSchedule();
  const store = createLabStore({ engine, schedule, initial: { config: defaultConfig(scenario), problems: [] } });
  return { engine, schedule, store, run: () => engine.runs[engine.runs.length - 1] };
}

const batch = (epoch: number, b: number, loss = 1): BatchUpdate => ({
  epoch, batch: b, batches: 10, loss, acc: 0.5, losses: [loss], msPerStep: 2, samplesPerSec: 500, etaSec: 60,
});
const epoch = (n: number, extra: Partial<EpochUpdate> = {}): EpochUpdate => ({
  epoch: n, epochs: 3, loss: 1 / n, acc: 0.3 * n, seconds: 1, ...extra,
});

const PLAN: Plan = {
  candidate: { trainer: 'typed', threads: 2 }, requested: { trainer: 'auto', backend: 'auto' }, basis: 'only',
  candidates: [{ candidate: { trainer: 'typed', threads: 2 } }], threads: 2, reason: 'the only way', host: 'worker',
};

describe('run slice', () => {
  it('trains with a copy of the config and goes preparing → training → done', async () => {
    const { engine, schedule, store, run } = setup();
    store.getState().startRun();
    expect(engine.runs).toHaveLength(1);
    expect(run().config).toEqual(store.getState().config);
    expect(run().config).not.toBe(store.getState().config);
    expect(store.getState().status).toBe('preparing');

    run().callbacks.onPlan?.(PLAN);
    expect(store.getState().plan).toEqual(PLAN);

    run().callbacks.onBatch?.(batch(1, 1));
    expect(store.getState().status).toBe('preparing'); // not flushed yet
    schedule.flush();
    expect(store.getState().status).toBe('training');

    run().callbacks.onEpoch?.(epoch(1));
    run().resolve({ reason: 'completed', epochsDone: 1 });
    await settle();
    // The final epoch is applied even though no frame ran.
    expect(store.getState().epochs).toHaveLength(1);
    expect(store.getState().status).toBe('done');
    expect(store.getState().result?.reason).toBe('completed');
  });

  it('coalesces hundreds of batch callbacks into one store write per frame', () => {
    const { schedule, store, run } = setup();
    store.getState().startRun();
    let writes = 0;
    store.subscribe(() => writes++);
    for (let i = 1; i <= 300; i++) run().callbacks.onBatch?.(batch(1 + Math.floor((i - 1) / 10), 1 + ((i - 1) % 10), 2));
    expect(schedule.pending()).toBe(1);
    expect(writes).toBe(0);
    schedule.flush();
    // One write for the results, one for preparing → training.
    expect(writes).toBe(2);
    const s = store.getState();
    expect(s.batchSeries.plotted).toHaveLength(300);
    expect(s.lastBatch).toEqual(batch(30, 10, 2));
  });

  it('plots every batch of a throttled update, not only its last one', () => {
    const { schedule, store, run } = setup();
    store.getState().startRun();
    // The engine sends one update for batches 1–4 of epoch 2 (10 batches per epoch).
    run().callbacks.onBatch?.({ ...batch(2, 4, 0.5), losses: [0.8, 0.7, 0.6, 0.5] });
    schedule.flush();
    const plotted = store.getState().batchSeries.plotted;
    expect(plotted.map((p) => [p.step, p.loss])).toEqual([[11, 0.8], [12, 0.7], [13, 0.6], [14, 0.5]]);
  });

  it('pause, resume and stop go to the handle and the status', async () => {
    const { schedule, store, run } = setup();
    store.getState().startRun();
    run().callbacks.onBatch?.(batch(1, 1));
    schedule.flush();
    store.getState().pauseRun();
    expect(store.getState().status).toBe('paused');
    // A batch already in flight does not flip a paused run back to training.
    run().callbacks.onBatch?.(batch(1, 2));
    schedule.flush();
    expect(store.getState().status).toBe('paused');
    store.getState().resumeRun();
    expect(store.getState().status).toBe('training');
    store.getState().stopRun();
    expect(store.getState().status).toBe('stopping');
    expect(run().calls).toEqual(['pause', 'resume', 'stop']);
    run().resolve({ reason: 'stopped', epochsDone: 0 });
    await settle();
    expect(store.getState().status).toBe('done');
  });

  it('ignores controls that do not apply', () => {
    const { store, run } = setup();
    store.getState().pauseRun();
    store.getState().stopRun();
    expect(store.getState().status).toBe('idle');
    store.getState().startRun();
    store.getState().resumeRun();
    expect(run().calls).toEqual([]);
  });

  it('shows a rejected run as an error and lets Train run again', async () => {
    const { engine, store, run } = setup();
    store.getState().startRun();
    run().reject({ name: 'RangeError', message: 'boom' });
    await settle();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error).toEqual({ name: 'RangeError', message: 'boom', phase: 'train' });
    store.getState().startRun();
    expect(engine.runs).toHaveLength(2);
    expect(store.getState().status).toBe('preparing');
    expect(store.getState().error).toBeNull();
  });

  it('keeps a failed run’s original error (detail) for a bug report', async () => {
    const { store, run } = setup();
    store.getState().startRun();
    run().reject({ name: 'RuntimeError', message: 'Training failed: a trap. The next run starts fresh.', detail: 'RuntimeError: memory access out of bounds' });
    await settle();
    expect(store.getState().error).toEqual({
      name: 'RuntimeError', message: 'Training failed: a trap. The next run starts fresh.', detail: 'RuntimeError: memory access out of bounds', phase: 'train',
    });
  });

  it('reports a NaN loss with the engine message', async () => {
    const { store, run } = setup();
    store.getState().startRun();
    run().resolve({ reason: 'nan', message: 'Loss became NaN at epoch 2.', epochsDone: 1 });
    await settle();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error?.message).toBe('Loss became NaN at epoch 2.');
  });

  it('marks an IMDB failure before the model summary as a data error', async () => {
    const { store, run } = setup('imdb-seq');
    store.getState().startRun();
    run().callbacks.onData?.({ stage: 'download', loaded: 10, total: 100, file: 'train-0.bin' });
    run().reject({ name: 'DataError', message: 'Could not load data/imdb/train-0.bin: run npm run data:imdb.' });
    await settle();
    expect(store.getState().error?.phase).toBe('data');
    expect(store.getState().dataProgress?.file).toBe('train-0.bin');
  });

  it('survives an engine that throws synchronously', () => {
    const { engine, store } = setup();
    engine.train = () => {
      throw new Error('no backend');
    };
    store.getState().startRun();
    expect(store.getState().status).toBe('error');
    expect(store.getState().error?.message).toBe('no backend');
  });

  it('a new Train stops the old run, clears its charts and ignores its late callbacks', async () => {
    const { engine, schedule, store } = setup();
    store.getState().startRun();
    const first = engine.runs[0];
    first.callbacks.onEpoch?.(epoch(1));
    first.callbacks.onSummary?.({ rows: [], totalParams: 1, trainableParams: 1 });
    schedule.flush();
    first.resolve({ reason: 'completed', epochsDone: 1 });
    await settle();
    expect(store.getState().epochs).toHaveLength(1);

    store.getState().startRun();
    expect(store.getState().epochs).toEqual([]);
    expect(store.getState().summary).toBeNull();
    first.callbacks.onEpoch?.(epoch(2));
    first.callbacks.onPlan?.(PLAN);
    schedule.flush();
    expect(store.getState().epochs).toEqual([]);
    expect(store.getState().plan).toBeNull();
  });

  it('does not train while the form has a problem', () => {
    const { engine, store } = setup();
    store.getState().setField('units', '0');
    store.getState().startRun();
    expect(engine.runs).toHaveLength(0);
    expect(store.getState().status).toBe('idle');
  });

  it('keeps training with the config it started with when the form changes', () => {
    const { store } = setup();
    store.getState().startRun();
    store.getState().setField('units', '7');
    expect(store.getState().config.hp.units).toBe(7);
    expect(store.getState().runConfig?.hp.units).toBe(defaultConfig('alphabet').hp.units);
    expect(store.getState().status).toBe('preparing');
  });

  it('enables predictions after the first epoch and passes requests to the engine', async () => {
    const { engine, schedule, store, run } = setup();
    store.getState().startRun();
    expect(canPredict(store.getState())).toBe(false);
    run().callbacks.onEpoch?.(epoch(1));
    schedule.flush();
    expect(canPredict(store.getState())).toBe(true);
    engine.answer = { kind: 'letters', input: 'AB', top: [{ letter: 'C', p: 0.9 }] };
    await expect(store.getState().predict({ kind: 'letters', text: 'AB' })).resolves.toEqual(engine.answer);
    expect(engine.predictions).toEqual([{ kind: 'letters', text: 'AB' }]);
  });

  it('keeps the evaluation from the result', async () => {
    const { store, run } = setup('imdb-seq');
    store.getState().startRun();
    run().callbacks.onSummary?.({ rows: [], totalParams: 1, trainableParams: 1 });
    const evaluation = { set: 'test' as const, accuracy: 0.8, loss: 0.4, count: 100, confusion: { tp: 40, fp: 10, tn: 40, fn: 10 } };
    run().resolve({ reason: 'completed', epochsDone: 3, evaluation });
    await settle();
    expect(store.getState().evaluation).toEqual(evaluation);
  });

  it('collects engine notices without repeating the last one', () => {
    const { store } = setup();
    store.getState().addNotice('worker could not start, training on the main thread');
    store.getState().addNotice('worker could not start, training on the main thread');
    store.getState().addNotice('the worker crashed');
    expect(store.getState().notices).toHaveLength(2);
    store.getState().dismissNotice(0);
    expect(store.getState().notices).toEqual(['the worker crashed']);
  });

  describe('switching tutorials', () => {
    it('stops a running run, clears what it showed, and ignores what it still reports', async () => {
      const { engine, schedule, store, run } = setup('imdb-seq');
      store.getState().startRun();
      const left = run();
      left.callbacks.onPlan?.(PLAN);
      left.callbacks.onSummary?.({ rows: [], totalParams: 1, trainableParams: 1 } as never);
      left.callbacks.onBatch?.(batch(1, 1));
      left.callbacks.onEpoch?.(epoch(1));
      schedule.flush();
      expect(store.getState().status).toBe('training');

      store.getState().selectScenario('alphabet');
      expect(left.calls).toEqual(['stop']);
      const s = store.getState();
      expect(s.config.scenario).toBe('alphabet');
      expect([s.status, s.runConfig, s.plan, s.summary, s.lastBatch, s.epochs]).toEqual(['idle', null, null, null, null, []]);

      // The stopped run's late reports and outcome change nothing.
      left.callbacks.onEpoch?.(epoch(2));
      left.callbacks.onData?.({ stage: 'download', loaded: 1, total: 2 });
      schedule.flush();
      left.resolve({ reason: 'stopped', epochsDone: 2 });
      await settle();
      expect(store.getState().epochs).toEqual([]);
      expect(store.getState().dataProgress).toBeNull();
      expect(store.getState().status).toBe('idle');
      expect(store.getState().result).toBeNull();

      // And the new tutorial trains normally.
      store.getState().startRun();
      expect(engine.runs).toHaveLength(2);
      expect(run().config.scenario).toBe('alphabet');
    });

    it('clears a finished run’s results, so no panel shows the old tutorial', async () => {
      const { store, run } = setup('trend');
      store.getState().startRun();
      run().callbacks.onEpoch?.(epoch(1));
      run().resolve({ reason: 'completed', epochsDone: 1, evaluation: { set: 'validation', accuracy: 0.9, loss: 0.2, count: 10 } } as never);
      await settle();
      expect(store.getState().evaluation).not.toBeNull();
      store.getState().selectScenario('alphabet');
      expect(store.getState().evaluation).toBeNull();
      expect(store.getState().epochs).toEqual([]);
      expect(canPredict(store.getState())).toBe(false);
    });

    it('leaves the run alone when the same tutorial is picked again', () => {
      const { store, run } = setup('trend');
      store.getState().startRun();
      store.getState().selectScenario('trend');
      expect(run().calls).toEqual([]);
      expect(store.getState().status).toBe('preparing');
    });
  });
});
