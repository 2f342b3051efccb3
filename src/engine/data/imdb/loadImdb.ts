/**
 * The IMDB dataset as the Keras tutorials load it:
 *
 *   (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=vocabSize)
 *   x_train = pad_sequences(x_train, maxlen=seqLength)   # padding and truncating 'pre'
 *
 * `num_words`: every id at or above `vocabSize` becomes 2 (`<OOV>`), so the Embedding's input
 * dimension can be `vocabSize`. Like `load_data`, both splits are shuffled with a seed (ours is
 * `hp.seed`), so a run never trains on all-negative then all-positive batches.
 *
 * Quick runs (`hp.trainSubset` > 0) take that many training reviews, half of each class (seeded),
 * and the same number of test reviews, chosen the same way, as the validation set: validating on
 * all 25,000 test reviews would take longer than training on a small subset. With 0, the full
 * train and test sets are used, as in the tutorials.
 */
import type { HyperParams } from '../../../config/hyperparams';
import { createRng, permutation, type Rng } from '../../rng';
import type { DataProgress, DatasetPreview } from '../../types';
import type { AssetSource } from '../assets';
import type { Dataset, Split } from '../dataset';
import { padSequences } from '../padSequences';
import { loadCorpus } from './corpus';
import { buildPreview } from './preview';
import type { ReviewBlock } from './shardFormat';
import { OOV_ID, type ImdbVocab } from './vocab';

export { encodeReview, type EncodedReview, type ReviewToken } from './encodeReview';
export { clearCorpusCache as clearImdbCache } from './corpus';

export interface ImdbData {
  /** train: x [N, seqLength] int32 ids, y [N, 1] (1 = positive); validation: the test set, same shapes. */
  dataset: Dataset;
  preview: DatasetPreview;
  vocab: ImdbVocab;
}

type ImdbParams = Pick<HyperParams, 'vocabSize' | 'seqLength' | 'trainSubset' | 'seed'>;

/**
 * Indices of the reviews to use, in the order to use them: all of them shuffled when `n` is 0 (or
 * at least the split size), else `n` with the classes as even as the data allows, shuffled.
 */
export function chooseReviews(labels: Uint8Array, n: number, rng: Rng): Int32Array {
  if (n <= 0 || n >= labels.length) return permutation(labels.length, rng);
  const byClass: number[][] = [[], []];
  labels.forEach((l, i) => byClass[l].push(i));
  const [neg, pos] = byClass.map((idx) => Array.from(permutation(idx.length, rng), (k) => idx[k]));
  const nPos = Math.min(pos.length, Math.max(Math.ceil(n / 2), n - neg.length));
  const chosen = [...pos.slice(0, nPos), ...neg.slice(0, n - nPos)];
  return Int32Array.from(permutation(chosen.length, rng), (k) => chosen[k]);
}

/** Keras `load_data(num_words)` then `pad_sequences(maxlen)` over the chosen reviews. */
export function toSplit(block: ReviewBlock, idx: ArrayLike<number>, hp: Pick<ImdbParams, 'vocabSize' | 'seqLength'>): Split {
  const seqs = Array.from(idx, (i) => block.tokens.subarray(block.offsets[i], block.offsets[i + 1]));
  const x = padSequences(seqs, { maxlen: hp.seqLength });
  // Capping after padding is the same as before it: 0 (pad) and 1 (start) are below any vocabSize.
  for (let j = 0; j < x.length; j++) if (x[j] >= hp.vocabSize) x[j] = OOV_ID;
  const y = Float32Array.from(idx, (i) => block.labels[i]);
  return { x, xShape: [idx.length, hp.seqLength], y, yShape: [idx.length, 1] };
}

export async function loadImdb(
  source: AssetSource,
  hp: ImdbParams,
  onProgress?: (p: DataProgress) => void,
): Promise<ImdbData> {
  const corpus = await loadCorpus(source, onProgress);
  onProgress?.({ stage: 'prepare', loaded: 0, total: 1 });
  const { train, test } = corpus.splits;
  const rng = createRng(hp.seed);
  const trainIdx = chooseReviews(train.labels, hp.trainSubset, rng.fork());
  const testIdx = chooseReviews(test.labels, hp.trainSubset, rng.fork());
  const dataset: Dataset = { train: toSplit(train, trainIdx, hp), validation: toSplit(test, testIdx, hp) };
  const preview = buildPreview(corpus.vocab, train, trainIdx, testIdx.length, hp.vocabSize);
  onProgress?.({ stage: 'prepare', loaded: 1, total: 1 });
  return { dataset, preview, vocab: corpus.vocab };
}
