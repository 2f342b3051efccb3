/**
 * IMDB for the short-reviews cards (`scenarios/shortReviews.ts`, and `shortReviewsConv.ts` with a
 * Conv1D front), beyond the tutorials: the same reviews and word ids as `loadImdb.ts`, cut so that
 * a model learns short texts as well as long ones, validated on training reviews, and tested once
 * at the end on IMDB's test set and on the short-review check.
 *
 * Why not the tutorials' data: they pre-pad every review to 80 or 500 steps and validate on the
 * test set. A 15-word review is then 65 or 485 padding steps the model never learned to ignore
 * (issue #21 measured 62.6% and 69.4% on short real reviews). Here the masked card skips the
 * padding (`Embedding(mask_zero=True)`); the Conv1D card, which Keras does not let mask, reads it
 * and learns to read past it from the cut rows. Every training review is seen twice per epoch:
 * whole (its last `seqLength` ids, as `pad_sequences` keeps them) and as its last k words, k drawn from
 * 10–`CROP_MAX_WORDS` per review and run, the length of a short review typed into the box. Every
 * row starts with the start marker, as a typed review does (`encodeReview.ts`).
 *
 * Why the last words and not a window anywhere: measured (seed 1, 3 epochs, `npm run
 * bench:short-reviews`), windows drawn anywhere in the review gave 73.9% on the short-review check:
 * the middle of a review is mostly plot, labelled with the review's verdict all the same. A
 * review's last words are where it says what it thinks, which is what a short review is.
 *
 * Rows of a batch are of similar length (sorted into batches, the batches in a seeded random
 * order): the trainers skip the steps that are padding in every row of a batch, so a batch of
 * 20-word windows costs 20 steps, not `seqLength`, for a masked model (an unmasked one reads
 * every step either way). The cards train without Keras' per-sample shuffle for that reason (the
 * windows are drawn anew for each run from its seed).
 */
import type { HyperParams } from '../../../config/hyperparams';
import { createRng, permutation, type Rng } from '../../rng';
import type { DataProgress } from '../../types';
import type { AssetSource } from '../assets';
import type { Dataset, Split } from '../dataset';
import { padSequences } from '../padSequences';
import { loadCorpus } from './corpus';
import { chooseReviews, type ImdbData } from './loadImdb';
import { buildPreview } from './preview';
import type { ReviewBlock } from './shardFormat';
import { OOV_ID, START_ID } from './vocab';

/** The short-review check: each test review cut to its last 10–25 words (after the start marker). */
export const SHORT_CHECK = {
  minWords: 10,
  maxWords: 25,
  /**
   * Fixed, not the run's seed: every run and every tutorial is measured on the same 25,000 cuts.
   * The words kept are the review's last, where a review usually says what it thinks.
   */
  seed: 21,
} as const;

/** The training windows: 10 words (as short as the check) up to this many. */
export const CROP_MIN_WORDS = SHORT_CHECK.minWords;
export const CROP_MAX_WORDS = 50;

type Params = Pick<HyperParams, 'vocabSize' | 'seqLength' | 'seed' | 'batchSize' | 'validationSplit' | 'trainSubset'>;

/** A review's words (ids after the start marker). */
function wordsOf(block: ReviewBlock, i: number): Int32Array {
  const ids = block.tokens.subarray(block.offsets[i], block.offsets[i + 1]);
  return ids[0] === START_ID ? ids.subarray(1) : ids;
}

/** [start, ...words] with ids at or above `vocabSize` as `<OOV>` (Keras' `num_words`). */
function withStart(words: ArrayLike<number>, vocabSize: number): Int32Array {
  const seq = new Int32Array(words.length + 1);
  seq[0] = START_ID;
  for (let k = 0; k < words.length; k++) seq[k + 1] = words[k] >= vocabSize ? OOV_ID : words[k];
  return seq;
}

/** A uniform whole number in [lo, hi]. */
const between = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1));

/**
 * Rows pre-padded to `seqLength`, in the given order of `seqs`. `x` int32 ids, `y` [N, 1]. The
 * lengths after truncation are returned too: the batch order is built from them.
 */
function toRows(seqs: Int32Array[], labels: ArrayLike<number>, seqLength: number): Split {
  return {
    x: padSequences(seqs, { maxlen: seqLength }),
    xShape: [seqs.length, seqLength],
    y: Float32Array.from(labels),
    yShape: [seqs.length, 1],
  };
}

/**
 * Sequences ordered so that each run of `batchSize` holds similar lengths: sorted by length (ties
 * in the order given), cut into batches, the batches in a random order.
 */
export function batchesBySimilarLength(lengths: ArrayLike<number>, batchSize: number, rng: Rng): Int32Array {
  const n = lengths.length;
  const byLength = Array.from({ length: n }, (_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const batches = Math.ceil(n / batchSize);
  const order = permutation(batches, rng);
  const out = new Int32Array(n);
  let p = 0;
  for (const b of order) for (let i = b * batchSize; i < Math.min(n, (b + 1) * batchSize); i++) out[p++] = byLength[i];
  return out;
}

/** Indices sorted by length: a set predicted in batches of similar length costs the least. */
function byLength(seqs: Int32Array[], seqLength: number): number[] {
  return seqs.map((_, i) => i).sort((a, b) => Math.min(seqs[a].length, seqLength) - Math.min(seqs[b].length, seqLength) || a - b);
}

/**
 * The check's cut of each review: start marker + its last k words, k in [10, 25]. The k of review
 * i is the i-th draw from the check's own seed, whichever reviews are asked for, so a quick run's
 * subset is cut as the full check cuts those reviews.
 */
export function shortCheckSequences(block: ReviewBlock, vocabSize: number, reviews: ArrayLike<number> = allOf(block)): Int32Array[] {
  const rng = createRng(SHORT_CHECK.seed);
  const ks = Int32Array.from({ length: block.labels.length }, () => between(rng, SHORT_CHECK.minWords, SHORT_CHECK.maxWords));
  return Array.from(reviews, (i) => {
    const words = wordsOf(block, i);
    return withStart(words.subarray(Math.max(0, words.length - ks[i])), vocabSize);
  });
}

const allOf = (block: ReviewBlock): Int32Array => Int32Array.from({ length: block.labels.length }, (_, i) => i);

/** The short-review check as model input: the test reviews' cuts, sorted by length. */
export function shortCheckSplit(test: ReviewBlock, seqLength: number, vocabSize: number, reviews: ArrayLike<number> = allOf(test)): Split {
  const seqs = shortCheckSequences(test, vocabSize, reviews);
  const order = byLength(seqs, seqLength);
  return toRows(order.map((k) => seqs[k]), order.map((k) => test.labels[reviews[k]]), seqLength);
}

/** The test reviews whole, each its last `seqLength` ids, sorted by length. */
export function testSplit(test: ReviewBlock, seqLength: number, vocabSize: number, reviews: ArrayLike<number> = allOf(test)): Split {
  const seqs = Array.from(reviews, (i) => withStart(wordsOf(test, i), vocabSize));
  const order = byLength(seqs, seqLength);
  return toRows(order.map((k) => seqs[k]), order.map((k) => test.labels[reviews[k]]), seqLength);
}

/**
 * The training rows: each review whole and as one window of its words, in batches of similar
 * length (`batchesBySimilarLength`), and the validation rows (the last `validationSplit` of the
 * shuffled training reviews, whole, as Keras' `validation_split` takes the last fraction).
 */
export function shortReviewSplits(train: ReviewBlock, hp: Params, rng: Rng): { train: Split; validation?: Split } {
  const reviews = chooseReviews(train.labels, hp.trainSubset, rng.fork());
  const n = reviews.length;
  const nVal = Math.floor(n * hp.validationSplit);
  const fit = reviews.subarray(0, n - nVal), held = reviews.subarray(n - nVal);
  const crops = rng.fork();
  const seqs: Int32Array[] = [], labels: number[] = [];
  for (const i of fit) {
    const words = wordsOf(train, i);
    seqs.push(withStart(words, hp.vocabSize));
    labels.push(train.labels[i]);
    // The review's last k words: where a review says what it thinks, as a short review does.
    const k = Math.min(words.length, between(crops, CROP_MIN_WORDS, CROP_MAX_WORDS));
    const from = words.length - k;
    seqs.push(withStart(words.subarray(from, from + k), hp.vocabSize));
    labels.push(train.labels[i]);
  }
  const order = batchesBySimilarLength(seqs.map((s) => Math.min(s.length, hp.seqLength)), hp.batchSize, rng.fork());
  const trainSplit = toRows(Array.from(order, (i) => seqs[i]), Array.from(order, (i) => labels[i]), hp.seqLength);
  if (nVal === 0) return { train: trainSplit };
  const heldSeqs = Array.from(held, (i) => withStart(wordsOf(train, i), hp.vocabSize));
  const sorted = byLength(heldSeqs, hp.seqLength);
  const validation = toRows(sorted.map((k) => heldSeqs[k]), sorted.map((k) => train.labels[held[k]]), hp.seqLength);
  return { train: trainSplit, validation };
}

/** The card's data: training rows and validation from the training reviews; the test set and the check for the end. */
export async function loadShortReviews(source: AssetSource, hp: Params, onProgress?: (p: DataProgress) => void): Promise<ImdbData> {
  const corpus = await loadCorpus(source, onProgress);
  onProgress?.({ stage: 'prepare', loaded: 0, total: 1 });
  const { train, test } = corpus.splits;
  const rng = createRng(hp.seed);
  const { train: trainRows, validation } = shortReviewSplits(train, hp, rng);
  // A quick run (`trainSubset`) reads as many test reviews, chosen as `loadImdb` chooses them.
  const testReviews = hp.trainSubset > 0 ? chooseReviews(test.labels, hp.trainSubset, rng.fork()) : allOf(test);
  const dataset: Dataset = {
    train: trainRows,
    validation,
    finalChecks: [
      { set: 'test', build: () => testSplit(test, hp.seqLength, hp.vocabSize, testReviews) },
      { set: 'short-reviews', build: () => shortCheckSplit(test, hp.seqLength, hp.vocabSize, testReviews) },
    ],
  };
  const preview = buildPreview(corpus.vocab, train, chooseReviews(train.labels, hp.trainSubset, createRng(hp.seed)), testReviews.length, hp.vocabSize);
  onProgress?.({ stage: 'prepare', loaded: 1, total: 1 });
  return { dataset, preview, vocab: corpus.vocab };
}
