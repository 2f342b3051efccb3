import { describe, expect, it } from 'vitest';
import type { DatasetContent, DatasetRecord } from '../engine/data/user/datasetRecord';
import { memoryDatasetStore } from './datasetStore';

const hash = (c: string) => c.repeat(64);
const record = (h: string, addedAt: number, extra: Partial<DatasetRecord> = {}): DatasetRecord => ({
  hash: h, name: `${h.slice(0, 1)}.txt`, size: 3, kind: 'text', addedAt, preview: { kind: 'text', text: 'abc', characters: 3 }, ...extra,
});
const content: DatasetContent = { files: [{ name: 'a.txt', bytes: Uint8Array.from([97, 98, 99]) }] };

describe('dataset store (memory; the IndexedDB store shares its checks and is exercised in the page)', () => {
  it('keeps one record per hash with its bytes apart, newest first, handing out copies', async () => {
    const store = memoryDatasetStore();
    await store.put(record(hash('a'), 1), content);
    await store.put(record(hash('b'), 2), content);
    await store.put(record(hash('a'), 3, { name: 'renamed.txt' }), content);
    expect((await store.list()).map((r) => [r.name, r.addedAt])).toEqual([['renamed.txt', 3], ['b.txt', 2]]);
    const got = await store.getContent(hash('a'));
    got!.files[0].bytes[0] = 0;
    expect(Array.from((await store.getContent(hash('a')))!.files[0].bytes)).toEqual([97, 98, 99]);
  });

  it('removes a dataset and its bytes on their own', async () => {
    const store = memoryDatasetStore();
    await store.put(record(hash('a'), 1), content);
    await store.put(record(hash('b'), 2), content);
    await store.delete(hash('a'));
    expect(await store.get(hash('a'))).toBeUndefined();
    expect(await store.getContent(hash('a'))).toBeUndefined();
    expect(await store.get(hash('b'))).toBeDefined();
  });

  it('reads back only what passes the schema, and refuses to write what would not', async () => {
    const store = memoryDatasetStore({
      records: [
        [hash('a'), record(hash('a'), 1)],
        [hash('b'), { ...record(hash('b'), 2), preview: { kind: 'table' } }],
        [hash('c'), 'not a record'],
        [hash('e'), record(hash('f'), 3)],
      ],
      contents: [[hash('a'), content], [hash('b'), { files: [{ name: 'x', bytes: 'abc' }] }]],
    });
    expect(await store.get(hash('e'))).toBeUndefined();
    expect((await store.list()).map((r) => r.hash)).toEqual([hash('f'), hash('a')]);
    expect(await store.get(hash('b'))).toBeUndefined();
    expect(await store.getContent(hash('a'))).toBeDefined();
    expect(await store.getContent(hash('b'))).toBeUndefined();
    await expect(store.put({ ...record('not-hex', 1) }, content)).rejects.toThrow(/^Not a dataset record: hash /);
    await expect(store.put(record(hash('d'), 1), { files: [] })).rejects.toThrow('A dataset needs at least one file of bytes.');
  });
});
