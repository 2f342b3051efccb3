/**
 * Numeric series → samples for a sequence model, the trend tutorial's shape on the user's
 * measurements: each sample is a window of `lookBack` rows of the value columns, and its target is
 * about the row after it, in the target column: "does it go up?" (1 when it is higher than the
 * window's last value, 0 when lower or equal: binary cross-entropy) or "what is it?" (regression,
 * mean squared error, scaled as the inputs are). Validation is the last fraction of the samples
 * (Keras' `validation_split`, which for a series is also the honest one: the model is judged on
 * the future of what it saw), and the scaler is fitted on the rows the training samples read.
 */
import type { Dataset, Split } from '../dataset';
import { refuse } from './problem';
import { fitScaler, scaleValue, type Scaler, type ScalerKind } from './scaler';
import { isNumberCell, type Table } from './table';

export type SeriesTask = 'up' | 'next';

export interface NumericSeries {
  file: string;
  /** Value columns' names. */
  names: string[];
  /** One array per column, one value per data row. */
  columns: Float64Array[];
  /** The date column's cells, kept as written for the plot's axis. */
  dates?: string[];
  dateName?: string;
}

/** The value columns of a table as numbers; a blank or non-numeric cell is refused with its row and column. */
export function numericSeriesFromTable(table: Table, columns: { values: number[]; date?: number }): NumericSeries {
  const { file } = table;
  const out = columns.values.map(() => new Float64Array(table.rows.length));
  table.rows.forEach((cells, r) => {
    columns.values.forEach((k, j) => {
      const cell = cells[k];
      if (!isNumberCell(cell)) {
        const where = { file, row: table.rowNumbers[r], column: table.columns[k] };
        if (cell.trim() === '') refuse(where, 'the cell is empty in a column of numbers; fill it in or remove the row.');
        refuse(where, `“${cell.trim().slice(0, 40)}” is not a number in a column of numbers; write it as a number (a point for decimals, no thousands separators) or remove the row.`);
      }
      out[j][r] = Number(cell.trim());
    });
  });
  return {
    file,
    names: columns.values.map((k) => table.columns[k]),
    columns: out,
    ...(columns.date !== undefined ? { dates: table.rows.map((cells) => cells[columns.date!].trim()), dateName: table.columns[columns.date] } : {}),
  };
}

export interface SeriesOptions {
  task: SeriesTask;
  /** Rows per window. */
  lookBack: number;
  /** Index into the series' columns of the one predicted. Default 0. */
  target?: number;
  scaler: ScalerKind;
  validationSplit: number;
}

export interface SeriesData {
  /** x `[n, lookBack, columns]` scaled values; y `[n, 1]`: 0/1 (up) or the scaled next value. */
  dataset: Dataset;
  scaler: Scaler;
  task: SeriesTask;
  lookBack: number;
  target: number;
  /** Samples in the training part; sample s's target is row `s + lookBack`. */
  trainSamples: number;
  validationSamples: number;
}

export function seriesData(series: NumericSeries, options: SeriesOptions): SeriesData {
  const { file, columns } = series;
  const { task, lookBack, validationSplit, target = 0 } = options;
  if (!Number.isInteger(lookBack) || lookBack < 1) throw new RangeError(`lookBack must be a whole number ≥ 1 (got ${lookBack}).`);
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new RangeError(`validationSplit must be at least 0 and below 1 (got ${validationSplit}).`);
  if (target < 0 || target >= columns.length) throw new RangeError(`target must name one of the ${columns.length} columns (got ${target}).`);
  const rows = columns[0].length;
  const samples = Math.max(0, rows - lookBack);
  const trainSamples = Math.floor(samples * (1 - validationSplit));
  const validationSamples = samples - trainSamples;
  if (trainSamples < 1 || (validationSplit > 0 && validationSamples < 1)) {
    refuse({ file }, `the series has ${rows} rows, too few for windows of ${lookBack} rows and the row after them${validationSplit > 0 ? ` with ${Math.round(validationSplit * 100)}% kept for validation` : ''}; use at least ${minSamples(validationSplit) + lookBack} rows, or a shorter look-back.`);
  }
  const scaler = fitScaler(options.scaler, columns, trainSamples + lookBack);
  const features = columns.length;
  const scaled = columns.map((values, k) => Float64Array.from(values, (v) => scaleValue(scaler, k, v)));
  const part = (from: number, to: number): Split => {
    const n = to - from;
    const x = new Float32Array(n * lookBack * features);
    const y = new Float32Array(n);
    for (let s = 0; s < n; s++) {
      const start = from + s;
      for (let t = 0; t < lookBack; t++) for (let f = 0; f < features; f++) x[(s * lookBack + t) * features + f] = scaled[f][start + t];
      const next = start + lookBack;
      y[s] = task === 'up' ? (columns[target][next] > columns[target][next - 1] ? 1 : 0) : scaled[target][next];
    }
    return { x, xShape: [n, lookBack, features], y, yShape: [n, 1] };
  };
  const dataset: Dataset = { train: part(0, trainSamples) };
  if (task === 'up') {
    const ups = dataset.train.y.reduce((a, b) => a + b, 0);
    if (ups === 0 || ups === trainSamples) {
      refuse({ file, column: series.names[target] }, `the training part ${ups === 0 ? 'never goes up' : 'goes up at every step'}, so “will it go up?” has one answer; use a series that goes both ways, or predict the next value instead.`);
    }
  }
  if (validationSamples > 0) dataset.validation = part(trainSamples, samples);
  return { dataset, scaler, task, lookBack, target, trainSamples, validationSamples };
}

/** The fewest samples that leave at least one for training and, when asked for, one for validation. */
export function minSamples(validationSplit: number): number {
  for (let n = 1; ; n++) {
    const train = Math.floor(n * (1 - validationSplit));
    if (train >= 1 && (validationSplit === 0 || n - train >= 1)) return n;
  }
}
