/** Each loss's names where a model leaves the lab (Keras code, `.h5`/tfjs training config) and comes back. */
import { describe, expect, it } from 'vitest';
import { kerasModelConfig, kerasTrainingConfig, parseModelConfig } from '../export/kerasConfig';
import { kerasCode } from './describe';
import { LOSSES, lossForOutput, lossNamed } from './losses';
import type { LossName, ModelSpec } from './types';

const regression: ModelSpec = {
  inputShape: [10, 2], inputDtype: 'float32', loss: 'meanSquaredError',
  layers: [
    { kind: 'lstm', units: 8, activation: 'relu', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false },
    { kind: 'dropout', rate: 0.2 },
    { kind: 'dense', units: 1, activation: 'linear' },
  ],
};

describe('mean squared error leaves and comes back under its Keras name', () => {
  it('compiles with loss mse and metric mae in the Keras code and the training config', () => {
    expect(kerasCode(regression, { learningRate: 0.001, batchSize: 32 })).toContain("model.compile(loss='mse', optimizer=Adam(learning_rate=0.001), metrics=['mae'])");
    expect(kerasTrainingConfig(regression, 0.001)).toMatchObject({ loss: 'mse', metrics: ['mae'] });
  });

  it('reads the loss back from a training config, and from a linear output when there is none', () => {
    const config = kerasModelConfig(regression);
    expect(parseModelConfig(config, kerasTrainingConfig(regression, 0.01)).spec.loss).toBe('meanSquaredError');
    expect(parseModelConfig(config).spec.loss).toBe('meanSquaredError');
  });

  it.each(['mse', 'mean_squared_error', 'meanSquaredError', 'MeanSquaredError'])('knows %s', (name) => {
    expect(lossNamed(name)).toBe('meanSquaredError');
  });

  it('gives every loss a row whose names find it again', () => {
    for (const loss of Object.keys(LOSSES) as LossName[]) {
      expect(lossNamed(LOSSES[loss].keras)).toBe(loss);
      expect(lossNamed(loss)).toBe(loss);
      expect(lossForOutput(LOSSES[loss].activations[0])).toBe(loss);
    }
  });
});
