/**
 * Inspect on a classifier of a user's labelled texts: a typed sentence's words as timesteps, each
 * step's gates and states as Keras' cell computes them (written out here step by step in float64,
 * apart from the reference model, on the ids Keras' `texts_to_sequences` and `pad_sequences` give),
 * the class probabilities as the Dense layer gives them and as Try gives them, and each word's share.
 */
import { describe, expect, it } from 'vitest';
import { userDataConfig } from '../../config/runConfig';
import { padSequences } from '../data/padSequences';
import { createTokenizer, fitOnTexts, textsToSequences } from '../data/user/tokenizer';
import { CLASSIFIER_OOV_TOKEN, CLASSIFIER_STARTS, classifierSource, type ClassifierStart } from '../textClassifier/classifierModel';
import { classifierPredictor } from '../textClassifier/loadedClassifier';
import { predictClassify } from '../textClassifier/predictClassify';
import { labelledSentences } from '../textClassifier/testing';
import { inspect, type InspectSource } from './inspect';
import { kerasEmbeddedLstm, randomWeights } from './testing';
import type { InspectData, InspectResult } from './types';

const SEQ = 8, UNITS = 4, EMBED = 3, WORDS = 14;
const NAMES = ['sport', 'food', 'weather'];

function classifierSourceOf(start: ClassifierStart, classes: number, seed = 5): InspectSource & { data: Extract<InspectData, { kind: 'classify' }> } {
  const rows = labelledSentences(6, classes);
  const tokenizer = fitOnTexts(createTokenizer({ numWords: WORDS, oovToken: CLASSIFIER_OOV_TOKEN }), rows.map((r) => r.text));
  const hp = { ...CLASSIFIER_STARTS[start].defaults, vocabSize: WORDS, seqLength: SEQ, embeddingDim: EMBED, units: UNITS };
  const spec = classifierSource(classes).model(hp);
  return { spec, weights: randomWeights(spec, seed), config: userDataConfig(hp), data: { kind: 'classify', tokenizer, maxlen: SEQ, classNames: NAMES.slice(0, classes) } };
}

function words(r: InspectResult): Extract<InspectResult, { kind: 'words' }> {
  if (r.kind !== 'words') throw new Error(`expected words, got ${JSON.stringify(r)}`);
  return r;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Each class's probability from the last h: a sigmoid's p is the second class's, else the softmax. */
function classesOf(s: InspectSource, h: number[]): number[] {
  const [, , , , Wd, bd] = s.weights.map((w) => w.values);
  const n = bd.length;
  const z = Array.from({ length: n }, (_, j) => bd[j] + h.reduce((a, v, k) => a + v * Wd[k * n + j], 0));
  if (n === 1) return [1 - sigmoid(z[0]), sigmoid(z[0])];
  const m = Math.max(...z), e = z.map((v) => Math.exp(v - m)), sum = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / sum);
}

describe('inspect a classifier of a user’s labelled texts', () => {
  describe.each([
    ['small', 2], ['small', 3], ['seq', 2], ['seq', 3],
  ] as const)('the %s start model, %i classes', (start, classes) => {
    const s = classifierSourceOf(start, classes);
    // Five known words, one the tokenizer never saw (the OOV index), then three words of padding.
    const sentence = 'The team was very zebra';

    it('gives each step’s gates, cell and hidden state as Keras’ cell computes them, on Keras’ padded ids', () => {
      const r = words(inspect(s, { kind: 'words', text: sentence }));
      const ids = padSequences(textsToSequences(s.data.tokenizer, [sentence]), { maxlen: SEQ });
      const expected = kerasEmbeddedLstm(s.weights, ids, UNITS, EMBED);
      const [layer] = r.layers;
      for (const key of ['i', 'f', 'o', 'c', 'h'] as const) {
        expect(layer[key]).toHaveLength(SEQ);
        layer[key]!.forEach((row, t) => row.forEach((v, k) => expect(v).toBeCloseTo(expected[key][t][k], 12)));
      }
      const want = classesOf(s, expected.h[SEQ - 1]);
      expect(r.classes.map((c) => c.name)).toEqual(NAMES.slice(0, classes));
      r.classes.forEach((c, k) => expect(c.p).toBeCloseTo(want[k], 12));
      expect(r.predicted).toBe(want.indexOf(Math.max(...want)));
    });

    it('labels each step with the word it read, the padding before them dimmed', () => {
      const [layer] = words(inspect(s, { kind: 'words', text: sentence })).layers;
      expect(layer.steps).toEqual([
        ...Array.from({ length: 3 }, () => ({ label: '', padding: true })),
        ...['the', 'team', 'was', 'very', 'zebra'].map((label) => ({ label, padding: false })),
      ]);
    });

    it('answers as Try does', async () => {
      const r = words(inspect(s, { kind: 'words', text: sentence }));
      const tried = await predictClassify(classifierPredictor({ spec: s.spec, weights: s.weights, reading: s.data }), s.data, sentence);
      if (tried.kind !== 'classify') throw new Error(JSON.stringify(tried));
      expect(tried.predicted).toBe(r.predicted);
      tried.classes.forEach((c, k) => {
        expect(c.name).toBe(r.classes[k].name);
        expect(c.p).toBeCloseTo(r.classes[k].p, 5);
      });
      expect(r.tokens.map((t) => [t.word, t.status])).toEqual(tried.tokens.map((t) => [t.word, t.status]));
    });

    it(classes === 2 ? 'gives each word its share, adding up to the answer’s distance from all padding' : 'gives no word shares for more than two classes', () => {
      const r = words(inspect(s, { kind: 'words', text: sentence }));
      if (classes !== 2) return expect(r.attributions).toBeUndefined();
      const a = r.attributions!;
      expect(a.words).toHaveLength(5);
      expect(a.start).toBe(0);
      expect(a.complete).toBe(true);
      const sum = a.words.reduce((x, v) => x + v, 0);
      expect(Math.abs(sum - (a.atInput - a.atBaseline))).toBeLessThanOrEqual(0.05 * Math.abs(a.atInput - a.atBaseline) + 1e-9);
      expect(a.atInput).toBeCloseTo(r.classes[1].p, 12);
      expect(words(inspect(s, { kind: 'words', text: sentence, attributions: false })).attributions).toBeUndefined();
    });
  });

  it('reads only the last maxlen words of a long sentence, as pad_sequences cuts it', () => {
    const s = classifierSourceOf('small', 2);
    const text = 'rain snow the team was very cold and the match ended';
    const r = words(inspect(s, { kind: 'words', text }));
    const shown = text.split(' ').slice(-SEQ);
    expect(r.layers[0].steps.map((l) => l.label)).toEqual(shown);
    expect(r.tokens.filter((t) => t.status === 'cut').map((t) => t.word)).toEqual(['rain', 'snow', 'the']);
    expect(r.attributions!.words.slice(0, 3)).toEqual([0, 0, 0]);
  });

  it.each([
    ['an empty sentence', '  ,. ', 'Type a sentence with at least one word to classify.'],
  ])('refuses %s in one sentence', (_name, text, message) => {
    expect(inspect(classifierSourceOf('seq', 3), { kind: 'words', text })).toEqual({ kind: 'invalid', message });
  });

  it('refuses words the tokenizer drops (no OOV token) and any other kind of request', () => {
    const s = classifierSourceOf('seq', 2);
    const noOov = { ...s, data: { ...s.data, tokenizer: fitOnTexts(createTokenizer({ numWords: WORDS, oovToken: null }), ['the team']) } };
    expect(inspect(noOov, { kind: 'words', text: 'zebra giraffe' })).toEqual({
      kind: 'invalid', message: 'None of these words was in the training texts; use words like the ones the model was trained on.',
    });
    expect(inspect(s, { kind: 'chars', text: 'the team' })).toEqual({
      kind: 'invalid', message: 'This model was trained on your labelled texts: type a sentence to look inside it.',
    });
  });
});
