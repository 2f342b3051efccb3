/**
 * Jason Brownlee's alphabet tutorials: learn the next letter of A–Z.
 *
 * Letters are encoded A=0 … Z=25 and scaled by 1/26, exactly as the tutorial does. That makes A
 * indistinguishable from the zero padding; we keep the quirk because the published 98.9% was
 * measured with it.
 */
import type { HyperParams } from '../config/hyperparams';
import { BASE_HYPERPARAMS } from './defaults';
import type { Scenario } from './types';

const SOURCE = {
  title: 'Understanding Stateful LSTM Recurrent Neural Networks in Python with Keras',
  author: 'Jason Brownlee (Machine Learning Mastery)',
  url: 'https://machinelearningmastery.com/understanding-stateful-lstm-recurrent-neural-networks-python-keras/',
};

/** Letters in the alphabet; also the number of output classes. */
export const ALPHABET_SIZE = 26;

export const alphabetVariable: Scenario = {
  id: 'alphabet',
  family: 'alphabet',
  title: 'Alphabet: next letter from a variable-length input',
  summary:
    '1000 random runs of 1–5 consecutive letters, left-padded to 5 with zeros; the model predicts the letter that follows.',
  source: SOURCE,
  defaults: {
    ...BASE_HYPERPARAMS,
    units: 32, // LSTM(32)
    epochs: 500,
    batchSize: 1,
    seqLength: 5, // max_len
    samples: 1000, // num_inputs
    shuffle: true,
  },
  fields: ['units', 'epochs', 'batchSize', 'learningRate', 'seqLength', 'samples', 'shuffle', 'restoreBest', 'seed', 'backend', 'trainer'],
  data: { kind: 'alphabet-variable' },
  validation: 'none',
  stepsField: 'seqLength',
  model: (hp: HyperParams) => ({
    inputShape: [hp.seqLength, 1],
    inputDtype: 'float32',
    layers: [
      { kind: 'lstm', units: hp.units, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false },
      { kind: 'dense', units: ALPHABET_SIZE, activation: 'softmax' },
    ],
    loss: 'categoricalCrossentropy',
  }),
  published: { metric: 'acc', value: 0.989, text: 'Model Accuracy: 98.90% (on the training data, after 500 epochs)' },
  kerasParams: 5210,
};

export const alphabetStateful: Scenario = {
  id: 'alphabet-stateful',
  family: 'alphabet',
  title: 'Alphabet: stateful LSTM, one letter at a time',
  summary:
    'The 25 pairs A→B … Y→Z fed one letter per batch, in order; the LSTM carries its state across samples and is reset after each epoch.',
  source: SOURCE,
  defaults: {
    ...BASE_HYPERPARAMS,
    units: 50, // LSTM(50, batch_input_shape=(1, 1, 1), stateful=True)
    epochs: 300,
    batchSize: 1,
    seqLength: 1,
    samples: 25,
    shuffle: false,
  },
  fields: ['units', 'epochs', 'learningRate', 'seed', 'backend', 'trainer'],
  data: { kind: 'alphabet-stateful' },
  validation: 'none',
  stepsField: null,
  model: (hp: HyperParams) => ({
    inputShape: [1, 1],
    inputDtype: 'float32',
    layers: [
      { kind: 'lstm', units: hp.units, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: true },
      { kind: 'dense', units: ALPHABET_SIZE, activation: 'softmax' },
    ],
    loss: 'categoricalCrossentropy',
  }),
  published: { metric: 'acc', value: 1.0, text: 'Model Accuracy: 100.00% (training data, state reset each epoch)' },
  kerasParams: 11726,
  check: (hp) =>
    hp.batchSize !== 1 || hp.shuffle
      ? [{ field: 'batchSize', message: 'A stateful LSTM here needs batch size 1 and shuffle off: state flows from one letter to the next.' }]
      : [],
};
