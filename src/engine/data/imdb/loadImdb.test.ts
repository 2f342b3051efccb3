import { beforeEach, describe, expect, it } from 'vitest';
import { BASE_HYPERPARAMS } from '../../../scenarios/defaults';
import type { HyperParams } from '../../../config/hyperparams';
import type { DataProgress } from '../../types';
import type { Split } from '../dataset';
import { TINY_REVIEWS, buildFixture, makeReviews, memorySource } from '../../../../scripts/imdb/fixture';
import { DataFileError } from './errors';
import { serializeManifest, sha256Hex } from './manifest';
import { chooseReviews, clearImdbCache, loadImdb } from './loadImdb';
import { createRng } from '../../rng';

const hp = (over: Partial<HyperParams>): HyperParams => ({ ...BASE_HYPERPARAMS, seed: 1, trainSubset: 0, ...over });

/** Rows as "label: ids", sorted, so tests can ignore the seeded shuffle. */
function rows(s: Split): string[] {
  const n = s.xShape[0];
  const w = s.xShape[1];
  return Array.from({ length: n }, (_, i) => `${s.y[i]}: ${Array.from(s.x.subarray(i * w, (i + 1) * w)).join(' ')}`).sort();
}

const tiny = await buildFixture(TINY_REVIEWS);
const fifty = await buildFixture(makeReviews(50));

beforeEach(() => clearImdbCache());

describe('loadImdb: Keras load_data(num_words) + pad_sequences(maxlen)', () => {
  it('keeps ids below num_words, maps the rest to 2, and keeps the last maxlen ids', async () => {
    const { dataset } = await loadImdb(memorySource(tiny), hp({ vocabSize: 6, seqLength: 4 }));
    // Raw: [1 3 3 3 4], [1 6 4 3 7], [1 5 5 4], [1 8 4 5 9 10]; ids 6+ become 2.
    expect(rows(dataset.train)).toEqual(['0: 2 4 3 2', '0: 3 3 3 4', '1: 1 5 5 4', '1: 4 5 2 2']);
    // Raw test: [1 2 4 3] ("terrible" unseen in training), [1 5 2].
    expect(rows(dataset.validation!)).toEqual(['0: 1 2 4 3', '1: 0 1 5 2']);
  });

  it('pads short reviews at the front with 0, start marker kept', async () => {
    const { dataset } = await loadImdb(memorySource(tiny), hp({ vocabSize: 100, seqLength: 7 }));
    expect(rows(dataset.train)).toEqual([
      '0: 0 0 1 3 3 3 4',
      '0: 0 0 1 6 4 3 7',
      '1: 0 0 0 1 5 5 4',
      '1: 0 1 8 4 5 9 10',
    ]);
  });

  it('returns typed arrays with Keras shapes', async () => {
    const { dataset } = await loadImdb(memorySource(tiny), hp({ vocabSize: 100, seqLength: 5 }));
    expect(dataset.train.x).toBeInstanceOf(Int32Array);
    expect(dataset.train.y).toBeInstanceOf(Float32Array);
    expect(dataset.train.xShape).toEqual([4, 5]);
    expect(dataset.train.yShape).toEqual([4, 1]);
    expect(dataset.validation!.xShape).toEqual([2, 5]);
  });

  it('reads a split spread over several shards exactly like one shard', async () => {
    const reviews = makeReviews(40);
    const a = await loadImdb(memorySource(await buildFixture(reviews)), hp({ vocabSize: 8, seqLength: 6 }));
    clearImdbCache();
    const many = await buildFixture(reviews, 150);
    expect(many.manifest.shards.train.length).toBeGreaterThan(2);
    const b = await loadImdb(memorySource(many), hp({ vocabSize: 8, seqLength: 6 }));
    expect(b.dataset.train.x).toEqual(a.dataset.train.x);
    expect(b.dataset.validation!.y).toEqual(a.dataset.validation!.y);
  });
});

describe('loadImdb: subsets and shuffling', () => {
  const labels = (s: Split): number[] => Array.from(s.y);

  it('uses everything, shuffled, when trainSubset is 0', async () => {
    const { dataset, preview } = await loadImdb(memorySource(fifty), hp({ vocabSize: 20, seqLength: 5 }));
    expect(dataset.train.xShape[0]).toBe(100);
    expect(dataset.validation!.xShape[0]).toBe(100);
    expect(labels(dataset.train).slice(0, 50)).not.toEqual(new Array(50).fill(0));
    expect(preview.trainCount).toBe(100);
    expect(preview.testCount).toBe(100);
  });

  it('takes a balanced, seeded subset of both train and test', async () => {
    const a = await loadImdb(memorySource(fifty), hp({ vocabSize: 20, seqLength: 5, trainSubset: 10, seed: 7 }));
    for (const s of [a.dataset.train, a.dataset.validation!]) {
      expect(s.xShape).toEqual([10, 5]);
      expect(labels(s).filter((l) => l === 1)).toHaveLength(5);
    }
    const again = await loadImdb(memorySource(fifty), hp({ vocabSize: 20, seqLength: 5, trainSubset: 10, seed: 7 }));
    expect(again.dataset.train.x).toEqual(a.dataset.train.x);
    const other = await loadImdb(memorySource(fifty), hp({ vocabSize: 20, seqLength: 5, trainSubset: 10, seed: 8 }));
    expect(other.dataset.train.x).not.toEqual(a.dataset.train.x);
  });

  it('gives both classes even to an odd subset of one or three', () => {
    const l = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(chooseReviews(l, 1, createRng(0))).toHaveLength(1);
    const three = Array.from(chooseReviews(l, 3, createRng(0)), (i) => l[i]).sort();
    expect(three).toEqual([0, 1, 1]);
    const lopsided = Uint8Array.from([0, 1, 1, 1, 1, 1]);
    expect(Array.from(chooseReviews(lopsided, 4, createRng(0)), (i) => lopsided[i]).sort()).toEqual([0, 1, 1, 1]);
  });
});

describe('loadImdb: preview, progress and cache', () => {
  it('decodes training reviews with markers and bins their lengths', async () => {
    const { preview, vocab } = await loadImdb(memorySource(tiny), hp({ vocabSize: 6, seqLength: 4 }));
    expect(vocab.words[0]).toBe('bad');
    expect(preview.examples).toHaveLength(4);
    const texts = preview.examples.map((e) => `${e.label} ${e.words} ${e.text}`).sort();
    expect(texts).toEqual([
      '0 4 <START> <OOV> movie bad <OOV>',
      '0 4 <START> bad bad bad movie',
      '1 3 <START> good good movie',
      '1 5 <START> <OOV> movie good <OOV> <OOV>',
    ]);
    expect(preview.lengthHistogram.reduce((s, b) => s + b.count, 0)).toBe(4);
    expect(preview.lengthHistogram[0]).toEqual({ from: 0, to: 50, count: 4 });
  });

  it('reports manifest, download (bytes summed over files), verify and prepare', async () => {
    const events: DataProgress[] = [];
    await loadImdb(memorySource(fifty), hp({}), (p) => events.push(p));
    const stages = [...new Set(events.map((e) => e.stage))];
    expect(stages).toEqual(['manifest', 'download', 'verify', 'prepare']);
    const downloads = events.filter((e) => e.stage === 'download');
    const total = fifty.manifest.vocab.bytes + fifty.manifest.shards.train[0].bytes + fifty.manifest.shards.test[0].bytes;
    expect(downloads.every((e) => e.total === total)).toBe(true);
    expect(Math.max(...downloads.map((e) => e.loaded))).toBe(total);
  });

  it('keeps the decoded corpus: a second run fetches only the manifest', async () => {
    const source = memorySource(fifty);
    await loadImdb(source, hp({ vocabSize: 20 }));
    source.fetched.length = 0;
    const second = await loadImdb(source, hp({ vocabSize: 10, seqLength: 3 }));
    expect(source.fetched).toEqual(['imdb/manifest.json']);
    expect(second.dataset.train.xShape).toEqual([100, 3]);
    expect(Math.max(...second.dataset.train.x)).toBeLessThan(10);
  });

  it('loads afresh when the manifest changes (a rebuilt dataset)', async () => {
    await loadImdb(memorySource(tiny), hp({}));
    const { dataset } = await loadImdb(memorySource(fifty), hp({}));
    expect(dataset.train.xShape[0]).toBe(100);
  });
});

describe('loadImdb: damaged data', () => {
  const shard = 'imdb/train-000.bin';
  const flipByte = (b: Uint8Array): Uint8Array => {
    const c = b.slice();
    c[c.length - 3] ^= 0xff;
    return c;
  };

  async function rejection(p: Promise<unknown>): Promise<DataFileError> {
    const e = await p.then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(DataFileError);
    return e as DataFileError;
  }

  it('rejects a corrupt shard with a typed error naming it', async () => {
    const source = memorySource(fifty, false);
    source.files.set(shard, flipByte(source.files.get(shard)!));
    const e = await rejection(loadImdb(source, hp({})));
    expect(e.problem).toBe('corrupt');
    expect(e.file).toBe(shard);
    expect(e.message).toContain('npm run data:imdb');
  });

  it('evicts a corrupt cached copy, refetches once, then gives up and evicts again', async () => {
    const source = memorySource(fifty);
    source.files.set(shard, flipByte(source.files.get(shard)!));
    const e = await rejection(loadImdb(source, hp({})));
    expect(e.problem).toBe('corrupt');
    expect(source.fetched.filter((p) => p === shard)).toHaveLength(2);
    expect(source.evicted).toEqual([shard, shard]);
  });

  it('heals a stale cached copy by refetching it', async () => {
    const source = memorySource(fifty);
    const good = source.files.get(shard)!;
    source.files.set(shard, flipByte(good));
    source.evict = async (path) => {
      source.evicted.push(path);
      source.files.set(path, good); // the network has the right file
    };
    const { dataset } = await loadImdb(source, hp({}));
    expect(dataset.train.xShape[0]).toBe(100);
    expect(source.evicted).toEqual([shard]);
  });

  it('rejects a truncated shard as truncated', async () => {
    const source = memorySource(fifty, false);
    source.files.set(shard, source.files.get(shard)!.slice(0, 100));
    expect((await rejection(loadImdb(source, hp({})))).problem).toBe('truncated');
  });

  it('rejects a missing shard as missing', async () => {
    const source = memorySource(fifty, false);
    source.files.delete('imdb/test-000.bin');
    const e = await rejection(loadImdb(source, hp({})));
    expect([e.problem, e.file]).toEqual(['missing', 'imdb/test-000.bin']);
  });

  it('rejects a missing or malformed manifest', async () => {
    const missing = memorySource(fifty, false);
    missing.files.delete('imdb/manifest.json');
    expect((await rejection(loadImdb(missing, hp({})))).problem).toBe('missing');
    const html = memorySource(fifty, false);
    html.files.set('imdb/manifest.json', new TextEncoder().encode('<!doctype html>'));
    expect((await rejection(loadImdb(html, hp({})))).problem).toBe('bad-format');
  });

  it('rejects a shard that matches its hash but is not a shard', async () => {
    const source = memorySource(fifty, false);
    const junk = new TextEncoder().encode('not a shard at all');
    const m = structuredClone(fifty.manifest);
    m.shards.train[0] = { ...m.shards.train[0], bytes: junk.length, sha256: await sha256Hex(junk) };
    source.files.set(shard, junk);
    source.files.set('imdb/manifest.json', new TextEncoder().encode(serializeManifest(m)));
    const e = await rejection(loadImdb(source, hp({})));
    expect([e.problem, e.file]).toEqual(['bad-format', shard]);
  });

  it('wraps a plain error from the source into a missing-file error', async () => {
    const e = await rejection(loadImdb({ fetchBytes: () => Promise.reject(new Error('socket hang up')) }, hp({})));
    expect([e.problem, e.file]).toEqual(['missing', 'imdb/manifest.json']);
    expect(e.message).toContain('socket hang up');
  });
});
