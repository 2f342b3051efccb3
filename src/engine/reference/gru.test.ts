/**
 * The reference GRU (Keras 2's reset_after=True) against tfjs-layers' GRU, against Keras' cell
 * written in tfjs ops and differentiated by tfjs, and against finite differences.
 *
 * tfjs-layers 4.22 has only reset_after=False (`GRUCell` throws "does not support reset_after
 * parameter set to true"), which differs from Keras 2's default. The two variants agree exactly
 * when the recurrent kernel's candidate block is diagonal and its recurrent bias zero
 * (`resetAgnosticGru`): on such weights tfjs-layers' own layer checks everything but those
 * entries. Keras' code in tfjs ops (`kerasGru` below) checks the rest, PyTorch's `nn.GRU` (the same
 * cell, gates in another order; `fixtures/gruTorch.json`) checks it in float64, and finite
 * differences check the backward throughout.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import torch from './fixtures/gruTorch.json';
import { gruBackward, gruForward, gruOutput, type GruOptions, type GruWeights } from './gru';
import type { CellActivation } from './sequence';
import {
  asResetBeforeGru, dot, expectNear, FINITE_DIFFERENCE_TOLERANCE, finiteDifferences, resetAgnosticGru, runTfjsLayer,
  RECURRENT_CASES, sharedRecurrentGradient, uniform, type RecurrentCase,
} from './testing';


beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tfjsGru(c: RecurrentCase, w: GruWeights, x: tf.Tensor): tf.layers.Layer {
  const layer = tf.layers.gru({
    units: c.units, activation: c.activation, recurrentActivation: 'sigmoid', returnSequences: c.returnSequences,
    kernelInitializer: 'zeros', recurrentInitializer: 'zeros', biasInitializer: 'zeros',
  });
  layer.apply(x);
  const [kernel, recurrentKernel, bias] = asResetBeforeGru(w);
  layer.setWeights([tf.tensor2d(kernel, [c.inputDim, 3 * c.units]), tf.tensor2d(recurrentKernel, [c.units, 3 * c.units]), tf.tensor1d(bias)]);
  return layer;
}

describe('reference GRU against tfjs-layers GRU', () => {
  it('tfjs-layers refuses reset_after=True, Keras 2’s default: the reason for the weights below', () => {
    expect(() => tf.layers.gru({ units: 2, resetAfter: true } as Parameters<typeof tf.layers.gru>[0])).toThrow(/reset_after/);
  });

  it.each(RECURRENT_CASES)('matches forward and gradients where the variants agree: %o', (c) => {
    const { batch: B, steps: T, inputDim: I, units: U } = c;
    const w = resetAgnosticGru(I, U, 10);
    const x = uniform(B * T * I, 1, 1), probe = uniform(c.returnSequences ? B * T * U : B * U, 1, 5);
    const xt = tf.tensor3d(x, [B, T, I]);
    const layer = tfjsGru(c, w, xt);
    const want = runTfjsLayer(layer, xt, probe);
    const fwd = gruForward(x, B, T, w, { activation: c.activation });
    expectNear(gruOutput(fwd, U, c.returnSequences), want.y, 'output');
    const g = gruBackward(x, w, fwd, probe, c.returnSequences, { activation: c.activation });
    expectNear(g.dx, want.dx, 'dx');
    expectNear(g.dKernel, want.dWeights[0], 'dKernel');
    expectNear(sharedRecurrentGradient(g.dRecurrentKernel, U), sharedRecurrentGradient(want.dWeights[1], U), 'dRecurrentKernel');
    const G = 3 * U;
    // tfjs' one bias is the sum of ours: its gradient is each of ours, where ours has both.
    expectNear(g.dBias.subarray(0, G), want.dWeights[2], 'input bias');
    expectNear(g.dBias.subarray(G, G + 2 * U), want.dWeights[2].subarray(0, 2 * U), 'recurrent bias, z and r');
    layer.dispose();
    xt.dispose();
  });
});

/**
 * Keras 2's GRUCell.call (reset_after=True, implementation 2, tf-keras `layers/rnn/gru.py`) and
 * `backend.rnn`'s masking, line for line in tfjs ops, differentiated by tfjs: an independent
 * implementation of every part, including those `resetAgnosticGru` leaves out.
 */
function kerasGru(
  x: tf.Tensor3D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor2D, h0: tf.Tensor2D, activation: CellActivation,
  returnSequences: boolean, masks: { input?: tf.Tensor2D; recurrent?: tf.Tensor2D; steps?: tf.Tensor2D },
): tf.Tensor {
  const [B, T, I] = x.shape, act = (v: tf.Tensor) => (activation === 'relu' ? tf.relu(v) : tf.tanh(v));
  const [inputBias, recurrentBias] = tf.unstack(bias);
  let h: tf.Tensor = h0, previousOutput: tf.Tensor = tf.zerosLike(h0);
  const outputs: tf.Tensor[] = [];
  for (let t = 0; t < T; t++) {
    let inputs: tf.Tensor = tf.reshape(tf.slice(x, [0, t, 0], [B, 1, I]), [B, I]);
    if (masks.input) inputs = tf.mul(inputs, masks.input);
    const matrixX = tf.add(tf.matMul(inputs as tf.Tensor2D, kernel), inputBias);
    const [xZ, xR, xH] = tf.split(matrixX, 3, -1);
    const hIn = masks.recurrent ? tf.mul(h, masks.recurrent) : h;
    const matrixInner = tf.add(tf.matMul(hIn as tf.Tensor2D, recurrentKernel), recurrentBias);
    const [recurrentZ, recurrentR, recurrentH] = tf.split(matrixInner, 3, -1);
    const z = tf.sigmoid(tf.add(xZ, recurrentZ)), r = tf.sigmoid(tf.add(xR, recurrentR));
    const hh = act(tf.add(xH, tf.mul(r, recurrentH)));
    let next: tf.Tensor = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hh));
    let output = next;
    if (masks.steps) {
      const m = tf.slice(masks.steps, [0, t], [B, 1]);
      next = tf.add(tf.mul(m, next), tf.mul(tf.sub(1, m), h));
      output = tf.add(tf.mul(m, output), tf.mul(tf.sub(1, m), previousOutput));
    }
    h = next;
    previousOutput = output;
    outputs.push(output);
  }
  return returnSequences ? tf.stack(outputs, 1) : outputs[T - 1];
}

describe('reference GRU against Keras’ cell in tfjs ops', () => {
  it.each(RECURRENT_CASES)('matches forward and every gradient, with an initial state, dropout masks and a step mask: %o', (c) => {
    const { batch: B, steps: T, inputDim: I, units: U } = c, G = 3 * U;
    const w = { inputDim: I, units: U, kernel: uniform(I * G, 0.6, 21), recurrentKernel: uniform(U * G, 0.6, 22), bias: uniform(2 * G, 0.3, 23) };
    const x = uniform(B * T * I, 1, 24), h0 = uniform(B * U, 0.5, 25), probe = uniform(c.returnSequences ? B * T * U : B * U, 1, 26);
    const inputMask = Float32Array.from(uniform(B * I, 1, 27), (v) => (v > -0.3 ? 1.5 : 0));
    const recurrentMask = Float32Array.from(uniform(B * U, 1, 28), (v) => (v > -0.3 ? 1.25 : 0));
    // Row 0 real throughout; the others lose their first step and one in the middle.
    const stepMask = Float32Array.from({ length: B * T }, (_, j) => (j < T || (j % T !== 0 && j % T !== Math.floor(T / 2)) ? 1 : 0));
    const options: GruOptions = { activation: c.activation, h0, inputMask, recurrentMask, stepMask };

    const want = tf.tidy(() => {
      const masks = { input: tf.tensor2d(inputMask, [B, I]), recurrent: tf.tensor2d(recurrentMask, [B, U]), steps: tf.tensor2d(stepMask, [B, T]) };
      const probeT = tf.tensor(probe);
      const args = [tf.tensor3d(x, [B, T, I]), tf.tensor2d(w.kernel, [I, G]), tf.tensor2d(w.recurrentKernel, [U, G]), tf.tensor2d(w.bias, [2, G]), tf.tensor2d(h0, [B, U])] as const;
      const f = (...a: tf.Tensor[]) => kerasGru(a[0] as tf.Tensor3D, a[1] as tf.Tensor2D, a[2] as tf.Tensor2D, a[3] as tf.Tensor2D, a[4] as tf.Tensor2D, c.activation, c.returnSequences, masks);
      const y = f(...args).dataSync();
      const grads = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(tf.reshape(f(...a), [-1]), probeT)))([...args]);
      return { y, grads: grads.map((g) => g.dataSync()) };
    });

    const fwd = gruForward(x, B, T, w, options);
    expectNear(gruOutput(fwd, U, c.returnSequences), want.y, 'output');
    const g = gruBackward(x, w, fwd, probe, c.returnSequences, options);
    expectNear(g.dx, want.grads[0], 'dx');
    expectNear(g.dKernel, want.grads[1], 'dKernel');
    expectNear(g.dRecurrentKernel, want.grads[2], 'dRecurrentKernel');
    expectNear(g.dBias, want.grads[3], 'dBias');
    expectNear(g.dh0, want.grads[4], 'dh0');
  });
});

describe('reference GRU against PyTorch nn.GRU', () => {
  it('matches its output and every gradient in float64 (`bench/reference/gru_torch_fixture.py`)', () => {
    const { batch: B, steps: T, inputDim: I, units: U, inputs, want } = torch;
    const w = { inputDim: I, units: U, kernel: inputs.kernel, recurrentKernel: inputs.recurrentKernel, bias: inputs.bias };
    const options: GruOptions = { activation: 'tanh', h0: inputs.h0 };
    const f = gruForward(inputs.x, B, T, w, options);
    const g = gruBackward(inputs.x, w, f, inputs.probe, true, options);
    // Two float64 implementations: only the order of their sums differs.
    const tight = { rtol: 1e-12, atolFraction: 1e-13 };
    expectNear(gruOutput(f, U, true), want.y, 'output', tight);
    for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0'] as const) expectNear(g[key], want[key], key, tight);
  });
});

describe('reference GRU backward', () => {
  it.each(RECURRENT_CASES)('is the derivative of its forward (finite differences), with every option: %o', (c) => {
    const { batch: B, steps: T, inputDim: I, units: U } = c, G = 3 * U;
    const x = Float64Array.from(uniform(B * T * I, 1, 31)), h0 = Float64Array.from(uniform(B * U, 0.5, 32));
    const w = { inputDim: I, units: U, kernel: Float64Array.from(uniform(I * G, 0.6, 33)), recurrentKernel: Float64Array.from(uniform(U * G, 0.6, 34)), bias: Float64Array.from(uniform(2 * G, 0.3, 35)) };
    const inputMask = Float64Array.from(uniform(B * I, 1, 36), (v) => (v > -0.3 ? 1.5 : 0));
    const recurrentMask = Float64Array.from(uniform(B * U, 1, 37), (v) => (v > -0.3 ? 1.25 : 0));
    const stepMask = Float64Array.from({ length: B * T }, (_, j) => (j % T === T - 1 && j >= T ? 0 : 1));
    const probe = uniform(c.returnSequences ? B * T * U : B * U, 1, 38);
    const options = (h: Float64Array): GruOptions => ({ activation: c.activation, h0: h, inputMask, recurrentMask, stepMask });
    const loss = (xx: Float64Array, ww: GruWeights, h: Float64Array) => dot(gruOutput(gruForward(xx, B, T, ww, options(h)), U, c.returnSequences), probe);
    const g = gruBackward(x, w, gruForward(x, B, T, w, options(h0)), probe, c.returnSequences, options(h0));
    const tol = FINITE_DIFFERENCE_TOLERANCE;
    expectNear(g.dx, finiteDifferences((v) => loss(v, w, h0), x), 'dx', tol);
    expectNear(g.dKernel, finiteDifferences((v) => loss(x, { ...w, kernel: v }, h0), w.kernel), 'dKernel', tol);
    expectNear(g.dRecurrentKernel, finiteDifferences((v) => loss(x, { ...w, recurrentKernel: v }, h0), w.recurrentKernel), 'dRecurrentKernel', tol);
    expectNear(g.dBias, finiteDifferences((v) => loss(x, { ...w, bias: v }, h0), w.bias), 'dBias', tol);
    expectNear(g.dh0, finiteDifferences((v) => loss(x, w, v), h0), 'dh0', tol);
  });

  it('refuses reset_before’s one-row bias with the shapes it takes', () => {
    const w = { inputDim: 2, units: 3, kernel: new Float64Array(18), recurrentKernel: new Float64Array(27), bias: new Float64Array(9) };
    expect(() => gruForward(new Float64Array(4), 1, 2, w, { activation: 'tanh' })).toThrow('A GRU of 3 units on 2 inputs has a kernel [2, 9], a recurrent kernel [3, 9] and a bias [2, 9].');
  });
});
