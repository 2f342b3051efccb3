import { describe, expect, it } from 'vitest';
import type { HyperParams } from '../../config/hyperparams';
import { defaultConfig } from '../../config/runConfig';
import type { ScenarioId } from '../../scenarios';
import { encodeReview } from '../data/imdb/encodeReview';
import { createVocab } from '../data/imdb/vocab';
import { referenceModel } from '../reference/model';
import { inspect, parseSeries, type InspectSource } from './inspect';
import { inspectSample } from './inspectSample';
import { randomWeights, tutorialSpec } from './testing';
import type { InspectResult } from './types';

function source(scenario: ScenarioId, hp: Partial<HyperParams>, vocab?: string[]): InspectSource {
  const config = defaultConfig(scenario);
  config.hp = { ...config.hp, ...hp };
  const spec = tutorialSpec(scenario, hp);
  return { spec, weights: randomWeights(spec, 7), config, vocab: vocab && createVocab(vocab) };
}

function ok<K extends Exclude<InspectResult['kind'], 'invalid'>>(r: InspectResult, kind: K): Extract<InspectResult, { kind: K }> {
  if (r.kind !== kind) throw new Error(`expected ${kind}, got ${JSON.stringify(r)}`);
  return r as Extract<InspectResult, { kind: K }>;
}

describe('inspect letters', () => {
  it('labels the padding by position (A is 0 too) and every array is [timesteps][units]', () => {
    const r = ok(inspect(source('alphabet', { units: 4, seqLength: 5 }), { kind: 'letters', text: ' ab ' }), 'letters');
    expect(r.input).toBe('AB');
    expect(r.probabilities).toHaveLength(26);
    expect(r.probabilities.reduce((a, p) => a + p, 0)).toBeCloseTo(1, 12);
    const [layer] = r.layers;
    expect(layer.steps).toEqual([
      { label: '', padding: true }, { label: '', padding: true }, { label: '', padding: true },
      { label: 'A', padding: false }, { label: 'B', padding: false },
    ]);
    for (const key of ['i', 'f', 'o', 'c', 'h'] as const) {
      expect(layer[key]).toHaveLength(5);
      layer[key]!.forEach((row) => expect(row).toHaveLength(4));
    }
    expect(layer.outputWeight).toHaveLength(4);
  });

  it('a stateful model reads one letter per call: the strip grows, and its start does not change', () => {
    const s = source('alphabet-stateful', { units: 3 });
    const short = ok(inspect(s, { kind: 'letters', text: 'KL' }), 'letters');
    const long = ok(inspect(s, { kind: 'letters', text: 'KLM' }), 'letters');
    expect(long.stateful).toBe(true);
    expect(long.layers[0].steps.map((l) => l.label)).toEqual(['K', 'L', 'M']);
    expect(long.layers[0].c!.slice(0, 2)).toEqual(short.layers[0].c);
    // The third letter starts from the second's state, not from zeros.
    const alone = ok(inspect(s, { kind: 'letters', text: 'M' }), 'letters');
    expect(long.layers[0].c![2]).not.toEqual(alone.layers[0].c![0]);
  });

  it.each([
    ['no letters', '  ', /at least one letter/],
    ['a digit', 'A1', /Only the letters/],
    ['more than the sequence length', 'ABCDEF', /at most 5 letters/],
  ])('refuses %s with a sentence', (_name, text, message) => {
    const r = inspect(source('alphabet', { units: 2, seqLength: 5 }), { kind: 'letters', text });
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.message).toMatch(message);
  });
});

describe('inspect review', () => {
  const vocab = ['the', 'film', 'was', 'great', 'bad', 'plot'];

  it('shows words as timesteps and attributes the output to them', () => {
    const s = source('imdb-seq', { vocabSize: 9, seqLength: 6, embeddingDim: 3, units: 4 }, vocab);
    const r = ok(inspect(s, { kind: 'review', text: 'The film was great' }), 'review');
    expect(r.layers[0].steps.map((l) => (l.padding ? '·' : l.label))).toEqual(['·', '<START>', 'the', 'film', 'was', 'great']);
    const a = r.attributions!;
    expect(a.words).toHaveLength(4);
    expect(a.complete).toBe(true);
    const sum = a.words.reduce((x, v) => x + v, a.start);
    expect(Math.abs(sum - (a.atInput - a.atBaseline))).toBeLessThanOrEqual(0.05 * Math.abs(a.atInput - a.atBaseline));
    expect(a.atInput).toBeCloseTo(r.probabilities[0], 12);
  });

  it('gives a word cut by the sequence length no attribution, and pools words under Conv1D + MaxPooling1D', () => {
    const s = source('imdb-seq-cnn', { vocabSize: 9, seqLength: 4, embeddingDim: 3, units: 2 }, vocab);
    const r = ok(inspect(s, { kind: 'review', text: 'the plot was bad film' }), 'review');
    expect(r.tokens.map((t) => t.status)).toEqual(['cut', 'ok', 'ok', 'ok', 'ok']);
    expect(r.attributions!.words[0]).toBe(0);
    expect(r.layers[0].steps).toEqual([{ label: 'plot was', padding: false }, { label: 'bad film', padding: false }]);
  });

  it('reuses the padding’s steps within a snapshot only: each snapshot’s traces are what every step run afresh gives', () => {
    const hp = { vocabSize: 9, seqLength: 12, embeddingDim: 3, units: 4 };
    const first = source('imdb-seq', hp, vocab);
    // The next epoch's snapshot: new weights, the same model and run.
    const next: InspectSource = { ...first, weights: randomWeights(first.spec, 8) };
    const text = 'the film was great';
    const afresh = (s: InspectSource) => inspectSample(referenceModel(s.spec, s.weights), encodeReview(text, s.vocab!, s.config.hp).ids).layers[0];
    for (const s of [first, next, first, next]) {
      const [layer] = ok(inspect(s, { kind: 'review', text, attributions: false }), 'review').layers;
      const want = afresh(s);
      // Seven steps of padding, then the start marker and four words.
      expect(layer.steps.filter((l) => l.padding)).toHaveLength(7);
      for (const key of ['i', 'f', 'o', 'c', 'h'] as const) expect(layer[key]).toEqual(want[key]);
    }
  });

  it('skips the attributions when not asked for', () => {
    const s = source('imdb-seq', { vocabSize: 9, seqLength: 6, embeddingDim: 3, units: 4 }, vocab);
    expect(ok(inspect(s, { kind: 'review', text: 'bad', attributions: false }), 'review').attributions).toBeUndefined();
  });
});

describe('inspect trend', () => {
  it('predicts every step of a typed series and shows the last one’s three inputs', () => {
    const s = source('trend', { units: 3, layers: 2 });
    const r = ok(inspect(s, { kind: 'trend', text: '0.1, 0.4 0.2,0.9' }), 'trend');
    expect(r.steps.map((st) => [st.x, st.label])).toEqual([[0.2, 0], [0.9, 0]]);
    expect(r.steps[1].p).toBeCloseTo(r.probabilities[0], 12);
    expect(r.layers.map((l) => l.steps.map((st) => st.label))).toEqual([
      ['x_t = 0.9', 'x_t−1 = 0.2', 'previous move up = 0'],
      ['x_t = 0.9', 'x_t−1 = 0.2', 'previous move up = 0'],
    ]);
    // The first LSTM returns sequences into the second: only the second feeds the output.
    expect(r.layers.map((l) => l.outputWeight === undefined)).toEqual([true, false]);
  });

  it.each([
    ['0.1, x, 0.3', /“x” is not a number/],
    ['0.1 0.2', /at least 3 numbers/],
  ])('refuses %s', (text, message) => {
    expect(parseSeries(text)).toMatch(message);
  });
});
