/**
 * The series kind's part of the data file (`index.ts`): what turns rows of a CSV into the model's
 * input and its output back into the column's units, anywhere (Python included,
 * `bench/export/verify_export.py`): the task, the window's length, the columns read in order, the
 * one predicted, and the scaler fitted on the training rows (`scaler.ts`' plain-number form).
 */
import { z } from 'zod';
import { scalerSchema, type Scaler } from '../../data/user/scaler';
import type { SeriesTask } from '../../data/user/series';
import type { PreparedSeries } from '../../seriesModel/seriesPredict';

export const seriesDataFileSchema = z.object({
  kind: z.literal('series'),
  task: z.enum(['up', 'next']),
  lookBack: z.number().int().positive(),
  columns: z.array(z.string()).min(1),
  target: z.string(),
  scaler: scalerSchema,
}).superRefine((file, ctx) => {
  if (!file.columns.includes(file.target)) ctx.addIssue({ code: 'custom', path: ['target'], message: `“${file.target}” is not one of the columns` });
  if (file.scaler.offset.length !== file.columns.length) {
    ctx.addIssue({ code: 'custom', path: ['scaler'], message: `it scales ${file.scaler.offset.length} columns, not the ${file.columns.length} listed` });
  }
});

export type SeriesDataFile = z.infer<typeof seriesDataFileSchema>;

/** What a series model needs beside its weights: the task, its window, its columns in order (the target's index) and the scaler. */
export interface SeriesModelData {
  task: SeriesTask;
  lookBack: number;
  columns: string[];
  target: number;
  scaler: Scaler;
}

/** The data file's fields for a series run. */
export function seriesDataFileOf(data: PreparedSeries): SeriesDataFile {
  const { names } = data.series;
  return { kind: 'series', task: data.task, lookBack: data.lookBack, columns: [...names], target: names[data.target], scaler: data.scaler };
}

/** The model's data back from a data file. */
export function seriesModelDataOf(file: SeriesDataFile): SeriesModelData {
  return { task: file.task, lookBack: file.lookBack, columns: file.columns, target: file.columns.indexOf(file.target), scaler: file.scaler };
}
