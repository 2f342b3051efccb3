/**
 * "Try the model" for a classifier of the user's labelled texts: a typed sentence → each class's
 * probability, and each word shaded by its share in the predicted class's probability, by the same
 * occlusion as IMDB's review box (`occlusion.ts`).
 */
import { predictedClass } from '../confusion';
import type { TokenizerState } from '../data/user/tokenizer';
import { occludeWords } from '../occlusion';
import type { RunModel } from '../runModel';
import type { PredictResult } from '../types';
import { encodeSentence } from './encodeSentence';

/** Each class's probability from one row of outputs: a sigmoid's p is class 1's, 1 − p class 0's. */
export function classProbabilities(outputs: ArrayLike<number>, classes: number): number[] {
  return classes === 2 && outputs.length === 1 ? [1 - outputs[0], outputs[0]] : Array.from(outputs);
}

export interface ClassifierReading {
  tokenizer: TokenizerState;
  maxlen: number;
  classNames: readonly string[];
}

export async function predictClassify(model: Pick<RunModel, 'predict'>, reading: ClassifierReading, text: string): Promise<PredictResult> {
  const { tokenizer, maxlen, classNames } = reading;
  const encoded = encodeSentence(text, tokenizer, maxlen);
  if (encoded.tokens.length === 0) return { kind: 'invalid', message: 'Type a sentence with at least one word to classify.' };
  if (encoded.inWindow === 0) return { kind: 'invalid', message: 'None of these words was in the training texts; use words like the ones the model was trained on.' };
  const { base, without, firstScored } = await occludeWords(model, encoded.ids, encoded.inWindow);
  const classes = classNames.length;
  const probabilities = classProbabilities(base, classes);
  const predicted = predictedClass(base, 0, base.length);
  // The words the model reads, oldest first, as the occluded rows list them.
  const read = encoded.tokens.flatMap((t, i) => (t.status !== 'cut' && t.id !== 0 ? [i] : []));
  const contribution = new Map<number, number>();
  without.forEach((row, k) => contribution.set(read[firstScored + k], probabilities[predicted] - classProbabilities(row, classes)[predicted]));
  return {
    kind: 'classify',
    classes: classNames.map((name, c) => ({ name, p: probabilities[c] })),
    predicted,
    tokens: encoded.tokens.map((t, i) => ({ ...t, contribution: contribution.get(i) ?? 0 })),
  };
}
