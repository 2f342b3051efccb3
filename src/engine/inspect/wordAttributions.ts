/**
 * Each word's share in a text model's answer: integrated gradients from the all-padding input
 * (`integratedGradients.ts`), read off at the positions the words took. The IMDB review's Inspect
 * and the labelled sentence's both shade words with it.
 */
import type { ReviewToken } from '../data/imdb/encodeReview';
import { integratedGradients } from './integratedGradients';
import type { PreparedModel } from './prepared';
import type { WordAttributions } from './types';

/**
 * Where each word sits in the model's input of `length` ids, pre-padded: the words it reads (neither
 * cut by the sequence length nor dropped, id 0) fill its last positions in order; the others have none.
 */
export function wordPositions(tokens: readonly ReviewToken[], length: number): (number | null)[] {
  const reads = (t: ReviewToken) => t.status !== 'cut' && t.id !== 0;
  let next = length - tokens.filter(reads).length;
  return tokens.map((t) => (reads(t) ? next++ : null));
}

/** The attributions of `ids`, one per word at `positions` (0 where it has none) and the start marker's at `start`. */
export function wordAttributions(prepared: PreparedModel, ids: ArrayLike<number>, positions: readonly (number | null)[], start: number | null): WordAttributions {
  const a = integratedGradients(prepared.model, ids, { baseline: prepared.padding() });
  return {
    words: positions.map((p) => (p === null ? 0 : a.positions[p])),
    start: start === null ? 0 : a.positions[start],
    atInput: a.atInput, atBaseline: a.atBaseline, steps: a.steps, relativeError: a.relativeError, complete: a.complete,
  };
}
