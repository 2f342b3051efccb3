/**
 * What the lab keeps about a user's dataset beside its bytes: name, size, content hash, when it
 * was added, what kind of data it is, and a preview to show in a list without reading the bytes.
 * Stored once per hash (`platform/datasetStore.ts`) and validated with zod when read back, since
 * IndexedDB hands back whatever an older version of the page wrote.
 */
import { z } from 'zod';

/** What the bytes are: one text, one CSV/TSV table, or a folder of labelled `.txt` files. */
export type DatasetKind = 'text' | 'table' | 'folder';

/** Characters of text a preview keeps, and cells and rows of a table. */
export const PREVIEW_CHARS = 500;
export const PREVIEW_ROWS = 5;
export const PREVIEW_CELL_CHARS = 80;

export type UserDataPreview =
  | { kind: 'text'; text: string; characters: number }
  | { kind: 'table'; columns: string[]; rows: string[][]; rowCount: number; delimiter: string }
  | { kind: 'folder'; files: number; labels: { name: string; files: number }[] };

export interface DatasetRecord {
  /** SHA-256 of the content, hex (`contentHash.ts`): the key. */
  hash: string;
  /** The file's or folder's name, as the user picked it. */
  name: string;
  /** Bytes in all. */
  size: number;
  kind: DatasetKind;
  /** Epoch ms. */
  addedAt: number;
  preview: UserDataPreview;
}

/** The bytes themselves: one file, or a folder's files with their paths. */
export interface DatasetContent {
  files: { name: string; bytes: Uint8Array }[];
}

const previewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), characters: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('table'), columns: z.array(z.string()), rows: z.array(z.array(z.string())), rowCount: z.number().int().nonnegative(), delimiter: z.string() }),
  z.object({ kind: z.literal('folder'), files: z.number().int().nonnegative(), labels: z.array(z.object({ name: z.string(), files: z.number().int().nonnegative() })) }),
]);

export const datasetRecordSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string(),
  size: z.number().int().nonnegative(),
  kind: z.enum(['text', 'table', 'folder']),
  addedAt: z.number(),
  preview: previewSchema,
});

export const datasetContentSchema = z.object({
  files: z.array(z.object({ name: z.string(), bytes: z.instanceof(Uint8Array) })).min(1),
});

/** The start of a text, cut at a whole character. */
export function textPreview(text: string): UserDataPreview {
  const chars = Array.from(text.slice(0, PREVIEW_CHARS * 2)).slice(0, PREVIEW_CHARS).join('');
  // Code points, as Python counts characters: UTF-16 units less one per surrogate pair.
  const pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return { kind: 'text', text: chars, characters: text.length - pairs };
}

export function tablePreview(columns: string[], rows: readonly string[][], delimiter: string): UserDataPreview {
  const cut = (c: string) => (c.length > PREVIEW_CELL_CHARS ? `${c.slice(0, PREVIEW_CELL_CHARS - 1)}…` : c);
  return { kind: 'table', columns, rows: rows.slice(0, PREVIEW_ROWS).map((r) => r.map(cut)), rowCount: rows.length, delimiter };
}

export function folderPreview(classNames: string[], labels: Int32Array): UserDataPreview {
  const counts = classNames.map(() => 0);
  for (const c of labels) counts[c]++;
  return { kind: 'folder', files: labels.length, labels: classNames.map((name, c) => ({ name, files: counts[c] })) };
}
