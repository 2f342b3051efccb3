/**
 * Fetches the prepared IMDB files through an injected `AssetSource`, checks each against the
 * manifest, and decodes them into the raw corpus: every review's full id sequence, before any
 * `num_words` or `maxlen` is applied. The result is kept in memory, keyed by the manifest's hash,
 * so a second training run (another vocabulary size, another maxlen) neither downloads nor decodes
 * again, while a rebuilt dataset (a new manifest) is never mixed with the old one.
 */
import type { AssetSource } from '../assets';
import type { DataProgress } from '../../types';
import { DataFileError, isDataFileError } from './errors';
import {
  MANIFEST_PATH, SPLITS, dataPath, manifestFiles, parseManifest, sha256Hex, verifyFile,
  type FileEntry, type ImdbManifest, type SplitName,
} from './manifest';
import { concatBlocks, decodeShard, type ReviewBlock } from './shardFormat';
import { decodeVocab, type ImdbVocab } from './vocab';

export interface ImdbCorpus {
  /** SHA-256 of the manifest bytes: identifies this build of the data. */
  key: string;
  manifest: ImdbManifest;
  vocab: ImdbVocab;
  /** Each split in stored order (label, then file id); ids are the full word index. */
  splits: Record<SplitName, ReviewBlock>;
}

/** How many files download at once: enough to hide latency, few enough to keep progress readable. */
const PARALLEL_DOWNLOADS = 3;

let cached: ImdbCorpus | undefined;

/** Drops the in-memory corpus (tests; or to free ~60 MB when IMDB is no longer in use). */
export function clearCorpusCache(): void {
  cached = undefined;
}

/** Reads one file, turning whatever the source throws into a `DataFileError` that names it. */
async function fetchFile(source: AssetSource, path: string, onBytes?: (loaded: number) => void): Promise<Uint8Array> {
  try {
    return await source.fetchBytes(path, onBytes && ((loaded) => onBytes(loaded)));
  } catch (e) {
    if (isDataFileError(e)) throw e;
    throw new DataFileError(path, 'missing', e instanceof Error ? e.message : String(e));
  }
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping results in order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Loads (or reuses) the corpus. Progress: 'manifest', then 'download' with bytes summed over all
 * files, then 'verify' with bytes checked so far.
 *
 * A file that fails its check is evicted from the source's cache and fetched once more before the
 * error is raised: a browser cache may hold a file from an older build, and that should heal
 * itself rather than ask the user to press Retry.
 */
export async function loadCorpus(source: AssetSource, onProgress?: (p: DataProgress) => void): Promise<ImdbCorpus> {
  onProgress?.({ stage: 'manifest', loaded: 0, total: 0, file: MANIFEST_PATH });
  const manifestBytes = await fetchFile(source, MANIFEST_PATH);
  const manifest = parseManifest(manifestBytes);
  const key = await sha256Hex(manifestBytes);
  onProgress?.({ stage: 'manifest', loaded: manifestBytes.length, total: manifestBytes.length, file: MANIFEST_PATH });
  if (cached?.key === key) return cached;

  const entries = manifestFiles(manifest);
  const total = entries.reduce((s, e) => s + e.bytes, 0);
  const loaded = new Array<number>(entries.length).fill(0);
  const download = (entry: FileEntry, i: number): Promise<Uint8Array> => {
    loaded[i] = 0;
    return fetchFile(source, dataPath(entry), (n) => {
      loaded[i] = Math.min(n, entry.bytes);
      onProgress?.({ stage: 'download', loaded: loaded.reduce((a, b) => a + b, 0), total, file: dataPath(entry) });
    });
  };
  const files = await mapLimited(entries, PARALLEL_DOWNLOADS, download);

  let verified = 0;
  for (const [i, entry] of entries.entries()) {
    const path = dataPath(entry);
    onProgress?.({ stage: 'verify', loaded: verified, total, file: path });
    try {
      await verifyFile(entry, files[i], path);
    } catch (e) {
      if (!source.evict) throw e;
      await source.evict(path);
      files[i] = await download(entry, i);
      try {
        await verifyFile(entry, files[i], path);
      } catch (again) {
        await source.evict(path); // never leave a bad copy for the next Retry
        throw again;
      }
    }
    verified += entry.bytes;
  }
  onProgress?.({ stage: 'verify', loaded: total, total });

  cached = decodeCorpus(key, manifest, files);
  return cached;
}

/** Decodes verified files (in `manifestFiles` order) and checks they agree with the manifest. */
function decodeCorpus(key: string, manifest: ImdbManifest, files: Uint8Array[]): ImdbCorpus {
  let vocab: ImdbVocab;
  const vocabPath = dataPath(manifest.vocab);
  try {
    vocab = decodeVocab(files[0]);
  } catch (e) {
    throw new DataFileError(vocabPath, 'bad-format', e instanceof Error ? e.message : String(e));
  }
  if (vocab.words.length !== manifest.vocabSize) {
    throw new DataFileError(vocabPath, 'bad-format', `${vocab.words.length} words, the manifest says ${manifest.vocabSize}`);
  }
  let f = 1;
  const splits = {} as Record<SplitName, ReviewBlock>;
  for (const split of SPLITS) {
    const blocks = manifest.shards[split].map((entry) => {
      const path = dataPath(entry);
      const block = decodeShard(files[f++], path);
      if (block.labels.length !== entry.reviews || block.tokens.length !== entry.tokens) {
        throw new DataFileError(path, 'bad-format', 'its review or token count disagrees with the manifest');
      }
      return block;
    });
    splits[split] = concatBlocks(blocks);
    const pos = splits[split].labels.reduce((s, l) => s + l, 0);
    const want = manifest.counts[split];
    if (pos !== want.pos || splits[split].labels.length - pos !== want.neg) {
      throw new DataFileError(MANIFEST_PATH, 'bad-format', `the ${split} shards' labels disagree with its counts`);
    }
  }
  return { key, manifest, vocab, splits };
}
