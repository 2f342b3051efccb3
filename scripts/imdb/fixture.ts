/**
 * Test fixtures: tiny synthetic IMDB corpora built with the real build code and served from
 * memory, so the loader's tests need neither the tarball nor a file system.
 */
import type { AssetSource } from '../../src/engine/data/assets';
import { DataFileError } from '../../src/engine/data/imdb/errors';
import { buildImdbFiles, type BuildOutput, type RawReview } from './build';

const FAKE_SHA = 'a'.repeat(64);

/**
 * Four training and two test reviews whose word ranks are easy to work out by hand:
 * train counts are bad 4, movie 4, good 3, then awful, plot, great, acting, wonderful once each,
 * so ids are bad 3, movie 4, good 5, awful 6, plot 7, great 8, acting 9, wonderful 10.
 */
export const TINY_REVIEWS: RawReview[] = [
  { split: 'train', label: 1, id: 1, rating: 9, text: 'Great movie! Good acting,<br /><br />wonderful.' },
  { split: 'train', label: 0, id: 0, rating: 1, text: 'bad bad bad movie' },
  { split: 'train', label: 1, id: 0, rating: 8, text: 'good GOOD movie' },
  { split: 'train', label: 0, id: 1, rating: 2, text: 'awful movie, bad plot' },
  { split: 'test', label: 0, id: 0, rating: 1, text: 'terrible movie. bad' },
  { split: 'test', label: 1, id: 0, rating: 10, text: 'good film' },
];

/**
 * `perClass` reviews per class per split. Review k of a class has k % 13 + 1 words: its class word
 * ("good" or "bad") and fillers "w0".."w11", so lengths vary and rarer fillers fall outside small
 * vocabularies.
 */
export function makeReviews(perClass: number): RawReview[] {
  const out: RawReview[] = [];
  for (const split of ['train', 'test'] as const) {
    for (const label of [0, 1] as const) {
      for (let k = 0; k < perClass; k++) {
        const words = [label ? 'good' : 'bad'];
        for (let j = 0; j < k % 13; j++) words.push(`w${j}`);
        out.push({ split, label, id: k, rating: label ? 8 : 2, text: words.join(' ') });
      }
    }
  }
  return out;
}

export function buildFixture(reviews: readonly RawReview[], shardBytes?: number): Promise<BuildOutput> {
  return buildImdbFiles(reviews, {
    source: { file: 'synthetic.tar.gz', bytes: 0, sha256: FAKE_SHA },
    generator: { version: 0, sourceSha256: FAKE_SHA },
    shardBytes,
  });
}

export interface MemorySource extends AssetSource {
  /** Files by path under the data root ("imdb/..."); edit them to simulate damage. */
  files: Map<string, Uint8Array>;
  fetched: string[];
  evicted: string[];
}

/** Serves a build under "imdb/"; `evict` is recorded and, when `withEvict` is false, absent. */
export function memorySource(built: BuildOutput, withEvict = true): MemorySource {
  const files = new Map(built.files.map((f) => [`imdb/${f.path}`, f.bytes]));
  const source: MemorySource = {
    files,
    fetched: [],
    evicted: [],
    async fetchBytes(path, onProgress) {
      source.fetched.push(path);
      const bytes = files.get(path);
      if (!bytes) throw new DataFileError(path, 'missing', 'not in the fixture');
      onProgress?.(Math.floor(bytes.length / 2), bytes.length);
      onProgress?.(bytes.length, bytes.length);
      return bytes.slice();
    },
  };
  if (withEvict) source.evict = async (path) => void source.evicted.push(path);
  return source;
}
