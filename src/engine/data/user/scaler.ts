/**
 * Scaling a series' columns for a model and back for display: min-max to [0, 1] (scikit-learn's
 * `MinMaxScaler`) or standard scores (`StandardScaler`, population standard deviation), one set of
 * figures per column, fitted on the training rows only so the validation part tells nothing to
 * training. A scaler is plain numbers: it is saved beside the model and read back.
 */
import { z } from 'zod';

export type ScalerKind = 'none' | 'minmax' | 'standard';

/** `scaled = (value - offset[k]) / scale[k]` for column k; a constant column gets scale 1, as scikit-learn does. */
export interface Scaler {
  kind: ScalerKind;
  offset: number[];
  scale: number[];
}

/** Fits on rows `[0, rows)` of each column. */
export function fitScaler(kind: ScalerKind, columns: readonly ArrayLike<number>[], rows: number): Scaler {
  const offset: number[] = [];
  const scale: number[] = [];
  for (const values of columns) {
    if (kind === 'none' || rows === 0) {
      offset.push(0);
      scale.push(1);
      continue;
    }
    let a = Infinity;
    let b = -Infinity;
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      a = Math.min(a, values[i]);
      b = Math.max(b, values[i]);
      sum += values[i];
    }
    if (kind === 'minmax') {
      offset.push(a);
      scale.push(b - a || 1);
    } else {
      const mean = sum / rows;
      let squares = 0;
      for (let i = 0; i < rows; i++) squares += (values[i] - mean) ** 2;
      offset.push(mean);
      scale.push(Math.sqrt(squares / rows) || 1);
    }
  }
  return { kind, offset, scale };
}

export const scaleValue = (s: Scaler, column: number, value: number): number => (value - s.offset[column]) / s.scale[column];
export const unscaleValue = (s: Scaler, column: number, scaled: number): number => scaled * s.scale[column] + s.offset[column];

export const scalerSchema = z.object({
  kind: z.enum(['none', 'minmax', 'standard']),
  offset: z.array(z.number()),
  scale: z.array(z.number().refine((v) => v !== 0, { error: 'a scale of 0' })),
}).refine((s) => s.offset.length === s.scale.length, { error: 'offsets and scales differ in number' });

/** A saved scaler read back (from a model file's metadata); throws a sentence when it is not one. */
export function scalerFromJson(value: unknown): Scaler {
  const parsed = scalerSchema.safeParse(value);
  if (!parsed.success) throw new Error(`This is not a saved scaler: ${parsed.error.issues[0].message}.`);
  return parsed.data;
}
