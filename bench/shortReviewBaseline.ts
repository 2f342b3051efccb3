/**
 * `npm run bench:short-reviews-baseline`: a yardstick beside the short-reviews card's targets
 * (issue #21). Naive Bayes over word n-grams (`baselines/naiveBayes.ts`) trained on the card's own
 * training rows (seed 1: every review whole and as its last 10–50 words) and read on the card's
 * validation rows, IMDB's test set and the short-review check, all exactly as the card builds
 * them (`loadShortReviews`). Rows for words, pairs and triples at the card's 20,000 words, and
 * triples over every word the data holds.
 *
 * Writes `baselinesOnCheck` into the card's part of `bench/results/fidelity.json` (the rest kept)
 * and prints a table. Takes about a minute; no flags.
 */
import { defaultConfig } from '../src/config/runConfig';
import { loadCorpus } from '../src/engine/data/imdb/corpus';
import { loadShortReviews } from '../src/engine/data/imdb/shortReviews';
import { INDEX_FROM } from '../src/engine/data/imdb/vocab';
import type { Split } from '../src/engine/data/dataset';
import { naiveBayesAccuracy, rowsOf, trainNaiveBayes, type Review } from './baselines/naiveBayes';
import { createNodeAssetSource } from './nodeAssets';
import { saveBeyondCard } from './fidelity/store';

const FIDELITY = 'bench/results/fidelity.json';
const SEED = 1;

const reviewsOf = (s: Split): Review[] => rowsOf(s.x, s.xShape[0], s.xShape[1]);

interface BaselineRow {
  model: string;
  vocabSize: number;
  validation: number;
  test: number;
  shortReviews: number;
  seconds: number;
}

async function measure(vocabSize: number, ns: readonly (1 | 2 | 3)[]): Promise<BaselineRow[]> {
  const base = defaultConfig('short-reviews');
  const hp = { ...base.hp, seed: SEED, vocabSize };
  const { dataset } = await loadShortReviews(createNodeAssetSource(), hp);
  const checks = Object.fromEntries((dataset.finalChecks ?? []).map((c) => [c.set, c.build()]));
  if (!dataset.validation || !checks.test || !checks['short-reviews']) throw new Error('the card’s data lacks its validation rows or final checks');
  const train = reviewsOf(dataset.train);
  const sets = { validation: dataset.validation, test: checks.test, shortReviews: checks['short-reviews'] };
  const rows: BaselineRow[] = [];
  for (const n of ns) {
    const started = performance.now();
    const model = trainNaiveBayes(train, dataset.train.y, { n });
    const [validation, test, shortReviews] = [sets.validation, sets.test, sets.shortReviews].map((s) => Number(naiveBayesAccuracy(model, reviewsOf(s), s.y).toFixed(5)));
    const row = { model: `naive Bayes, n-grams up to ${n}`, vocabSize, validation, test, shortReviews, seconds: Math.round((performance.now() - started) / 1000) };
    console.error(`  ${row.model}, ${vocabSize} words: validation ${validation}, test ${test}, short reviews ${shortReviews} (${row.seconds} s)`);
    rows.push(row);
  }
  return rows;
}

const cardVocab = defaultConfig('short-reviews').hp.vocabSize;
// Every word the data holds: ids run from INDEX_FROM up, so none is read as <OOV>.
const everyWord = (await loadCorpus(createNodeAssetSource())).vocab.words.length + INDEX_FROM;
const rows = [...(await measure(cardVocab, [1, 2, 3])), ...(await measure(everyWord, [3]))];

// The card's runs, written by `npm run bench:short-reviews`, are kept as they are.
await saveBeyondCard(FIDELITY, 'short-reviews', {
  baselinesOnCheck: {
    what: `Not a model the app trains: naive Bayes over word n-grams (binarized counts, Laplace smoothing 1; Wang & Manning 2012's MNB), trained on the card's own training rows (seed ${SEED}) and read on its validation rows, IMDB's test set and the short-review check as the card builds them. It says how much of each set a bag of short phrases carries.`,
    measuredAt: new Date().toISOString(),
    rows,
  },
});
for (const r of rows) console.log(`${r.model} (${r.vocabSize} words): validation ${r.validation}, test ${r.test}, short-review check ${r.shortReviews}`);
