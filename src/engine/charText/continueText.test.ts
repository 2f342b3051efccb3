import { describe, expect, it } from 'vitest';
import { encodeCharText } from '../data/user/charText';
import { sampleWithTemperature } from '../data/user/sampling';
import { createRng } from '../rng';
import { initialWeights } from '../spec/initialWeights';
import { TypedPredictor } from '../typed/typedPredictor';
import { layerValues } from '../weights';
import { charModelPredictor, charModelProblem, type CharModel } from './charModel';
import { charTextSource, CHAR_TEXT_DEFAULTS } from './charTextModel';
import { continueText } from './continueText';
import { nextChars } from './generateText';

const { vocabulary } = encodeCharText('the cat sat on the mat. the dog ate the hat.');
const seqLength = 6;
const spec = charTextSource(vocabulary.chars.length).model({ ...CHAR_TEXT_DEFAULTS, seqLength, units: 8, embeddingDim: 4 });
const model: CharModel = { spec, weights: initialWeights(spec, 3), vocabulary, seqLength };
const noWait = async () => undefined;

async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let out = '';
  for await (const c of gen) out += c;
  return out;
}

describe('continueText', () => {
  it('draws each character from the window so far, as the one sampling does, and a seed repeats it', async () => {
    const predictor = charModelPredictor(model);
    const text = await collect(continueText(predictor, vocabulary, seqLength, 'the ca', { temperature: 0.7, rng: createRng(9), length: 30, yieldToHost: noWait }));
    expect(text).toHaveLength(30);
    // The same draws by hand: the typed predictor on the window, sampleWithTemperature, window moved on.
    const reference = new TypedPredictor(spec, layerValues(spec, model.weights));
    const rng = createRng(9);
    const window = [...'the ca'].map((c) => vocabulary.chars.indexOf(c));
    let want = '';
    for (let i = 0; i < 30; i++) {
      const next = sampleWithTemperature(reference.predict(Int32Array.from(window.slice(-seqLength)), 1), 0.7, rng);
      window.push(next);
      want += vocabulary.chars[next];
    }
    expect(text).toBe(want);
    expect(await collect(continueText(predictor, vocabulary, seqLength, 'the ca', { temperature: 0.7, rng: createRng(9), length: 30, yieldToHost: noWait }))).toBe(text);
    expect(await collect(continueText(predictor, vocabulary, seqLength, 'the ca', { temperature: 0.7, rng: createRng(10), length: 30, yieldToHost: noWait }))).not.toBe(text);
  });

  it('at temperature 0 follows the top choice of nextChars each time', async () => {
    const predictor = charModelPredictor(model);
    let prefix = 'the dog';
    const text = await collect(continueText(predictor, vocabulary, seqLength, prefix, { temperature: 0, rng: createRng(1), length: 5, yieldToHost: noWait }));
    for (const c of text) {
      const answer = await nextChars(predictor, vocabulary, seqLength, prefix);
      if (typeof answer === 'string') throw new Error(answer);
      expect(c).toBe(answer.top[0].char);
      prefix += c;
    }
  });

  it('ends at once when its signal is aborted, and refuses a prefix it cannot read before drawing', async () => {
    const stop = new AbortController();
    let count = 0;
    for await (const _ of continueText(charModelPredictor(model), vocabulary, seqLength, 'the', { temperature: 1, rng: createRng(1), length: 100, signal: stop.signal, yieldToHost: noWait })) {
      if (++count === 3) stop.abort();
    }
    expect(count).toBe(3);
    await expect(collect(continueText(charModelPredictor(model), vocabulary, seqLength, 'XYZ', { temperature: 1, rng: createRng(1), yieldToHost: noWait })))
      .rejects.toThrow('Type a few characters of text: the model tells what comes next.');
  });
});

describe('charModelProblem', () => {
  it('accepts the model with its own vocabulary, and names the file at fault otherwise', () => {
    expect(charModelProblem(spec, model.weights, model, 'm.h5', 'm.data.json')).toBeNull();
    const wider = encodeCharText('the cat sat on the mat. the dog ate the hat!?');
    expect(charModelProblem(spec, model.weights, { vocabulary: wider.vocabulary, seqLength }, 'm.h5', 'other.data.json'))
      .toBe(`other.data.json: its vocabulary has ${wider.vocabulary.chars.length} characters, but m.h5 reads ${vocabulary.chars.length} and writes ${vocabulary.chars.length}; pick the .data.json file saved with this model.`);
    expect(charModelProblem(spec, model.weights, { vocabulary, seqLength: 7 }, 'm.h5', 'd.data.json')).toMatch(/^d\.data\.json: it says the model reads windows of 7 characters, but m\.h5 reads 6/);
    const notText = { ...spec, layers: spec.layers.slice(1), inputShape: [6, 4] };
    expect(charModelProblem(notText, model.weights, model, 'm.h5', 'd.data.json')).toMatch(/^m\.h5: it is not a character model \(/);
  });
});
