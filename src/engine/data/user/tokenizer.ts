/**
 * Keras 2's word tokenizer (`keras.preprocessing.text.Tokenizer`), as plain data so it crosses
 * `postMessage` and IndexedDB: lower-case, its punctuation filter, split on spaces; words indexed
 * from 1 by count (ties in the order first seen), the out-of-vocabulary token at index 1 when there
 * is one; `textsToSequences` keeps words below `numWords`. `tokenizerToJson` writes what Keras'
 * `tokenizer_from_json` reads, and `tokenizerFromJson` reads it back.
 */
import { z } from 'zod';
import { parseCountEntries, pythonJsonDumps, pythonJsonDumpsEntries } from './pythonJson';

/** Keras' default `filters`: ASCII punctuation (but the apostrophe), tab and newline. */
export const KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

export interface TokenizerConfig {
  /** Keep words with an index below this in `textsToSequences` (Keras: the `numWords - 1` most common). Null keeps all. */
  numWords: number | null;
  /** Characters replaced by `split` before splitting. */
  filters: string;
  lower: boolean;
  split: string;
  /** The word for words not kept, at index 1; null drops them. */
  oovToken: string | null;
}

export const defaultTokenizerConfig: TokenizerConfig = { numWords: null, filters: KERAS_FILTERS, lower: true, split: ' ', oovToken: null };

export interface TokenizerState {
  config: TokenizerConfig;
  documentCount: number;
  /** Occurrences of each word, in the order first seen. */
  wordCounts: Map<string, number>;
  /** Documents each word occurs in. */
  wordDocs: Map<string, number>;
  /** Word → index from 1, most common first. */
  wordIndex: Map<string, number>;
}

/** Keras' `text_to_word_sequence`: lower-case, filter characters become `split`, split, drop empty words. */
export function textToWordSequence(text: string, config: Pick<TokenizerConfig, 'filters' | 'lower' | 'split'> = defaultTokenizerConfig): string[] {
  let t = config.lower ? text.toLowerCase() : text;
  if (config.filters !== '') t = t.replace(filterPattern(config.filters), config.split);
  return t.split(config.split).filter((w) => w !== '');
}

/** One character class matching every character of `filters` (per code point), built once per filters string. */
const filterPatterns = new Map<string, RegExp>();
function filterPattern(filters: string): RegExp {
  let pattern = filterPatterns.get(filters);
  if (!pattern) {
    const escaped = Array.from(new Set(filters), (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('');
    pattern = new RegExp(`[${escaped}]`, 'gu');
    filterPatterns.set(filters, pattern);
  }
  return pattern;
}

export function createTokenizer(config: Partial<TokenizerConfig> = {}): TokenizerState {
  return { config: { ...defaultTokenizerConfig, ...config }, documentCount: 0, wordCounts: new Map(), wordDocs: new Map(), wordIndex: new Map() };
}

/** Keras' `fit_on_texts`: counts the texts' words (adding to earlier calls) and indexes every word seen. */
export function fitOnTexts(state: TokenizerState, texts: Iterable<string>): TokenizerState {
  for (const text of texts) {
    state.documentCount++;
    const words = textToWordSequence(text, state.config);
    for (const w of words) state.wordCounts.set(w, (state.wordCounts.get(w) ?? 0) + 1);
    for (const w of new Set(words)) state.wordDocs.set(w, (state.wordDocs.get(w) ?? 0) + 1);
  }
  // A stable sort: equal counts keep the order first seen, as Python's sort does.
  const byCount = [...state.wordCounts].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const vocabulary = state.config.oovToken === null ? byCount : [state.config.oovToken, ...byCount];
  // As Python's dict(zip(...)): an OOV token that is also a word keeps the later index.
  state.wordIndex = new Map(vocabulary.map((w, i) => [w, i + 1]));
  return state;
}

/** Keras' `texts_to_sequences`: word indices; a word not indexed, or at or above `numWords`, becomes the OOV index or is dropped. */
export function textsToSequences(state: TokenizerState, texts: readonly string[]): number[][] {
  const { numWords, oovToken } = state.config;
  const oov = oovToken === null ? undefined : state.wordIndex.get(oovToken);
  return texts.map((text) => {
    const seq: number[] = [];
    for (const w of textToWordSequence(text, state.config)) {
      const i = state.wordIndex.get(w);
      // Keras tests `if num_words and i >= num_words`: 0 means no limit, as null does.
      if (i !== undefined && !(numWords && i >= numWords)) seq.push(i);
      else if (oov !== undefined) seq.push(oov);
    }
    return seq;
  });
}

/** The index → word table (`index_word`). */
export function indexWord(state: TokenizerState): Map<number, string> {
  return new Map([...state.wordIndex].map(([w, i]) => [i, w]));
}

const countsJson = (m: Map<string | number, number | string>) => pythonJsonDumpsEntries(m);

/** Keras' `Tokenizer.to_json()`: the config, with the tables as JSON strings inside it, as Keras writes them. */
export function tokenizerToJson(state: TokenizerState): string {
  const { config } = state;
  const indexDocs = new Map<number, number>();
  for (const [w, c] of state.wordDocs) indexDocs.set(state.wordIndex.get(w)!, c);
  return pythonJsonDumps({
    class_name: 'Tokenizer',
    config: {
      num_words: config.numWords,
      filters: config.filters,
      lower: config.lower,
      split: config.split,
      char_level: false,
      oov_token: config.oovToken,
      document_count: state.documentCount,
      word_counts: countsJson(state.wordCounts),
      word_docs: countsJson(state.wordDocs),
      index_docs: countsJson(indexDocs),
      index_word: countsJson(indexWord(state)),
      word_index: countsJson(state.wordIndex),
    },
  });
}

const tokenizerJson = z.object({
  class_name: z.literal('Tokenizer'),
  config: z.object({
    num_words: z.number().int().nonnegative().nullable(),
    filters: z.string(),
    lower: z.boolean(),
    split: z.string(),
    char_level: z.literal(false, { error: 'char_level tokenizers are not read here' }),
    oov_token: z.string().nullable(),
    document_count: z.number().int().nonnegative(),
    word_counts: z.string(),
    word_docs: z.string(),
    word_index: z.string(),
  }),
});

/** Keras' `tokenizer_from_json`, for a tokenizer saved beside a model; throws a sentence when it is not one. */
export function tokenizerFromJson(json: string): TokenizerState {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('This is not a Keras word tokenizer: it is not JSON.');
  }
  const parsed = tokenizerJson.safeParse(raw);
  if (!parsed.success) throw new Error(`This is not a Keras word tokenizer: ${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}.`);
  const c = parsed.data.config;
  const table = (key: string, s: string) => {
    const entries = parseCountEntries(s);
    if (!entries) throw new Error(`This is not a Keras word tokenizer: config.${key} is not a table of counts.`);
    return new Map(entries);
  };
  return {
    config: { numWords: c.num_words, filters: c.filters, lower: c.lower, split: c.split, oovToken: c.oov_token },
    documentCount: c.document_count,
    wordCounts: table('word_counts', c.word_counts),
    wordDocs: table('word_docs', c.word_docs),
    wordIndex: table('word_index', c.word_index),
  };
}
