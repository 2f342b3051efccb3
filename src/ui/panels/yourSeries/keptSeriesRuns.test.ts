/**
 * The series card's runs, kept as the text card's are: driven with the real engine in Node through
 * the card's keeping engine and the lab's store (memory storage). A run is recorded with its data
 * reference and its CSV kept by hash; Open in a fresh card (a reload) shows its curves, its series
 * plotted with the kept model's answers, and Try answers from the kept weights as the run did; an
 * interrupted run resumes from its checkpoint to the uninterrupted run's epochs.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EpochUpdate } from '../../../engine/types';
import { runTitle } from '../../../state/userRunKinds';
import { keptRunsHarness } from '../userData/keptRunsTesting';
import { keepingSeriesRuns, keepSeries, keptSeriesRuns, openSeriesRunsHere, resumeSeriesRun } from './keptSeriesRuns';
import { createSeriesRunStore, type SeriesSettings } from './seriesRunStore';

const CSV = ['day,sales,price', ...Array.from({ length: 70 }, (_, i) => `2024-02-${String((i % 28) + 1).padStart(2, '0')},${(100 + 30 * Math.sin(i / 3) + (i % 4)).toFixed(1)},${(5 + (i % 7) / 10).toFixed(2)}`)].join('\n');
const file = { name: 'shop.csv', bytes: new TextEncoder().encode(CSV) };
const settings: Partial<SeriesSettings> = { lookBack: 5, units: 8, epochs: 3, batchSize: 16, activation: 'tanh' };
const figures = (e: EpochUpdate) => [e.epoch, e.loss, e.acc, e.valLoss, e.valAcc];

function setup() {
  const { lab, runStore, datasets, parse, caught, engine: cardEngine } = keptRunsHarness();
  /** A card as a page load makes it: its own engine and store, registered for Open and resume. */
  const card = () => {
    const engine = keepingSeriesRuns(cardEngine());
    const store = createSeriesRunStore({ engine: () => engine, parse: () => parse, onRunStart: keepSeries });
    openSeriesRunsHere(store);
    return store;
  };
  return { lab, runStore, datasets, card, caught };
}

async function trained(card: ReturnType<ReturnType<typeof setup>['card']>) {
  await card.getState().setSource(file);
  for (const [k, v] of Object.entries(settings)) card.getState().setSetting(k as keyof SeriesSettings, v as never);
  card.getState().setColumns({ values: ['sales', 'price'], target: 'sales', date: 'day' });
  await card.getState().train();
  expect(card.getState()).toMatchObject({ phase: 'done', problem: null });
}

describe('the series card’s kept runs', () => {
  it('record each run with its data reference, keep its CSV once by hash, and share it by a link', async () => {
    const { runStore, datasets, card } = setup();
    const store = card();
    await trained(store);
    await vi.waitFor(async () => expect((await runStore.list()).runs[0]?.outcome).toBe('completed'));
    const [record] = (await runStore.list()).runs;
    expect(runTitle(record.config)).toBe('Your series: shop.csv');
    expect(record.epochs).toHaveLength(3);
    expect(record.config.data).toMatchObject({ activation: 'tanh', series: { columns: ['sales', 'price'], target: 'sales' }, task: { kind: 'series', valueColumns: ['sales', 'price'] } });
    expect((await datasets.list()).map((d) => d.name)).toEqual(['shop.csv']);
    expect(record.hasModel).toBe(true);
    // Copy link shares this run's configuration.
    expect(keptSeriesRuns.runConfig.getState().config?.data?.hash).toBe(record.config.data?.hash);
  });

  it('open in a fresh card with their curves, their series plotted with the kept model’s answers, and Try from the kept weights', async () => {
    const { lab, runStore, card } = setup();
    const first = card();
    await trained(first);
    await vi.waitFor(async () => expect((await runStore.list()).runs[0]?.hasModel).toBe(true));
    const typed = '100 5\n110 5.1\n120 5.2\n125 5.3\n130 5.4';
    const before = await first.getState().tryNext(typed);
    const typedWindow = { kind: 'series', window: { from: 'typed', text: typed } } as const;
    const dataWindow = { kind: 'series', window: { from: 'data', end: 20 } } as const;
    const [inspectedBefore, dataBefore] = [await first.getState().inspect(typedWindow), await first.getState().inspect(dataWindow)];
    await vi.waitFor(() => expect(first.getState().answers).not.toBeNull());
    const answersBefore = first.getState().answers!;

    const again = card(); // a reload: a new card, registered for Open
    const id = (await runStore.list()).runs[0].id;
    await lab.getState().refreshRuns();
    await lab.getState().openRun(id);
    await vi.waitFor(() => expect(again.getState().answers).not.toBeNull());
    expect(again.getState()).toMatchObject({ phase: 'done', answersFrom: 'kept', canTry: true, source: { name: 'shop.csv' }, columns: { target: 'sales' } });
    expect(again.getState().epochs.map(figures)).toEqual(first.getState().epochs.map(figures));
    expect(again.getState().settings).toMatchObject(settings);
    expect(again.getState().answers!.length).toBe(answersBefore.length);
    again.getState().answers!.forEach((a, i) => expect(a).toBeCloseTo(answersBefore[i], 4));
    const after = await again.getState().tryNext(typed);
    expect(after.kind).toBe('series');
    expect(after).toMatchObject({ task: 'next', last: 100 + 30 });
    if (after.kind === 'series' && before.kind === 'series') expect(after.answer).toBeCloseTo(before.answer, 4);
    expect(keptSeriesRuns.opened.getState().opened).toMatchObject({ runId: id, datasetKept: true });
    // Its model files are there too, from the kept weights.
    expect(again.getState().trained).toMatchObject({ epoch: 3, data: { columns: ['sales', 'price'], target: 'sales' } });
    // Inspect answers from the kept weights on this thread as the run's worker did, for a typed window and one of the data.
    for (const [request, want] of [[typedWindow, inspectedBefore], [dataWindow, dataBefore]] as const) {
      const got = await again.getState().inspect(request);
      if (got.kind !== 'series' || want.kind !== 'series') throw new Error(`inspect: ${JSON.stringify(got).slice(0, 200)} / ${JSON.stringify(want).slice(0, 200)}`);
      expect(got.steps.map((s) => s.values)).toEqual(want.steps.map((s) => s.values));
      expect(got.firstRow).toBe(want.firstRow);
      expect(got.answer).toBeCloseTo(want.answer, 4);
      got.steps.forEach((s, t) => expect(s.answer).toBeCloseTo(want.steps[t].answer, 4));
      expect(got.layers.length).toBe(want.layers.length);
    }
  });

  it('open without their CSV once it was removed: the curves, Try from the kept weights, and a note that the series is gone', async () => {
    const { lab, runStore, card } = setup();
    const first = card();
    await trained(first);
    await vi.waitFor(async () => expect((await runStore.list()).runs[0]?.hasModel).toBe(true));
    const { id, config } = (await runStore.list()).runs[0];
    await lab.getState().deleteDataset(config.data!.hash);
    const again = card();
    await lab.getState().refreshRuns();
    await lab.getState().openRun(id);
    await vi.waitFor(() => expect(again.getState().answersFrom).toBe('kept'));
    expect(again.getState()).toMatchObject({ phase: 'done', source: null, plot: null, canTry: true });
    expect(keptSeriesRuns.opened.getState().opened).toMatchObject({ runId: id, datasetKept: false });
    expect(await again.getState().tryNext('100 5\n110 5.1\n120 5.2\n125 5.3\n130 5.4')).toMatchObject({ kind: 'series', last: 130 });
    // Inspect reads typed windows from the kept weights; the data's windows need the removed CSV.
    expect(await again.getState().inspect({ kind: 'series', window: { from: 'typed', text: '100 5\n110 5.1\n120 5.2\n125 5.3\n130 5.4' } })).toMatchObject({ kind: 'series' });
    expect(await again.getState().inspect({ kind: 'series', window: { from: 'data', end: 20 } })).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/the data has 0 rows/) });
  });

  it('resume from a checkpoint to the uninterrupted run’s epochs, continuing its kept record', async () => {
    const { runStore, card, caught } = setup();
    const first = card();
    await trained(first);
    const epochs = first.getState().epochs.map(figures);
    await vi.waitFor(async () => expect((await runStore.list()).runs).toHaveLength(1));
    const id = (await runStore.list()).runs[0].id;
    const checkpoint = caught.find((k) => k.epoch === 1)!;
    expect(checkpoint).toBeDefined();

    const again = card();
    const release = vi.fn();
    await resumeSeriesRun(again, { runId: id, checkpoint, release });
    expect(again.getState()).toMatchObject({ phase: 'done', problem: null });
    // The checkpoint's epoch comes back with it, then the rest, each figure as the uninterrupted run's.
    expect(again.getState().epochs.map(figures)).toEqual(epochs);
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1));
    const runs = (await runStore.list()).runs;
    expect(runs.map((r) => r.id)).toEqual([id]);
  });
});
