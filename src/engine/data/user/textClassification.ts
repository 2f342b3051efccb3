/**
 * Labelled texts → a dataset for the IMDB models: Keras' `Tokenizer` fitted on the training texts
 * only (the validation texts' words count as unseen, as they would be for a new review), sequences
 * padded as `pad_sequences` does, and the validation part the user asked for.
 *
 * Which samples validate: Keras' `validation_split` takes the last fraction of the samples as they
 * are. A file of labelled sentences is often sorted by label (and a folder always is), so that
 * would validate on one class only. The default, `'stratified'`, takes the last fraction *of each
 * class*, in file order: both parts keep the classes' balance, no seeded shuffle is needed, and the
 * Keras script can make the same split in two lines. `'last'` is Keras' own rule, for files already
 * in random order.
 */
import type { Dataset, Split } from '../dataset';
import { padSequences, type PadSide } from '../padSequences';
import type { LabelledTexts } from './labelledTexts';
import { refuse } from './problem';
import { createTokenizer, fitOnTexts, textsToSequences, type TokenizerConfig, type TokenizerState } from './tokenizer';

export type ValidationOrder = 'stratified' | 'last';

export interface TextClassificationOptions {
  /** Words per sample after padding or truncation (`pad_sequences(maxlen=…)`). */
  maxlen: number;
  /** Share of the samples kept for validation, 0 ≤ f < 1. */
  validationSplit: number;
  validationOrder?: ValidationOrder;
  tokenizer?: Partial<TokenizerConfig>;
  padding?: PadSide;
  truncating?: PadSide;
}

export interface TextClassificationData {
  /** x `[n, maxlen]` word indices; y `[n, 1]` (0/1) for two classes, `[n, classes]` one-hot for more. */
  dataset: Dataset;
  tokenizer: TokenizerState;
  classNames: string[];
  /** The sample indices (into the labelled texts) of each part, in order. */
  trainIndices: Int32Array;
  validationIndices: Int32Array;
}

/** The samples each part takes: per class or overall, the last `fraction` goes to validation. */
export function validationIndices(labels: Int32Array, classes: number, fraction: number, order: ValidationOrder): { train: Int32Array; validation: Int32Array } {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`validationSplit must be at least 0 and below 1 (got ${fraction}).`);
  const isValidation = new Uint8Array(labels.length);
  const groups: number[][] = order === 'last' ? [Array.from(labels, (_, i) => i)] : Array.from({ length: classes }, () => []);
  if (order === 'stratified') labels.forEach((c, i) => groups[c].push(i));
  for (const members of groups) {
    // Keras: `split_at = int(len(x) * (1 - validation_split))`.
    const splitAt = Math.floor(members.length * (1 - fraction));
    for (let k = splitAt; k < members.length; k++) isValidation[members[k]] = 1;
  }
  const train: number[] = [];
  const validation: number[] = [];
  isValidation.forEach((v, i) => (v ? validation : train).push(i));
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}

export function textClassificationData(file: string, data: LabelledTexts, options: TextClassificationOptions): TextClassificationData {
  const { maxlen, validationSplit, validationOrder = 'stratified' } = options;
  if (!Number.isInteger(maxlen) || maxlen < 1) throw new RangeError(`maxlen must be a whole number ≥ 1 (got ${maxlen}).`);
  const classes = data.classNames.length;
  const { train, validation } = validationIndices(data.labels, classes, validationSplit, validationOrder);
  if (train.length < 1 || (validationSplit > 0 && validation.length < 1)) {
    refuse({ file }, `there are ${data.texts.length} samples, too few to keep ${Math.round(validationSplit * 100)}% for validation and train on the rest; add samples or change the validation split.`);
  }
  const trainClasses = new Set(Array.from(train, (i) => data.labels[i]));
  if (trainClasses.size < classes) {
    const missing = data.classNames.filter((_, c) => !trainClasses.has(c));
    refuse({ file }, `the training part has no sample of “${missing[0]}”; add samples of it or change the validation split.`);
  }
  const tokenizer = fitOnTexts(createTokenizer(options.tokenizer), Array.from(train, (i) => data.texts[i]));
  const part = (indices: Int32Array): Split => {
    const sequences = textsToSequences(tokenizer, Array.from(indices, (i) => data.texts[i]));
    const x = padSequences(sequences, { maxlen, padding: options.padding, truncating: options.truncating });
    const n = indices.length;
    const y = classes === 2 ? Float32Array.from(indices, (i) => data.labels[i]) : new Float32Array(n * classes);
    if (classes > 2) indices.forEach((i, s) => (y[s * classes + data.labels[i]] = 1));
    return { x, xShape: [n, maxlen], y, yShape: [n, classes === 2 ? 1 : classes] };
  };
  const dataset: Dataset = { train: part(train) };
  if (validation.length > 0) dataset.validation = part(validation);
  return { dataset, tokenizer, classNames: data.classNames, trainIndices: train, validationIndices: validation };
}
