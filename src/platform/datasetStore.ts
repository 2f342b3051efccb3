/**
 * The user's datasets, kept once each by content hash: a record (name, size, kind, preview) and,
 * stored apart so the list never reads them, the bytes. A kept run names its dataset's hash; the
 * dataset can be removed on its own. In the browser they live in IndexedDB through `idb`; tests and
 * browsers without IndexedDB use the memory store, which behaves the same.
 *
 * What IndexedDB hands back is checked with zod (an older page, or another tab, may have written
 * something else): a record that does not pass is left out of the list and read as absent, never
 * handed to the page half-formed. Writes are not caught: a full quota rejects and the caller says so.
 *
 * IndexedDB keeps each file's bytes as a Blob: a put serialises its value on the calling thread,
 * and a 50 MB `Uint8Array` took ~200 ms there (the page frozen as a run on a big text started),
 * where a Blob is handed over by reference. The Blob is made a few megabytes per task (a Blob of
 * Blobs refers to its parts rather than copying them), so its one copy never holds the page either.
 */
import type { DBSchema } from 'idb';
import { macrotaskYield } from '../engine/yield';
import { idbConnection, readAll, readKey } from './idbConnection';
import {
  datasetContentSchema, datasetRecordSchema, type DatasetContent, type DatasetRecord,
} from '../engine/data/user/datasetRecord';

export interface DatasetStore {
  /** Every valid record, newest first. */
  list(): Promise<DatasetRecord[]>;
  get(hash: string): Promise<DatasetRecord | undefined>;
  /** Keeps the record and its bytes; putting a hash again replaces both (the same bytes, a new name). */
  put(record: DatasetRecord, content: DatasetContent): Promise<void>;
  getContent(hash: string): Promise<DatasetContent | undefined>;
  /** Removes the record and its bytes. */
  delete(hash: string): Promise<void>;
}

const byNewest = (a: DatasetRecord, b: DatasetRecord) => b.addedAt - a.addedAt;

/** A record read back, or undefined when it is not one (or is filed under another hash than its own). */
function validRecord(value: unknown, key?: string): DatasetRecord | undefined {
  const parsed = datasetRecordSchema.safeParse(value);
  return parsed.success && (key === undefined || parsed.data.hash === key) ? parsed.data : undefined;
}
function validContent(value: unknown): DatasetContent | undefined {
  const parsed = datasetContentSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A dataset's files as IndexedDB keeps them: each file's bytes as a Blob. */
interface StoredContent {
  files: { name: string; blob: Blob }[];
}

/** Bytes copied into a Blob per task: a few milliseconds each. */
const BLOB_CHUNK_BYTES = 4 << 20;

async function blobOf(bytes: Uint8Array): Promise<Blob> {
  const parts: Blob[] = [];
  for (let at = 0; at < bytes.length; at += BLOB_CHUNK_BYTES) {
    parts.push(new Blob([bytes.subarray(at, at + BLOB_CHUNK_BYTES) as Uint8Array<ArrayBuffer>]));
    if (at + BLOB_CHUNK_BYTES < bytes.length) await macrotaskYield();
  }
  return new Blob(parts);
}

const storedContent = async (content: DatasetContent): Promise<StoredContent> => ({
  files: await Promise.all(content.files.map(async (f) => ({ name: f.name, blob: await blobOf(f.bytes) }))),
});

/** The bytes back from what IndexedDB kept (anything else, unchanged, for the check to refuse). */
async function contentOfStored(value: unknown): Promise<unknown> {
  const files = (value as Partial<StoredContent> | undefined)?.files;
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'object' && f !== null && f.blob instanceof Blob)) return value;
  return { files: await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.blob.arrayBuffer()) }))) };
}

/** Refuses to write what could not be read back. */
function checkWrite(record: DatasetRecord, content: DatasetContent): void {
  const r = datasetRecordSchema.safeParse(record);
  if (!r.success) throw new Error(`Not a dataset record: ${r.error.issues[0].path.join('.')} ${r.error.issues[0].message}.`);
  if (!datasetContentSchema.safeParse(content).success) throw new Error('A dataset needs at least one file of bytes.');
}

/**
 * A store in this page's memory. Copies on the way in and out, as IndexedDB does. `raw` seeds it
 * with values as something else might have written them, unchecked (for tests of the read checks).
 */
export function memoryDatasetStore(raw: { records?: Iterable<[string, unknown]>; contents?: Iterable<[string, unknown]> } = {}): DatasetStore {
  const records = new Map<string, unknown>(raw.records);
  const contents = new Map<string, unknown>(raw.contents);
  return {
    async list() {
      return [...records.values()].flatMap((r) => validRecord(structuredClone(r)) ?? []).sort(byNewest);
    },
    async get(hash) {
      return validRecord(structuredClone(records.get(hash)), hash);
    },
    async put(record, content) {
      checkWrite(record, content);
      records.set(record.hash, structuredClone(record));
      contents.set(record.hash, structuredClone(content));
    },
    async getContent(hash) {
      return validContent(structuredClone(contents.get(hash)));
    },
    async delete(hash) {
      records.delete(hash);
      contents.delete(hash);
    },
  };
}

const DB_NAME = 'lstm-lab-datasets';
const RECORDS = 'records';
const CONTENTS = 'contents';

interface DatasetsDb extends DBSchema {
  [RECORDS]: { key: string; value: DatasetRecord };
  [CONTENTS]: { key: string; value: StoredContent };
}

/** Datasets in IndexedDB: records in one object store, bytes in another, both keyed by hash. */
export function idbDatasetStore(name = DB_NAME): DatasetStore {
  // Reopened when the browser closes it (site data cleared with the page open): `idbConnection.ts`.
  const { use } = idbConnection<DatasetsDb>(name, (d) => {
    d.createObjectStore(RECORDS, { keyPath: 'hash' });
    d.createObjectStore(CONTENTS);
  });
  return {
    list: () => use(async (d) => (await readAll(d, RECORDS)).flatMap((r) => validRecord(r) ?? []).sort(byNewest)),
    get: (hash) => use(async (d) => validRecord(await readKey(d, RECORDS, hash), hash)),
    async put(record, content) {
      checkWrite(record, content);
      const stored = await storedContent(content);
      await use(async (d) => {
        const tx = d.transaction([RECORDS, CONTENTS], 'readwrite');
        await Promise.all([tx.objectStore(RECORDS).put(record), tx.objectStore(CONTENTS).put(stored, record.hash), tx.done]);
      });
    },
    getContent: (hash) => use(async (d) => validContent(await contentOfStored(await readKey(d, CONTENTS, hash)))),
    delete: (hash) =>
      use(async (d) => {
        const tx = d.transaction([RECORDS, CONTENTS], 'readwrite');
        await Promise.all([tx.objectStore(RECORDS).delete(hash), tx.objectStore(CONTENTS).delete(hash), tx.done]);
      }),
  };
}
