/**
 * IMDB sentiment tutorials: a review's word ids in, the probability that it is positive out.
 * Both validate on the 25,000-review test set, as the tutorials do.
 */
import type { HyperParams } from '../config/hyperparams';
import { BASE_HYPERPARAMS } from './defaults';
import type { Scenario } from './types';
import type { LayerSpec } from '../engine/spec/types';

const KERAS_EXAMPLE = {
  title: 'Trains an LSTM model on the IMDB sentiment classification task (imdb_lstm.py)',
  author: 'Keras examples',
  url: 'https://github.com/keras-team/keras/blob/2.15.0/examples/imdb_lstm.py',
};
const BROWNLEE = {
  title: 'Sequence Classification with LSTM Recurrent Neural Networks in Python with Keras',
  author: 'Jason Brownlee (Machine Learning Mastery)',
  url: 'https://machinelearningmastery.com/sequence-classification-lstm-recurrent-neural-networks-python-keras/',
};

const IMDB_FIELDS = [
  'vocabSize', 'seqLength', 'embeddingDim', 'units', 'dropout', 'recurrentDropout', 'dropoutLayerRate', 'epochs',
  'batchSize', 'learningRate', 'trainSubset', 'shuffle', 'restoreBest', 'seed', 'backend', 'trainer',
] as const;

function lstm(hp: HyperParams): LayerSpec {
  return {
    kind: 'lstm', units: hp.units, activation: 'tanh', returnSequences: false,
    dropout: hp.dropout, recurrentDropout: hp.recurrentDropout, stateful: false,
  };
}

const embedding = (hp: HyperParams): LayerSpec => ({ kind: 'embedding', inputDim: hp.vocabSize, outputDim: hp.embeddingDim });
const sigmoidOut: LayerSpec = { kind: 'dense', units: 1, activation: 'sigmoid' };

export const imdbSmallVocab: Scenario = {
  id: 'imdb-small-vocab',
  family: 'imdb',
  title: 'IMDB sentiment, small vocabulary',
  summary: 'The 2,000 most frequent words, reviews cut to their last 80 words, one LSTM(128) with dropout.',
  source: KERAS_EXAMPLE,
  defaults: {
    ...BASE_HYPERPARAMS,
    vocabSize: 2000, // max_features
    seqLength: 80, // maxlen
    embeddingDim: 128,
    units: 128,
    dropout: 0.2,
    recurrentDropout: 0.2,
    epochs: 15,
    batchSize: 32,
  },
  fields: IMDB_FIELDS,
  data: { kind: 'imdb' },
  validation: 'test-set',
  stepsField: 'seqLength',
  model: (hp) => ({
    inputShape: [hp.seqLength],
    inputDtype: 'int32',
    layers: [embedding(hp), lstm(hp), sigmoidOut],
    loss: 'binaryCrossentropy',
  }),
  published: { metric: 'valAcc', value: 0.8129, text: 'Test accuracy 0.8129 after 15 epochs (validation peak ≈0.835 at epochs 1–2)' },
  kerasParams: 387_713,
};

const SEQ_DEFAULTS: HyperParams = {
  ...BASE_HYPERPARAMS,
  vocabSize: 5000, // top_words
  seqLength: 500, // max_review_length
  embeddingDim: 32, // embedding_vecor_length
  units: 100,
  epochs: 3,
  batchSize: 64,
};

export const imdbSeq: Scenario = {
  id: 'imdb-seq',
  family: 'imdb',
  title: 'IMDB sequence classification',
  summary: 'Top 5,000 words, reviews padded or cut to 500 words, Embedding(32) → LSTM(100).',
  source: BROWNLEE,
  defaults: SEQ_DEFAULTS,
  fields: IMDB_FIELDS,
  data: { kind: 'imdb' },
  validation: 'test-set',
  stepsField: 'seqLength',
  model: (hp) => ({ inputShape: [hp.seqLength], inputDtype: 'int32', layers: [embedding(hp), lstm(hp), sigmoidOut], loss: 'binaryCrossentropy' }),
  published: { metric: 'valAcc', value: 0.8679, text: 'Accuracy: 86.79% on the test set after 3 epochs' },
  kerasParams: 213_301,
};

export const imdbSeqDropout: Scenario = {
  ...imdbSeq,
  id: 'imdb-seq-dropout',
  title: 'IMDB sequence classification + Dropout layers',
  summary: 'The same model with Dropout(0.2) before and after the LSTM.',
  defaults: { ...SEQ_DEFAULTS, dropoutLayerRate: 0.2 },
  model: (hp) => ({
    inputShape: [hp.seqLength],
    inputDtype: 'int32',
    layers: [
      embedding(hp),
      { kind: 'dropout', rate: hp.dropoutLayerRate },
      lstm(hp),
      { kind: 'dropout', rate: hp.dropoutLayerRate },
      sigmoidOut,
    ],
    loss: 'binaryCrossentropy',
  }),
  published: { metric: 'valAcc', value: 0.8556, text: 'Accuracy: 85.56% on the test set after 3 epochs' },
};

export const imdbSeqLstmDropout: Scenario = {
  ...imdbSeq,
  id: 'imdb-seq-lstm-dropout',
  title: 'IMDB sequence classification + LSTM dropout',
  summary: 'The same model with dropout=0.2 and recurrent_dropout=0.2 inside the LSTM.',
  defaults: { ...SEQ_DEFAULTS, dropout: 0.2, recurrentDropout: 0.2 },
  published: { metric: 'valAcc', value: 0.8282, text: 'Accuracy: 82.82% on the test set after 3 epochs' },
};

export const imdbSeqCnn: Scenario = {
  ...imdbSeq,
  id: 'imdb-seq-cnn',
  title: 'IMDB sequence classification + Conv1D',
  summary: 'Conv1D(32, 3, same, relu) → MaxPooling1D(2) before the LSTM halves the sequence it reads.',
  model: (hp) => ({
    inputShape: [hp.seqLength],
    inputDtype: 'int32',
    layers: [
      embedding(hp),
      { kind: 'conv1d', filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' },
      { kind: 'maxPooling1d', poolSize: 2 },
      lstm(hp),
      sigmoidOut,
    ],
    loss: 'binaryCrossentropy',
  }),
  published: { metric: 'valAcc', value: 0.8636, text: 'Accuracy: 86.36% on the test set after 3 epochs' },
  kerasParams: 216_405,
};
