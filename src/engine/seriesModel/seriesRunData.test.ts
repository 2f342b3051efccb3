/**
 * A run on a user's numeric series, through the session as the card and the command line start
 * it: the trend tutorial's model over the windows, MSE for "next value", binary cross-entropy for
 * "up"; predictions unscaled for display (checked against the model's raw output and the scaler).
 */
import { describe, expect, it } from 'vitest';
import { userDataConfig, type RunConfig } from '../../config/runConfig';
import type { AssetSource } from '../data/assets';
import { prepareUserData } from '../data/user/prepareUserData';
import type { ScalerKind } from '../data/user/scaler';
import type { SeriesTask } from '../data/user/series';
import { runDataOf } from '../runData';
import { TrainingSession } from '../session';
import type { EpochUpdate, PredictResult } from '../types';
import { SERIES_DEFAULTS } from './seriesModel';
import { parseTypedSeries, type PreparedSeries } from './seriesPredict';

const noAssets: AssetSource = {
  fetchBytes: async (path) => {
    throw new Error(`unexpected read of ${path}`);
  },
};

/** A daily temperature-like series with a second column, and a date column for the plot. */
function seriesCsv(rows = 80): string {
  const lines = ['date,temp,humidity'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    lines.push(`${day},${(20 + 8 * Math.sin(i / 4) + (i % 3)).toFixed(2)},${(60 + 10 * Math.cos(i / 5)).toFixed(1)}`);
  }
  return lines.join('\n');
}

async function prepared(task: SeriesTask, lookBack = 6, scaler: ScalerKind = 'minmax'): Promise<PreparedSeries> {
  const data = await prepareUserData(
    { kind: 'file', file: { name: 'weather.csv', bytes: new TextEncoder().encode(seriesCsv()) } },
    { kind: 'series', task, lookBack, scaler, validationSplit: 0.2, targetColumn: 'temp' },
  );
  if (data.kind !== 'series') throw new Error('not a series');
  return data;
}

const seriesConfig = (hp: Partial<RunConfig['hp']> = {}): RunConfig =>
  userDataConfig({ ...SERIES_DEFAULTS, seqLength: 6, units: 8, layers: 1, batchSize: 16, epochs: 3, learningRate: 0.01, trainer: 'typed', ...hp });

describe('a run on a user’s series (seriesRunData.ts)', () => {
  it('builds the trend tutorial’s shape per task: sigmoid + binary cross-entropy for up, linear + MSE for next', async () => {
    const up = runDataOf(seriesConfig({ layers: 2 }), { kind: 'series', series: await prepared('up') });
    expect(up.problems()).toEqual([]);
    expect(up.model()).toMatchObject({
      inputShape: [6, 2], loss: 'binaryCrossentropy',
      layers: [
        { kind: 'lstm', units: 8, activation: 'relu', returnSequences: true }, { kind: 'dropout', rate: 0.2 },
        { kind: 'lstm', units: 8, activation: 'relu', returnSequences: false }, { kind: 'dropout', rate: 0.2 },
        { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    });
    const next = runDataOf(seriesConfig(), { kind: 'series', series: await prepared('next'), activation: 'tanh' });
    expect(next.model()).toMatchObject({ loss: 'meanSquaredError', layers: [{ kind: 'lstm', activation: 'tanh' }, { kind: 'dropout' }, { kind: 'dense', activation: 'linear' }] });
    expect(next.validation()).toBe('split');
    const { dataset } = await next.load({ assets: noAssets });
    expect(dataset.train.xShape).toEqual([59, 6, 2]);
    expect(dataset.validation!.xShape).toEqual([15, 6, 2]);
  });

  it('refuses a model that reads other windows than the series was cut into', async () => {
    const data = runDataOf(seriesConfig({ seqLength: 8 }), { kind: 'series', series: await prepared('next') });
    expect(data.problems()).toEqual([{ field: 'seqLength', message: expect.stringMatching(/^The series was cut into windows of 6 rows, but the model reads 8;/) }]);
  });

  it('trains "next value" on MSE in the session, reports MAE, and answers in the target’s units', async () => {
    const series = await prepared('next');
    const session = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    const epochs: EpochUpdate[] = [];
    const result = await session.train(seriesConfig({ epochs: 4 }), { onEpoch: (e) => epochs.push(e) }, { data: { kind: 'series', series } }).done;
    expect(result.reason).toBe('completed');
    expect(epochs).toHaveLength(4);
    expect(epochs[3].loss).toBeLessThan(epochs[0].loss);

    const fit = await session.predict({ kind: 'seriesFit' }) as Extract<PredictResult, { kind: 'seriesFit' }>;
    expect(fit).toMatchObject({ kind: 'seriesFit', task: 'next', lookBack: 6 });
    expect(fit.answers).toHaveLength(74);
    // Unscaled: answers sit in the temperature's range (about 11–31), not the scaled [0, 1].
    const mean = fit.answers.reduce((a, b) => a + b, 0) / fit.answers.length;
    expect(mean).toBeGreaterThan(10);

    // Try on the series' own first window: the same answer as the plot's first point.
    const rows = Array.from({ length: 6 }, (_, t) => `${series.series.columns[0][t]} ${series.series.columns[1][t]}`).join('\n');
    const tried = await session.predict({ kind: 'series', text: rows });
    expect(tried).toMatchObject({ kind: 'series', task: 'next', last: series.series.columns[0][5] });
    expect((tried as { answer: number }).answer).toBeCloseTo(fit.answers[0], 4);
    // The validation figures are MSE and MAE of the scaled values: the plot's answers, scaled back, give them again.
    const { offset, scale } = series.scaler;
    const held = fit.answers.slice(series.trainSamples).map((a, s) => (a - offset[0]) / scale[0] - series.dataset.validation!.y[s]);
    expect(result.evaluation!.loss).toBeCloseTo(held.reduce((a, d) => a + d * d, 0) / held.length, 5);
    expect(result.evaluation!.accuracy).toBeCloseTo(held.reduce((a, d) => a + Math.abs(d), 0) / held.length, 5);
    expect(epochs[3]).toMatchObject({ valLoss: result.evaluation!.loss, valAcc: result.evaluation!.accuracy });

    expect(await session.predict({ kind: 'series', text: '1 2\n3 4' })).toEqual({ kind: 'invalid', message: 'The model reads 6 steps and got 2; type at least 6 lines.' });
    expect(await session.predict({ kind: 'chars', text: 'abc' })).toMatchObject({ kind: 'invalid' });
  });

  it('trains "up" on binary cross-entropy and answers a probability', async () => {
    const series = await prepared('up', 6, 'standard');
    const session = new TrainingSession({ assets: noAssets, backendEnv: { host: 'node' } });
    const result = await session.train(seriesConfig({ epochs: 2 }), {}, { data: { kind: 'series', series } }).done;
    expect(result.reason).toBe('completed');
    expect(result.evaluation!.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.evaluation!.accuracy).toBeLessThanOrEqual(1);
    const fit = await session.predict({ kind: 'seriesFit' }) as Extract<PredictResult, { kind: 'seriesFit' }>;
    for (const p of fit.answers) expect(p).toBeGreaterThan(0), expect(p).toBeLessThan(1);
    const rows = Array.from({ length: 9 }, (_, t) => `${series.series.columns[0][t]},${series.series.columns[1][t]}`).join('\n');
    const tried = await session.predict({ kind: 'series', text: rows });
    // The last six of nine rows are read: the same as the plot's answer for rows 3–8 (sample 3).
    expect((tried as { answer: number }).answer).toBeCloseTo(fit.answers[3], 4);
  });
});

describe('a typed series (parseTypedSeries)', () => {
  it('reads one column from commas, spaces and lines, and several as one line per step', () => {
    expect(parseTypedSeries('1, 2 3\n4', ['v'], 3)).toEqual([[1], [2], [3], [4]]);
    expect(parseTypedSeries('1 2\n3,4\n', ['a', 'b'], 2)).toEqual([[1, 2], [3, 4]]);
  });

  it('says what to change', () => {
    expect(parseTypedSeries('1 2 x', ['v'], 2)).toBe('“x” is not a number; write numbers with a point for decimals.');
    expect(parseTypedSeries('1 2', ['v'], 3)).toBe('The model reads 3 steps and got 2; type at least 3 numbers.');
    expect(parseTypedSeries('1 2\n3', ['a', 'b'], 2)).toBe('Line 2 has 1 number; write one line per step with 2 numbers (a, b).');
  });
});
