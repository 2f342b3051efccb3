/**
 * The short-reviews card through the session, on a small fixture corpus: validation from the
 * training reviews on the curves, the test set and the short-review check read once at the end
 * (`Dataset.finalChecks`), the test set the run's headline.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config/runConfig';
import { buildFixture, makeReviews, memorySource } from '../../scripts/imdb/fixture';
import { TrainingSession } from './session';
import type { EpochUpdate } from './types';

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
    const result = await session.train(config, { onEpoch: (e) => epochs.push(e) }).done;
    session.dispose();
    expect(result.reason).toBe('completed');
    expect(epochs.map((e) => e.valAcc !== undefined)).toEqual([true, true]);
    expect(result.checks?.map((c) => [c.set, c.count])).toEqual([['test', 80], ['short-reviews', 80]]);
    // The headline is the test set, not the last validation pass.
    expect(result.evaluation).toEqual(result.checks![0]);
    expect(result.evaluation?.set).toBe('test');
  });
});
