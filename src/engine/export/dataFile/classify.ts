/**
 * The classify kind's part of the data file (`index.ts`): what a classifier of labelled texts needs
 * besides its weights to be used elsewhere — the fitted Keras `Tokenizer` as `Tokenizer.to_json()`
 * writes it (so `tokenizer_from_json` reads it in Keras), the words per text the model reads
 * (`pad_sequences(maxlen=…)`, pre-padding and pre-truncation), and the class names in the order of
 * the model's outputs (for two classes, the sigmoid's output is the probability of `labels[1]`).
 * `bench/export/verify_export.py` reads it the same way, Keras-free.
 */
import { z } from 'zod';
import { tokenizerFromJson, tokenizerToJson } from '../../data/user/tokenizer';
import type { ClassifierReading } from '../../textClassifier/predictClassify';

export const classifyDataFileSchema = z.object({
  kind: z.literal('classify'),
  tokenizer: z.string().superRefine((json, ctx) => {
    try {
      tokenizerFromJson(json);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `the tokenizer is not one Keras wrote (${e instanceof Error ? e.message : String(e)})` });
    }
  }),
  maxlen: z.number().int().positive(),
  labels: z.array(z.string().min(1)).min(2).refine((labels) => new Set(labels).size === labels.length, 'each label must be listed once'),
});

export type ClassifyDataFile = z.infer<typeof classifyDataFileSchema>;

/** The data file's fields for a classifier run. */
export function classifyDataFileOf({ tokenizer, maxlen, classNames }: ClassifierReading): ClassifyDataFile {
  return { kind: 'classify', tokenizer: tokenizerToJson(tokenizer), maxlen, labels: [...classNames] };
}

/** What the classifier's Try needs, back from a data file. */
export function classifierReadingOf(file: ClassifyDataFile): ClassifierReading {
  return { tokenizer: tokenizerFromJson(file.tokenizer), maxlen: file.maxlen, classNames: file.labels };
}
