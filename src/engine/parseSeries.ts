/**
 * A series the user typed, for the trend model ("Try the model" and Inspect read it alike): numbers
 * separated by commas and/or spaces, or a sentence saying why not.
 */
import { TREND_WARMUP } from './data/trend';

/** Series values a typed series may hold (as "try the model" caps a generated one: 500 steps and the two before). */
export const MAX_SERIES = 502;

/** Numbers separated by commas and/or spaces, or why not. */
export function parseSeries(text: string): number[] | string {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const values = parts.map(Number);
  const bad = parts.find((_, k) => !Number.isFinite(values[k]));
  if (bad !== undefined) return `“${bad}” is not a number.`;
  if (values.length <= TREND_WARMUP) return `Type at least ${TREND_WARMUP + 1} numbers: each step needs the two before it.`;
  if (values.length > MAX_SERIES) return `The series has ${values.length} numbers; the most it takes is ${MAX_SERIES}.`;
  return values;
}
