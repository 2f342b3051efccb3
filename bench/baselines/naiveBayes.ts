/**
 * A yardstick, not a model the app trains: naive Bayes over the word n-grams of a review
 * (binarized, each n-gram counted once per review, Laplace smoothing: the "MNB" of Wang & Manning
 * 2012, without their SVM). It trains in seconds, needs no tuning, and reads n-grams up to `n`
 * words long, so it says how much of a set's labels a bag of short phrases carries.
 *
 * Why here: the short-reviews card's targets (issue #21) are measured on IMDB's test set and on
 * the short-review check. A card that misses them could be a weak recipe or a check harder than
 * its target; `bench/shortReviewBaseline.ts` puts this beside the card on the same word ids, rows
 * and cuts, so the results file says which.
 */

/** Word ids in a row, without the padding (id 0). */
export type Review = ArrayLike<number>;

export interface NaiveBayesOptions {
  /** Longest n-gram read: 1 = words, 2 = words and pairs, 3 = … and triples. */
  n: 1 | 2 | 3;
  /** Laplace smoothing added to every count (1 in Wang & Manning). */
  alpha?: number;
}

export interface NaiveBayes {
  readonly n: 1 | 2 | 3;
  /** log P(positive) − log P(negative) of a review: above 0 reads positive. */
  score(review: Review): number;
}

/**
 * Ids below 2^17 (IMDB's 89,527 words and the markers), so an n-gram of up to 3 ids packs into
 * one exact number below 2^51 (a Map keyed by numbers, not strings: 3× faster here).
 */
const ID_BITS = 17;
const ID_LIMIT = 2 ** ID_BITS;

/** The distinct n-grams of a review (padding skipped), each packed into one number. */
export function ngramsOf(review: Review, n: 1 | 2 | 3): Set<number> {
  const ids: number[] = [];
  for (let i = 0; i < review.length; i++) {
    const id = review[i];
    if (id === 0) continue;
    if (id < 0 || id >= ID_LIMIT || !Number.isInteger(id)) throw new Error(`word id ${id} is outside 0–${ID_LIMIT - 1}`);
    ids.push(id);
  }
  const out = new Set<number>();
  for (let i = 0; i < ids.length; i++) {
    // Each length gets its own tag above the ids, so the pair (0, 5) never equals the word 5.
    out.add(ids[i]);
    if (n >= 2 && i + 1 < ids.length) out.add((1 * ID_LIMIT + ids[i]) * ID_LIMIT + ids[i + 1]);
    if (n >= 3 && i + 2 < ids.length) out.add(((2 * ID_LIMIT + ids[i]) * ID_LIMIT + ids[i + 1]) * ID_LIMIT + ids[i + 2]);
  }
  return out;
}

/** Counts each n-gram once per review, per class; labels are 0 (negative) or 1 (positive). */
export function trainNaiveBayes(reviews: readonly Review[], labels: ArrayLike<number>, options: NaiveBayesOptions): NaiveBayes {
  const { n } = options;
  const alpha = options.alpha ?? 1;
  if (reviews.length !== labels.length) throw new Error(`${reviews.length} reviews but ${labels.length} labels`);
  const counts = [new Map<number, number>(), new Map<number, number>()];
  const totals = [0, 0];
  const docs = [0, 0];
  for (let r = 0; r < reviews.length; r++) {
    const y = labels[r] > 0.5 ? 1 : 0;
    docs[y]++;
    const c = counts[y];
    for (const g of ngramsOf(reviews[r], n)) {
      c.set(g, (c.get(g) ?? 0) + 1);
      totals[y]++;
    }
  }
  if (docs[0] === 0 || docs[1] === 0) throw new Error('naive Bayes needs reviews of both classes');
  const prior = Math.log(docs[1] / docs[0]);
  const logTotal = [Math.log(totals[0] + alpha), Math.log(totals[1] + alpha)];
  return {
    n,
    score(review) {
      let s = prior;
      for (const g of ngramsOf(review, n)) {
        s += Math.log((counts[1].get(g) ?? 0) + alpha) - logTotal[1];
        s -= Math.log((counts[0].get(g) ?? 0) + alpha) - logTotal[0];
      }
      return s;
    },
  };
}

/** Rows of a split ([N, T] ids, padding 0) as reviews. */
export function rowsOf(x: Int32Array | Float32Array, n: number, steps: number): Review[] {
  return Array.from({ length: n }, (_, i) => x.subarray(i * steps, (i + 1) * steps));
}

/** The fraction of reviews whose score has the label's sign (a score of exactly 0 reads negative). */
export function naiveBayesAccuracy(model: NaiveBayes, reviews: readonly Review[], labels: ArrayLike<number>): number {
  let right = 0;
  for (let r = 0; r < reviews.length; r++) if ((model.score(reviews[r]) > 0) === (labels[r] > 0.5)) right++;
  return right / reviews.length;
}
