/**
 * What each column of a table holds, and which ones a task reads: the lab guesses (the longest
 * free text is the text, a column of a few repeated values the label, numbers are values, dates
 * are kept for the plot's axis) and the user may name others (the task's `textColumn`,
 * `labelColumn`, `valueColumns`… in `prepareUserData.ts`, by header name or 0-based place).
 */
import { refuse } from './problem';
import { isNumberCell, type Table } from './table';

export type ColumnKind = 'number' | 'date' | 'label' | 'text';

export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  /** Distinct non-blank values (counted up to `DISTINCT_CAP`). */
  distinct: number;
  /** Mean length of its non-blank cells, in characters. */
  meanLength: number;
}

/** A column named by its header (or "column N") or by its 0-based place. */
export type ColumnRef = string | number;

/** Distinct values counted per column before it is called free text. */
const DISTINCT_CAP = 1000;
/** At most this many distinct values (and at most half the rows) make a column a label. */
const MAX_LABELS = 100;
/** Names that say a column holds the label, or the time. */
const LABEL_NAME = /^(label|labels|class|category|sentiment|target|tag|y)$/i;
const DATE_NAME = /^(date|time|timestamp|datetime|day|month|year|period)$/i;
/** ISO 8601 dates and times, `2024/01/31`, and `31.01.2024` / `01/31/2024`. */
const DATE_CELL = /^(\d{4}-\d{2}(-\d{2})?([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?|\d{4}\/\d{1,2}\/\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4})$/;

export function describeColumns(table: Table): ColumnInfo[] {
  return table.columns.map((name, k) => {
    const values = new Set<string>();
    let count = 0;
    let length = 0;
    let numbers = 0;
    let dates = 0;
    for (const row of table.rows) {
      const cell = row[k].trim();
      if (cell === '') continue;
      count++;
      length += cell.length;
      if (isNumberCell(cell)) numbers++;
      else if (DATE_CELL.test(cell)) dates++;
      if (values.size < DISTINCT_CAP) values.add(cell);
    }
    const distinct = values.size;
    const meanLength = count === 0 ? 0 : length / count;
    const fewValues = distinct >= 1 && distinct <= Math.min(MAX_LABELS, Math.max(2, count / 2));
    let kind: ColumnKind;
    if (count > 0 && dates === count) kind = 'date';
    else if (count > 0 && numbers === count && DATE_NAME.test(name) && [...values].every((v) => /^\d{4}$/.test(v))) kind = 'date';
    else if (count > 0 && numbers === count && !(fewValues && LABEL_NAME.test(name))) kind = 'number';
    // Mostly numbers with a few bad cells: a numeric column with mistakes, refused where it is read.
    else if (count > 0 && numbers >= count * 0.9 && !fewValues) kind = 'number';
    else if (fewValues && meanLength <= 40) kind = 'label';
    else kind = 'text';
    return { name, kind, distinct, meanLength };
  });
}

/** The column `ref` names, as its index, or a sentence listing the columns there are. */
export function resolveColumn(table: Table, ref: ColumnRef, role: string): number {
  const k = typeof ref === 'number' ? ref : table.columns.indexOf(ref);
  if (Number.isInteger(k) && k >= 0 && k < table.columns.length) return k;
  const named = typeof ref === 'number' ? `no column ${ref + 1}` : `no column “${ref}”`;
  refuse({ file: table.file }, `there is ${named} for the ${role}; the columns are ${table.columns.map((c) => `“${c}”`).join(', ')}.`);
}

/** The text and label columns of labelled sentences: the user's choice, else the guess. */
export function chooseTextColumns(table: Table, info: ColumnInfo[], choice: { text?: ColumnRef; label?: ColumnRef } = {}): { text: number; label: number } {
  const file = table.file;
  if (table.columns.length < 2) refuse({ file }, 'the file has one column; labelled sentences need a column of text and a column of labels.');
  const text = choice.text !== undefined ? resolveColumn(table, choice.text, 'text') : guessText(info, choice.label !== undefined ? resolveColumn(table, choice.label, 'label') : -1);
  if (text < 0) refuse({ file }, 'no column holds text; name the text column.');
  const label = choice.label !== undefined ? resolveColumn(table, choice.label, 'label') : guessLabel(info, text);
  if (label < 0) refuse({ file }, 'no column looks like labels (a few values repeated); name the label column.');
  if (label === text) refuse({ file, column: table.columns[text] }, 'the text and the label are the same column; name two different columns.');
  return { text, label };
}

function guessText(info: ColumnInfo[], notThis: number): number {
  let best = -1;
  info.forEach((c, k) => {
    if (k === notThis || c.kind === 'number' || c.kind === 'date') return;
    if (best < 0 || c.meanLength > info[best].meanLength) best = k;
  });
  return best;
}

function guessLabel(info: ColumnInfo[], text: number): number {
  const candidates = info.map((c, k) => ({ c, k })).filter(({ c, k }) => k !== text && c.distinct >= 1 && (c.kind === 'label' || (c.kind === 'number' && c.distinct <= MAX_LABELS)));
  const named = candidates.find(({ c }) => LABEL_NAME.test(c.name));
  if (named) return named.k;
  const labels = candidates.filter(({ c }) => c.kind === 'label');
  const pool = labels.length > 0 ? labels : candidates;
  if (pool.length === 0) return -1;
  return pool.reduce((a, b) => (b.c.distinct < a.c.distinct && b.c.distinct >= 2 ? b : a)).k;
}

/** The columns of a series: the numeric values (all numeric columns unless chosen), and a date column if there is one. */
export function chooseSeriesColumns(table: Table, info: ColumnInfo[], choice: { values?: ColumnRef[]; date?: ColumnRef | null } = {}): { values: number[]; date?: number } {
  const date = choice.date === null ? undefined : choice.date !== undefined ? resolveColumn(table, choice.date, 'date') : info.findIndex((c) => c.kind === 'date');
  const values = choice.values?.map((ref) => resolveColumn(table, ref, 'values')) ?? info.flatMap((c, k) => (c.kind === 'number' && k !== date ? [k] : []));
  if (values.length === 0) refuse({ file: table.file }, 'no column holds numbers; a series needs at least one column of numbers.');
  return { values, date: date !== undefined && date >= 0 ? date : undefined };
}
