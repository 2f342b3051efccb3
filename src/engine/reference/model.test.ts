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
import type { ModelSpec } from '../spec/types';
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

/** Embedding → LSTM(sequences) → LSTM → Dense: stacked LSTMs after word ids (a sequence output to splice). */
const STACKED: ModelSpec = {
  inputShape: [12], inputDtype: 'int32', loss: 'binaryCrossentropy',
  layers: [
    { kind: 'embedding', inputDim: 30, outputDim: 4 },
    { kind: 'lstm', units: 3, activation: 'tanh', returnSequences: true, dropout: 0, recurrentDropout: 0, stateful: false },
    { kind: 'lstm', units: 5, activation: 'relu', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false },
    { kind: 'dense', units: 1, activation: 'sigmoid' },
  ],
};

interface PrefixCase {
  name: string;
  spec: ModelSpec;
  /** Padding before the words. */
  pad: number;
}

const PREFIX_CASES: PrefixCase[] = [
  { name: 'Embedding → LSTM', spec: tutorialSpec('imdb-seq', { vocabSize: 30, seqLength: 12, embeddingDim: 4, units: 5 }), pad: 7 },
  { name: 'Embedding → Conv1D(same) → MaxPooling1D → LSTM', spec: tutorialSpec('imdb-seq-cnn', { vocabSize: 30, seqLength: 12, embeddingDim: 4, units: 5 }), pad: 6 },
  { name: 'Embedding → Dropout → LSTM → Dropout, all padding', spec: tutorialSpec('imdb-seq-dropout', { vocabSize: 30, seqLength: 12, embeddingDim: 4, units: 5 }), pad: 12 },
  { name: 'stacked LSTMs', spec: STACKED, pad: 5 },
];

describe('forwardModel with a shared prefix', () => {
  it.each(PREFIX_CASES)('gives the same bits as running every step, and the same gradient at the positions after it: $name', ({ spec, pad }) => {
    const model = referenceModel(spec, randomWeights(spec, 8, 1));
    const T = spec.inputShape[0];
    const padding = forwardModel(model, new Float64Array(T), 1);
    // Three reviews with the same padding and different words.
    const ids = [1, 2, 3].flatMap((seed) => [...paddedIds(30, pad, T - pad, seed)]);
    const whole = forwardModel(model, ids, 3);
    const shared = forwardModel(model, ids, 3, { prefix: { run: padding, agreeBefore: pad } });
    expect(shared.output).toEqual(whole.output);
    shared.runs.forEach((r, i) => {
      if (!r.lstm) return;
      const all = whole.runs[i].lstm!;
      if (pad > 1) expect(r.lstm.from).toBeGreaterThan(0);
      expect(r.lstm.h).toEqual(all.h.slice(r.lstm.from));
      expect(r.lstm.gates).toEqual(all.gates.slice(r.lstm.from));
      expect(r.y).toEqual(whole.runs[i].y);
    });

    // Gradients with respect to the embedded words, on the path integrated gradients takes.
    const x = whole.runs[0].y;
    const wholeFrom1 = forwardModel(model, x, 3, { from: 1 });
    const sharedFrom1 = forwardModel(model, x, 3, { from: 1, prefix: { run: padding, agreeBefore: pad } });
    const dWhole = backwardModel(model, wholeFrom1, [1, 1, 1]), dShared = backwardModel(model, sharedFrom1, [1, 1, 1]);
    const E = x.length / (3 * T);
    for (let r = 0; r < 3; r++) expect(dShared.subarray((r * T + pad) * E, (r + 1) * T * E)).toEqual(dWhole.subarray((r * T + pad) * E, (r + 1) * T * E));
  });

  it('refuses a stateful LSTM’s carried state together with a prefix', () => {
    const spec = tutorialSpec('alphabet-stateful', { units: 3 });
    const model = referenceModel(spec, randomWeights(spec, 2));
    const state = { h: new Float64Array(3), c: new Float64Array(3) };
    const padding = forwardModel(model, [0], 1);
    expect(() => forwardModel(model, [0.5], 1, { states: new Map([[0, state]]), prefix: { run: padding, agreeBefore: 0 } })).toThrow(/stateful/);
  });
});
