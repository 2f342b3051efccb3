/**
 * The whole way from a user's file (or folder) to samples a model trains on, for each of the three
 * kinds of data: read the bytes as text, parse the table, pick the columns, build the samples, and
 * describe the dataset for the store (hash, preview). Pure: the parse worker runs it off the page's
 * thread, tests and the command line call it directly. Bad data throws a `DataProblemError`.
 */
import { chooseSeriesColumns, chooseTextColumns, describeColumns, type ColumnInfo, type ColumnRef } from './columns';
import { checkCharWindows, encodeCharText, type CharCorpus } from './charText';
import { folderHash, sha256Hex } from './contentHash';
import { folderPreview, tablePreview, textPreview, type DatasetKind, type DatasetRecord } from './datasetRecord';
import { labelledTextsFromFolder, labelledTextsFromTable } from './labelledTexts';
import { refuse } from './problem';
import { readText, type UserFile } from './readText';
import { numericSeriesFromTable, seriesData, type NumericSeries, type SeriesData, type SeriesTask } from './series';
import type { ScalerKind } from './scaler';
import { parseTable, type Table, type TableOptions } from './table';
import { textClassificationData, type TextClassificationData, type ValidationOrder } from './textClassification';
import type { TokenizerConfig } from './tokenizer';

/** The user's data as given: one file (text, CSV or TSV), or a folder's files with their paths. */
export type UserDataSource =
  | { kind: 'file'; file: UserFile }
  | { kind: 'folder'; name: string; files: UserFile[] };

/** What to make of it, with the task's settings (the run's hyperparameters for its data). */
export type UserTask =
  | { kind: 'text'; seqLength: number; step: number; validationSplit: number; minCount?: number; lower?: boolean }
  | {
    kind: 'classify'; maxlen: number; validationSplit: number; validationOrder?: ValidationOrder;
    tokenizer?: Partial<TokenizerConfig>; textColumn?: ColumnRef; labelColumn?: ColumnRef; table?: CsvOptions;
    /**
     * The texts were a folder's `.txt` files, one folder per label, not a table's columns: what a
     * run's link asks for. Reading goes by the source given; this only records which it was.
     */
    folder?: boolean;
  }
  | {
    kind: 'series'; task: SeriesTask; lookBack: number; scaler: ScalerKind; validationSplit: number;
    valueColumns?: ColumnRef[]; targetColumn?: ColumnRef; dateColumn?: ColumnRef | null; table?: CsvOptions;
  };

export type CsvOptions = Pick<TableOptions, 'delimiter' | 'header'>;

/** Where the work stands, for a progress bar: the stage and its share done, 0–1. */
export interface PrepareProgress {
  stage: 'read' | 'parse' | 'hash' | 'samples';
  fraction: number;
}

/** A table's layout, for the page to show the guesses and offer the other columns. */
export interface TableLayout {
  columns: ColumnInfo[];
  delimiter: string;
  hasHeader: boolean;
}

export type PreparedUserData =
  | {
    kind: 'text'; record: DatasetRecord; corpus: CharCorpus;
    seqLength: number; step: number; trainSamples: number; validationSamples: number;
  }
  | ({ kind: 'classify'; record: DatasetRecord; table?: TableLayout; textColumn?: string; labelColumn?: string } & TextClassificationData)
  | ({ kind: 'series'; record: DatasetRecord; table: TableLayout; series: NumericSeries } & SeriesData);

const sourceName = (s: UserDataSource) => (s.kind === 'file' ? s.file.name : s.name);

/** A source's identity (`contentHash.ts`): what a kept dataset is stored by and a link checks. */
export const sourceHash = (s: UserDataSource): Promise<string> => (s.kind === 'file' ? sha256Hex(s.file.bytes) : folderHash(s.files));

export async function prepareUserData(source: UserDataSource, task: UserTask, onProgress: (p: PrepareProgress) => void = () => {}): Promise<PreparedUserData> {
  const name = sourceName(source);
  const size = source.kind === 'file' ? source.file.bytes.length : source.files.reduce((n, f) => n + f.bytes.length, 0);
  // Hashed once read: a file refused unread (too large, binary) is not worth hashing first.
  const record = async (kind: DatasetKind, preview: DatasetRecord['preview']): Promise<DatasetRecord> => {
    onProgress({ stage: 'hash', fraction: 0 });
    const hash = await sourceHash(source);
    return { hash, name, size, kind, addedAt: Date.now(), preview };
  };

  if (source.kind === 'folder') {
    if (task.kind !== 'classify') refuse({ file: name }, 'a folder of files holds labelled texts; choose one text file for next-character models, or a CSV file for series.');
    onProgress({ stage: 'read', fraction: 0 });
    const texts = labelledTextsFromFolder(name, source.files);
    onProgress({ stage: 'samples', fraction: 0 });
    const data = textClassificationData(name, texts, task);
    return { kind: 'classify', record: await record('folder', folderPreview(texts.classNames, texts.labels)), ...data };
  }

  onProgress({ stage: 'read', fraction: 0 });
  const text = readText(source.file);
  if (task.kind === 'text') {
    onProgress({ stage: 'samples', fraction: 0 });
    const corpus = encodeCharText(text, { minCount: task.minCount, lower: task.lower }, (fraction) => onProgress({ stage: 'samples', fraction }));
    const windows = { seqLength: task.seqLength, step: task.step };
    if (!(task.validationSplit >= 0 && task.validationSplit < 1)) throw new RangeError(`validationSplit must be at least 0 and below 1 (got ${task.validationSplit}).`);
    const count = checkCharWindows(name, corpus, windows);
    const trainSamples = Math.floor(count * (1 - task.validationSplit));
    if (trainSamples < 1 || (task.validationSplit > 0 && trainSamples === count)) {
      refuse({ file: name }, `the text makes ${count} samples, too few to keep ${Math.round(task.validationSplit * 100)}% for validation and train on the rest; use a longer text or a smaller step.`);
    }
    return { kind: 'text', record: await record('text', textPreview(text)), corpus, ...windows, trainSamples, validationSamples: count - trainSamples };
  }

  const table = parseTable(name, text, { ...task.table, onProgress: (fraction) => onProgress({ stage: 'parse', fraction }) });
  const columns = describeColumns(table);
  const layout: TableLayout = { columns, delimiter: table.delimiter, hasHeader: table.hasHeader };
  const tableRecord = await record('table', tablePreview(table.columns, table.rows, table.delimiter));
  onProgress({ stage: 'samples', fraction: 0 });
  if (task.kind === 'classify') {
    const chosen = chooseTextColumns(table, columns, { text: task.textColumn, label: task.labelColumn });
    const data = textClassificationData(name, labelledTextsFromTable(table, chosen), task);
    return { kind: 'classify', record: tableRecord, table: layout, textColumn: table.columns[chosen.text], labelColumn: table.columns[chosen.label], ...data };
  }
  return { kind: 'series', record: tableRecord, table: layout, ...seriesFromTable(table, columns, task) };
}

function seriesFromTable(table: Table, columns: ColumnInfo[], task: Extract<UserTask, { kind: 'series' }>): { series: NumericSeries } & SeriesData {
  const chosen = chooseSeriesColumns(table, columns, { values: task.valueColumns, date: task.dateColumn });
  let target = 0;
  if (task.targetColumn !== undefined) {
    const k = typeof task.targetColumn === 'number' ? task.targetColumn : table.columns.indexOf(task.targetColumn);
    target = chosen.values.indexOf(k);
    if (target < 0) {
      refuse({ file: table.file }, `the column to predict, “${typeof task.targetColumn === 'number' ? `column ${task.targetColumn + 1}` : task.targetColumn}”, is not one of the series’ columns (${chosen.values.map((v) => `“${table.columns[v]}”`).join(', ')}); choose one of them.`);
    }
  }
  const series = numericSeriesFromTable(table, chosen);
  return { series, ...seriesData(series, { task: task.task, lookBack: task.lookBack, scaler: task.scaler, validationSplit: task.validationSplit, target }) };
}
