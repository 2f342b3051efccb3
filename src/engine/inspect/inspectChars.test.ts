/**
 * Inspect on a model trained on a user's text: the typed characters as timesteps, each step's
 * gates and states as Keras' cell computes them (written out here step by step, apart from the
 * reference model), and the character the output layer expects after each step.
 */
import { describe, expect, it } from 'vitest';
import { userDataConfig } from '../../config/runConfig';
import { CHAR_TEXT_DEFAULTS, charTextSource } from '../charText/charTextModel';
import { prefixWindow } from '../charText/generateText';
import { encodeCharText } from '../data/user/charText';
import { inspect, type InspectSource } from './inspect';
import { kerasEmbeddedLstm, randomWeights } from './testing';
import type { InspectData, InspectResult } from './types';

const TEXT = 'the cat sat on the mat; the dog sat on the log.\n';
const SEQ = 12, UNITS = 5, EMBED = 3;

function textSource(text = TEXT): InspectSource & { data: Extract<InspectData, { kind: 'text' }> } {
  const { vocabulary } = encodeCharText(text);
  const hp = { ...CHAR_TEXT_DEFAULTS, seqLength: SEQ, units: UNITS, embeddingDim: EMBED };
  const spec = charTextSource(vocabulary.chars.length).model(hp);
  return { spec, weights: randomWeights(spec, 11), config: userDataConfig(hp), data: { kind: 'text', vocabulary, seqLength: SEQ } };
}

function chars(r: InspectResult): Extract<InspectResult, { kind: 'chars' }> {
  if (r.kind !== 'chars') throw new Error(`expected chars, got ${JSON.stringify(r)}`);
  return r;
}

/** softmax(h·Wd + bd): the Dense layer on one hidden state. */
function dense(s: InspectSource, h: number[]): number[] {
  const [, , , , Wd, bd] = s.weights.map((w) => w.values);
  const n = bd.length;
  const z = Array.from({ length: n }, (_, j) => bd[j] + h.reduce((a, v, k) => a + v * Wd[k * n + j], 0));
  const m = Math.max(...z), e = z.map((v) => Math.exp(v - m)), sum = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / sum);
}

describe('inspect a model trained on a user’s text', () => {
  it('gives each step’s gates, cell and hidden state as Keras’ cell computes them', () => {
    const s = textSource();
    const typed = 'the dog sat on the';
    const r = chars(inspect(s, { kind: 'chars', text: typed }));
    const window = prefixWindow(s.data!.vocabulary, SEQ, typed);
    if (typeof window === 'string') throw new Error(window);
    const expected = kerasEmbeddedLstm(s.weights, window, UNITS, EMBED);
    const [layer] = r.layers;
    for (const key of ['i', 'f', 'o', 'c', 'h'] as const) {
      expect(layer[key]).toHaveLength(SEQ);
      layer[key]!.forEach((row, t) => row.forEach((v, k) => expect(v).toBeCloseTo(expected[key][t][k], 12)));
    }
    // The window is the text's last 12 characters, one per timestep, whitespace made visible.
    expect(r.input).toBe(typed.slice(-SEQ));
    expect(layer.steps.map((l) => l.label).join('')).toBe(typed.slice(-SEQ).replaceAll(' ', '␣'));
    expect(layer.steps.every((l) => !l.padding)).toBe(true);
  });

  it('tells the character expected after each step, the last one being the model’s answer', () => {
    const s = textSource();
    const r = chars(inspect(s, { kind: 'chars', text: 'on the mat' }));
    const window = prefixWindow(s.data!.vocabulary, SEQ, 'on the mat');
    if (typeof window === 'string') throw new Error(window);
    const h = kerasEmbeddedLstm(s.weights, window, UNITS, EMBED).h;
    r.chars.forEach((step, t) => {
      const p = dense(s, h[t]);
      const best = p.indexOf(Math.max(...p));
      expect(step.next.char).toBe(s.data!.vocabulary.chars[best]);
      expect(step.next.p).toBeCloseTo(p[best], 12);
    });
    r.probabilities.forEach((p, k) => expect(p).toBeCloseTo(dense(s, h[SEQ - 1])[k], 12));
  });

  it('fills a short text with spaces before it, shown as filling, as Try reads it', () => {
    const r = chars(inspect(textSource(), { kind: 'chars', text: 'cat' }));
    expect(r.input).toBe('cat');
    expect(r.chars.map((c) => c.filled)).toEqual([...Array(SEQ - 3).fill(true), false, false, false]);
    expect(r.layers[0].steps.slice(-3)).toEqual([{ label: 'c', padding: false }, { label: 'a', padding: false }, { label: 't', padding: false }]);
    // Filling is dimmed and unlabelled, as a review's padding is.
    expect(r.layers[0].steps[0]).toEqual({ label: '', padding: true });
  });

  it.each([
    ['nothing the vocabulary has', 'XYZ', /Type a few characters/],
    ['a short text where the text has no spaces', 'ab', /Type at least 12 characters/],
  ])('refuses %s with a sentence', (_name, typed, message) => {
    const s = _name.includes('no spaces') ? textSource('abababababababababab') : textSource();
    const r = inspect(s, { kind: 'chars', text: typed });
    expect(r).toEqual({ kind: 'invalid', message: expect.stringMatching(message) });
  });

  it('refuses a character request for a model not trained on a text', () => {
    const { data: _data, ...tutorial } = textSource();
    expect(inspect(tutorial, { kind: 'chars', text: 'the cat' })).toEqual({ kind: 'invalid', message: 'This model was not trained on a text.' });
  });
});
