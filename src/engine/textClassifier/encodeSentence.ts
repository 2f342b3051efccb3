/**
 * A sentence typed into "Try the model", encoded exactly as the training texts were: the run's
 * fitted Keras `Tokenizer` (`texts_to_sequences`: words outside its `num_words` become the OOV
 * index, or are dropped when it has none), then `pad_sequences` (pre-padding, pre-truncation). Each
 * word comes back with its index and whether the model sees it, for the word shading.
 */
import { padSequences } from '../data/padSequences';
import type { ReviewToken } from '../data/imdb/encodeReview';
import { textToWordSequence, type TokenizerState } from '../data/user/tokenizer';

export interface EncodedSentence {
  /** `[maxlen]` the model's input. */
  ids: Int32Array;
  /** One per word of the sentence, in order; a dropped word (no OOV index) is listed as 'oov' with id 0. */
  tokens: ReviewToken[];
  /** How many entries at the end of `ids` are the sentence's words (one per word the model sees). */
  inWindow: number;
}

export function encodeSentence(text: string, tokenizer: TokenizerState, maxlen: number): EncodedSentence {
  const { numWords, oovToken } = tokenizer.config;
  const oov = oovToken === null ? undefined : tokenizer.wordIndex.get(oovToken);
  const words = textToWordSequence(text, tokenizer.config);
  // As `textsToSequences` decides each word (the reference; `encodeSentence.test.ts` holds them equal).
  const ids = words.map((w) => {
    const i = tokenizer.wordIndex.get(w);
    return i !== undefined && !(numWords && i >= numWords) ? { id: i, known: true } : { id: oov, known: false };
  });
  const sequence = ids.flatMap((e) => (e.id === undefined ? [] : [e.id]));
  // Pre-truncation drops the first words of the sequence; a dropped word takes no place in it.
  let cut = Math.max(0, sequence.length - maxlen);
  const tokens = words.map((word, i): ReviewToken => {
    const { id, known } = ids[i];
    if (id === undefined) return { word, id: 0, status: 'oov' };
    if (cut > 0) {
      cut--;
      return { word, id, status: 'cut' };
    }
    return { word, id, status: known ? 'ok' : 'oov' };
  });
  return { ids: padSequences([sequence], { maxlen }), tokens, inWindow: Math.min(sequence.length, maxlen) };
}
