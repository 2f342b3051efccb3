import { describe, expect, it } from 'vitest';
import { SPLITS, parseManifest, sha256Hex } from '../../src/engine/data/imdb/manifest';
import { concatBlocks, decodeShard } from '../../src/engine/data/imdb/shardFormat';
import { decodeVocab } from '../../src/engine/data/imdb/vocab';
import { TINY_REVIEWS, buildFixture, makeReviews } from './fixture';
import type { BuildOutput } from './build';

const fileOf = (b: BuildOutput, path: string): Uint8Array => b.files.find((f) => f.path === path)!.bytes;

function reviewsOf(b: BuildOutput, split: 'train' | 'test'): { label: number; ids: number[] }[] {
  const block = concatBlocks(b.manifest.shards[split].map((s) => decodeShard(fileOf(b, s.path))));
  return Array.from(block.labels, (label, i) => ({
    label,
    ids: Array.from(block.tokens.subarray(block.offsets[i], block.offsets[i + 1])),
  }));
}

describe('buildImdbFiles', () => {
  it('ranks training words by count, ties by first occurrence, ids from 3', async () => {
    const b = await buildFixture(TINY_REVIEWS);
    expect(decodeVocab(fileOf(b, 'vocab.txt')).words).toEqual(
      ['bad', 'movie', 'good', 'awful', 'plot', 'great', 'acting', 'wonderful'],
    );
    expect(b.manifest.vocabSize).toBe(8);
  });

  it('encodes reviews sorted by label then id, each starting with 1', async () => {
    const b = await buildFixture(TINY_REVIEWS);
    expect(reviewsOf(b, 'train')).toEqual([
      { label: 0, ids: [1, 3, 3, 3, 4] }, // bad bad bad movie
      { label: 0, ids: [1, 6, 4, 3, 7] }, // awful movie bad plot
      { label: 1, ids: [1, 5, 5, 4] }, // good good movie
      { label: 1, ids: [1, 8, 4, 5, 9, 10] }, // great movie good acting wonderful
    ]);
  });

  it('maps test words never seen in training to 2', async () => {
    const b = await buildFixture(TINY_REVIEWS);
    expect(reviewsOf(b, 'test')).toEqual([
      { label: 0, ids: [1, 2, 4, 3] }, // terrible movie bad
      { label: 1, ids: [1, 5, 2] }, // good film
    ]);
  });

  it('counts reviews per split and label', async () => {
    const b = await buildFixture(makeReviews(7));
    expect(b.manifest.counts).toEqual({ train: { neg: 7, pos: 7 }, test: { neg: 7, pos: 7 } });
  });

  it('gives byte-identical files whatever order the reviews arrive in', async () => {
    const reviews = makeReviews(30);
    const a = await buildFixture(reviews);
    const b = await buildFixture([...reviews].reverse());
    expect(b.files.map((f) => f.path)).toEqual(a.files.map((f) => f.path));
    for (let i = 0; i < a.files.length; i++) expect(await sha256Hex(b.files[i].bytes)).toBe(await sha256Hex(a.files[i].bytes));
  });

  it('cuts splits into shards under the size limit, which concatenate back', async () => {
    const reviews = makeReviews(40);
    const one = await buildFixture(reviews);
    const many = await buildFixture(reviews, 200);
    for (const split of SPLITS) {
      expect(one.manifest.shards[split]).toHaveLength(1);
      expect(many.manifest.shards[split].length).toBeGreaterThan(3);
      for (const s of many.manifest.shards[split]) expect(s.bytes).toBeLessThanOrEqual(200);
      expect(reviewsOf(many, split)).toEqual(reviewsOf(one, split));
    }
    expect(many.manifest.shards.train.map((s) => s.path).slice(0, 2)).toEqual(['train-000.bin', 'train-001.bin']);
  });

  it('writes a manifest that parses, lists every file with its size and hash, and ends the file list', async () => {
    const b = await buildFixture(TINY_REVIEWS);
    const last = b.files[b.files.length - 1];
    expect(last.path).toBe('manifest.json');
    const m = parseManifest(last.bytes);
    expect(m).toEqual(b.manifest);
    for (const e of [m.vocab, ...m.shards.train, ...m.shards.test]) {
      const bytes = fileOf(b, e.path);
      expect(e.bytes).toBe(bytes.length);
      expect(e.sha256).toBe(await sha256Hex(bytes));
    }
    expect(new TextDecoder().decode(last.bytes)).not.toMatch(/20\d\d-\d\d-\d\d/); // no timestamps
  });
});
