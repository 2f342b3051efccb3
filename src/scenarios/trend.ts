/**
 * Trend detection: from a random series, say whether the last two moves went the same way.
 * Each sample's features are fed as timesteps of one feature. With the previous direction among
 * the features the task is learnable to ~100%; with only [x_t, x_t-1] the previous move is hidden
 * and the model can only guess it from x_t-1's level, so accuracy stalls near 0.75–0.8.
 */
import type { HyperParams } from '../config/hyperparams';
import { BASE_HYPERPARAMS } from './defaults';
import type { Scenario } from './types';
import type { LayerSpec } from '../engine/spec/types';

const SOURCE = {
  title: 'Trend detection with stacked LSTMs (Keras)',
  author: 'Keras community tutorial',
};

/** Stacked LSTM(units, relu) layers, each followed by Dropout, then a sigmoid unit. */
function trendLayers(hp: HyperParams): LayerSpec[] {
  const layers: LayerSpec[] = [];
  for (let i = 0; i < hp.layers; i++) {
    layers.push({
      kind: 'lstm', units: hp.units, activation: 'relu', returnSequences: i < hp.layers - 1,
      dropout: hp.dropout, recurrentDropout: hp.recurrentDropout, stateful: false,
    });
    layers.push({ kind: 'dropout', rate: hp.dropoutLayerRate });
  }
  layers.push({ kind: 'dense', units: 1, activation: 'sigmoid' });
  return layers;
}

const TREND_DEFAULTS: HyperParams = {
  ...BASE_HYPERPARAMS,
  units: 50,
  layers: 2,
  dropoutLayerRate: 0.2,
  epochs: 200,
  batchSize: 64,
  samples: 1000,
  validationSplit: 0.2,
  shuffle: false,
};

const TREND_FIELDS = [
  'units', 'layers', 'dropoutLayerRate', 'dropout', 'recurrentDropout', 'epochs', 'batchSize', 'learningRate',
  'samples', 'validationSplit', 'shuffle', 'restoreBest', 'seed', 'backend', 'trainer',
] as const;

function trendScenario(features: 2 | 3): Scenario {
  const three = features === 3;
  return {
    id: three ? 'trend' : 'trend-two-features',
    family: 'trend',
    title: three ? 'Trend: same direction as the last move?' : 'Trend with only [x_t, x_t-1]',
    summary: three
      ? 'Features [x_t, x_t-1, previous direction] as 3 timesteps; the label says whether the last two moves went the same way.'
      : 'The same task without the previous direction: the model cannot see the earlier move, so it stalls at what the data allows (75% here).',
    source: SOURCE,
    defaults: TREND_DEFAULTS,
    fields: TREND_FIELDS,
    data: { kind: 'trend', features },
    validation: 'split',
    stepsField: null,
    model: (hp) => ({ inputShape: [features, 1], inputDtype: 'float32', layers: trendLayers(hp), loss: 'binaryCrossentropy' }),
    published: three
      ? { metric: 'valAcc', value: 1.0, text: 'Accuracy near 1.0 after 200 epochs' }
      : { metric: 'valAcc', value: 0.8, text: 'Accuracy stalls near 0.8' },
    // Our x_t are independent draws: without the previous direction the label is a coin whose bias
    // depends on where x_t and x_t-1 sit, and guessing its likelier side is right 75% of the time
    // on average (E[max(p, 1 − p)], checked in engine/data/trend.test.ts). The validation split
    // holds 200 samples at the defaults: two standard errors of 75% there are 6 points.
    ...(three
      ? {}
      : {
          ceiling: {
            value: 0.75,
            margin: 0.06,
            why: 'Our series is random from step to step, so without the previous direction no model can be right more than 75% of the time on average; the tutorial’s own data allowed about 80%.',
          },
        }),
    kerasParams: 30651,
  };
}

export const trend = trendScenario(3);
export const trendTwoFeatures = trendScenario(2);
