/**
 * Text → next character, as Keras' `lstm_text_generation` example builds its samples: the
 * characters seen, sorted, are the vocabulary; a window of `seqLength` characters starting every
 * `step` characters is a sample, and the character after it is its target
 * (`for i in range(0, len(text) - maxlen, step)`). Unlike the example, characters rarer than
 * `minCount` fold into one "other" symbol (a typo's stray glyph is not worth an output), and
 * characters are Unicode code points, as Python counts them, not UTF-16 halves.
 *
 * The text is kept once, encoded (`codes`), and windows are cut from it when asked
 * (`charWindows`): a 50 MB text has millions of overlapping windows, far too many to hold each.
 */
import type { Split } from '../dataset';
import { refuse } from './problem';

/** Stands for every folded character in the vocabulary and in generated text. */
export const OTHER_CHAR = '\uFFFD';
/** The most symbols kept: the codes fit 16 bits, and a softmax wider than this is not a character model. */
export const MAX_CHAR_VOCABULARY = 4096;

export interface CharVocabularyOptions {
  /** Characters seen fewer times than this fold into `OTHER_CHAR`. Default 1 (keep all). */
  minCount?: number;
  /** Lower-case the text first, as the Keras example does. Default false (the text as written). */
  lower?: boolean;
}

export interface CharVocabulary {
  /** Index → character, sorted by code point as Python's `sorted(set(text))`; `OTHER_CHAR` last when anything folded. */
  chars: string[];
  /** How often each of `chars` occurs (the other symbol: all folded characters together). */
  counts: number[];
  /** Distinct characters folded into the other symbol, and how many times they occur in all. */
  folded: { distinct: number; occurrences: number };
  lower: boolean;
}

export interface CharCorpus {
  vocabulary: CharVocabulary;
  /** The text as vocabulary indices, one per code point. */
  codes: Uint16Array;
}

export interface CharWindowOptions {
  seqLength: number;
  step: number;
}

/**
 * Calls `visit` with each code point of `text` in order. Written with `charCodeAt` rather than
 * `for…of` because this runs over every character of a 50 MB text, several times faster.
 */
function forEachCodePoint(text: string, visit: (codePoint: number) => void): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        visit(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    visit(c);
  }
}

/** The vocabulary of `text` and the text encoded by it. */
export function encodeCharText(text: string, { minCount = 1, lower = false }: CharVocabularyOptions = {}, onProgress?: (fraction: number) => void): CharCorpus {
  const source = lower ? text.toLowerCase() : text;
  // Counts by code point: a flat table for the Basic Multilingual Plane, a map for the rest.
  const bmp = new Float64Array(0x10000);
  const astral = new Map<number, number>();
  let length = 0;
  forEachCodePoint(source, (cp) => {
    if (cp < 0x10000) bmp[cp]++;
    else astral.set(cp, (astral.get(cp) ?? 0) + 1);
    length++;
  });
  onProgress?.(0.5); // counted: encoding takes about as long again
  const counts: [number, number][] = [];
  for (let cp = 0; cp < 0x10000; cp++) if (bmp[cp] > 0) counts.push([cp, bmp[cp]]);
  counts.push(...astral);
  // The replacement character is what undecodable text turns into elsewhere: it always means "other".
  const OTHER = OTHER_CHAR.codePointAt(0)!;
  const kept = counts.filter(([cp, n]) => n >= minCount && cp !== OTHER).sort((a, b) => b[1] - a[1]).slice(0, MAX_CHAR_VOCABULARY - 1)
    .map(([cp]) => cp).sort((a, b) => a - b);
  const other = kept.length;
  // Code point → index; everything else is the other symbol.
  const bmpIndex = new Int32Array(0x10000).fill(other);
  const astralIndex = new Map<number, number>();
  kept.forEach((cp, i) => (cp < 0x10000 ? (bmpIndex[cp] = i) : astralIndex.set(cp, i)));
  const keptCount = new Map(counts);
  const foldedDistinct = counts.length - kept.length;
  const foldedTimes = length - kept.reduce((sum, cp) => sum + keptCount.get(cp)!, 0);
  const chars = kept.map((cp) => String.fromCodePoint(cp));
  if (foldedDistinct > 0) chars.push(OTHER_CHAR);
  const codes = new Uint16Array(length);
  let i = 0;
  forEachCodePoint(source, (cp) => {
    codes[i++] = cp < 0x10000 ? bmpIndex[cp] : (astralIndex.get(cp) ?? other);
  });
  onProgress?.(1);
  return {
    vocabulary: {
      chars,
      counts: [...kept.map((cp) => keptCount.get(cp)!), ...(foldedDistinct > 0 ? [foldedTimes] : [])],
      folded: { distinct: foldedDistinct, occurrences: foldedTimes },
      lower,
    },
    codes,
  };
}

/** A prefix the user types, encoded: characters not in the vocabulary read as the other symbol (or are dropped without one). */
export function encodeWithVocabulary(vocabulary: CharVocabulary, text: string): number[] {
  const index = new Map(vocabulary.chars.map((c, i) => [c, i]));
  const other = vocabulary.chars[vocabulary.chars.length - 1] === OTHER_CHAR ? vocabulary.chars.length - 1 : undefined;
  const out: number[] = [];
  for (const c of vocabulary.lower ? text.toLowerCase() : text) {
    const k = index.get(c) ?? other;
    if (k !== undefined) out.push(k);
  }
  return out;
}

/** Samples in a text of `length` characters: `len(range(0, length - seqLength, step))`. */
export function charWindowCount(length: number, { seqLength, step }: CharWindowOptions): number {
  return length > seqLength ? Math.ceil((length - seqLength) / step) : 0;
}

/** At least this many samples, so that both the training and the validation part have some. */
export const MIN_CHAR_SAMPLES = 2;

/** Refuses a text too short for its windows, and settings that make none. */
export function checkCharWindows(file: string, corpus: CharCorpus, options: CharWindowOptions): number {
  const { seqLength, step } = options;
  if (!Number.isInteger(seqLength) || seqLength < 1) throw new RangeError(`seqLength must be a whole number ≥ 1 (got ${seqLength}).`);
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`step must be a whole number ≥ 1 (got ${step}).`);
  const length = corpus.codes.length;
  if (length <= seqLength) {
    refuse({ file }, `the text has ${length} characters, and a sample is ${seqLength} characters and the one after them; use a longer text or a sequence length under ${length}.`);
  }
  if (corpus.vocabulary.chars.length < 2) refuse({ file }, 'the text uses a single character; there is nothing to predict, so use a text with more than one character.');
  const count = charWindowCount(length, options);
  if (count < MIN_CHAR_SAMPLES) {
    refuse({ file }, `the text makes ${count} ${count === 1 ? "sample" : "samples"} with sequence length ${seqLength} and step ${step}; use a longer text, a shorter sequence length or a smaller step to get at least ${MIN_CHAR_SAMPLES}.`);
  }
  return count;
}

/**
 * Samples `from` to `to` (exclusive) as a split: x `[n, seqLength]` character indices (int32, for an
 * Embedding or a one-hot), y `[n, vocabulary]` one-hot next characters (the example's categorical
 * cross-entropy targets).
 */
export function charWindows(corpus: CharCorpus, options: CharWindowOptions, from: number, to: number): Split {
  return charWindowsAt(corpus, options, Int32Array.from({ length: to - from }, (_, s) => from + s));
}

/** The samples numbered `samples` (in any order: a shuffled batch) as a split, shaped as `charWindows`'. */
export function charWindowsAt(corpus: CharCorpus, { seqLength, step }: CharWindowOptions, samples: ArrayLike<number>): Split {
  const n = samples.length;
  const vocab = corpus.vocabulary.chars.length;
  const x = new Int32Array(n * seqLength);
  const y = new Float32Array(n * vocab);
  for (let s = 0; s < n; s++) {
    const start = samples[s] * step;
    if (!(start >= 0 && start + seqLength < corpus.codes.length)) throw new RangeError(`Sample ${samples[s]} is outside the text's ${charWindowCount(corpus.codes.length, { seqLength, step })} samples.`);
    for (let t = 0; t < seqLength; t++) x[s * seqLength + t] = corpus.codes[start + t];
    y[s * vocab + corpus.codes[start + seqLength]] = 1;
  }
  return { x, xShape: [n, seqLength], y, yShape: [n, vocab] };
}

/** Decodes indices back to text (generated samples). */
export function decodeChars(vocabulary: CharVocabulary, codes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < codes.length; i++) out += vocabulary.chars[codes[i]];
  return out;
}
