/**
 * Inspect for a model trained on a user's series: one step of the window per timestep, its values
 * in the columns' own units as the column labels, the model's answer unscaled, and what it would
 * have answered had the window ended at each step. The window is scaled and the answer unscaled
 * by the very functions Try uses (`../seriesModel/seriesPredict.ts`), so both read the same input.
 */
import { parseTypedSeries, scaledWindow, unscaledAnswer } from '../seriesModel/seriesPredict';
import { describeLayers } from './describeLayers';
import { preparedModel } from './prepared';
import { inspectSample } from './inspectSample';
import { stepOutputs } from './stepOutputs';
import type { InspectResult, SeriesInspectData, SeriesWindow, StepLabel } from './types';
import type { InspectSource } from './inspect';

/** The rows a window holds, or a sentence saying what to change. */
type Picked = { rows: number[][]; firstRow?: number } | string;

type WindowReader<F extends SeriesWindow['from']> = (data: SeriesInspectData, window: Extract<SeriesWindow, { from: F }>) => Picked;

const WINDOW_READERS: { readonly [F in SeriesWindow['from']]: WindowReader<F> } = {
  // As Try reads a typed series: at least `lookBack` steps, the last `lookBack` of them.
  typed: (data, { text }) => {
    const steps = parseTypedSeries(text, data.names, data.lookBack);
    return typeof steps === 'string' ? steps : { rows: steps.slice(-data.lookBack) };
  },
  data: ({ columns, lookBack }, { end }) => {
    const rows = columns[0]?.length ?? 0;
    if (!Number.isInteger(end) || end < lookBack || end > rows) {
      return `The window must end between row ${lookBack} and row ${rows} (the data has ${rows} rows and the model reads ${lookBack}); choose a row in that range.`;
    }
    const first = end - lookBack;
    return { rows: Array.from({ length: lookBack }, (_, t) => columns.map((c) => c[first + t])), firstRow: first };
  },
};

/** A step's values as its column label: each as the shortest decimal that reads back as it (what the file or the user wrote, less trailing zeros). */
export const seriesStepLabel = (values: readonly number[]): string => values.map(String).join(' · ');

export function inspectSeries(s: Pick<InspectSource, 'spec' | 'weights' | 'data'>, window: SeriesWindow): InspectResult {
  if (s.data?.kind !== 'series') return { kind: 'invalid', message: 'This model was not trained on a series.' };
  const data = s.data.series;
  const picked = (WINDOW_READERS[window.from] as WindowReader<SeriesWindow['from']>)(data, window);
  if (typeof picked === 'string') return { kind: 'invalid', message: picked };
  const { model } = preparedModel(s.spec, s.weights);
  const inspection = inspectSample(model, scaledWindow(data.scaler, picked.rows));
  const outputs = stepOutputs(model, inspection.layers) ?? [];
  const labels = picked.rows.map((values): StepLabel => ({ label: seriesStepLabel(values), padding: false }));
  return {
    kind: 'series', task: data.task, names: data.names, target: data.target,
    steps: picked.rows.map((values, t) => ({ values, answer: unscaledAnswer(data, outputs[t]?.[0] ?? NaN) })),
    answer: unscaledAnswer(data, inspection.probabilities[0]),
    ...(picked.firstRow !== undefined ? { firstRow: picked.firstRow } : {}),
    layers: describeLayers(model, s.weights, inspection, labels),
    probabilities: inspection.probabilities,
  };
}
