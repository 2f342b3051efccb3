/**
 * The model a user's labelled texts train (issue #20, "labelled texts → classifier"): one of the two
 * IMDB tutorials' models as the starting point,
 *
 *     Embedding(numWords, embeddingDim) → LSTM(units, dropout, recurrent dropout) → Dense
 *
 * with the head the number of classes asks for: Dense(1, sigmoid) and binary cross-entropy for two
 * classes (as IMDB), Dense(K, softmax) and categorical cross-entropy for more. The tokenizer keeps
 * the `vocabSize` most common words (Keras' `num_words`) and the texts are padded or cut to
 * `seqLength` words (`maxlen`), so those two hyperparameters say how the texts are prepared too.
 */
import type { HpKey, HyperParams, Problem } from '../../config/hyperparams';
import { validateFields } from '../../config/runConfig';
import { imdbSeq, imdbSmallVocab } from '../../scenarios/imdb';
import { checkModel, MODEL_FIELD, type ModelSource } from '../spec/check';
import { recurrentLayer } from '../spec/recurrentLayer';
import type { ModelSpec } from '../spec/types';

/** Which IMDB tutorial's model a run starts from. */
export type ClassifierStart = 'small' | 'seq';

/**
 * Each start's tutorial and its hyperparameters, with a fifth of the texts held out for validation
 * (the tutorials validate on IMDB's own test set, which a user's file does not have).
 */
export const CLASSIFIER_STARTS: { readonly [S in ClassifierStart]: { title: string; summary: string; defaults: HyperParams } } = {
  small: {
    title: imdbSmallVocab.title,
    summary: 'The 2,000 most frequent words, texts cut to their last 80 words, Embedding(128) → LSTM(128) with dropout.',
    defaults: { ...imdbSmallVocab.defaults, validationSplit: 0.2 },
  },
  seq: {
    title: imdbSeq.title,
    summary: 'The 5,000 most frequent words, texts padded or cut to 500 words, Embedding(32) → LSTM(100).',
    defaults: { ...imdbSeq.defaults, validationSplit: 0.2 },
  },
};

export const DEFAULT_CLASSIFIER_START: ClassifierStart = 'small';

/** Keras' `Tokenizer(oov_token=…)`: words outside the vocabulary keep their place as this one word. */
export const CLASSIFIER_OOV_TOKEN = '<OOV>';

/** The hyperparameters a classifier run uses (the form's fields, and the only ones a message suggests). */
export const CLASSIFIER_FIELDS: readonly HpKey[] = [
  'vocabSize', 'seqLength', 'embeddingDim', 'cell', 'units', 'dropout', 'recurrentDropout', 'epochs', 'batchSize', 'learningRate',
  'validationSplit', 'shuffle', 'restoreBest', 'seed', 'backend', 'trainer',
];

/** The most classes a classifier takes: beyond it a label column is more likely an id than a class. */
export const MAX_CLASSES = 50;

/** The outputs for `classes` classes: one sigmoid for two, a softmax over them for more. */
export const outputWidth = (classes: number): number => (classes === 2 ? 1 : classes);

/** The classifier for `classes` classes. */
export function classifierSource(classes: number): ModelSource {
  return {
    fields: CLASSIFIER_FIELDS,
    stepsField: 'seqLength',
    model: (hp: HyperParams): ModelSpec => ({
      inputShape: [hp.seqLength],
      inputDtype: 'int32',
      layers: [
        { kind: 'embedding', inputDim: hp.vocabSize, outputDim: hp.embeddingDim },
        recurrentLayer(hp.cell, { units: hp.units, activation: 'tanh', returnSequences: false, dropout: hp.dropout, recurrentDropout: hp.recurrentDropout }),
        classes === 2 ? { kind: 'dense', units: 1, activation: 'sigmoid' } : { kind: 'dense', units: classes, activation: 'softmax' },
      ],
      loss: classes === 2 ? 'binaryCrossentropy' : 'categoricalCrossentropy',
    }),
  };
}

/** Every problem with these hyperparameters for `classes` classes: the classes, each field's bounds, then the model's. */
export function classifierProblems(classes: number, hp: HyperParams): Problem[] {
  if (classes < 2) return [{ field: MODEL_FIELD, message: `A classifier needs at least two classes, but the labels give ${classes}; add samples of another class.` }];
  if (classes > MAX_CLASSES) {
    return [{ field: MODEL_FIELD, message: `The labels give ${classes} classes, more than the ${MAX_CLASSES} a classifier here takes; check that the label column holds classes, not ids or texts.` }];
  }
  const fields = validateFields(hp);
  return fields.length > 0 ? fields : checkModel(classifierSource(classes), hp);
}
