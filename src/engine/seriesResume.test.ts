/**
 * A run on a user's series keeps what a text run keeps: a data reference holding its columns,
 * target, scaler and activation (never its rows), a checkpoint that passes the stored-checkpoint
 * check, a resume from it that gives exactly the uninterrupted run's epochs and weights, and Try
 * on another thread from a snapshot alone (`configModel.ts`'s series row).
 */
import { describe, expect, it } from 'vitest';
import { userDataConfig, type RunConfig } from '../config/runConfig';
import { parseCheckpoint } from '../state/checkpointSchema';
import { configModel, configProblems, dataRefOf, dataRefProblem } from './configModel';
import type { AssetSource } from './data/assets';
import { prepareUserData, type UserTask } from './data/user/prepareUserData';
import { SERIES_DEFAULTS } from './seriesModel/seriesModel';
import type { PreparedSeries } from './seriesModel/seriesPredict';
import { TrainingSession } from './session';
import { TrySession } from './trySession';
import type { Checkpoint, EpochUpdate, ModelSnapshot } from './types';

const noAssets: AssetSource = { fetchBytes: async (path) => Promise.reject(new Error(`unexpected read of ${path}`)) };
const session = () => new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' }, checkpointMinMs: 0 });

const CSV = ['day,sales,price', ...Array.from({ length: 80 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')},${(100 + 30 * Math.sin(i / 3)).toFixed(2)},${(5 + (i % 7) / 10).toFixed(2)}`)].join('\n');
const task: UserTask = { kind: 'series', task: 'next', lookBack: 6, scaler: 'minmax', validationSplit: 0.2, valueColumns: ['sales', 'price'], targetColumn: 'sales', dateColumn: 'day' };

async function prepared(): Promise<PreparedSeries> {
  const data = await prepareUserData({ kind: 'file', file: { name: 'shop.csv', bytes: new TextEncoder().encode(CSV) } }, task);
  if (data.kind !== 'series') throw new Error('not a series');
  return data;
}

const hp = { ...SERIES_DEFAULTS, seqLength: 6, units: 8, layers: 1, batchSize: 16, epochs: 4, trainer: 'typed' as const, validationSplit: 0.2, shuffle: true };
const figures = (e: EpochUpdate) => [e.epoch, e.loss, e.acc, e.valLoss, e.valAcc];
const configOf = (series: PreparedSeries, over: Partial<typeof hp> = {}): RunConfig =>
  userDataConfig({ ...hp, ...over }, { ...dataRefOf(series, task), activation: 'tanh' });

describe('a run on a user’s series, kept and resumed', () => {
  it('names its data by reference (columns, target, scaler, activation) and builds its model from the configuration alone', async () => {
    const series = await prepared();
    const config = configOf(series);
    expect(config.data).toEqual({
      name: 'shop.csv', hash: series.record.hash, size: CSV.length, task, activation: 'tanh',
      series: { columns: ['sales', 'price'], target: 'sales', scaler: series.scaler },
    });
    expect(configProblems(config)).toEqual([]);
    const model = configModel(config);
    expect(model.inputShape).toEqual([6, 2]);
    expect(model.layers.find((l) => l.kind === 'lstm')).toMatchObject({ activation: 'tanh' });
    // A reference without its columns (a link before its file is read) makes no model.
    const { series: _, ...link } = config.data!;
    expect(dataRefProblem(link)).toMatch(/which columns/);
    expect(() => configModel({ ...config, data: link })).toThrow(/not known/);
    expect(dataRefProblem({ ...config.data!, series: { ...config.data!.series!, target: 'volume' } })).toMatch(/“volume”/);
  });

  it('resumes from a checkpoint to exactly the uninterrupted run’s epochs and weights', async () => {
    const series = await prepared();
    const config = configOf(series);
    const data = { kind: 'series' as const, series, activation: 'tanh' as const };
    const epochs: EpochUpdate[] = [];
    const checkpoints: Checkpoint[] = [];
    const snapshots: ModelSnapshot[] = [];
    const result = await session().train(config, {
      onEpoch: (e) => epochs.push(e), onCheckpoint: (k) => checkpoints.push(structuredClone(k)), onSnapshot: (s) => snapshots.push(s),
    }, { data }).done;
    expect(result.reason).toBe('completed');
    const at = checkpoints.find((k) => k.epoch === 2)!;
    expect(at.config.data?.series?.columns).toEqual(['sales', 'price']);
    expect(parseCheckpoint(structuredClone(at))).toHaveProperty('checkpoint');

    const resumed: EpochUpdate[] = [];
    const resumedSnapshots: ModelSnapshot[] = [];
    const again = await session().train(config, { onEpoch: (e) => resumed.push(e), onSnapshot: (s) => resumedSnapshots.push(s) }, { data, resumeFrom: at }).done;
    expect(again).toMatchObject({ reason: 'completed', epochsDone: 4 });
    expect(resumed.map(figures)).toEqual(epochs.map(figures));
    const final = (list: ModelSnapshot[]) => list.find((s) => s.final)!.weights.map((w) => Array.from(w.values));
    expect(final(resumedSnapshots)).toEqual(final(snapshots));
  });

  it('answers Try on another thread from a snapshot alone, and leaves the plot’s answers to the run’s worker', async () => {
    const series = await prepared();
    const config = configOf(series, { epochs: 1 });
    const snapshots: ModelSnapshot[] = [];
    const s = session();
    await s.train(config, { onSnapshot: (snap) => snapshots.push(snap) }, { data: { kind: 'series', series, activation: 'tanh' } }).done;
    const trying = new TrySession();
    trying.load(structuredClone(snapshots.at(-1)!));
    const typed = Array.from({ length: 6 }, (_, i) => `${100 + i} 5.${i}`).join('\n');
    const here = await trying.predict({ kind: 'series', text: typed });
    expect(here.kind).toBe('series');
    expect(here).toEqual(await s.predict({ kind: 'series', text: typed }));
    expect(await trying.predict({ kind: 'series', text: '1 2' })).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/Line 1 has 2 numbers|reads 6 steps/) });
    // Over the whole series needs the series: the try worker's failure sends the question to the run's worker.
    await expect(trying.predict({ kind: 'seriesFit' })).rejects.toThrow(/training worker/);
  });

  it('refuses a checkpoint whose scaler lost a column, in a sentence', async () => {
    const series = await prepared();
    const config = configOf(series);
    const checkpoints: Checkpoint[] = [];
    await session().train({ ...config, hp: { ...config.hp, epochs: 1 } }, { onCheckpoint: (k) => checkpoints.push(structuredClone(k)) }, { data: { kind: 'series', series, activation: 'tanh' } }).done;
    const bad = structuredClone(checkpoints[0]);
    bad.config.data!.series!.scaler = { kind: 'minmax', offset: [0], scale: [1] };
    expect(parseCheckpoint(bad)).toEqual({ problem: expect.stringMatching(/scaler does not scale each of its columns/) });
  });
});
