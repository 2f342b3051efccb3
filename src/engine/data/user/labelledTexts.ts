/**
 * Labelled sentences, from a table's text and label columns or from a folder laid out as `aclImdb`
 * is (`root/pos/1.txt`, `root/neg/2.txt`: the first folder under the root is the label), with each
 * sample's place in the user's files kept for messages. Class indices follow the sorted label names
 * (as Keras' `text_dataset_from_directory` numbers its folders), so `neg` is 0 and `pos` is 1.
 */
import { byCodePoint } from './codePointOrder';
import { LIMIT_REASON, MAX_ROWS, MAX_TEXT_BYTES, formatBytes, formatOver } from './limits';
import { refuse } from './problem';
import { readText, type UserFile } from './readText';
import type { Table } from './table';

export interface LabelledTexts {
  texts: string[];
  /** Class index of each text, into `classNames`. */
  labels: Int32Array;
  /** Label names, sorted (by code point, as Python sorts strings). */
  classNames: string[];
  /** Where each text came from: the file, and its row in a table. */
  sources: { file: string; row?: number }[];
}


/** Numbers each distinct label by its sorted place; refuses a single class. */
function indexLabels(file: string, names: string[], column?: string): { labels: Int32Array; classNames: string[] } {
  const classNames = [...new Set(names)].sort(byCodePoint);
  if (classNames.length < 2) {
    refuse({ file, column }, `every sample has the label “${classNames[0]}”; a classifier needs at least two classes, so add samples of another class.`);
  }
  const index = new Map(classNames.map((c, i) => [c, i]));
  return { labels: Int32Array.from(names, (n) => index.get(n)!), classNames };
}

/** The texts and labels of a table; a row with an empty text or label is refused, naming it. */
export function labelledTextsFromTable(table: Table, columns: { text: number; label: number }): LabelledTexts {
  const { file } = table;
  const textName = table.columns[columns.text];
  const labelName = table.columns[columns.label];
  const texts: string[] = [];
  const names: string[] = [];
  const sources: LabelledTexts['sources'] = [];
  table.rows.forEach((cells, r) => {
    const row = table.rowNumbers[r];
    const text = cells[columns.text];
    const label = cells[columns.label].trim();
    if (label === '') refuse({ file, row, column: labelName }, 'the label is empty; give this row a label or remove the row.');
    if (text.trim() === '') refuse({ file, row, column: textName }, 'the text is empty; write the sentence or remove the row.');
    texts.push(text);
    names.push(label);
    sources.push({ file, row });
  });
  return { texts, ...indexLabels(file, names, labelName), sources };
}

/**
 * The texts of a folder: every file under `root/<label>/` (at any depth below it) whose name ends
 * in `.txt`; other files (a README, `.DS_Store`) are skipped, and so are files directly under the
 * root, as Keras' `text_dataset_from_directory` skips them. Paths use `/`; the root is the
 * common first folder when every path has one (a dropped `aclImdb/train` arrives as
 * `train/pos/1.txt`). Files are taken in path order, so the result does not depend on the order
 * the browser listed them in.
 */
export function labelledTextsFromFolder(folder: string, files: readonly UserFile[], maxRows = MAX_ROWS): LabelledTexts {
  const parts = files.map((f) => f.name.replace(/\\/g, '/').split('/').filter((p) => p !== ''));
  const first = parts[0]?.[0];
  const shared = first !== undefined && parts.every((p) => p.length > 1 && p[0] === first) && parts.some((p) => p.length > 2);
  const items = files
    .map((f, k) => ({ file: f, parts: shared ? parts[k].slice(1) : parts[k] }))
    .filter(({ parts: p }) => p.length >= 2 && /\.txt$/i.test(p[p.length - 1]))
    .sort((a, b) => byCodePoint(a.file.name, b.file.name));
  if (items.length === 0) {
    refuse({ file: folder }, 'the folder has no .txt files in folders named after their labels; put each class’s .txt files in a folder named after it (pos/, neg/…).');
  }
  if (items.length > maxRows) {
    refuse({ file: folder }, `the folder has ${items.length.toLocaleString('en')} .txt files, over the limit of ${maxRows.toLocaleString('en')}, because ${LIMIT_REASON}; use a part of them.`);
  }
  const bytes = items.reduce((sum, { file }) => sum + file.bytes.length, 0);
  if (bytes > MAX_TEXT_BYTES) {
    refuse({ file: folder }, `the folder’s .txt files hold ${formatOver(bytes, MAX_TEXT_BYTES)}, over the limit of ${formatBytes(MAX_TEXT_BYTES)} of text, because ${LIMIT_REASON}; use a part of them.`);
  }
  const texts: string[] = [];
  const names: string[] = [];
  const sources: LabelledTexts['sources'] = [];
  for (const { file, parts: p } of items) {
    texts.push(readText(file));
    names.push(p[0]);
    sources.push({ file: file.name });
  }
  return { texts, ...indexLabels(folder, names), sources };
}
