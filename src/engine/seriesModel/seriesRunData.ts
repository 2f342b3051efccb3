/**
 * The series kind's row of `RUN_DATA` (`../runData.ts`): what a run on a user's numeric series
 * checks, builds, loads and answers. The data layer has already cut the windows, scaled them and
 * held out the last fraction (`validation_split`, no shuffling across it); the run trains on them
 * as they are.
 */
import type { DataKindRow, RunData } from '../runData';
import { answersOverSeries, nextStep, parseTypedSeries } from './seriesPredict';
import { SERIES_DEFAULT_ACTIVATION, seriesProblems, seriesSource, type SeriesModelShape } from './seriesModel';

export type SeriesRunData = Extract<RunData, { kind: 'series' }>;

const shapeOf = ({ series, activation }: SeriesRunData): SeriesModelShape => ({
  task: series.task, features: series.series.columns.length, activation: activation ?? SERIES_DEFAULT_ACTIVATION,
});

export const SERIES_ROW: DataKindRow<SeriesRunData> = {
  problems: ({ hp }, data) => seriesProblems(shapeOf(data), data.series.lookBack, hp),
  model: ({ hp }, data) => seriesSource(shapeOf(data)).model(hp),
  load: async (_config, { series }) => ({ dataset: series.dataset }),
  validation: (_config, { series }) => (series.validationSamples > 0 ? 'split' : 'none'),
  predict: async (trained, request, { series }) => {
    if (request.kind === 'seriesFit') {
      return { kind: 'seriesFit', task: series.task, lookBack: series.lookBack, answers: await answersOverSeries(trained.model, series) };
    }
    if (request.kind !== 'series') return { kind: 'invalid', message: 'This model was trained on your series: it tells the next step of a series you type.' };
    const steps = parseTypedSeries(request.text, series.series.names, series.lookBack);
    if (typeof steps === 'string') return { kind: 'invalid', message: steps };
    return { kind: 'series', ...await nextStep(trained.model, series, steps) };
  },
  // The card keeps the latest weights (snapshots) for its model files; Inspect reads the scaler and columns.
  // Checkpoints rebuild the model from the configuration, whose data reference holds the columns and
  inspectData: (_config, { series }) => ({
    kind: 'series',
    series: { task: series.task, lookBack: series.lookBack, scaler: series.scaler, names: series.series.names, target: series.target, columns: series.series.columns },
  }),
};
