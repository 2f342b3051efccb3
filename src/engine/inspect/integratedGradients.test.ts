import { describe, expect, it } from 'vitest';
import type { HyperParams } from '../../config/hyperparams';
import type { ScenarioId } from '../../scenarios';
import { referenceModel } from '../reference/model';
import { completeness, integratedGradients } from './integratedGradients';
import { innerLayer, paddedIds, randomWeights, textSpec, tutorialSpec } from './testing';

describe('completeness', () => {
  it.each<[string, number[], number, number, number, boolean]>([
    ['attributions that add up exactly', [0.1, 0.2, -0.05], 0.75, 0.5, 0, true],
    ['4 % short of the difference', [0.48], 0.9, 0.4, 0.04, true],
    ['6 % over it', [0.53], 0.9, 0.4, 0.06, false],
    ['the wrong sign', [-0.5], 0.9, 0.4, 2, false],
    ['nothing to attribute, nothing attributed', [0, 0], 0.3, 0.3, 0, true],
    ['something attributed where there is nothing to', [0.01], 0.3, 0.3, Infinity, false],
  ])('%s', (_name, attributions, atInput, atBaseline, relativeError, complete) => {
    const got = completeness(attributions, atInput, atBaseline);
    expect(got.relativeError).toBeCloseTo(relativeError, 10);
    expect(got.complete).toBe(complete);
  });
});

interface Case {
  scenario: ScenarioId;
  hp: Partial<HyperParams>;
  pad: number;
  words: number;
}

const CASES: Case[] = [
  { scenario: 'imdb-seq', hp: { vocabSize: 50, seqLength: 12, embeddingDim: 6, units: 5 }, pad: 4, words: 8 },
  { scenario: 'imdb-seq-cnn', hp: { vocabSize: 50, seqLength: 12, embeddingDim: 6, units: 5 }, pad: 3, words: 9 },
  { scenario: 'imdb-seq-dropout', hp: { vocabSize: 50, seqLength: 10, embeddingDim: 4, units: 6 }, pad: 0, words: 10 },
];

describe('integratedGradients', () => {
  it.each(CASES)('adds up to f(input) − f(all padding) within 5 %: $scenario', ({ scenario, hp, pad, words }) => {
    const spec = tutorialSpec(scenario, hp);
    // Large weights make the path curve, so a few steps are not enough by luck.
    const model = referenceModel(spec, randomWeights(spec, 3, 1.5));
    const ids = paddedIds(hp.vocabSize!, pad, words, 9);
    const a = integratedGradients(model, ids);
    expect(a.positions).toHaveLength(ids.length);
    expect(a.complete).toBe(true);
    const sum = a.positions.reduce((s, v) => s + v, 0);
    expect(Math.abs(sum - (a.atInput - a.atBaseline))).toBeLessThanOrEqual(0.05 * Math.abs(a.atInput - a.atBaseline));
    // Padding is the baseline itself: nothing to attribute there.
    a.positions.slice(0, pad).forEach((v) => expect(v).toBe(0));
    expect(a.positions.slice(pad).some((v) => v !== 0)).toBe(true);
    // f is the model's own output at the input and at the baseline.
    expect(a.target).toBe(0);
  });

  it('takes more steps until the sum is as close as asked', () => {
    const spec = tutorialSpec('imdb-seq', { vocabSize: 50, seqLength: 12, embeddingDim: 6, units: 5 });
    const model = referenceModel(spec, randomWeights(spec, 3, 1.5));
    const ids = paddedIds(50, 2, 10, 9);
    const coarse = integratedGradients(model, ids, { minSteps: 2, maxSteps: 2, tolerance: 1e-4 });
    const fine = integratedGradients(model, ids, { minSteps: 2, maxSteps: 4096, tolerance: 1e-4 });
    expect(coarse.complete).toBe(false);
    expect(fine.complete).toBe(true);
    expect(fine.steps).toBeGreaterThan(2);
    expect(fine.relativeError).toBeLessThanOrEqual(1e-4);
  });

  it('needs an Embedding to attribute to words', () => {
    const spec = tutorialSpec('alphabet', { units: 3, seqLength: 2 });
    expect(() => integratedGradients(referenceModel(spec, randomWeights(spec, 1)), [0.1, 0.2])).toThrow(/Embedding/);
  });
});

describe('integratedGradients for Bidirectional layers and Embedding(mask_zero=True)', () => {
  const WORDS = [4, 9, 2, 7, 12, 3];
  const MIDDLES = {
    'Bidirectional(LSTM)': [{ kind: 'bidirectional', layer: innerLayer('lstm', 4, false) }],
    'Bidirectional(GRU, sequences) → LSTM': [{ kind: 'bidirectional', layer: innerLayer('gru', 3, true) }, innerLayer('lstm', 3, false)],
  } as const;

  it.each(Object.keys(MIDDLES) as (keyof typeof MIDDLES)[])('masked, %s: complete, nothing at the padding, the same shares as the unpadded words', (name) => {
    const middle = [...MIDDLES[name]];
    const padded = textSpec(10, 15, 4, true, middle), unpadded = textSpec(WORDS.length, 15, 4, true, middle);
    const weights = randomWeights(padded, 3, 1.5);
    // Padding before the words and one between them: each is masked.
    const ids = [0, 0, 0, 4, 9, 0, 2, 7, 12, 3];
    const a = integratedGradients(referenceModel(padded, weights), ids);
    expect(a.complete).toBe(true);
    ids.forEach((id, p) => {
      if (id === 0) expect(a.positions[p]).toBe(0);
    });
    // The mask hides the padding from the model: the words' shares are those of the words alone.
    const alone = integratedGradients(referenceModel(unpadded, weights), WORDS);
    expect(a.atInput).toBeCloseTo(alone.atInput, 12);
    expect(a.atBaseline).toBeCloseTo(alone.atBaseline, 12);
    const shares = a.positions.filter((_, p) => ids[p] !== 0);
    shares.forEach((v, k) => expect(v).toBeCloseTo(alone.positions[k], 10));
    expect(shares.some((v) => v !== 0)).toBe(true);
  });

  it('unmasked Bidirectional(SimpleRNN): adds up, nothing at the padding (the baseline itself)', () => {
    const spec = textSpec(9, 15, 4, false, [{ kind: 'bidirectional', layer: innerLayer('simpleRnn', 4, false) }]);
    const ids = paddedIds(15, 3, 6, 2);
    const a = integratedGradients(referenceModel(spec, randomWeights(spec, 5, 1.5)), ids);
    expect(a.complete).toBe(true);
    a.positions.slice(0, 3).forEach((v) => expect(v).toBe(0));
  });
});
