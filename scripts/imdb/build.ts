/**
 * Turns raw IMDB reviews into the files the app loads: the vocabulary, binary shards and the
 * manifest. Pure (no file system, no clock), so the same reviews always give byte-identical files,
 * whatever order they arrive in, and unit tests can build a tiny corpus in memory.
 *
 * Word index: words are ranked by how many times they occur in the training split only, most
 * frequent first; ties go to the word that occurs first in the sorted training corpus (split,
 * label, numeric file id). That is what Keras `Tokenizer.fit_on_texts` does (a stable sort of an
 * insertion-ordered count table). Ids are rank + 3; test words never seen in training become 2.
 */
import {
  MANIFEST_FORMAT_VERSION, SPLITS, serializeManifest, sha256Hex,
  type FileEntry, type ImdbManifest, type LabelCounts, type ShardEntry, type SplitName,
} from '../../src/engine/data/imdb/manifest';
import { SHARD_VERSION, encodeShard, type ShardReview } from '../../src/engine/data/imdb/shardFormat';
import { TOKENIZER_DESCRIPTION, tokenize } from '../../src/engine/data/imdb/tokenizer';
import { INDEX_FROM, OOV_ID, START_ID, encodeVocab } from '../../src/engine/data/imdb/vocab';

/** One review as read from the tarball, e.g. aclImdb/train/pos/123_8.txt. */
export interface RawReview {
  split: SplitName;
  /** 0 = neg folder, 1 = pos folder. */
  label: 0 | 1;
  /** The number before the underscore in the file name. */
  id: number;
  /** The star rating after the underscore (1-10); kept for sorting ties only. */
  rating: number;
  text: string;
}

export interface BuildOptions {
  /** Fingerprint of the input, copied into the manifest. */
  source: ImdbManifest['source'];
  generator: ImdbManifest['generator'];
  /** A shard is closed once adding the next review would pass this size. Default 3 MiB. */
  shardBytes?: number;
  /** Told when a phase starts, for the progress display. */
  onPhase?: (phase: 'sort' | 'count words' | 'encode' | 'hash') => void;
}

export interface BuiltFile {
  /** Relative to the output folder, e.g. "train-000.bin". */
  path: string;
  bytes: Uint8Array;
}

export interface BuildOutput {
  manifest: ImdbManifest;
  /** The data files, then "manifest.json" last. */
  files: BuiltFile[];
}

export const DEFAULT_SHARD_BYTES = 3 * 1024 * 1024;
export const VOCAB_FILE = 'vocab.txt';
export const MANIFEST_FILE = 'manifest.json';
export const WORD_ORDER =
  'frequency in the training split, most frequent first; ties by first occurrence in the corpus sorted by split, label (neg, pos), numeric file id';

const SPLIT_RANK: Record<SplitName, number> = { train: 0, test: 1 };

/** Deterministic order: split (train, test), label (neg, pos), file id, then rating and text. */
export function compareReviews(a: RawReview, b: RawReview): number {
  return (
    SPLIT_RANK[a.split] - SPLIT_RANK[b.split] ||
    a.label - b.label ||
    a.id - b.id ||
    a.rating - b.rating ||
    (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)
  );
}

/**
 * Ranks the training words. One tokenizer pass: each word gets a provisional id in order of first
 * occurrence while its count grows; a stable sort by count then gives the Keras order.
 * @returns the words in rank order and each training review as provisional ids
 */
function rankTrainingWords(train: readonly RawReview[]): { words: string[]; reviews: Int32Array[]; rankOf: Int32Array } {
  const firstSeen = new Map<string, number>();
  const seenWords: string[] = [];
  let counts = new Int32Array(1024);
  const reviews = train.map((r) => {
    const tokens = tokenize(r.text);
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      let p = firstSeen.get(tokens[i]);
      if (p === undefined) {
        p = seenWords.length;
        firstSeen.set(tokens[i], p);
        seenWords.push(tokens[i]);
        if (p === counts.length) {
          const grown = new Int32Array(counts.length * 2);
          grown.set(counts);
          counts = grown;
        }
      }
      counts[p]++;
      ids[i] = p;
    }
    return ids;
  });
  const order = Array.from(seenWords.keys()).sort((a, b) => counts[b] - counts[a]); // stable: ties keep first-seen order
  const rankOf = new Int32Array(seenWords.length);
  order.forEach((p, rank) => (rankOf[p] = rank));
  return { words: order.map((p) => seenWords[p]), reviews, rankOf };
}

/** Cuts one split's encoded reviews into shards no bigger than `maxBytes` (unless one review is). */
function shardSplit(split: SplitName, reviews: ShardReview[], maxBytes: number): { path: string; reviews: ShardReview[] }[] {
  const varintBytes = (ids: ArrayLike<number>): number => {
    let n = 0;
    for (let i = 0; i < ids.length; i++) n += ids[i] < 0x80 ? 1 : ids[i] < 0x4000 ? 2 : ids[i] < 0x200000 ? 3 : 4;
    return n;
  };
  const groups: ShardReview[][] = [];
  let current: ShardReview[] = [];
  let size = 20;
  for (const r of reviews) {
    const add = 5 + varintBytes(r.ids);
    if (current.length > 0 && size + add > maxBytes) {
      groups.push(current);
      current = [];
      size = 20;
    }
    current.push(r);
    size += add;
  }
  if (current.length > 0 || groups.length === 0) groups.push(current);
  return groups.map((g, i) => ({ path: `${split}-${String(i).padStart(3, '0')}.bin`, reviews: g }));
}

export async function buildImdbFiles(raw: readonly RawReview[], opts: BuildOptions): Promise<BuildOutput> {
  opts.onPhase?.('sort');
  const sorted = [...raw].sort(compareReviews);
  const bySplit = { train: sorted.filter((r) => r.split === 'train'), test: sorted.filter((r) => r.split === 'test') };

  opts.onPhase?.('count words');
  const ranked = rankTrainingWords(bySplit.train);
  const rankIds = new Map<string, number>();
  ranked.words.forEach((w, rank) => rankIds.set(w, rank + INDEX_FROM));

  opts.onPhase?.('encode');
  const encoded: Record<SplitName, ShardReview[]> = {
    train: bySplit.train.map((r, i) => {
      const prov = ranked.reviews[i];
      const ids = new Int32Array(prov.length + 1);
      ids[0] = START_ID;
      for (let j = 0; j < prov.length; j++) ids[j + 1] = ranked.rankOf[prov[j]] + INDEX_FROM;
      return { label: r.label, ids };
    }),
    test: bySplit.test.map((r) => {
      const tokens = tokenize(r.text);
      const ids = new Int32Array(tokens.length + 1);
      ids[0] = START_ID;
      for (let j = 0; j < tokens.length; j++) ids[j + 1] = rankIds.get(tokens[j]) ?? OOV_ID;
      return { label: r.label, ids };
    }),
  };

  opts.onPhase?.('hash');
  const files: BuiltFile[] = [];
  const entry = async (path: string, bytes: Uint8Array): Promise<FileEntry> => {
    files.push({ path, bytes });
    return { path, bytes: bytes.length, sha256: await sha256Hex(bytes) };
  };
  const vocab = await entry(VOCAB_FILE, encodeVocab(ranked.words));
  const shards = {} as Record<SplitName, ShardEntry[]>;
  const counts = {} as Record<SplitName, LabelCounts>;
  for (const split of SPLITS) {
    shards[split] = [];
    for (const group of shardSplit(split, encoded[split], opts.shardBytes ?? DEFAULT_SHARD_BYTES)) {
      const e = await entry(group.path, encodeShard(group.reviews));
      const tokens = group.reviews.reduce((s, r) => s + r.ids.length, 0);
      shards[split].push({ ...e, reviews: group.reviews.length, tokens });
    }
    const pos = bySplit[split].filter((r) => r.label === 1).length;
    counts[split] = { neg: bySplit[split].length - pos, pos };
  }

  const manifest: ImdbManifest = {
    formatVersion: MANIFEST_FORMAT_VERSION,
    dataset: 'aclImdb_v1',
    counts,
    vocabSize: ranked.words.length,
    wordIndex: { pad: 0, start: 1, oov: 2, indexFrom: 3, order: WORD_ORDER, tokenizer: TOKENIZER_DESCRIPTION },
    shardFormatVersion: SHARD_VERSION,
    vocab,
    shards,
    source: opts.source,
    generator: opts.generator,
  };
  files.push({ path: MANIFEST_FILE, bytes: new TextEncoder().encode(serializeManifest(manifest)) });
  return { manifest, files };
}
