/**
 * The data file: what a model file needs to be used elsewhere, saved beside the `.h5` and the
 * TensorFlow.js files as `<run>.data.json` (issue #20: "beside the .h5 and the TensorFlow.js files,
 * the vocabulary"). One JSON object, `{ format: "lstm-lab-data", version: 1, kind, ...the kind's
 * fields }`, each kind of user data's fields in its own module with its own zod schema. Pure.
 */
import { z } from 'zod';
import { classifyDataFileSchema, type ClassifyDataFile } from './classify';
import { seriesDataFileSchema, type SeriesDataFile } from './series';
import { textDataFileSchema, type TextDataFile } from './text';

export const DATA_FILE_FORMAT = 'lstm-lab-data';
export const DATA_FILE_VERSION = 1;

/** A data file's name beside its model's files: `notes.h5` → `notes.data.json`. */
export const dataFileName = (stem: string): string => `${stem}.data.json`;

/** The kind's own fields, one row per kind of user data (the kinds of `UserTask`). */
export interface DataFileFields {
  series: SeriesDataFile;
  text: TextDataFile;
  classify: ClassifyDataFile;
}

export type DataFileKind = keyof DataFileFields;

const KIND_SCHEMAS: { [K in DataFileKind]: z.ZodType<DataFileFields[K]> } = {
  series: seriesDataFileSchema,
  text: textDataFileSchema,
  classify: classifyDataFileSchema,
};

/** A whole data file of one kind. */
export type DataFileOf<K extends DataFileKind> = { format: typeof DATA_FILE_FORMAT; version: typeof DATA_FILE_VERSION } & DataFileFields[K];
export type DataFile = { [K in DataFileKind]: DataFileOf<K> }[DataFileKind];

/** The file's bytes: pretty-printed UTF-8 JSON (a person may open it to read the vocabulary). */
export function writeDataFile<K extends DataFileKind>(fields: DataFileFields[K]): Uint8Array {
  const file = { format: DATA_FILE_FORMAT, version: DATA_FILE_VERSION, ...fields };
  return new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`);
}

const header = z.object({ format: z.string(), version: z.number(), kind: z.string() });

const pathOf = (path: readonly PropertyKey[]) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');

/**
 * Reads a data file: the value, or one sentence starting with `fileName` that says what is wrong
 * and what to pick instead.
 */
export function parseDataFile(bytes: Uint8Array, fileName: string): DataFile | string {
  const pick = 'pick the .data.json file saved with the model';
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    return `${fileName}: it is not a JSON file (${e instanceof Error ? e.message : String(e)}); ${pick}.`;
  }
  const head = header.safeParse(json);
  if (!head.success || head.data.format !== DATA_FILE_FORMAT) {
    return `${fileName}: it is not an LSTM Lab data file (no "format": "${DATA_FILE_FORMAT}"); ${pick}.`;
  }
  if (head.data.version !== DATA_FILE_VERSION) {
    return `${fileName}: it is a data file of version ${head.data.version}, and this lab reads version ${DATA_FILE_VERSION}; save the model again from this lab.`;
  }
  const kind = head.data.kind;
  if (!Object.hasOwn(KIND_SCHEMAS, kind)) {
    return `${fileName}: its kind “${kind}” is not one of ${Object.keys(KIND_SCHEMAS).join(', ')}; ${pick}.`;
  }
  const fields = KIND_SCHEMAS[kind as DataFileKind].safeParse(json);
  if (!fields.success) {
    const issue = fields.error.issues[0];
    const where = issue.path.length > 0 ? `${pathOf(issue.path)}: ` : '';
    return `${fileName}: the ${kind} data file is damaged (${where}${issue.message}); ${pick}, unchanged.`;
  }
  return { format: DATA_FILE_FORMAT, version: DATA_FILE_VERSION, ...fields.data } as DataFile;
}
