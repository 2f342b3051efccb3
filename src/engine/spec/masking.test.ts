import { describe, expect, it } from 'vitest';
import { maskedInputs, modelShapes, usesStepMask } from './model';
import type { LayerSpec, ModelSpec } from './types';

const embedding = (maskZero: boolean): LayerSpec => ({ kind: 'embedding', inputDim: 100, outputDim: 8, maskZero });
const lstm = (returnSequences: boolean): LayerSpec => ({ kind: 'lstm', units: 4, activation: 'tanh', returnSequences, dropout: 0, recurrentDropout: 0, stateful: false });
const dense: LayerSpec = { kind: 'dense', units: 1, activation: 'sigmoid' };
const model = (...layers: LayerSpec[]): ModelSpec => ({ inputShape: [20], inputDtype: 'int32', layers, loss: 'binaryCrossentropy' });

describe('Keras’ step mask through a model', () => {
  it('reaches the layers after Embedding(mask_zero=True) up to the first recurrent layer that returns one vector', () => {
    const spec = model(
      embedding(true), { kind: 'dropout', rate: 0.2 }, lstm(true),
      { kind: 'bidirectional', layer: { kind: 'gru', units: 4, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0 } },
      dense,
    );
    expect(maskedInputs(spec)).toEqual([false, true, true, true, false]);
    expect(usesStepMask(spec)).toBe(true);
  });

  it('is absent without mask_zero', () => {
    const spec = model(embedding(false), lstm(false), dense);
    expect(maskedInputs(spec)).toEqual([false, false, false]);
    expect(usesStepMask(spec)).toBe(false);
  });

  it('refuses Conv1D and MaxPooling1D after a mask, as Keras raises, in a sentence', () => {
    const conv = model(embedding(true), { kind: 'conv1d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }, lstm(false), dense);
    const shapes = modelShapes(conv);
    expect(shapes.ok).toBe(false);
    if (!shapes.ok) {
      expect(shapes.layer).toBe(1);
      expect(shapes.problem.message).toBe("Conv1D cannot follow Embedding(mask_zero=True): Keras' Conv1D does not support masking. Put the recurrent layer first, or turn masking off.");
    }
    // The same layers unmasked fit together.
    expect(modelShapes(model(embedding(false), { kind: 'conv1d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }, lstm(false), dense)).ok).toBe(true);
  });

  it('gives a Bidirectional twice its layer’s units, and the wrapped layer’s weights twice', () => {
    const shapes = modelShapes(model(embedding(true), { kind: 'bidirectional', layer: { kind: 'simpleRnn', units: 5, activation: 'tanh', returnSequences: true, dropout: 0, recurrentDropout: 0 } }, lstm(false), dense));
    expect(shapes.ok && shapes.layers[1].outShape).toEqual([20, 10]);
  });
});
