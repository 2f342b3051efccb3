/**
 * The Node tools' helper threads: a real worker_threads thread running the app's helper handler,
 * answering as the same code does on this thread.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../src/scenarios';
import { createRng } from '../src/engine/rng';
import { TypedNetwork } from '../src/engine/typed/network';
import { TypedPredictor } from '../src/engine/typed/typedPredictor';
import { nodeHelpers } from './nodeHelpers';

const spec = SCENARIOS['imdb-small-vocab'].model({ ...SCENARIOS['imdb-small-vocab'].defaults, vocabSize: 50, embeddingDim: 4, units: 6, seqLength: 7 });

function weights(): Float32Array[][] {
  const rng = createRng(2);
  const r = (n: number) => Float32Array.from({ length: n }, () => rng.next() - 0.5);
  return [[r(50 * 4)], [r(4 * 24), r(6 * 24), r(24)], [r(6), r(1)]];
}

describe('nodeHelpers', () => {
  it('trains a shard and scores reviews in a worker thread exactly as this thread does', async () => {
    const [helper] = nodeHelpers(1)();
    try {
      const rng = createRng(5);
      const x = Int32Array.from({ length: 4 * 7 }, () => rng.int(0, 50));
      const y = Float32Array.from({ length: 4 }, () => rng.int(0, 2));
      // No dropout in this model, so the helper's own generator does not matter.
      const local = new TypedNetwork({ ...spec, layers: spec.layers.map((l) => (l.kind === 'lstm' ? { ...l, dropout: 0, recurrentDropout: 0 } : l)) }, weights(), { maxBatch: 4, learningRate: 0, rng: createRng(1) });
      const want = local.gradients(x, y, 4, 8);
      const wantGrads = new Float32Array(local.parameterCount);
      local.copyGradients(wantGrads);
      const params = new Float32Array(local.parameterCount);
      local.copyWeights(params);

      await helper.loadTrainer({ ...spec, layers: spec.layers.map((l) => (l.kind === 'lstm' ? { ...l, dropout: 0, recurrentDropout: 0 } : l)) }, weights(), { maxBatch: 4, seed: 3 });
      const got = await helper.trainShard(params, x, y, 4, 8);
      expect(got.loss).toBeCloseTo(want.loss, 6);
      expect(Array.from(got.gradients)).toEqual(Array.from(wantGrads));

      await helper.load(spec, weights());
      expect(Array.from(await helper.predict(x.slice(), 4))).toEqual(Array.from(new TypedPredictor(spec, weights()).predict(x, 4)));
    } finally {
      helper.dispose();
    }
  });
});
