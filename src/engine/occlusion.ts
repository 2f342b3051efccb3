/**
 * Each word's share in a text classifier's answer, by occlusion: the answer with the word left out,
 * compared with the answer as typed. Both "Try the model" boxes shade words with it: IMDB's review
 * (`tryModel.ts`) and a classifier of the user's labelled texts (`textClassifier/`).
 */
import type { RunModel } from './runModel';

/** Occlusion costs one extra sequence per word; beyond this many words, only the last ones are scored. */
export const MAX_OCCLUDED = 200;

export interface Occlusion {
  /** The model's outputs for the text as typed (one row of `outputs`). */
  base: Float32Array;
  /** The outputs with each scored word left out, in word order; scored words are the last `without.length` of the window. */
  without: Float32Array[];
  /** Index (among the `inWindow` words) of the first scored word. */
  firstScored: number;
}

/**
 * `ids`: one padded sequence of `maxlen` ids whose last `inWindow` entries are the words (one id per
 * word, pre-padded). Row 0 of the batch is the text as typed; row k+1 is the text with scored word k
 * removed and one more pad in front, which is what encoding the shorter text gives (pre-padding keeps
 * the end aligned).
 */
export async function occludeWords(model: Pick<RunModel, 'predict'>, ids: Int32Array, inWindow: number): Promise<Occlusion> {
  const maxlen = ids.length;
  const firstScored = Math.max(0, inWindow - MAX_OCCLUDED);
  const scored = inWindow - firstScored;
  const rows = 1 + scored;
  const batch = new Int32Array(rows * maxlen);
  batch.set(ids, 0);
  for (let k = 0; k < scored; k++) {
    const pos = maxlen - inWindow + firstScored + k;
    const row = batch.subarray((k + 1) * maxlen, (k + 2) * maxlen);
    row.set(ids.subarray(0, pos), 1);
    row.set(ids.subarray(pos + 1), pos + 1);
  }
  const { probs } = await model.predict(batch, rows);
  const width = probs.length / rows;
  const rowOf = (r: number) => probs.slice(r * width, (r + 1) * width);
  return { base: rowOf(0), without: Array.from({ length: scored }, (_, k) => rowOf(k + 1)), firstScored };
}
