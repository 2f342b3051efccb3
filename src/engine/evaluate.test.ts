import { describe, expect, it } from 'vitest';
import type { Split } from './data/dataset';
import { evaluateModel } from './evaluate';
import type { RunModel } from './runModel';
import type { ModelSpec } from './spec/types';

const lstm = (stateful: boolean) =>
  ({ kind: 'lstm', units: 2, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful }) as const;

/** A model that answers fixed probabilities and records what it was asked. */
function fixedModel(probs: number[], spec: ModelSpec): RunModel & { calls: string[] } {
  const calls: string[] = [];
  return {
    spec, calls,
    predict: async (_x, n) => {
      calls.push(`predict ${n}`);
      return { probs: Float32Array.from(probs), threads: 2 };
    },
    getWeights: async () => [],
    setWeights: () => undefined,
    resetStates: () => void calls.push('reset'),
    dispose: () => undefined,
  };
}

const binary: ModelSpec = { inputShape: [3, 1], inputDtype: 'float32', loss: 'binaryCrossentropy', layers: [lstm(false), { kind: 'dense', units: 1, activation: 'sigmoid' }] };
const split = (y: number[], classes: number): Split => {
  const n = y.length / classes;
  return { x: new Float32Array(n * 3), xShape: [n, 3, 1], y: Float32Array.from(y), yShape: [n, classes] };
};

describe('evaluateModel', () => {
  it('counts a binary confusion matrix at 0.5 and the mean cross-entropy', async () => {
    const result = await evaluateModel(fixedModel([0.9, 0.2, 0.6, 0.4], binary), split([1, 0, 0, 1], 1), 'test');
    expect(result.confusion).toEqual({ tp: 1, fp: 1, tn: 1, fn: 1 });
    expect(result.accuracy).toBe(0.5);
    const want = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.4)) / 4;
    expect(result.loss).toBeCloseTo(want, 6);
    expect(result).toMatchObject({ set: 'test', count: 4, threads: 2 });
  });

  it('takes the arg-max class for softmax outputs', async () => {
    const spec: ModelSpec = { ...binary, loss: 'categoricalCrossentropy', layers: [lstm(false), { kind: 'dense', units: 3, activation: 'softmax' }] };
    const probs = [0.7, 0.2, 0.1, /**/ 0.1, 0.3, 0.6];
    const result = await evaluateModel(fixedModel(probs, spec), split([1, 0, 0, /**/ 0, 1, 0], 3), 'train');
    expect(result.accuracy).toBe(0.5);
    expect(result.loss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.3)) / 2, 6);
    expect(result.confusion).toBeUndefined();
  });

  it('reads a stateful model from a clean state and leaves none behind', async () => {
    const spec: ModelSpec = { ...binary, layers: [lstm(true), binary.layers[1]] };
    const model = fixedModel([0.9], spec);
    await evaluateModel(model, split([1], 1), 'train');
    expect(model.calls).toEqual(['reset', 'predict 1', 'reset']);
  });
});
