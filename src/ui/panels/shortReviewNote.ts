import type { HyperParams } from '../../config/hyperparams';
import { usesStepMask } from '../../engine/spec/model';
import type { Scenario } from '../../scenarios/types';

/**
 * The review box's warning for a review much shorter than the window the model was trained on.
 * The IMDB tutorials train on windows of 80 or 500 words that nearly every review fills, padded
 * at the front: a 10-word review is read after 70 or 490 padding steps the model never learned to
 * ignore, and such reviews lean positive (issue #21 measured 62.6 % on short real reviews after
 * tutorial 1, whose test-set figure was 83.6 %). Under half the window counts as "much shorter".
 * A model that learned short texts gets no note (`learnedShort`, from `learnedShortTexts` below).
 */
export function shortReviewNote(wordsRead: number, window: number, learnedShort = false): string | null {
  if (learnedShort || wordsRead <= 0 || wordsRead * 2 >= window) return null;
  const words = wordsRead === 1 ? '1 word' : `${wordsRead} words`;
  // The window's other step before the words is the start marker (index 1), as in training.
  const padding = window - wordsRead - 1;
  return (
    `This model learned from ${window}-word windows, nearly all of them full; your ${words} come after ` +
    `${padding} padding steps it never learned to ignore, so answers to short texts are less reliable. ` +
    'The short-reviews card is built for them.'
  );
}

/**
 * Whether a model reads a short review as it learned to: it masks its padding
 * (`Embedding(mask_zero=True)` skips it), or it trained on the short-reviews data, whose rows cut
 * to a review's last 10–50 words taught it to read past the padding (the Conv1D card, which Keras
 * does not let mask).
 */
export function learnedShortTexts(scenario: Pick<Scenario, 'model' | 'data'>, hp: HyperParams): boolean {
  return usesStepMask(scenario.model(hp)) || scenario.data.kind === 'imdb-short-reviews';
}
