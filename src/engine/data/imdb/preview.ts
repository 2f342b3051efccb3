/**
 * What the data panel shows before training: a few reviews decoded back into words, the way the
 * Keras docs decode `x_train[0]` (with `<START>` and `<OOV>` markers and `num_words` applied, but
 * not yet cut to `maxlen`), and how long the training reviews are.
 */
import type { DatasetPreview } from '../../types';
import type { ReviewBlock } from './shardFormat';
import { OOV_ID, decodeIds, type ImdbVocab } from './vocab';

export const PREVIEW_EXAMPLES = 5;
/** Histogram bins are this many words wide... */
export const HISTOGRAM_BIN_WORDS = 50;
/** ...up to here; one last bin holds every longer review. */
export const HISTOGRAM_CAP_WORDS = 1000;

/**
 * Review lengths in words, binned: [0, 50), [50, 100), ... [950, 1000), then [1000, longest + 1).
 * `to` is exclusive. Always 21 bins, so the chart keeps its shape from run to run.
 */
export function lengthHistogram(lengths: ArrayLike<number>): DatasetPreview['lengthHistogram'] {
  const bins = HISTOGRAM_CAP_WORDS / HISTOGRAM_BIN_WORDS;
  const counts = new Array<number>(bins + 1).fill(0);
  let longest = 0;
  for (let i = 0; i < lengths.length; i++) {
    const n = lengths[i];
    longest = Math.max(longest, n);
    counts[Math.min(bins, Math.floor(n / HISTOGRAM_BIN_WORDS))]++;
  }
  return counts.map((count, b) => ({
    from: b * HISTOGRAM_BIN_WORDS,
    to: b < bins ? (b + 1) * HISTOGRAM_BIN_WORDS : Math.max(HISTOGRAM_CAP_WORDS, longest) + 1,
    count,
  }));
}

/**
 * @param train the raw training split
 * @param trainIdx the reviews used for training, in training order; the first few are shown
 * @param numWords Keras `num_words`: ids at or above it are shown as `<OOV>`
 */
export function buildPreview(
  vocab: ImdbVocab,
  train: ReviewBlock,
  trainIdx: ArrayLike<number>,
  testCount: number,
  numWords: number,
): DatasetPreview {
  const review = (i: number): Int32Array => train.tokens.subarray(train.offsets[i], train.offsets[i + 1]);
  const examples: DatasetPreview['examples'] = [];
  for (let k = 0; k < Math.min(PREVIEW_EXAMPLES, trainIdx.length); k++) {
    const ids = review(trainIdx[k]).map((id) => (id < numWords ? id : OOV_ID));
    examples.push({ text: decodeIds(vocab, ids), label: train.labels[trainIdx[k]] as 0 | 1, words: Math.max(0, ids.length - 1) });
  }
  // Words per review, not counting the start marker.
  const lengths = Array.from(trainIdx, (i) => Math.max(0, train.offsets[i + 1] - train.offsets[i] - 1));
  return { examples, lengthHistogram: lengthHistogram(lengths), trainCount: trainIdx.length, testCount };
}
