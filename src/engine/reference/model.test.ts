/**
 * The reference model's backward against finite differences of its forward, for every tutorial
 * layer kind: what integrated gradients (`../inspect/integratedGradients.ts`) rely on. Its forward
 * is held to Keras' (tfjs-layers') in `../inspect/inspectSample.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import type { HyperParams } from '../../config/hyperparams';
import type { ScenarioId } from '../../scenarios';
import { createRng } from '../rng';
import { paddedIds, randomWeights, tutorialSpec } from '../inspect/testing';
import { backwardModel, forwardModel, referenceModel, type LstmState } from './model';

interface Case {
  scenario: ScenarioId;
  hp: Partial<HyperParams>;
  input: ArrayLike<number>;
  /** A state to start the stateful LSTM (layer 0) from. */
  state?: LstmState;
}

const CASES: Case[] = [
  { scenario: 'alphabet', hp: { units: 4, seqLength: 3 }, input: [0.1, 0.5, 0.9] },
  { scenario: 'alphabet-stateful', hp: { units: 3 }, input: [0.3], state: { h: Float64Array.of(0.2, -0.4, 0.1), c: Float64Array.of(0.5, 0.3, -0.7) } },
  { scenario: 'trend', hp: { units: 4, layers: 2 }, input: [0.8, 0.3, 1] },
  { scenario: 'imdb-seq-cnn', hp: { vocabSize: 20, seqLength: 6, embeddingDim: 3, units: 3 }, input: paddedIds(20, 1, 5, 3) },
  { scenario: 'imdb-seq-dropout', hp: { vocabSize: 20, seqLength: 5, embeddingDim: 3, units: 3 }, input: paddedIds(20, 2, 3, 4) },
];

describe('backwardModel', () => {
  it.each(CASES)('is the derivative of forwardModel: $scenario', ({ scenario, hp, input, state }) => {
    const spec = tutorialSpec(scenario, hp);
    const model = referenceModel(spec, randomWeights(spec, 21));
    const states = state ? new Map([[0, state]]) : undefined;
    // Word ids have no gradient: differentiate with respect to the embedded words instead.
    const from = spec.layers[0].kind === 'embedding' ? 1 : 0;
    const x = from === 1 ? forwardModel(model, input, 1).runs[0].y : Float64Array.from(input);
    const run = forwardModel(model, x, 1, { from, states });
    const rng = createRng(5);
    const probe = Float64Array.from(run.output, () => rng.next() * 2 - 1);
    const loss = (xs: Float64Array) => forwardModel(model, xs, 1, { from, states }).output.reduce((a, v, j) => a + v * probe[j], 0);
    const dx = backwardModel(model, run, probe);
    expect(dx.length).toBe(x.length);
    const eps = 1e-6;
    for (let j = 0; j < x.length; j++) {
      const up = x.slice(), down = x.slice();
      up[j] += eps;
      down[j] -= eps;
      expect(dx[j]).toBeCloseTo((loss(up) - loss(down)) / (2 * eps), 6);
    }
  });

  it('refuses to pass a gradient through word ids', () => {
    const spec = tutorialSpec('imdb-seq', { vocabSize: 10, seqLength: 3, embeddingDim: 2, units: 2 });
    const model = referenceModel(spec, randomWeights(spec, 1));
    const run = forwardModel(model, [0, 4, 5], 1);
    expect(() => backwardModel(model, run, [1])).toThrow(/cannot pass through layer 1/);
  });
});
