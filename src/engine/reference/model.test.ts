/**
 * The reference model's backward against finite differences of its forward, for every tutorial
 * layer kind and for Bidirectional layers, GlobalAveragePooling1D and `Embedding(mask_zero=True)`: what integrated
 * gradients (`../inspect/integratedGradients.ts`) rely on. Its forward is held to Keras'
 * (tfjs-layers') in `../inspect/inspectSample.test.ts`, and here to its layers' references
 * composed by hand (each of which `bidirectional.test.ts` and `masking.test.ts` hold to Keras').
 */
import { describe, expect, it } from 'vitest';
import type { HyperParams } from '../../config/hyperparams';
import type { ScenarioId } from '../../scenarios';
import { createRng } from '../rng';
import { innerLayer, paddedIds, randomWeights, textSpec, tutorialSpec } from '../inspect/testing';
import { rowOf } from '../spec/layers';
import { maskedInputs } from '../spec/model';
import type { LayerSpec, ModelSpec } from '../spec/types';
import { bidirectionalForward } from './bidirectional';
import { backwardModel, forwardModel, referenceModel, stepMaskOf, type LayerRun, type LstmState } from './model';
import { averagePool, averagePoolBackward } from './pooling';
import type { RecurrentWeights } from './recurrent';
import { maskOfIds } from './sequence';
import { dot, embed, expectNear, FINITE_DIFFERENCE_TOLERANCE, finiteDifferences, uniform } from './testing';

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

/** The step mask a recurrent or pooling layer's run read, if any. */
const maskOfRun = (r: LayerRun) => r.lstm?.stepMask ?? r.recurrent?.forward.stepMask ?? r.bidirectional?.stepMask ?? r.stepMask;

const POOL: LayerSpec = { kind: 'globalAveragePooling1d' };

/** Rows of word ids, [rows, steps] flat; 0 is padding (masked under `mask_zero`), also between words. */
const ROWS = [[0, 0, 0, 4, 9, 2, 7], [3, 1, 8, 0, 5, 6, 11], [0, 0, 0, 0, 0, 0, 13], [5, 7, 9, 0, 0, 0, 0]];
const IDS = Int32Array.from(ROWS.flat());

describe('forwardModel with Embedding(mask_zero=True) and Bidirectional layers', () => {
  it('is its layers’ references composed: Embedding → Bidirectional(LSTM, sequences) → Dropout → Bidirectional(GRU) → Dense', () => {
    const spec = textSpec(7, 15, 3, true, [
      { kind: 'bidirectional', layer: innerLayer('lstm', 3, true) },
      { kind: 'dropout', rate: 0.4 },
      { kind: 'bidirectional', layer: innerLayer('gru', 2, false, 'relu') },
    ]);
    const weights = randomWeights(spec, 4, 1), w = weights.map((v) => v.values);
    const run = forwardModel(referenceModel(spec, weights), IDS, 4);

    const B = 4, T = 7, mask = maskOfIds(IDS);
    const directions = (at: number, I: number, U: number) => {
      const one = (k: number): RecurrentWeights => ({ inputDim: I, units: U, kernel: w[k], recurrentKernel: w[k + 1], bias: w[k + 2] });
      return { forward: one(at), backward: one(at + 3) };
    };
    const first = bidirectionalForward('lstm', embed(IDS, w[0], 3), B, T, directions(1, 3, 3), { activation: 'tanh', returnSequences: true, stepMask: mask });
    const second = bidirectionalForward('gru', first.y, B, T, directions(7, 6, 2), { activation: 'relu', returnSequences: false, stepMask: mask });
    const want = Array.from({ length: B }, (_, r) => {
      let z = w[14][0];
      for (let k = 0; k < 4; k++) z += second.y[r * 4 + k] * w[13][k];
      return 1 / (1 + Math.exp(-z));
    });
    expect(run.runs[1].y).toEqual(first.y);
    expect(run.runs[3].y).toEqual(second.y);
    run.output.forEach((v, r) => expect(v).toBeCloseTo(want[r], 14));
  });

  it.each<[string, boolean, LayerSpec[]]>([
    ['LSTM(sequences) → Dropout → GRU', true, [innerLayer('lstm', 3, true), { kind: 'dropout', rate: 0.2 }, innerLayer('gru', 2, false)]],
    ['Bidirectional(SimpleRNN, sequences) → LSTM', true, [{ kind: 'bidirectional', layer: innerLayer('simpleRnn', 2, true) }, innerLayer('lstm', 3, false)]],
    ['Bidirectional(LSTM), no mask_zero', false, [{ kind: 'bidirectional', layer: innerLayer('lstm', 2, false) }]],
    ['Bidirectional(LSTM, sequences) → GlobalAveragePooling1D → Dropout', true, [{ kind: 'bidirectional', layer: innerLayer('lstm', 2, true) }, POOL, { kind: 'dropout', rate: 0.5 }]],
    ['GlobalAveragePooling1D, no mask_zero', false, [POOL]],
  ])('hands the word ids’ step mask to exactly the layers maskedInputs marks: %s', (_name, maskZero, middle) => {
    const spec = textSpec(7, 15, 3, maskZero, middle);
    const run = forwardModel(referenceModel(spec, randomWeights(spec, 6)), IDS, 4);
    const masked = maskedInputs(spec);
    expect(masked.some(Boolean)).toBe(maskZero);
    run.runs.forEach((r, i) => {
      const layer = spec.layers[i];
      if (rowOf(layer).mask(layer) !== 'read') return;
      expect(maskOfRun(r)).toEqual(masked[i] ? maskOfIds(IDS) : undefined);
    });
  });

  it('needs the step mask for a run that starts after the Embedding', () => {
    const spec = textSpec(7, 15, 3, true, [innerLayer('gru', 2, false)]);
    const model = referenceModel(spec, randomWeights(spec, 1));
    const embedded = forwardModel(model, IDS, 4).runs[0].y;
    expect(() => forwardModel(model, embedded, 4, { from: 1 })).toThrow(/step mask/);
    // The same output with the mask given as with the ids.
    expect(forwardModel(model, embedded, 4, { from: 1, stepMask: stepMaskOf(spec, IDS) }).output).toEqual(forwardModel(model, IDS, 4).output);
    expect(stepMaskOf(textSpec(7, 15, 3, false, [innerLayer('gru', 2, false)]), IDS)).toBeUndefined();
  });
});

interface MaskedCase {
  name: string;
  maskZero: boolean;
  middle: LayerSpec[];
}

const MASKED_CASES: MaskedCase[] = [
  { name: 'Bidirectional(LSTM), masked', maskZero: true, middle: [{ kind: 'bidirectional', layer: innerLayer('lstm', 3, false) }] },
  {
    name: 'Bidirectional(GRU, sequences) → Bidirectional(SimpleRNN), masked', maskZero: true,
    middle: [{ kind: 'bidirectional', layer: innerLayer('gru', 2, true) }, { kind: 'bidirectional', layer: innerLayer('simpleRnn', 2, false) }],
  },
  { name: 'Bidirectional(LSTM, sequences) → LSTM, masked', maskZero: true, middle: [{ kind: 'bidirectional', layer: innerLayer('lstm', 2, true) }, innerLayer('lstm', 3, false)] },
  { name: 'LSTM(sequences) → Dropout → GRU, masked', maskZero: true, middle: [innerLayer('lstm', 3, true), { kind: 'dropout', rate: 0.5 }, innerLayer('gru', 3, false)] },
  { name: 'Bidirectional(GRU), unmasked', maskZero: false, middle: [{ kind: 'bidirectional', layer: innerLayer('gru', 3, false) }] },
  // The short-reviews card's shape, and a plain LSTM's sequence (its masked steps hold its state) pooled.
  { name: 'Bidirectional(LSTM, sequences) → GlobalAveragePooling1D → Dropout, masked', maskZero: true, middle: [{ kind: 'bidirectional', layer: innerLayer('lstm', 2, true) }, POOL, { kind: 'dropout', rate: 0.5 }] },
  { name: 'LSTM(sequences) → GlobalAveragePooling1D, masked', maskZero: true, middle: [innerLayer('lstm', 3, true), POOL] },
  { name: 'GlobalAveragePooling1D on the embedded words, masked', maskZero: true, middle: [POOL] },
  { name: 'Bidirectional(GRU, sequences) → GlobalAveragePooling1D, unmasked', maskZero: false, middle: [{ kind: 'bidirectional', layer: innerLayer('gru', 2, true) }, POOL] },
];

describe('backwardModel with Embedding(mask_zero=True) and Bidirectional layers', () => {
  it.each(MASKED_CASES)('is the derivative of forwardModel, and gives masked steps nothing: $name', ({ maskZero, middle }) => {
    const spec = textSpec(7, 15, 3, maskZero, middle);
    const model = referenceModel(spec, randomWeights(spec, 21, 1));
    const rows = ROWS.length, stepMask = stepMaskOf(spec, IDS);
    const x = forwardModel(model, IDS, rows).runs[0].y;
    const run = forwardModel(model, x, rows, { from: 1, stepMask });
    const rng = createRng(5);
    const probe = Float64Array.from(run.output, () => rng.next() * 2 - 1);
    const loss = (xs: Float64Array) => forwardModel(model, xs, rows, { from: 1, stepMask }).output.reduce((a, v, j) => a + v * probe[j], 0);
    const dx = backwardModel(model, run, probe);
    expect(dx.length).toBe(x.length);
    const eps = 1e-6;
    for (let j = 0; j < x.length; j++) {
      const up = x.slice(), down = x.slice();
      up[j] += eps;
      down[j] -= eps;
      expect(dx[j]).toBeCloseTo((loss(up) - loss(down)) / (2 * eps), 6);
      // A masked step is skipped by every layer that reads the mask: no gradient reaches it.
      if (maskZero && IDS[Math.floor(j / 3)] === 0) expect(dx[j]).toBe(0);
    }
  });
});

describe('a masked model (Embedding(mask_zero=True))', () => {
  const WORDS = [4, 9, 2, 7, 12];
  it.each(MASKED_CASES.filter((c) => c.maskZero))('gives a padded input the unpadded one’s output, however padded: $name', ({ middle }) => {
    const padded = textSpec(9, 15, 3, true, middle), unpadded = textSpec(WORDS.length, 15, 3, true, middle);
    // The weights' shapes do not depend on the sequence's length.
    const weights = randomWeights(padded, 13, 1);
    const want = forwardModel(referenceModel(unpadded, weights), WORDS, 1).output;
    const model = referenceModel(padded, weights);
    for (const ids of [[0, 0, 0, 0, ...WORDS], [...WORDS, 0, 0, 0, 0], [0, 4, 9, 0, 0, 2, 7, 12, 0]]) {
      const got = forwardModel(model, ids, 1).output;
      expect(got[0]).toBeCloseTo(want[0], 13);
    }
    // Unmasked, the padding is read as words: a different answer.
    const plain = referenceModel(textSpec(9, 15, 3, false, middle), weights);
    expect(Math.abs(forwardModel(plain, [0, 0, 0, 0, ...WORDS], 1).output[0] - want[0])).toBeGreaterThan(1e-6);
  });

  it('runs every LSTM step with a shared prefix, and gives the same output as without one', () => {
    const spec = textSpec(7, 15, 3, true, [innerLayer('lstm', 3, true), { kind: 'bidirectional', layer: innerLayer('lstm', 2, false) }]);
    const model = referenceModel(spec, randomWeights(spec, 3, 1));
    const padding = forwardModel(model, new Float64Array(7), 1);
    const ids = ROWS[0], shared = forwardModel(model, ids, 1, { prefix: { run: padding, agreeBefore: 3 } });
    expect(shared.runs[1].lstm!.from).toBe(0);
    expect(shared.output).toEqual(forwardModel(model, ids, 1).output);
  });
});

describe('averagePool (GlobalAveragePooling1D)', () => {
  const B = 4, T = 5, F = 2;
  /** Rows: all real; pre- and post-padded with a hole; wholly masked; one word. */
  const MASK = Float64Array.of(1, 1, 1, 1, 1, /**/ 0, 1, 0, 1, 0, /**/ 0, 0, 0, 0, 0, /**/ 0, 0, 0, 0, 1);

  it('averages each row’s real steps only, ignores whatever sits at masked ones, and gives a wholly masked row zeros', () => {
    const x = Float64Array.from({ length: B * T * F }, (_, j) => j);
    // Masked steps hold garbage, even NaN: none of it reaches the mean (or the gradient).
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) if (MASK[b * T + t] === 0) x.fill(NaN, (b * T + t) * F, (b * T + t + 1) * F);
    const y = averagePool(x, B, T, F, MASK);
    expect(Array.from(y)).toEqual([4, 5, (12 + 16) / 2, (13 + 17) / 2, 0, 0, 38, 39]);
    // Without a mask, the mean over every step.
    expect(Array.from(averagePool(Float64Array.of(1, 2, 3, 6), 1, 2, 2))).toEqual([2, 4]);
    const dx = averagePoolBackward(Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8), B, T, F, MASK);
    expect(Array.from(dx.subarray(0, 2 * F))).toEqual([1 / 5, 2 / 5, 1 / 5, 2 / 5]);
    expect(Array.from(dx.subarray(T * F, 2 * T * F))).toEqual([0, 0, 1.5, 2, 0, 0, 1.5, 2, 0, 0]);
    expect(dx.subarray(2 * T * F, 3 * T * F).every((v) => v === 0)).toBe(true);
    expect(Array.from(dx.subarray(3 * T * F))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 7, 8]);
  });

  it('backward is the derivative of its forward (finite differences), masked and not', () => {
    const x = Float64Array.from(uniform(B * T * F, 1, 3)), probe = uniform(B * F, 1, 4);
    for (const mask of [MASK, undefined]) {
      const dx = averagePoolBackward(probe, B, T, F, mask);
      expectNear(dx, finiteDifferences((v) => dot(averagePool(v, B, T, F, mask), probe), x), 'dx', FINITE_DIFFERENCE_TOLERANCE);
    }
  });

  it('refuses a step mask of the wrong size', () => {
    expect(() => averagePool([1, 2], 1, 2, 1, [1])).toThrow('A step mask is [batch, steps] = 2 values; got 1.');
  });
});
