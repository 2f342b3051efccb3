import { describe, expect, it } from 'vitest';
import type { HyperParams } from '../../config/hyperparams';
import { SCENARIOS } from '../../scenarios';
import type { ScenarioId } from '../../scenarios/types';
import { trainingThreads } from './threads';

describe('trainingThreads', () => {
  const model = (id: ScenarioId, hp: Partial<HyperParams> = {}) => SCENARIOS[id].model({ ...SCENARIOS[id].defaults, ...hp });

  it('shares IMDB batches with every helper, keeping 8 rows a shard', () => {
    expect(trainingThreads(model('imdb-small-vocab'), 32, 1)).toBe(2);
    expect(trainingThreads(model('imdb-small-vocab'), 32, 3)).toBe(4);
    expect(trainingThreads(model('imdb-small-vocab'), 16, 3)).toBe(2);
    expect(trainingThreads(model('imdb-small-vocab'), 32, 0)).toBe(1);
  });

  it('keeps small and stateful models on one thread', () => {
    expect(trainingThreads(model('trend'), 64, 3)).toBe(1); // 17 M multiply-adds per batch
    expect(trainingThreads(model('alphabet'), 1, 3)).toBe(1);
    expect(trainingThreads(model('alphabet-stateful'), 1, 3)).toBe(1);
    expect(trainingThreads(model('trend', { units: 400 }), 64, 1)).toBe(2);
  });
});
