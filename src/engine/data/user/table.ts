/**
 * A CSV or TSV file's text as a table of cells, read by Papa Parse: the delimiter detected (or
 * taken from a `.tsv` name, or given), the header detected (or given), blank lines skipped, and
 * every record's row as the user counts it (the line it starts on, the header being line 1).
 * A ragged row, an unclosed quote or too many rows is refused with the row and column.
 */
import Papa from 'papaparse';
import { LIMIT_REASON, MAX_ROWS } from './limits';
import { refuse } from './problem';

export interface TableOptions {
  /** A delimiter to use instead of detecting one (`','`, `'\t'`, `';'`, `'|'`). */
  delimiter?: string;
  /** Whether the first row names the columns; detected when absent. */
  header?: boolean;
  /** Data rows over which the file is refused. Default `MAX_ROWS`. */
  maxRows?: number;
  /** Called now and then with the share of the text read, 0–1. */
  onProgress?: (fraction: number) => void;
}

export interface Table {
  file: string;
  /** The delimiter used. */
  delimiter: string;
  /** Whether the first row was taken as the header. */
  hasHeader: boolean;
  /** One name per column: the header's cells (trimmed), or "column 1", "column 2"… without one. */
  columns: string[];
  /** The data rows (not the header), each with `columns.length` cells. */
  rows: string[][];
  /** For each data row, its row as the user counts it in the file (its first line's number). */
  rowNumbers: Int32Array;
}

/** How many rows between progress reports. */
const PROGRESS_ROWS = 5000;
/** Words that name a column far more often than they are a sample's value. */
const HEADER_WORDS = /^(text|review|sentence|comment|message|content|label|labels|class|sentiment|category|target|date|time|timestamp|value|id)$/i;
/** Rows looked at to decide whether the first one is a header. */
const HEADER_SAMPLE = 200;

export function parseTable(file: string, text: string, options: TableOptions = {}): Table {
  const maxRows = options.maxRows ?? MAX_ROWS;
  const records: string[][] = [];
  const lines: number[] = [];
  let delimiter = options.delimiter ?? (/\.tsv$/i.test(file) ? '\t' : '');
  let pos = 0;
  let line = 1;
  let failure: (() => never) | undefined;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: 'greedy',
    step(result, parser) {
      const cursor = result.meta.cursor;
      // The record ends on the line holding its last character (the cursor is past its line end).
      for (let i = text.indexOf('\n', pos); i >= 0 && i < cursor - 1; i = text.indexOf('\n', i + 1)) line++;
      pos = Math.max(pos, cursor - 1);
      const cells = result.data;
      let inside = 0;
      for (const cell of cells) for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) inside++;
      const row = line - inside;
      delimiter = result.meta.delimiter;
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (quoteError) {
        // An unclosed quote swallows the rest of the file into one cell: the quote's own line is the row.
        let quoteRow = 1;
        const at = Math.min(quoteError.index ?? 0, text.length);
        for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) quoteRow++;
        failure = () => refuse({ file, row: quoteRow }, quoteError.code === 'MissingQuotes'
          ? 'a quoted cell starts here and is never closed; add the closing quote (") or remove the opening one.'
          : 'a quoted cell has text after its closing quote; put the whole cell in quotes and write a quote inside it as two ("").');
        parser.abort();
        return;
      }
      records.push(cells);
      lines.push(row);
      // Enough read to know the data rows are over the limit, header or not (refused below).
      if (records.length > maxRows + 1) {
        parser.abort();
        return;
      }
      if (options.onProgress && records.length % PROGRESS_ROWS === 0) options.onProgress(cursor / text.length);
    },
  });
  if (failure) failure();
  if (records.length === 0) refuse({ file }, 'the file has no rows; choose a file with a row per sample.');
  const hasHeader = options.header ?? looksLikeHeader(records);
  const width = records[0].length;
  const columns = hasHeader ? uniqueNames(records[0].map((c) => c.trim())) : Array.from({ length: width }, (_, k) => `column ${k + 1}`);
  const first = hasHeader ? 1 : 0;
  if (records.length === first) refuse({ file }, 'the file has only one row, taken as the header; add a row per sample below it.');
  if (records.length - first > maxRows) {
    refuse({ file, row: lines[first + maxRows] }, `the file has more than ${maxRows.toLocaleString('en')} rows, the limit, because ${LIMIT_REASON}; use a part of it.`);
  }
  for (let r = first; r < records.length; r++) {
    const cells = records[r];
    if (cells.length === width) continue;
    const what = hasHeader ? 'the header has' : 'the first row has';
    if (cells.length > width) {
      refuse({ file, row: lines[r], column: `column ${width + 1}` },
        `this row has ${cells.length} cells where ${what} ${width}; remove the extra cells, or put a cell that holds the delimiter (${describeDelimiter(delimiter)}) in quotes.`);
    }
    refuse({ file, row: lines[r], column: columns[cells.length] },
      `this row has ${cells.length} ${cells.length === 1 ? 'cell' : 'cells'} where ${what} ${width}; fill in the missing ${width - cells.length === 1 ? 'cell' : 'cells'}.`);
  }
  options.onProgress?.(1);
  return { file, delimiter, hasHeader, columns, rows: records.slice(first), rowNumbers: Int32Array.from(lines.slice(first)) };
}

export function describeDelimiter(delimiter: string): string {
  return { ',': 'a comma', '\t': 'a tab', ';': 'a semicolon', '|': 'a bar' }[delimiter] ?? `“${delimiter}”`;
}

/** A cell that reads as a number: what a numeric column holds. */
export function isNumberCell(cell: string): boolean {
  const t = cell.trim();
  return t !== '' && Number.isFinite(Number(t));
}

/**
 * Whether the first row names the columns, the way `csv.Sniffer.has_header` reasons: a column
 * whose other cells are numbers under a cell that is not votes for a header, as does a column of a
 * few repeated values (labels) whose first cell is not one of them; a first cell that is a number, or
 * that is one of the column's values, votes against.
 */
export function looksLikeHeader(records: readonly string[][]): boolean {
  if (records.length < 2) return records.length === 1 && records[0].every((c) => c.trim() !== '' && !isNumberCell(c));
  const sample = records.slice(1, 1 + HEADER_SAMPLE);
  let votes = 0;
  records[0].forEach((head, k) => {
    const cells = sample.map((r) => r[k] ?? '').filter((c) => c.trim() !== '');
    if (cells.length === 0) return;
    if (isNumberCell(head)) {
      votes--;
      return;
    }
    if (head.trim() === '') return;
    if (HEADER_WORDS.test(head.trim())) votes++;
    if (cells.every(isNumberCell)) {
      votes++;
      return;
    }
    const values = new Set(cells.map((c) => c.trim()));
    if (values.size <= Math.max(2, cells.length / 2)) votes += values.has(head.trim()) ? -1 : 1;
  });
  return votes > 0;
}

/** Header names made unique ("x", "x" → "x", "x (2)"), and an empty one named by its place. */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, k) => {
    const name = raw === '' ? `column ${k + 1}` : raw;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}
