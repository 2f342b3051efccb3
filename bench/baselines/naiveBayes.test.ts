import { describe, expect, it } from 'vitest';
import { naiveBayesAccuracy, ngramsOf, rowsOf, trainNaiveBayes } from './naiveBayes';

// Word ids: 3 "not", 4 "good", 5 "bad", 6.. filler.
const NOT = 3, GOOD = 4, BAD = 5;

/**
 * Reviews whose words are the same in both classes: "good" and "bad" each appear with and without
 * "not" in each class, so only the pair (not, good) / (not, bad) carries the label.
 */
function negationCorpus(count: number): { reviews: number[][]; labels: number[] } {
  const reviews: number[][] = [], labels: number[] = [];
  for (let i = 0; i < count; i++) {
    // The same fillers in both classes: words alone tell the classes apart nowhere.
    const filler = 6 + (Math.floor(i / 2) % 7);
    if (i % 2 === 0) {
      // positive: "not bad" and "good", in either order
      reviews.push(i % 4 === 0 ? [filler, NOT, BAD, filler, GOOD] : [GOOD, filler, NOT, BAD]);
      labels.push(1);
    } else {
      reviews.push(i % 4 === 1 ? [filler, NOT, GOOD, filler, BAD] : [BAD, filler, NOT, GOOD]);
      labels.push(0);
    }
  }
  return { reviews, labels };
}

describe('naive Bayes over n-grams', () => {
  it('reads a negation only with pairs: words alone are at chance, pairs get every review right', () => {
    const { reviews, labels } = negationCorpus(40);
    expect(naiveBayesAccuracy(trainNaiveBayes(reviews, labels, { n: 1 }), reviews, labels)).toBeLessThanOrEqual(0.5);
    expect(naiveBayesAccuracy(trainNaiveBayes(reviews, labels, { n: 2 }), reviews, labels)).toBe(1);
  });

  it('learns from words when they carry the label, and the score follows the evidence', () => {
    const reviews = [[GOOD, 6], [GOOD, 7], [BAD, 6], [BAD, 7]];
    const model = trainNaiveBayes(reviews, [1, 1, 0, 0], { n: 1 });
    expect(model.score([GOOD])).toBeGreaterThan(0);
    expect(model.score([BAD])).toBeLessThan(0);
    // An unseen word moves nothing when the classes are the same size; a filler seen in both neither.
    expect(model.score([99])).toBeCloseTo(0, 12);
    expect(model.score([6])).toBeCloseTo(0, 12);
    // Counted once per review: a repeated word is no more evidence than one.
    expect(model.score([GOOD, GOOD, GOOD])).toBeCloseTo(model.score([GOOD]), 12);
  });

  it('skips padding, and a pair never collides with a single word', () => {
    expect([...ngramsOf([0, 0, 5, 6], 2)]).toEqual([...ngramsOf([5, 6], 2)]);
    expect(ngramsOf([0, 0, 5, 6], 2).size).toBe(3);
    const grams = ngramsOf([0, 5, 5, 5], 3);
    expect(grams.size).toBe(3); // 5; (5, 5); (5, 5, 5)
    expect(() => ngramsOf([2 ** 17], 1)).toThrow(/outside/);
  });

  it('reads the rows of a padded split', () => {
    const x = Int32Array.from([0, 0, GOOD, 0, NOT, BAD]);
    expect(rowsOf(x, 2, 3).map((r) => [...ngramsOf(r, 1)])).toEqual([[GOOD], [NOT, BAD]]);
  });

  it('refuses a set of one class', () => {
    expect(() => trainNaiveBayes([[GOOD]], [1], { n: 1 })).toThrow(/both classes/);
  });
});
