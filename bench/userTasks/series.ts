/**
 * `--task series`: the trend tutorial's model on the user's numeric series (a CSV/TSV with one or
 * more columns of numbers). `--seriesTask up|next` asks "will the next step go up?" (binary
 * cross-entropy, accuracy) or "what is the next value?" (mean squared error, MAE); `--lookBack` is
 * the window of rows (the model's `seqLength`); `--columns` the columns read (comma separated,
 * default every numeric one), `--target` the one predicted (default the first), `--date` the date
 * column (`none` for none), `--scaler` the scaling fitted on the training rows, `--activation` the
 * LSTMs'.
 */
import type { ScalerKind } from '../../src/engine/data/user/scaler';
import { writeDataFile } from '../../src/engine/export/dataFile';
import { seriesDataFileOf } from '../../src/engine/export/dataFile/series';
import type { SeriesTask } from '../../src/engine/data/user/series';
import { parseTypedSeries } from '../../src/engine/seriesModel/seriesPredict';
import { SERIES_DEFAULTS, SERIES_TASKS, seriesSource, type SeriesActivation } from '../../src/engine/seriesModel/seriesModel';
import { wholeNumber, type CliTask } from './types';

export interface SeriesCliOptions {
  seriesTask: SeriesTask;
  scaler: ScalerKind;
  activation: SeriesActivation;
  lookBack?: number;
  columns?: string[];
  target?: string;
  /** A column's name, `null` for none (`--date none`), undefined to let the lab find it. */
  date?: string | null;
}

const SCALERS: readonly ScalerKind[] = ['minmax', 'standard', 'none'];
const ACTIVATIONS: readonly SeriesActivation[] = ['relu', 'tanh'];
const TASK_NAMES = Object.keys(SERIES_TASKS) as SeriesTask[];

/** `raw` if it is one of `allowed`, else the sentence that refuses it. */
function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T | string {
  if (raw === undefined) return fallback;
  return (allowed as readonly string[]).includes(raw) ? (raw as T) : `--${name}: unknown value “${raw}”; one of ${allowed.join(', ')}.`;
}

export const seriesTask: CliTask<'series', SeriesCliOptions> = {
  dataNoun: 'the CSV or TSV file of the series (one or more columns of numbers, a date column if there is one)',
  folders: false,
  options(take) {
    const task = oneOf('seriesTask', take('seriesTask'), TASK_NAMES, 'next');
    const scaler = oneOf('scaler', take('scaler'), SCALERS, 'minmax');
    const activation = oneOf('activation', take('activation'), ACTIVATIONS, 'relu');
    const lookBack = wholeNumber('lookBack', take('lookBack'), undefined, 1);
    const columnsRaw = take('columns');
    const columns = columnsRaw?.split(',').map((c) => c.trim()).filter((c) => c !== '');
    const dateRaw = take('date');
    const problems = [task, scaler, activation, lookBack].filter((v): v is string => typeof v === 'string' && v.startsWith('--'));
    if (columns !== undefined && columns.length === 0) problems.push('--columns: name at least one column, separated by commas (e.g. --columns temp,humidity).');
    return {
      options: {
        seriesTask: task as SeriesTask, scaler: scaler as ScalerKind, activation: activation as SeriesActivation, lookBack: lookBack as number | undefined,
        columns, target: take('target'), date: dateRaw === undefined ? undefined : dateRaw === 'none' ? null : dateRaw,
      },
      problems,
    };
  },
  defaults: () => SERIES_DEFAULTS,
  hpFromOptions: (o) => (o.lookBack !== undefined ? { seqLength: o.lookBack } : {}),
  task: (o, hp) => ({
    kind: 'series', task: o.seriesTask, lookBack: hp.seqLength, scaler: o.scaler, validationSplit: hp.validationSplit,
    valueColumns: o.columns, targetColumn: o.target, dateColumn: o.date,
  }),
  runData: (series, o) => ({ kind: 'series', series, activation: o.activation }),
  describe(s) {
    const { names, columns, dateName } = s.series;
    return {
      record: {
        type: 'data', file: s.record.name, hash: s.record.hash, columns: names, target: names[s.target], date: dateName ?? null, rows: columns[0].length,
        task: s.task, lookBack: s.lookBack, scaler: s.scaler, trainSamples: s.trainSamples, validationSamples: s.validationSamples,
      },
      line: `${s.record.name}: ${columns[0].length} rows of ${names.map((n) => `“${n}”`).join(', ')}${dateName ? ` by “${dateName}”` : ''}; ` +
        `${SERIES_TASKS[s.task].label.toLowerCase().replace(/\?$/, '')} of “${names[s.target]}” from ${s.lookBack} rows, scaled ${s.scaler.kind}; ` +
        `${s.trainSamples} training and ${s.validationSamples} validation windows`,
    };
  },
  // A typed window, as Try and Inspect read it (one step per number, or a line per step for several columns).
  inspectRequest(text, s) {
    const steps = parseTypedSeries(text, s.series.names, s.lookBack);
    return typeof steps === 'string' ? steps : { kind: 'series', window: { from: 'typed', text } };
  },
  // The model as the card builds it, and the data file the card writes beside its downloads.
  savedModel: (series, hp, weights, o) => ({
    saved: { spec: seriesSource({ task: series.task, features: series.series.columns.length, activation: o.activation }).model(hp), weights, learningRate: hp.learningRate },
    dataFile: writeDataFile<'series'>(seriesDataFileOf(series)),
  }),
};
