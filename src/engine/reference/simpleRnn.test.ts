/**
 * The reference SimpleRNN against tfjs-layers' `simpleRNN` (Keras semantics), outputs and every
 * gradient, and against finite differences with every option.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellActivation } from './sequence';
import { simpleRnnBackward, simpleRnnForward, simpleRnnOutput, type SimpleRnnOptions, type SimpleRnnWeights } from './simpleRnn';
import { dot, expectNear, FINITE_DIFFERENCE_TOLERANCE, finiteDifferences, RECURRENT_CASES, runTfjsLayer, uniform } from './testing';


beforeAll(async () => {
  await tf.setBackend('cpu');
});

const weightsFor = (I: number, U: number, seed: number) => ({
  inputDim: I, units: U, kernel: uniform(I * U, 0.6, seed), recurrentKernel: uniform(U * U, 0.6, seed + 1), bias: uniform(U, 0.3, seed + 2),
});

describe('reference SimpleRNN', () => {
  it.each(RECURRENT_CASES)('matches tfjs-layers simpleRNN forward and gradients: %o', (c) => {
    const { batch: B, steps: T, inputDim: I, units: U } = c;
    const w = weightsFor(I, U, 1);
    const x = uniform(B * T * I, 1, 4), probe = uniform(c.returnSequences ? B * T * U : B * U, 1, 5);
    const xt = tf.tensor3d(x, [B, T, I]);
    const layer = tf.layers.simpleRNN({
      units: U, activation: c.activation, returnSequences: c.returnSequences,
      kernelInitializer: 'zeros', recurrentInitializer: 'zeros', biasInitializer: 'zeros',
    });
    layer.apply(xt);
    layer.setWeights([tf.tensor2d(w.kernel, [I, U]), tf.tensor2d(w.recurrentKernel, [U, U]), tf.tensor1d(w.bias)]);
    const want = runTfjsLayer(layer, xt, probe);
    const fwd = simpleRnnForward(x, B, T, w, { activation: c.activation });
    expectNear(simpleRnnOutput(fwd, U, c.returnSequences), want.y, 'output');
    const g = simpleRnnBackward(x, w, fwd, probe, c.returnSequences, { activation: c.activation });
    expectNear(g.dx, want.dx, 'dx');
    expectNear(g.dKernel, want.dWeights[0], 'dKernel');
    expectNear(g.dRecurrentKernel, want.dWeights[1], 'dRecurrentKernel');
    expectNear(g.dBias, want.dWeights[2], 'dBias');
    layer.dispose();
    xt.dispose();
  });

  it.each(RECURRENT_CASES)('backward is the derivative of its forward (finite differences), with every option: %o', (c) => {
    const { batch: B, steps: T, inputDim: I, units: U } = c;
    const f32 = weightsFor(I, U, 11);
    const w = { ...f32, kernel: Float64Array.from(f32.kernel), recurrentKernel: Float64Array.from(f32.recurrentKernel), bias: Float64Array.from(f32.bias) };
    const x = Float64Array.from(uniform(B * T * I, 1, 14)), h0 = Float64Array.from(uniform(B * U, 0.5, 15));
    const inputMask = Float64Array.from(uniform(B * I, 1, 16), (v) => (v > -0.3 ? 1.5 : 0));
    const recurrentMask = Float64Array.from(uniform(B * U, 1, 17), (v) => (v > -0.3 ? 1.25 : 0));
    // Every row but the first loses its last step, and its first.
    const stepMask = Float64Array.from({ length: B * T }, (_, j) => (j >= T && (j % T === T - 1 || j % T === 0) ? 0 : 1));
    const probe = uniform(c.returnSequences ? B * T * U : B * U, 1, 18);
    const options = (h: Float64Array): SimpleRnnOptions => ({ activation: c.activation, h0: h, inputMask, recurrentMask, stepMask });
    const loss = (xx: Float64Array, ww: SimpleRnnWeights, h: Float64Array) => dot(simpleRnnOutput(simpleRnnForward(xx, B, T, ww, options(h)), U, c.returnSequences), probe);
    const g = simpleRnnBackward(x, w, simpleRnnForward(x, B, T, w, options(h0)), probe, c.returnSequences, options(h0));
    const tol = FINITE_DIFFERENCE_TOLERANCE;
    expectNear(g.dx, finiteDifferences((v) => loss(v, w, h0), x), 'dx', tol);
    expectNear(g.dKernel, finiteDifferences((v) => loss(x, { ...w, kernel: v }, h0), w.kernel), 'dKernel', tol);
    expectNear(g.dRecurrentKernel, finiteDifferences((v) => loss(x, { ...w, recurrentKernel: v }, h0), w.recurrentKernel), 'dRecurrentKernel', tol);
    expectNear(g.dBias, finiteDifferences((v) => loss(x, { ...w, bias: v }, h0), w.bias), 'dBias', tol);
    expectNear(g.dh0, finiteDifferences((v) => loss(x, w, v), h0), 'dh0', tol);
  });

  it('refuses weights of the wrong shape with the shapes it takes', () => {
    const w = { inputDim: 2, units: 3, kernel: new Float64Array(6), recurrentKernel: new Float64Array(9), bias: new Float64Array(6) };
    expect(() => simpleRnnForward(new Float64Array(4), 1, 2, w, { activation: 'tanh' })).toThrow('A SimpleRNN of 3 units on 2 inputs has a kernel [2, 3], a recurrent kernel [3, 3] and a bias [3].');
  });
});
