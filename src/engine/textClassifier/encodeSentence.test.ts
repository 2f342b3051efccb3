import { describe, expect, it } from 'vitest';
import { padSequences } from '../data/padSequences';
import { createTokenizer, fitOnTexts, textsToSequences } from '../data/user/tokenizer';
import { encodeSentence } from './encodeSentence';

const TEXTS = ['the cat sat on the mat', 'the dog ate the bone', 'a cat and a dog'];

describe('encodeSentence', () => {
  it.each([
    ['with an OOV token', { numWords: 5, oovToken: '<OOV>' }],
    ['without one (unknown words dropped)', { numWords: 5, oovToken: null }],
    ['keeping every word', { numWords: null, oovToken: null }],
  ])('gives the model the input texts_to_sequences and pad_sequences give, %s', (_name, config) => {
    const tokenizer = fitOnTexts(createTokenizer(config), TEXTS);
    for (const text of ['The cat, the DOG and a bird!', 'zebra', 'the the the the the the the the the cat']) {
      for (const maxlen of [3, 8]) {
        const encoded = encodeSentence(text, tokenizer, maxlen);
        expect(Array.from(encoded.ids)).toEqual(Array.from(padSequences(textsToSequences(tokenizer, [text]), { maxlen })));
        expect(encoded.tokens.filter((t) => t.status !== 'cut' && t.id !== 0)).toHaveLength(encoded.inWindow);
      }
    }
  });

  it('marks unknown words and the first words cut by maxlen', () => {
    const tokenizer = fitOnTexts(createTokenizer({ numWords: 5, oovToken: '<OOV>' }), TEXTS);
    const { tokens, inWindow } = encodeSentence('bird the cat a', tokenizer, 3);
    expect(tokens.map((t) => t.status)).toEqual(['cut', 'ok', 'ok', 'oov']);
    expect(inWindow).toBe(3);
  });
});
