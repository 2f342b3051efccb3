/**
 * How a character model reads what a user types (Try's next character and Inspect): its last
 * `seqLength` characters, read as the text was (characters outside the vocabulary as its "other"
 * symbol). A prefix shorter than a window is read as if spaces came before it, where the text has
 * spaces. One function, so that Inspect shows the very window Try predicts from.
 */
import { encodeWithVocabulary, type CharVocabulary } from '../data/user/charText';

export interface PrefixWindow {
  /** `seqLength` vocabulary indices. */
  codes: Int32Array;
  /** How many of them are the filling spaces before the typed text. */
  filled: number;
}

/** The window the model reads for `prefix`, or a sentence saying what to type. */
export function prefixWindow(vocabulary: CharVocabulary, seqLength: number, prefix: string): PrefixWindow | string {
  const codes = encodeWithVocabulary(vocabulary, prefix);
  if (codes.length === 0) return 'Type a few characters of text: the model tells what comes next.';
  if (codes.length >= seqLength) return { codes: Int32Array.from(codes.slice(codes.length - seqLength)), filled: 0 };
  const space = vocabulary.chars.indexOf(' ');
  if (space < 0) return `Type at least ${seqLength} characters: the model reads windows of ${seqLength}, and this text has no spaces to fill a shorter one with.`;
  const filled = seqLength - codes.length;
  return { codes: Int32Array.from([...Array<number>(filled).fill(space), ...codes]), filled };
}
