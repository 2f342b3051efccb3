/**
 * The model a user's text trains (issue #20, "text → next character"): Keras'
 * `lstm_text_generation` example with an Embedding in place of its one-hot input,
 *
 *     Embedding(vocabulary, embeddingDim) → LSTM(units) [× layers] → Dense(vocabulary, softmax)
 *
 * trained on categorical cross-entropy against the next character's one-hot. Its sizes come from
 * the text's vocabulary, so it is a `ModelSource` built per text rather than a tutorial.
 */
import type { HpKey, HyperParams, Problem } from '../../config/hyperparams';
import { validateFields } from '../../config/runConfig';
import { BASE_HYPERPARAMS } from '../../scenarios/defaults';
import { checkModel, formatBytes, type ModelSource } from '../spec/check';
import { recurrentLayer } from '../spec/recurrentLayer';
import type { ModelSpec } from '../spec/types';

/**
 * Where a text run starts: the Keras example's sizes (`maxlen = 40`, `LSTM(128)`, `batch_size=128`,
 * 60 epochs, learning rate 0.01, there RMSprop's, here Adam's), a 32-wide embedding, and 10% of the
 * windows (the text's end) held out for validation, which the example does not do.
 */
export const CHAR_TEXT_DEFAULTS: HyperParams = {
  ...BASE_HYPERPARAMS,
  units: 128,
  epochs: 60,
  batchSize: 128,
  learningRate: 0.01,
  seqLength: 40,
  embeddingDim: 32,
  validationSplit: 0.1,
};

/** A window starts every `step` characters (the example's `step = 3`); a data setting, not the model's. */
export const CHAR_TEXT_DEFAULT_STEP = 3;

/** The hyperparameters a text run uses (the form's fields, and the only ones a message suggests). */
export const CHAR_TEXT_FIELDS: readonly HpKey[] = [
  'cell', 'units', 'layers', 'dropout', 'recurrentDropout', 'embeddingDim', 'epochs', 'batchSize', 'learningRate', 'seqLength',
  'validationSplit', 'shuffle', 'restoreBest', 'seed', 'backend', 'trainer',
];

/** The character model for a vocabulary of `vocabularySize` symbols. */
export function charTextSource(vocabularySize: number): ModelSource {
  return {
    fields: CHAR_TEXT_FIELDS,
    stepsField: 'seqLength',
    model: (hp: HyperParams): ModelSpec => ({
      inputShape: [hp.seqLength],
      inputDtype: 'int32',
      layers: [
        { kind: 'embedding', inputDim: vocabularySize, outputDim: hp.embeddingDim },
        ...Array.from({ length: hp.layers }, (_, i) => recurrentLayer(hp.cell, {
          units: hp.units, activation: 'tanh', returnSequences: i < hp.layers - 1, dropout: hp.dropout, recurrentDropout: hp.recurrentDropout,
        })),
        { kind: 'dense', units: vocabularySize, activation: 'softmax' },
      ],
      loss: 'categoricalCrossentropy',
    }),
  };
}

/** Every problem with these hyperparameters for a text of `vocabularySize` symbols: each field's bounds, then the model's. */
export function charTextProblems(vocabularySize: number, hp: HyperParams): Problem[] {
  const fields = validateFields(hp);
  return fields.length > 0 ? fields : checkModel(charTextSource(vocabularySize), hp);
}

/**
 * The most memory a text's windows may take once cut: the trainer reads its samples from one array
 * (x: `seqLength` int32 codes, y: a float32 one-hot over the vocabulary per window), kept for the
 * whole run beside the model's own memory (`MEMORY_LIMIT_BYTES`, checked with the model).
 */
export const CHAR_WINDOWS_LIMIT_BYTES = 1e9;

/** Bytes of `windows` windows once cut (`charWindows`). */
export const charWindowsBytes = (windows: number, seqLength: number, vocabularySize: number): number => windows * 4 * (seqLength + vocabularySize);

/** A text whose windows would not fit in memory, as a sentence saying what to change; null when they fit. */
export function charWindowsProblem(windows: number, seqLength: number, vocabularySize: number): Problem | null {
  const bytes = charWindowsBytes(windows, seqLength, vocabularySize);
  if (bytes <= CHAR_WINDOWS_LIMIT_BYTES) return null;
  return {
    field: 'seqLength',
    message: `The text makes ${windows.toLocaleString('en')} windows of ${seqLength} characters, about ${formatBytes(bytes)} once cut ` +
      `(the limit is ${formatBytes(CHAR_WINDOWS_LIMIT_BYTES)}: they stay in memory while training); use a larger step, a shorter sequence length or a shorter text.`,
  };
}
