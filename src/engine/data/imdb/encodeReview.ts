/**
 * Encodes a review typed into the app exactly as the training data was encoded: the same
 * tokenizer, Keras `num_words` (unknown or rarer words become `<OOV>`), the start marker first,
 * then `pad_sequences` with padding and truncation at the front. Each word is reported with its id
 * and whether the model sees it, so the UI can mark unknown words and the words cut off by maxlen.
 */
import type { HyperParams } from '../../../config/hyperparams';
import { padSequences } from '../padSequences';
import { tokenize } from './tokenizer';
import { OOV_ID, START_ID, wordId, type ImdbVocab } from './vocab';

export interface ReviewToken {
  word: string;
  /** The id the model gets (`OOV_ID` for unknown words), whether or not it is cut. */
  id: number;
  /** 'cut': removed by maxlen (pre-truncation drops the first words); the model never sees it. */
  status: 'ok' | 'oov' | 'cut';
}

export interface EncodedReview {
  /** [seqLength] the model input: pre-padded with 0, the last `seqLength` ids of [start, ...words]. */
  ids: Int32Array;
  /** One per word of the text, in order; the start marker is not listed. */
  tokens: ReviewToken[];
}

/** Linear in the text length, so a 100 KB paste encodes in a few milliseconds. */
export function encodeReview(text: string, vocab: ImdbVocab, hp: Pick<HyperParams, 'vocabSize' | 'seqLength'>): EncodedReview {
  const words = tokenize(text);
  const seq = new Int32Array(words.length + 1);
  seq[0] = START_ID;
  for (let i = 0; i < words.length; i++) seq[i + 1] = wordId(vocab, words[i], hp.vocabSize);
  // The first `dropped` entries of seq are cut: the start marker first, then the earliest words.
  const dropped = Math.max(0, seq.length - hp.seqLength);
  const tokens = words.map((word, i): ReviewToken => {
    const id = seq[i + 1];
    return { word, id, status: i + 1 < dropped ? 'cut' : id === OOV_ID ? 'oov' : 'ok' };
  });
  return { ids: padSequences([seq], { maxlen: hp.seqLength }), tokens };
}
