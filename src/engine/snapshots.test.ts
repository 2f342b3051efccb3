import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/runConfig';
import { createVocab } from './data/imdb/vocab';
import type { RunModel } from './runModel';
import { SNAPSHOT_MIN_MS, snapshots } from './snapshots';
import type { ModelSnapshot } from './types';

const model = { getWeights: async () => [{ shape: [1], values: Float32Array.of(7) }] } as unknown as RunModel;

describe('snapshots', () => {
  it('takes one at an epoch end at most every SNAPSHOT_MIN_MS, and always one at the end', async () => {
    let t = 0;
    const seen: ModelSnapshot[] = [];
    const s = snapshots(model, defaultConfig('alphabet'), undefined, (x) => seen.push(x), () => t);
    await s.epochEnd(1);
    t = SNAPSHOT_MIN_MS / 2;
    await s.epochEnd(2);
    t = SNAPSHOT_MIN_MS + 1;
    await s.epochEnd(3);
    await s.end(3);
    expect(seen.map((x) => [x.epoch, x.final])).toEqual([[1, false], [3, false], [3, true]]);
    expect(seen[0].weights[0].values[0]).toBe(7);
  });

  it('sends the vocabulary with the first snapshot only', async () => {
    const seen: ModelSnapshot[] = [];
    const s = snapshots(model, defaultConfig('imdb-small-vocab'), createVocab(['the', 'movie']), (x) => seen.push(x), () => 0);
    await s.epochEnd(1);
    await s.end(1);
    expect(seen.map((x) => x.vocabWords)).toEqual([['the', 'movie'], undefined]);
  });
});
