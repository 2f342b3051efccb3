/**
 * A series model's answers, unscaled for display: the next step after a series the user typed
 * ("Try"), and the model's answer for every window of the training series (the plot). "Up" answers
 * are probabilities that the step after the window is higher than its last value; "next" answers
 * are the target column's next value, the model's scaled output mapped back through the scaler.
 */
import type { PreparedUserData } from '../data/user/prepareUserData';
import { scaleValue, unscaleValue, type Scaler } from '../data/user/scaler';
import type { SeriesTask } from '../data/user/series';
import type { RunModel } from '../runModel';

/** A user's series, read and windowed by `prepareUserData` (`{ kind: 'series' }`). */
export type PreparedSeries = Extract<PreparedUserData, { kind: 'series' }>;

/** The most steps a typed series may hold: only the last `lookBack` are read, the rest is for pasting a column as it is. */
export const MAX_TYPED_STEPS = 10_000;

/**
 * Steps the user typed, each a row of the series' columns: for one column, numbers separated by
 * commas, spaces or new lines; for several, one line per step with a number per column. Returns
 * the rows or a sentence saying what to change.
 */
export function parseTypedSeries(text: string, names: readonly string[], lookBack: number): number[][] | string {
  const columns = names.length;
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const split = (s: string) => s.split(/[\s,;]+/).filter((p) => p !== '');
  const cells = columns === 1 ? lines.flatMap(split).map((c) => [c]) : lines.map(split);
  for (let i = 0; i < cells.length; i++) {
    if (cells[i].length !== columns) {
      return `Line ${i + 1} has ${cells[i].length} number${cells[i].length === 1 ? '' : 's'}; write one line per step with ${columns} numbers (${names.join(', ')}).`;
    }
    const bad = cells[i].find((c) => !Number.isFinite(Number(c)));
    if (bad !== undefined) return `“${bad.slice(0, 40)}” is not a number; write numbers with a point for decimals.`;
  }
  if (cells.length < lookBack) {
    return `The model reads ${lookBack} steps and got ${cells.length}; type at least ${lookBack}${columns === 1 ? ' numbers' : ' lines'}.`;
  }
  if (cells.length > MAX_TYPED_STEPS) return `That is ${cells.length} steps; the most it takes is ${MAX_TYPED_STEPS} (only the last ${lookBack} are read).`;
  return cells.map((row) => row.map(Number));
}

/**
 * The model's input for a window of rows in the columns' own units: each value scaled through the
 * series' scaler, flat [step][column]. The one place a typed or picked window is scaled (Try, Inspect).
 */
export function scaledWindow(scaler: Scaler, window: readonly (readonly number[])[]): Float32Array {
  const features = window[0]?.length ?? 0;
  const x = new Float32Array(window.length * features);
  window.forEach((row, t) => row.forEach((v, f) => (x[t * features + f] = scaleValue(scaler, f, v))));
  return x;
}

/** The model's output as shown: a probability (up), or the target column's value mapped back through the scaler (next). */
export const unscaledAnswer = ({ task, scaler, target }: Pick<PreparedSeries, 'task' | 'scaler' | 'target'>, output: number): number =>
  task === 'up' ? output : unscaleValue(scaler, target, output);

/** The next step's answer after the last `lookBack` of `steps`: a probability (up) or a value in the target's units (next). */
export async function nextStep(model: Pick<RunModel, 'predict'>, data: Pick<PreparedSeries, 'lookBack' | 'target' | 'task' | 'scaler'>, steps: readonly number[][]): Promise<{ task: SeriesTask; answer: number; last: number }> {
  const { lookBack, target, task } = data;
  const window = steps.slice(-lookBack);
  const out = (await model.predict(scaledWindow(data.scaler, window), 1)).probs[0];
  return { task, answer: unscaledAnswer(data, out), last: window[lookBack - 1][target] };
}

/**
 * The model's answer for every window of the series, in order (training windows, then
 * validation's): answer s is about row `s + lookBack`. Unscaled as `nextStep`'s.
 */
export async function answersOverSeries(model: Pick<RunModel, 'predict'>, data: PreparedSeries): Promise<number[]> {
  const { train, validation } = data.dataset;
  const read = async (x: Float32Array | Int32Array, n: number) => (n > 0 ? Array.from((await model.predict(x, n)).probs) : []);
  const outputs = [...await read(train.x, train.xShape[0]), ...(validation ? await read(validation.x, validation.xShape[0]) : [])];
  return outputs.map((v) => unscaledAnswer(data, v));
}
