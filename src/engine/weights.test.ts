import { describe, expect, it } from 'vitest';
import type { ModelSpec } from './spec/types';
import { weightsProblem, type ModelWeights } from './weights';

const spec: ModelSpec = {
  inputShape: [5, 1],
  inputDtype: 'float32',
  loss: 'categoricalCrossentropy',
  layers: [
    { kind: 'lstm', units: 3, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false },
    { kind: 'dense', units: 2, activation: 'softmax' },
  ],
};
const w = (...shape: number[]) => ({ shape, values: new Float32Array(shape.reduce((a, d) => a * d, 1)) });
const fitting: ModelWeights = [w(1, 12), w(3, 12), w(12), w(3, 2), w(2)];

describe('weightsProblem', () => {
  it.each([
    ['fitting weights', fitting, null],
    ['one array short', fitting.slice(1), /hold 4 arrays; this model needs 5/],
    ['a wrong shape', [w(2, 12), ...fitting.slice(1)], /Weight 1 has shape \[2, 12\]; this model needs \[1, 12\]/],
    ['values that do not fill the shape', [{ shape: [1, 12], values: new Float32Array(11) }, ...fitting.slice(1)], /Weight 1/],
  ])('%s', (_name, weights, expected) => {
    const problem = weightsProblem(spec, weights);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
