/**
 * `imdb/manifest.json`: the table of contents of the generated IMDB data, and the checks that a
 * downloaded file is the one the manifest describes. The build script writes it; the loader reads
 * it first and trusts no other file until its size and SHA-256 match. Pure: hashing goes through
 * `globalThis.crypto.subtle`, which Node 20, browsers and workers all have.
 *
 * Example (abridged):
 *   {
 *     "formatVersion": 1,
 *     "dataset": "aclImdb_v1",
 *     "counts": { "train": { "neg": 12500, "pos": 12500 }, "test": { "neg": 12500, "pos": 12500 } },
 *     "vocabSize": 101000,
 *     "wordIndex": { "pad": 0, "start": 1, "oov": 2, "indexFrom": 3, "order": "...", "tokenizer": "..." },
 *     "vocab": { "path": "vocab.txt", "bytes": 900000, "sha256": "..." },
 *     "shards": { "train": [{ "path": "train-000.bin", "bytes": 3000000, "sha256": "...", "reviews": 3900, "tokens": 930000 }],
 *                 "test": [...] },
 *     "source": { "file": "aclImdb_v1.tar.gz", "bytes": 84125825, "sha256": "..." },
 *     "generator": { "version": 1, "sourceSha256": "..." }
 *   }
 * Paths are relative to the manifest's folder. There are no timestamps, so the same input and the
 * same generator give a byte-identical manifest.
 */
import { DataFileError } from './errors';
import { SHARD_VERSION } from './shardFormat';

export const MANIFEST_FORMAT_VERSION = 1;
/** Where the loader finds the manifest, relative to the data root. */
export const MANIFEST_PATH = 'imdb/manifest.json';
/** Folder of the manifest (and all its files), relative to the data root. */
export const IMDB_DIR = 'imdb';

export type SplitName = 'train' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'test'];

export interface FileEntry {
  /** File name relative to the manifest's folder, e.g. "train-000.bin". */
  path: string;
  bytes: number;
  /** Lowercase hex. */
  sha256: string;
}

export interface ShardEntry extends FileEntry {
  /** Reviews in this shard. */
  reviews: number;
  /** Word ids in this shard, start markers included. */
  tokens: number;
}

export interface LabelCounts {
  neg: number;
  pos: number;
}

export interface ImdbManifest {
  formatVersion: typeof MANIFEST_FORMAT_VERSION;
  dataset: string;
  counts: Record<SplitName, LabelCounts>;
  /** Distinct words in the training split (the vocabulary file's line count). */
  vocabSize: number;
  /** The id convention and how words were made and ranked, for people reading the data. */
  wordIndex: { pad: 0; start: 1; oov: 2; indexFrom: 3; order: string; tokenizer: string };
  shardFormatVersion: number;
  vocab: FileEntry;
  /** Each split is its shards concatenated in this order. */
  shards: Record<SplitName, ShardEntry[]>;
  /** Fingerprint of the input tarball. */
  source: { file: string; bytes: number; sha256: string };
  /** Fingerprint of the code that made the data; a change means the data must be rebuilt. */
  generator: { version: number; sourceSha256: string };
}

/** Every data file the manifest lists: the vocabulary, then train shards, then test shards. */
export function manifestFiles(m: ImdbManifest): FileEntry[] {
  return [m.vocab, ...m.shards.train, ...m.shards.test];
}

/** Path of a listed file relative to the data root, e.g. "imdb/train-000.bin". */
export const dataPath = (entry: FileEntry): string => `${IMDB_DIR}/${entry.path}`;

/** Canonical text of a manifest: two-space JSON with a final newline, keys in declaration order. */
export const serializeManifest = (m: ImdbManifest): string => `${JSON.stringify(m, null, 2)}\n`;

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Checks a file's bytes against its manifest entry: the size first (cheap, and it tells a cut-off
 * download from a damaged one), then the SHA-256.
 * @param file the path used in the error, e.g. "imdb/train-000.bin"
 */
export async function verifyFile(entry: FileEntry, bytes: Uint8Array, file = dataPath(entry)): Promise<void> {
  if (bytes.length < entry.bytes) {
    throw new DataFileError(file, 'truncated', `expected ${entry.bytes} bytes, got ${bytes.length}`);
  }
  if (bytes.length > entry.bytes) {
    throw new DataFileError(file, 'corrupt', `expected ${entry.bytes} bytes, got ${bytes.length}`);
  }
  const sha = await sha256Hex(bytes);
  if (sha !== entry.sha256) throw new DataFileError(file, 'corrupt', 'its SHA-256 does not match the manifest');
}

/**
 * Parses and checks the manifest's shape. Anything unexpected (including an HTML page served in
 * its place, or a manifest from another format version) is a `DataFileError('bad-format')`.
 */
export function parseManifest(bytes: Uint8Array, file = MANIFEST_PATH): ImdbManifest {
  const bad = (detail: string): DataFileError => new DataFileError(file, 'bad-format', detail);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw bad('it is not JSON');
  }
  const problem = manifestProblem(json);
  if (problem) throw bad(problem);
  return json as ImdbManifest;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isSha = (v: unknown): boolean => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
/** A bare file name: no folders, so a manifest cannot point the loader outside its own folder. */
const isFileName = (v: unknown): boolean => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v);

function fileProblem(v: unknown, where: string): string | undefined {
  if (!isObj(v)) return `${where} is not an object`;
  if (!isFileName(v.path)) return `${where}.path is not a plain file name`;
  if (!isCount(v.bytes)) return `${where}.bytes is not a byte count`;
  if (!isSha(v.sha256)) return `${where}.sha256 is not a SHA-256 hex digest`;
  return undefined;
}

/** The first thing wrong with a would-be manifest, or `undefined` when it is well formed. */
export function manifestProblem(m: unknown): string | undefined {
  if (!isObj(m)) return 'it is not a JSON object';
  if (m.formatVersion !== MANIFEST_FORMAT_VERSION) {
    return `formatVersion is ${JSON.stringify(m.formatVersion)}, this app reads ${MANIFEST_FORMAT_VERSION}`;
  }
  if (m.shardFormatVersion !== SHARD_VERSION) return `shardFormatVersion is not ${SHARD_VERSION}`;
  if (typeof m.dataset !== 'string') return 'dataset is missing';
  if (!isCount(m.vocabSize)) return 'vocabSize is not a count';
  const wi = m.wordIndex;
  if (!isObj(wi) || wi.pad !== 0 || wi.start !== 1 || wi.oov !== 2 || wi.indexFrom !== 3) {
    return 'wordIndex is not the Keras convention (pad 0, start 1, oov 2, words from 3)';
  }
  const vocabProblem = fileProblem(m.vocab, 'vocab');
  if (vocabProblem) return vocabProblem;
  if (!isObj(m.counts) || !isObj(m.shards)) return 'counts or shards is missing';
  const names = new Set<unknown>([(m.vocab as Obj).path]);
  for (const split of SPLITS) {
    const c = m.counts[split];
    if (!isObj(c) || !isCount(c.neg) || !isCount(c.pos)) return `counts.${split} is not {neg, pos}`;
    const shards = m.shards[split];
    if (!Array.isArray(shards)) return `shards.${split} is not a list`;
    let reviews = 0;
    for (const [i, s] of shards.entries()) {
      const p = fileProblem(s, `shards.${split}[${i}]`);
      if (p) return p;
      if (!isCount(s.reviews) || !isCount(s.tokens)) return `shards.${split}[${i}] has no review and token counts`;
      if (names.has(s.path)) return `${String(s.path)} is listed twice`;
      names.add(s.path);
      reviews += s.reviews;
    }
    if (reviews !== c.neg + c.pos) return `shards.${split} hold ${reviews} reviews, counts say ${c.neg + c.pos}`;
  }
  const src = m.source;
  if (!isObj(src) || typeof src.file !== 'string' || !isCount(src.bytes) || !isSha(src.sha256)) {
    return 'source fingerprint is missing';
  }
  const gen = m.generator;
  if (!isObj(gen) || !isCount(gen.version) || !isSha(gen.sourceSha256)) return 'generator fingerprint is missing';
  return undefined;
}
