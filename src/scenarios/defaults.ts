import type { HyperParams } from '../config/hyperparams';

/**
 * Values every scenario starts from; each tutorial overrides what it sets. Keras defaults where
 * Keras has one (Adam's learning rate 0.001, shuffle on).
 */
export const BASE_HYPERPARAMS: HyperParams = {
  units: 32,
  layers: 1,
  dropout: 0,
  recurrentDropout: 0,
  dropoutLayerRate: 0,
  epochs: 10,
  batchSize: 32,
  learningRate: 0.001,
  seqLength: 5,
  samples: 1000,
  validationSplit: 0,
  vocabSize: 5000,
  embeddingDim: 32,
  trainSubset: 0,
  shuffle: true,
  restoreBest: false,
  seed: 7,
  cell: 'lstm',
  backend: 'auto',
  trainer: 'auto',
};
