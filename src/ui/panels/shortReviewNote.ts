/**
 * The review box's warning for a review much shorter than the window the model was trained on.
 * The IMDB tutorials train on windows of 80 or 500 words that nearly every review fills, padded
 * at the front: a 10-word review is read after 70 or 490 padding steps the model never learned to
 * ignore, and such reviews lean positive (issue #21 measured 62.6 % on short real reviews after
 * tutorial 1, whose test-set figure was 83.6 %). Under half the window counts as "much shorter".
 * A model with `Embedding(mask_zero=True)` skips its padding, so it gets no note.
 */
export function shortReviewNote(wordsRead: number, window: number, masksPadding = false): string | null {
  // A model that masks its padding (the short-reviews card's) reads a short review as it is.
  if (masksPadding || wordsRead <= 0 || wordsRead * 2 >= window) return null;
  const words = wordsRead === 1 ? '1 word' : `${wordsRead} words`;
  // The window's other step before the words is the start marker (index 1), as in training.
  const padding = window - wordsRead - 1;
  return (
    `This model learned from ${window}-word windows, nearly all of them full; your ${words} come after ` +
    `${padding} padding steps it never learned to ignore, so answers to short texts are less reliable. ` +
    'The short-reviews card is built for them.'
  );
}
