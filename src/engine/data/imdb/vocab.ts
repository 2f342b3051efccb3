/**
 * The IMDB word index, with the Keras `imdb.load_data` id convention:
 *   0 = padding, 1 = start of review (`start_char`), 2 = out of vocabulary (`oov_char`),
 *   3 + rank = a word, where rank 0 is the most frequent training word (`index_from=3`).
 * So `num_words = N` keeps ids below N: the N - 3 most frequent words plus the three markers.
 *
 * The vocabulary file is UTF-8 text, one word per line in rank order (line 1 = id 3). Words never
 * contain whitespace (the tokenizer splits on it), so a newline is a safe separator.
 */

export const PAD_ID = 0;
export const START_ID = 1;
export const OOV_ID = 2;
/** Id of the most frequent word (Keras `index_from`). */
export const INDEX_FROM = 3;

/** How the ids are shown when a review is decoded back into words, as the Keras docs decode them. */
export const MARKERS = { [PAD_ID]: '<PAD>', [START_ID]: '<START>', [OOV_ID]: '<OOV>' } as const;

export interface ImdbVocab {
  /** Words in rank order: `words[i]` has id `i + INDEX_FROM`. */
  readonly words: readonly string[];
  /** Word to id (not limited by any `num_words`). */
  readonly ids: ReadonlyMap<string, number>;
}

export function createVocab(words: readonly string[]): ImdbVocab {
  const ids = new Map<string, number>();
  words.forEach((w, i) => ids.set(w, i + INDEX_FROM));
  return { words, ids };
}

/** The vocabulary file's bytes: words joined by "\n", with a final newline. */
export function encodeVocab(words: readonly string[]): Uint8Array {
  return new TextEncoder().encode(words.length ? `${words.join('\n')}\n` : '');
}

/** Parses the vocabulary file. Throws `Error` on a malformed file; the loader wraps it with the file name. */
export function decodeVocab(bytes: Uint8Array): ImdbVocab {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the last line has no newline');
  const words = text.length ? text.slice(0, -1).split('\n') : [];
  const vocab = createVocab(words);
  if (vocab.ids.size !== words.length) throw new Error('a word appears twice');
  if (words.some((w) => w.length === 0 || /\s/.test(w))) throw new Error('a line is empty or has whitespace');
  return vocab;
}

/**
 * Id of one word under Keras `num_words`: unknown words and words whose id is `>= numWords` are
 * out of vocabulary.
 */
export function wordId(vocab: ImdbVocab, word: string, numWords: number): number {
  const id = vocab.ids.get(word);
  return id !== undefined && id < numWords ? id : OOV_ID;
}

/** Word for one id: the word itself, a marker for 0/1/2, or "<?>" for an id past the vocabulary. */
export function idToWord(vocab: ImdbVocab, id: number): string {
  if (id < INDEX_FROM) return MARKERS[id as 0 | 1 | 2] ?? '<?>';
  return vocab.words[id - INDEX_FROM] ?? '<?>';
}

/** Decodes ids into a space-separated string, as the Keras IMDB docs do for a preview. */
export function decodeIds(vocab: ImdbVocab, ids: ArrayLike<number>): string {
  const out = new Array<string>(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = idToWord(vocab, ids[i]);
  return out.join(' ');
}
