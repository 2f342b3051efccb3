/**
 * Reads the IMDB reviews straight out of the .tar.gz, as a stream: gunzip, then tar-stream, with
 * nothing extracted to disk. Only aclImdb/{train,test}/{pos,neg}/<id>_<rating>.txt entries are
 * kept; everything else in the official tarball (train/unsup, *.feat, urls_*.txt, imdb.vocab,
 * imdbEr.txt, README) is skipped.
 */
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import type { SplitName } from '../../src/engine/data/imdb/manifest';
import type { RawReview } from './build';

/** The published size of each class in each split. */
export const REVIEWS_PER_CLASS = 12_500;

const REVIEW_PATH = /^(?:\.\/)?aclImdb\/(train|test)\/(pos|neg)\/(\d+)_(\d+)\.txt$/;

/** Parses a tar entry name; `undefined` for anything that is not a labelled review. */
export function parseReviewPath(name: string): Omit<RawReview, 'text'> | undefined {
  const m = REVIEW_PATH.exec(name);
  if (!m) return undefined;
  return { split: m[1] as SplitName, label: m[2] === 'pos' ? 1 : 0, id: Number(m[3]), rating: Number(m[4]) };
}

export interface ReadProgress {
  /** Tar entries seen, reviews or not. */
  entries: number;
  reviews: number;
  /** Compressed bytes read so far, and the file's size. */
  bytesRead: number;
  bytesTotal: number;
}

/**
 * Reads every labelled review from a .tar.gz file (or any stream of one).
 * @param onProgress called every few hundred entries and once at the end
 */
export async function readImdbTarball(
  file: string,
  onProgress?: (p: ReadProgress) => void,
): Promise<RawReview[]> {
  const bytesTotal = (await stat(file)).size;
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  input.on('data', (chunk) => (bytesRead += chunk.length));
  try {
    return await readImdbTarStream(input, (p) => onProgress?.({ ...p, bytesRead, bytesTotal }));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`${file} could not be read (${why}). If it is a partial or damaged download, delete it and run again.`);
  }
}

/** The stream half of `readImdbTarball`, for tests that build a tarball in memory. */
export async function readImdbTarStream(
  gzipped: Readable,
  onProgress?: (p: Pick<ReadProgress, 'entries' | 'reviews'>) => void,
): Promise<RawReview[]> {
  const extract = tar.extract();
  const gunzip = createGunzip();
  // Errors from the file or from gunzip must end the loop below, not hang it.
  const fail = (e: Error): void => void extract.destroy(e);
  gzipped.on('error', fail);
  gunzip.on('error', (e) => fail(new Error(`the tarball is not valid gzip: ${e.message}`)));
  gzipped.pipe(gunzip).pipe(extract);

  const decoder = new TextDecoder('utf-8');
  const reviews: RawReview[] = [];
  let entries = 0;
  for await (const entry of extract) {
    entries++;
    const where = entry.header.type === 'file' ? parseReviewPath(entry.header.name) : undefined;
    if (!where) {
      entry.resume(); // skip its bytes
    } else {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      reviews.push({ ...where, text: decoder.decode(Buffer.concat(chunks)) });
    }
    if (entries % 500 === 0) onProgress?.({ entries, reviews: reviews.length });
  }
  onProgress?.({ entries, reviews: reviews.length });
  return reviews;
}

/**
 * Checks the reviews are the full labelled dataset: each split and class has `perClass` reviews
 * and no file id repeats. Returns a sentence describing the first problem, or `undefined`.
 */
export function countProblem(reviews: readonly RawReview[], perClass = REVIEWS_PER_CLASS): string | undefined {
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  for (const r of reviews) {
    const dir = `${r.split}/${r.label ? 'pos' : 'neg'}`;
    const key = `${dir}/${r.id}`;
    if (seen.has(key)) return `aclImdb/${key}_*.txt appears twice`;
    seen.add(key);
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  for (const dir of ['train/neg', 'train/pos', 'test/neg', 'test/pos']) {
    const n = counts.get(dir) ?? 0;
    if (n !== perClass) return `aclImdb/${dir} has ${n} reviews, expected ${perClass}`;
  }
  return undefined;
}

/** SHA-256 (hex) and size of a file, streamed. */
export async function fingerprintFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}
