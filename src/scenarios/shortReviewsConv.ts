/**
 * "Short reviews, Conv1D front": the short-reviews card's data and checks (`shortReviews.ts`,
 * `../engine/data/imdb/shortReviews.ts`) read by the sequence tutorial's Conv1D variant in place
 * of a masked Bidirectional LSTM. Kept beside that card, not in its place: the two read a short
 * review differently (one skips its padding, one learned to read past it from the cut rows), and
 * the compare view lays their runs over each other.
 *
 * Why it is here (issue #21, measured with `npm run bench:short-reviews -- --card
 * short-reviews-conv`, seeds 1–3 on 2 threads): 88.0% on IMDB's test set and 76.0% on the
 * short-review check, where the masked card reads 86.0% and 75.0%, in less time a run. Conv1D
 * and MaxPooling1D refuse Keras' step mask, so this model is unmasked: it reads the padding of a
 * short row, and the cut rows (every review's last 10–50 words) are what teach it to.
 */
import type { HyperParams } from '../config/hyperparams';
import { recurrentLayer } from '../engine/spec/recurrentLayer';
import type { LayerSpec } from '../engine/spec/types';
import { shortReviews } from './shortReviews';
import type { Scenario } from './types';

function layers(hp: HyperParams): LayerSpec[] {
  return [
    { kind: 'embedding', inputDim: hp.vocabSize, outputDim: hp.embeddingDim },
    // Three-word phrases, then every other step: the LSTM reads half as many steps (the tutorial's front).
    { kind: 'conv1d', filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' },
    { kind: 'maxPooling1d', poolSize: 2 },
    recurrentLayer(hp.cell, { units: hp.units, activation: 'tanh', returnSequences: false, dropout: hp.dropout, recurrentDropout: hp.recurrentDropout }),
    { kind: 'dense', units: 1, activation: 'sigmoid' },
  ];
}

export const shortReviewsConv: Scenario = {
  ...shortReviews,
  id: 'short-reviews-conv',
  title: 'IMDB short reviews with a Conv1D front',
  summary:
    'The short-reviews data read by Conv1D(32, 3) → MaxPooling1D(2) → LSTM(100): three-word phrases first, half the steps for the LSTM. Two points above the masked card on IMDB’s test set.',
  source: {
    title: 'Beyond the tutorials: the sequence tutorial’s Conv1D front, trained on reviews cut to their last words',
    author: 'LSTM Lab, beyond the tutorials',
  },
  defaults: {
    ...shortReviews.defaults,
    // The sequence tutorial's sizes (Embedding 32, LSTM 100, batch 64) at 20,000 words.
    embeddingDim: 32,
    units: 100,
    batchSize: 64,
    dropoutLayerRate: 0,
    // Measured (seed 1): Adam 0.001 kept epoch 1 (validation 88.6%; 85.9% by epoch 3) for 87.5% on
    // the test set; 0.0005 gave 88.2%, and 88.0% over seeds 1–3. Both peak after one or two epochs.
    learningRate: 0.0005,
    epochs: 2,
  },
  fields: ['cell', 'vocabSize', 'seqLength', 'embeddingDim', 'units', 'epochs', 'batchSize', 'learningRate', 'validationSplit', 'trainSubset', 'restoreBest', 'seed', 'backend', 'trainer'],
  model: (hp) => ({ inputShape: [hp.seqLength], inputDtype: 'int32', layers: layers(hp), loss: 'binaryCrossentropy' }),
  beyond: {
    expect: 'Measured over 3 seeds: 88.0% on IMDB’s test set and 76.0% on the short-review check, about 3 minutes a run in Node; the masked card: 86.0% and 75.0%. The targets (issue #21: 89.0% and 85%) are not reached yet.',
    chance: 0.5,
    metric: 'valAcc',
    recipe:
      'Not a tutorial: the short-reviews card’s data (every training review whole and as its last 10–50 words; validation from the training reviews; the test set and the short-review check read once at the end) with the sequence tutorial’s Conv1D front. Conv1D reads three-word phrases and MaxPooling1D halves the steps before the LSTM. Keras’ Conv1D refuses a mask, so the padding is read, not skipped: the cut rows teach the model to read past it. The epoch with the best validation accuracy is kept.',
  },
  // Embedding 20000·32 = 640,000; Conv1D 3·32·32 + 32 = 3,104; LSTM(100) 4·100·(32 + 100 + 1) = 53,200; Dense(100 → 1): 101.
  kerasParams: 696_405,
};
