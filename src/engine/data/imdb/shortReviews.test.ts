import { beforeEach, describe, expect, it } from 'vitest';
import type { HyperParams } from '../../../config/hyperparams';
import { BASE_HYPERPARAMS } from '../../../scenarios/defaults';
import { buildFixture, makeReviews, memorySource } from '../../../../scripts/imdb/fixture';
import { createRng } from '../../rng';
import type { Split } from '../dataset';
import { clearImdbCache } from './loadImdb';
import { concatBlocks, decodeShard } from './shardFormat';
import {
  CROP_MAX_WORDS, CROP_MIN_WORDS, SHORT_CHECK, batchesBySimilarLength, loadShortReviews, shortCheckSequences, shortReviewSplits,
} from './shortReviews';

const hp = (over: Partial<HyperParams> = {}): HyperParams => ({
  ...BASE_HYPERPARAMS, seed: 3, vocabSize: 1000, seqLength: 60, batchSize: 4, validationSplit: 0.2, trainSubset: 0, ...over,
});

const fixture = await buildFixture(makeReviews(25));
beforeEach(() => clearImdbCache());

/** Row i's ids without the padding. */
const rowOf = (s: Split, i: number): number[] => Array.from(s.x.subarray(i * s.xShape[1], (i + 1) * s.xShape[1])).filter((id) => id !== 0);

describe('the short-reviews data', () => {
  it('trains on every review whole and as one window of 10–50 of its words, each row starting with the start marker', async () => {
    const { dataset } = await loadShortReviews(memorySource(fixture), hp());
    const { train, validation } = dataset;
    // 50 reviews: 10 held out; 40 whole + 40 windows.
    expect(train.xShape).toEqual([80, 60]);
    expect(validation!.xShape).toEqual([10, 60]);
    const lengths = Array.from({ length: 80 }, (_, i) => rowOf(train, i));
    for (const ids of lengths) expect(ids[0]).toBe(1);
    // Windows hold at most CROP_MAX_WORDS words, and at least CROP_MIN_WORDS unless the review is shorter.
    const short = lengths.filter((ids) => ids.length - 1 <= CROP_MAX_WORDS);
    expect(short.length).toBeGreaterThanOrEqual(40);
    expect(Math.min(...lengths.map((ids) => ids.length - 1))).toBeGreaterThanOrEqual(Math.min(CROP_MIN_WORDS, 1));
  });

  it('cuts each review’s window from its end: the start marker, then the review’s last k words', async () => {
    const { splits } = await (await import('./corpus')).loadCorpus(memorySource(fixture));
    const train = splits.train;
    const { train: rows } = shortReviewSplits(train, hp({ validationSplit: 0, seqLength: 400 }), createRng(5));
    const reviews = Array.from({ length: train.labels.length }, (_, i) => Array.from(train.tokens.subarray(train.offsets[i] + 1, train.offsets[i + 1])));
    const all = Array.from({ length: rows.xShape[0] }, (_, i) => rowOf(rows, i));
    // Each review appears whole once; every other row is the tail of a review with the same label.
    const windows = all.filter((ids, i) => !reviews.some((r, j) => r.length === ids.length - 1 && train.labels[j] === rows.y[i] && r.every((id, k) => id === ids[k + 1])) || ids.length - 1 <= CROP_MAX_WORDS);
    expect(windows.length).toBeGreaterThanOrEqual(reviews.length);
    for (const ids of windows) {
      const words = ids.slice(1);
      expect(reviews.some((r) => r.length >= words.length && words.every((id, k) => id === r[r.length - words.length + k]))).toBe(true);
    }
  });

  it('puts rows of similar length together, each batch of 4 within the sorted order, the batches in a seeded order', () => {
    const lengths = [9, 1, 7, 3, 5, 2, 8, 4, 6, 0];
    const order = batchesBySimilarLength(lengths, 4, createRng(1));
    expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Sorted lengths 0–9 cut into batches [0–3], [4–7], [8–9]: the order is those batches whole, in some order.
    const chunks = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]];
    const seen: number[][] = [];
    for (let p = 0; p < order.length;) {
      const chunk = chunks.find((c) => c.includes(lengths[order[p]]))!;
      seen.push(Array.from(order.subarray(p, p + chunk.length), (i) => lengths[i]).sort((a, b) => a - b));
      p += chunk.length;
    }
    expect(seen.sort((a, b) => a[0] - b[0])).toEqual(chunks);
    expect(order).not.toEqual(batchesBySimilarLength(lengths, 4, createRng(2)));
  });

  it('holds out the last fraction of the shuffled training reviews, whole, for validation', async () => {
    const corpus = (await import('./corpus')).loadCorpus;
    const { splits } = await corpus(memorySource(fixture));
    const a = shortReviewSplits(splits.train, hp(), createRng(3));
    const b = shortReviewSplits(splits.train, hp({ validationSplit: 0 }), createRng(3));
    expect(a.validation!.xShape[0]).toBe(10);
    expect(b.validation).toBeUndefined();
    expect(b.train.xShape[0]).toBe(100);
  });

  it('cuts the check from each test review: its last 10–25 words after the start marker, the same cuts whatever the run', async () => {
    const blocks = fixture.files.filter((f) => f.path.includes('test')).map((f) => decodeShard(f.bytes));
    const test = concatBlocks(blocks);
    const seqs = shortCheckSequences(test, 1000);
    expect(seqs).toHaveLength(test.labels.length);
    seqs.forEach((seq, i) => {
      const review = Array.from(test.tokens.subarray(test.offsets[i], test.offsets[i + 1]));
      const words = review.length - 1;
      expect(seq[0]).toBe(1);
      expect(seq.length - 1).toBe(Math.min(words, seq.length - 1));
      if (words >= SHORT_CHECK.maxWords) {
        expect(seq.length - 1).toBeGreaterThanOrEqual(SHORT_CHECK.minWords);
        expect(seq.length - 1).toBeLessThanOrEqual(SHORT_CHECK.maxWords);
      }
      // The review's last words, in order.
      expect(Array.from(seq.subarray(1))).toEqual(review.slice(review.length - (seq.length - 1)).map((id) => (id >= 1000 ? 2 : id)));
    });
    // A subset is cut as the whole check cuts those reviews.
    expect(shortCheckSequences(test, 1000, [3, 1]).map((s) => Array.from(s))).toEqual([Array.from(seqs[3]), Array.from(seqs[1])]);
  });

  it('reads the test set and the check once, at the end (final checks), not as validation', async () => {
    const { dataset } = await loadShortReviews(memorySource(fixture), hp());
    expect(dataset.finalChecks?.map((c) => c.set)).toEqual(['test', 'short-reviews']);
    const [test, check] = dataset.finalChecks!.map((c) => c.build());
    expect(test.xShape[0]).toBe(check.xShape[0]);
    // Sorted by length: a prediction batch of similar rows.
    const lengths = Array.from({ length: check.xShape[0] }, (_, i) => rowOf(check, i).length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
  });
});
