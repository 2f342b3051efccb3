/**
 * "Write on": a continuation of the text a user typed, one character at a time, each drawn from
 * the model's probabilities at a temperature (`sampleWithTemperature`, the one sampling the
 * after-epoch samples use) and appended to the window before the next. A generator, so the page
 * shows each character as it comes and stops the moment it is told.
 */
import type { CharVocabulary } from '../data/user/charText';
import { sampleWithTemperature } from '../data/user/sampling';
import type { Rng } from '../rng';
import type { RunModel } from '../runModel';
import { macrotaskYield } from '../yield';
import { prefixWindow } from './generateText';

/** Characters a continuation writes unless stopped (the Keras example's 400). */
export const CONTINUATION_LENGTH = 400;

export interface ContinueOptions {
  temperature: number;
  /** The draws' generator: a seed reproduces a continuation. */
  rng: Rng;
  length?: number;
  /** Ends the continuation before the next character. */
  signal?: AbortSignal;
  /** Called before each character, so the host paints the last one and hears Stop. */
  yieldToHost?: () => Promise<void>;
}

/**
 * The characters that follow `prefix`, one per step; a prefix the model cannot read throws a
 * `RangeError` with the sentence that says why (`prefixWindow`'s), before anything is drawn.
 */
export async function* continueText(
  model: Pick<RunModel, 'predict'>, vocabulary: CharVocabulary, seqLength: number, prefix: string, options: ContinueOptions,
): AsyncGenerator<string, void, undefined> {
  const { temperature, rng, length = CONTINUATION_LENGTH, signal, yieldToHost = macrotaskYield } = options;
  const start = prefixWindow(vocabulary, seqLength, prefix);
  if (typeof start === 'string') throw new RangeError(start);
  const window = Int32Array.from(start);
  for (let i = 0; i < length; i++) {
    await yieldToHost();
    if (signal?.aborted) return;
    const { probs } = await model.predict(window.slice(), 1);
    if (signal?.aborted) return;
    const next = sampleWithTemperature(probs, temperature, rng);
    window.copyWithin(0, 1);
    window[seqLength - 1] = next;
    yield vocabulary.chars[next];
  }
}
