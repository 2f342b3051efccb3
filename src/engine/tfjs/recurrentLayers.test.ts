/**
 * The tfjs GRU (Keras 2, reset_after=True) and SimpleRNN layers against the reference cells,
 * forward and every gradient (weights and input), with and without dropout masks; and inside a
 * whole built model, against the reference model and a Keras-named weight round trip.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECURRENT_KINDS, recurrentOutput } from '../reference/recurrent';
import { expectNear, RECURRENT_CASES, runTfjsLayer, uniform, type RecurrentCase } from '../reference/testing';
import { forwardModel, referenceModel } from '../reference/model';
import { initialWeights } from '../spec/initialWeights';
import type { ModelSpec } from '../spec/types';
import { buildModel, type DropoutFunc } from './buildModel';
import { SeededGru, SeededSimpleRnn } from './recurrentLayers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const KINDS = [
  { kind: 'gru', Layer: SeededGru, gates: 3, biasRows: 2 },
  { kind: 'simpleRnn', Layer: SeededSimpleRnn, gates: 1, biasRows: 1 },
] as const;

/** Random weights in Keras' layout for a kind: kernel, recurrent kernel, bias. */
function weightsFor(gates: number, biasRows: number, c: RecurrentCase, seed: number) {
  const G = gates * c.units;
  return {
    inputDim: c.inputDim, units: c.units,
    kernel: uniform(c.inputDim * G, 0.8, seed), recurrentKernel: uniform(c.units * G, 0.8, seed + 1), bias: uniform(biasRows * G, 0.3, seed + 2),
  };
}

describe.each(KINDS)('the tfjs $kind layer', ({ kind, Layer, gates, biasRows }) => {
  it.each(RECURRENT_CASES)('matches the reference cell, forward and gradients: %o', (c) => {
    const { batch: B, steps: T, inputDim: I, units: U } = c;
    const w = weightsFor(gates, biasRows, c, 7);
    const x = uniform(B * T * I, 1, 1), probe = uniform(c.returnSequences ? B * T * U : B * U, 1, 5);
    const layer = new Layer({
      spec: { kind, units: U, activation: c.activation, returnSequences: c.returnSequences, dropout: 0, recurrentDropout: 0 },
      extra: {},
    });
    const xt = tf.tensor3d(x, [B, T, I]);
    layer.apply(xt);
    const G = gates * U;
    layer.setWeights([tf.tensor2d(w.kernel, [I, G]), tf.tensor2d(w.recurrentKernel, [U, G]), tf.tensor(w.bias, biasRows === 1 ? [G] : [biasRows, G])]);
    const got = runTfjsLayer(layer, xt, probe);
    const run = RECURRENT_KINDS[kind].run(x, B, T, w, { activation: c.activation });
    expectNear(got.y, recurrentOutput(run.forward, U, c.returnSequences), 'output');
    const g = run.backward(probe, c.returnSequences);
    expectNear(got.dx, g.dx, 'dx');
    expectNear(got.dWeights[0], g.dKernel, 'dKernel');
    expectNear(got.dWeights[1], g.dRecurrentKernel, 'dRecurrentKernel');
    expectNear(got.dWeights[2], g.dBias, 'dBias');
    layer.dispose();
    xt.dispose();
  });

  it('applies one input and one recurrent dropout mask per batch, from the seeded dropout, while training only', () => {
    const c: RecurrentCase = { batch: 2, steps: 4, inputDim: 3, units: 4, activation: 'tanh', returnSequences: true };
    const { batch: B, steps: T, inputDim: I, units: U } = c;
    const w = weightsFor(gates, biasRows, c, 11);
    const x = uniform(B * T * I, 1, 3);
    // A fixed "dropout": the masks are known, so the reference takes the same ones.
    const inputMask = Float32Array.from({ length: B * I }, (_, i) => (i % 3 === 0 ? 0 : 2));
    const recurrentMask = Float32Array.from({ length: B * U }, (_, i) => (i % 2 === 0 ? 2 : 0));
    const calls: number[] = [];
    const dropoutFunc: DropoutFunc = (ones, rate) => {
      calls.push(rate);
      return tf.tensor(ones.shape[1] === I ? inputMask : recurrentMask, ones.shape);
    };
    const layer = new Layer({
      spec: { kind, units: U, activation: c.activation, returnSequences: true, dropout: 0.5, recurrentDropout: 0.25 },
      extra: { dropoutFunc },
    });
    const xt = tf.tensor3d(x, [B, T, I]);
    layer.apply(xt);
    const G = gates * U;
    layer.setWeights([tf.tensor2d(w.kernel, [I, G]), tf.tensor2d(w.recurrentKernel, [U, G]), tf.tensor(w.bias, biasRows === 1 ? [G] : [biasRows, G])]);

    const training = tf.tidy(() => (layer.apply(xt, { training: true }) as tf.Tensor).dataSync() as Float32Array);
    expect(calls).toEqual([0.5, 0.25]);
    const run = RECURRENT_KINDS[kind].run(x, B, T, w, { activation: c.activation, inputMask, recurrentMask });
    expectNear(training, recurrentOutput(run.forward, U, true), 'output with masks');

    // Inference: no masks drawn, the reference without them.
    const inference = tf.tidy(() => (layer.apply(xt) as tf.Tensor).dataSync() as Float32Array);
    expect(calls).toHaveLength(2);
    expectNear(inference, recurrentOutput(RECURRENT_KINDS[kind].run(x, B, T, w, { activation: c.activation }).forward, U, true), 'output');
    layer.dispose();
    xt.dispose();
  });

  it('trains inside a built model whose weights have Keras’ shapes and names, and predicts as the reference model', () => {
    const spec: ModelSpec = {
      inputShape: [6], inputDtype: 'int32', loss: 'binaryCrossentropy',
      layers: [
        { kind: 'embedding', inputDim: 20, outputDim: 4 },
        { kind, units: 5, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0 },
        { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    };
    const weights = initialWeights(spec, 3);
    const model = buildModel(spec, { seed: 3, weights });
    expect(model.layers[1].name).toBe(kind === 'gru' ? 'gru' : 'simple_rnn');
    expect(model.layers[1].getClassName()).toBe(kind === 'gru' ? 'GRU' : 'SimpleRNN');
    expect(model.layers[1].weights.map((v) => v.shape)).toEqual([[4, gates * 5], [5, gates * 5], biasRows === 1 ? [5] : [2, 15]]);
    const ids = Int32Array.from({ length: 3 * 6 }, (_, i) => (i * 7) % 20);
    const got = tf.tidy(() => (model.predict(tf.tensor2d(ids, [3, 6], 'int32')) as tf.Tensor).dataSync() as Float32Array);
    expectNear(got, forwardModel(referenceModel(spec, weights), ids, 3).output, 'predictions');
    model.dispose();
  });
});
