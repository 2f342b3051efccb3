import { describe, expect, it } from 'vitest';
import { PREVIEW_CELL_CHARS, datasetRecordSchema, folderPreview, tablePreview, textPreview } from './datasetRecord';

describe('dataset previews', () => {
  it('a text’s start, cut at a whole character, and its length in characters as Python counts them', () => {
    const p = textPreview(`${'😀'.repeat(499)}ab`);
    expect(p).toMatchObject({ kind: 'text', characters: 501 });
    expect(p.kind === 'text' && Array.from(p.text)).toHaveLength(500);
    expect(p.kind === 'text' && p.text.endsWith('😀a')).toBe(true);
  });

  it('a table’s first rows with long cells cut, and a folder’s files per label', () => {
    const p = tablePreview(['t', 'l'], Array.from({ length: 9 }, (_, i) => ['x'.repeat(200), String(i)]), ',');
    expect(p).toMatchObject({ kind: 'table', rowCount: 9 });
    expect(p.kind === 'table' && [p.rows.length, p.rows[0][0].length, p.rows[0][0].at(-1)]).toEqual([5, PREVIEW_CELL_CHARS, '…']);
    expect(folderPreview(['neg', 'pos'], Int32Array.from([1, 1, 0]))).toEqual({ kind: 'folder', files: 3, labels: [{ name: 'neg', files: 1 }, { name: 'pos', files: 2 }] });
  });

  it('a record passes its schema, and a bad hash does not', () => {
    const record = { hash: 'a'.repeat(64), name: 'x.txt', size: 1, kind: 'text', addedAt: 1, preview: textPreview('x') };
    expect(datasetRecordSchema.safeParse(record).success).toBe(true);
    expect(datasetRecordSchema.safeParse({ ...record, hash: 'A'.repeat(64) }).success).toBe(false);
  });
});
