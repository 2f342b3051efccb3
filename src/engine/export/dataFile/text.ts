/**
 * The text kind's part of the data file (`index.ts`): the character table a character model reads
 * and writes (index → character, the "other" symbol's entry `null`), which index folded characters
 * take, the window length the model reads, and whether the text was lower-cased first. Enough to
 * turn typed text into the model's indices and its outputs back into characters anywhere, Python
 * included (`bench/export/verify_export.py`).
 */
import { z } from 'zod';
import { OTHER_CHAR, type CharVocabulary } from '../../data/user/charText';

/** One Unicode code point (the vocabulary counts characters as Python does). */
const oneCodePoint = z.string().refine((c) => [...c].length === 1, 'each entry must be one character');

export const textDataFileSchema = z.object({
  kind: z.literal('text'),
  chars: z.array(oneCodePoint.nullable()).min(2),
  otherIndex: z.number().int().nonnegative().nullable(),
  seqLength: z.number().int().positive(),
  lower: z.boolean(),
}).superRefine((file, ctx) => {
  const nulls = file.chars.flatMap((c, i) => (c === null ? [i] : []));
  const want = file.otherIndex === null ? [] : [file.otherIndex];
  if (nulls.length !== want.length || nulls[0] !== want[0]) {
    ctx.addIssue({ code: 'custom', path: ['otherIndex'], message: 'the “other” symbol must be the one null entry of chars, at otherIndex (or neither)' });
  }
  const seen = new Set<string>();
  for (const c of file.chars) {
    if (c === null) continue;
    if (seen.has(c)) ctx.addIssue({ code: 'custom', path: ['chars'], message: `the character ${JSON.stringify(c)} is listed twice` });
    seen.add(c);
  }
});

export type TextDataFile = z.infer<typeof textDataFileSchema>;

/** What a text run's model needs beside its weights: the vocabulary it was trained with and its windows' length. */
export interface TextModelData {
  vocabulary: CharVocabulary;
  seqLength: number;
}

/** The data file's fields for a text run. */
export function textDataFileOf({ vocabulary, seqLength }: TextModelData): TextDataFile {
  const other = vocabulary.chars.indexOf(OTHER_CHAR);
  return {
    kind: 'text',
    chars: vocabulary.chars.map((c, i) => (i === other ? null : c)),
    otherIndex: other < 0 ? null : other,
    seqLength,
    lower: vocabulary.lower,
  };
}

/**
 * The vocabulary back from a data file, as `encodeWithVocabulary` and the generators read it. A file
 * keeps no counts (they describe the training text, not the model), so they read 0.
 */
export function textModelDataOf(file: TextDataFile): TextModelData {
  const chars = file.chars.map((c) => c ?? OTHER_CHAR);
  return {
    vocabulary: { chars, counts: chars.map(() => 0), folded: { distinct: file.otherIndex === null ? 0 : 1, occurrences: 0 }, lower: file.lower },
    seqLength: file.seqLength,
  };
}
