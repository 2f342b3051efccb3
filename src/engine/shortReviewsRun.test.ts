/**
 * The short-reviews card through the session, on a small fixture corpus: validation from the
 * training reviews on the curves, the test set and the short-review check read once at the end
 * (`Dataset.finalChecks`), the test set the run's headline.
 */
import { describe, expect, it, vi } from 'vitest';
import { defaultConfig, type RunConfig } from '../config/runConfig';
import { buildFixture, makeReviews, memorySource } from '../../scripts/imdb/fixture';
import { TrainingSession } from './session';
import type { EpochUpdate } from './types';

/** What happened, in order: each epoch's end, each final check's build and each padSequences call (by its row count). */
const events = vi.hoisted((): string[] => []);

// The card's loader as it is, its final checks wrapped to note when they are built: building
// IMDB's two 25,000-row sets before the first batch cost the card 3 s of its start.
vi.mock('./data/imdb/shortReviews', async (importOriginal) => {
  const real = await importOriginal<typeof import('./data/imdb/shortReviews')>();
  return {
    ...real,
    loadShortReviews: async (...args: Parameters<typeof real.loadShortReviews>) => {
      const loaded = await real.loadShortReviews(...args);
      const finalChecks = loaded.dataset.finalChecks?.map(({ set, build }) => ({ set, build: () => (events.push(`build ${set}`), build()) }));
      return { ...loaded, dataset: { ...loaded.dataset, finalChecks } };
    },
  };
});

// Every set of rows the card pads is noted by its size, so a loader that built the final checks
// before training (and handed them out from `build`) fails too, not only a session that read them early.
vi.mock('./data/padSequences', async (importOriginal) => {
  const real = await importOriginal<typeof import('./data/padSequences')>();
  const padSequences = ((seqs: ArrayLike<number>[], opts?: Parameters<typeof real.padSequences>[1]) => (events.push(`pad ${seqs.length}`), real.padSequences(seqs, opts))) as typeof real.padSequences;
  return { ...real, padSequences };
});

const fixture = await buildFixture(makeReviews(40));

describe('the short-reviews card’s run', () => {
  it('validates on held-out training reviews each epoch and reads the test set and the check once, after the last', async () => {
    const reads: string[] = [];
    const source = memorySource(fixture);
    const assets = { ...source, fetchBytes: (path: string) => (reads.push(path), source.fetchBytes(path)) };
    const session = new TrainingSession({ assets, backendEnv: { host: 'node' } });
    const base = defaultConfig('short-reviews');
    const config: RunConfig = { ...base, hp: { ...base.hp, vocabSize: 200, embeddingDim: 8, units: 4, epochs: 2, seqLength: 60, trainer: 'typed' } };
    const epochs: EpochUpdate[] = [];
    events.length = 0;
    const result = await session.train(config, { onEpoch: (e) => (epochs.push(e), events.push(`epoch ${e.epoch}`)) }).done;
    session.dispose();
    expect(result.reason).toBe('completed');
    // The training rows (2 per review) and validation padded first; the 80 test reviews, whole and
    // cut, only when read, after the last epoch: not before the first batch.
    expect(events).toEqual(['pad 144', 'pad 8', 'epoch 1', 'epoch 2', 'build test', 'pad 80', 'build short-reviews', 'pad 80']);
    expect(epochs.map((e) => e.valAcc !== undefined)).toEqual([true, true]);
    expect(result.checks?.map((c) => [c.set, c.count])).toEqual([['test', 80], ['short-reviews', 80]]);
    // The headline is the test set, not the last validation pass.
    expect(result.evaluation).toEqual(result.checks![0]);
    expect(result.evaluation?.set).toBe('test');
  });
});
