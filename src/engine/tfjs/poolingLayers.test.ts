/**
 * Our masked GlobalAveragePooling1D against the float64 reference (`../reference/pooling.ts`):
 * the layer alone, forward and input gradient, with and without a step mask (a wholly masked row
 * outputs zeros); and the short-reviews card's model (Embedding(mask_zero=True) → Dropout →
 * Bidirectional(LSTM, return_sequences) → GlobalAveragePooling1D → Dropout → Dense) built for
 * tfjs: the mask reaches the pooling through the Bidirectional (prediction and `trainOnBatch`),
 * the whole model predicts as the reference model, and a padded review answers as the same review
 * unpadded.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backwardModel, forwardModel, referenceModel } from '../reference/model';
import { averagePool, averagePoolBackward } from '../reference/pooling';
import { maskOfIds } from '../reference/sequence';
import { embed, embeddingGradient, expectNear, prePadded, repad, uniform } from '../reference/testing';
import { maskedInputs, weightShapes } from '../spec/model';
import type { BidirectionalInner, ModelSpec } from '../spec/types';
import type { ModelWeights } from '../weights';
import { buildModel } from './buildModel';
import { MaskedGlobalAveragePooling1D } from './poolingLayers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => tf.disposeVariables());

describe('the tfjs GlobalAveragePooling1D layer', () => {
  const B = 4, T = 5, F = 3;
  // Row 0 all real, row 1 pre-padded, row 2 with a masked step inside, row 3 wholly masked.
  const MASK = Float32Array.from([
    1, 1, 1, 1, 1,
    0, 0, 1, 1, 1,
    1, 0, 1, 0, 1,
    0, 0, 0, 0, 0,
  ]);

  it.each([['without a mask', undefined], ['with a step mask', MASK]] as const)('%s: the reference’s output and input gradient', (_name, mask) => {
    const x = uniform(B * T * F, 1, 3), probe = uniform(B * F, 1, 4);
    const layer = new MaskedGlobalAveragePooling1D();
    const xt = tf.tensor3d(x, [B, T, F]);
    // tfjs' Embedding hands on a bool mask.
    const maskT = mask && tf.tensor2d(mask, [B, T]).cast('bool');
    // No weights, so not `runTfjsLayer` (tfjs' variableGrads wants one): the input's gradient of Σ output·probe.
    const { y, dx } = tf.tidy(() => {
      const apply = (input: tf.Tensor) => layer.apply(input, maskT ? { mask: maskT } : {}) as tf.Tensor;
      const probeT = tf.tensor2d(probe, [B, F]);
      const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(apply(input), probeT)))(xt);
      return { y: apply(xt).dataSync() as Float32Array, dx: grad.dataSync() as Float32Array };
    });
    expectNear(y, averagePool(x, B, T, F, mask), 'output');
    expectNear(dx, averagePoolBackward(probe, B, T, F, mask), 'dx');
    expect(layer.weights).toEqual([]);
    if (mask) expect(Array.from(y.subarray(3 * F, 4 * F))).toEqual([0, 0, 0]);
    tf.dispose([xt, maskT]);
    layer.dispose();
  });

  it('leaves masked steps out rather than multiplying them by 0: a NaN there never reaches the mean', () => {
    const x = uniform(B * T * F, 1, 5);
    x[(1 * T + 0) * F + 2] = NaN; // row 1, step 0: padding
    const layer = new MaskedGlobalAveragePooling1D();
    const y = tf.tidy(() => (layer.apply(tf.tensor3d(x, [B, T, F]), { mask: tf.tensor2d(MASK, [B, T]).cast('bool') }) as tf.Tensor).dataSync());
    expect(y.every(Number.isFinite)).toBe(true);
    expectNear(y, averagePool(x, B, T, F, MASK), 'output');
    layer.dispose();
  });

  it('ends the mask and gives [batch, features]', () => {
    const layer = new MaskedGlobalAveragePooling1D();
    expect(layer.computeOutputShape([null, T, F])).toEqual([null, F]);
    expect(layer.computeMask()).toBeNull();
    expect(layer.getClassName()).toBe('GlobalAveragePooling1D');
  });
});

const VOCAB = 12, E = 3, U = 4, T = 6;

/** The short-reviews card's layers at small sizes (Keras' layers, in its order). */
function poolingSpec(steps = T, rate = 0.2): ModelSpec {
  const lstm: BidirectionalInner = { kind: 'lstm', units: U, activation: 'tanh', returnSequences: true, dropout: 0, recurrentDropout: 0, stateful: false };
  return {
    inputShape: [steps], inputDtype: 'int32', loss: 'binaryCrossentropy',
    layers: [
      { kind: 'embedding', inputDim: VOCAB, outputDim: E, maskZero: true },
      { kind: 'dropout', rate },
      { kind: 'bidirectional', layer: lstm },
      { kind: 'globalAveragePooling1d' },
      { kind: 'dropout', rate },
      { kind: 'dense', units: 1, activation: 'sigmoid' },
    ],
  };
}

function weightsOf(spec: ModelSpec, seed: number): ModelWeights {
  return weightShapes(spec).flat().map((shape, k) => ({ shape, values: uniform(shape.reduce((a, d) => a * d, 1), 0.6, seed + k) }));
}

/** Pre-padded rows of 6, 3 and 1 words, one with a 0 among its words, and one all padding. */
function batchIds(): Int32Array {
  return Int32Array.from([...prePadded([6, 3, 1], T, VOCAB, 5), 0, 4, 7, 0, 2, 9, 0, 0, 0, 0, 0, 0]);
}
const ROWS = 5;

const predict = (model: tf.LayersModel, ids: Int32Array, steps: number): Float32Array =>
  tf.tidy(() => (model.predict(tf.tensor2d(ids, [ids.length / steps, steps], 'int32')) as tf.Tensor).dataSync() as Float32Array);

describe('the short-reviews model built for tfjs', () => {
  it('hands the mask to the pooling through the Dropout and the Bidirectional', () => {
    expect(maskedInputs(poolingSpec())).toEqual([false, true, true, true, false, false]);
    const model = buildModel(poolingSpec(), { seed: 1 });
    expect(model.layers.map((l) => [l.name, l.getClassName()])).toEqual([
      ['embedding', 'Embedding'], ['dropout', 'Dropout'], ['bidirectional', 'Bidirectional'],
      ['global_average_pooling1d', 'GlobalAveragePooling1D'], ['dropout_1', 'Dropout'], ['dense', 'Dense'],
    ]);
    model.dispose();
  });

  it('predicts as the reference model, and trainOnBatch applies the reference’s gradients (the mask reaches the pooling while training too)', async () => {
    // Rate 0: the Dropout layers are there (and pass the mask on) but the training step is deterministic.
    const spec = poolingSpec(T, 0);
    const weights = weightsOf(spec, 11);
    const ids = batchIds();
    const reference = referenceModel(spec, weights);
    const run = forwardModel(reference, ids, ROWS);
    const model = buildModel(spec, { seed: 1, weights });
    const idsT = tf.tensor2d(ids, [ROWS, T], 'int32');
    try {
      const y = predict(model, ids, T);
      expectNear(y, run.output, 'predictions');
      // Σ output·probe as the loss and plain SGD with rate 1: each weight moves by minus its gradient.
      const probe = uniform(ROWS, 1, 21);
      const optimizer = tf.train.sgd(1);
      model.compile({ optimizer, loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.sum(tf.mul(yTrue, yPred)) });
      const before = model.getWeights()[0].dataSync().slice();
      const probeT = tf.tensor2d(probe, [ROWS, 1]);
      await model.trainOnBatch(idsT, probeT);
      probeT.dispose();
      optimizer.dispose();
      const after = model.getWeights()[0].dataSync();
      // The gradient reaching the embedded words, from the whole model's backward (from layer 1 on).
      const embedded = embed(ids, weights[0].values, E);
      const fromEmbedded = forwardModel(reference, embedded, ROWS, { from: 1, stepMask: maskOfIds(ids) });
      const dx = backwardModel(reference, fromEmbedded, probe);
      expectNear(before.map((v, j) => v - after[j]), embeddingGradient(ids, dx, VOCAB, E), 'embeddings');
    } finally {
      idsT.dispose();
      model.dispose();
    }
  });

  it('a wholly padded row answers as the Dense layer’s bias alone (the pooling gives zeros, not Keras’ NaN)', () => {
    const spec = poolingSpec();
    const weights = weightsOf(spec, 13);
    const model = buildModel(spec, { seed: 1, weights });
    const y = predict(model, new Int32Array(T), T);
    model.dispose();
    const bias = weights[weights.length - 1].values[0];
    expect(y[0]).toBeCloseTo(1 / (1 + Math.exp(-bias)), 6);
  });

  it('answers a pre-padded and a post-padded review as the same review alone', () => {
    const lengths = [6, 3, 1], rows = lengths.length;
    const pre = prePadded(lengths, T, VOCAB, 41), post = repad(pre, rows, T, { steps: T, post: true });
    const weights = weightsOf(poolingSpec(), 51);
    const at = (ids: Int32Array, steps: number): Float32Array => {
      const model = buildModel(poolingSpec(steps), { seed: 1, weights });
      try {
        return predict(model, ids, steps);
      } finally {
        model.dispose();
      }
    };
    const yPre = at(pre, T), yPost = at(post, T);
    lengths.forEach((n, r) => {
      const alone = at(pre.slice(r * T + T - n, (r + 1) * T), n);
      expectNear([yPre[r]], alone, `row ${r} pre-padded`);
      expectNear([yPost[r]], alone, `row ${r} post-padded`);
    });
    // Without the mask the padding would count: the same weights unmasked answer otherwise.
    const unmasked = poolingSpec();
    unmasked.layers[0] = { kind: 'embedding', inputDim: VOCAB, outputDim: E };
    const model = buildModel(unmasked, { seed: 1, weights });
    const yUnmasked = predict(model, pre, T);
    model.dispose();
    expect(Math.abs(yUnmasked[1] - yPre[1])).toBeGreaterThan(1e-4);
  });

  it('a training step with dropout, then dispose, frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const model = buildModel(poolingSpec(), { seed: 3 });
    const optimizer = tf.train.adam(0.01);
    model.compile({ optimizer, loss: 'binaryCrossentropy' });
    const x = tf.tensor2d(batchIds(), [ROWS, T], 'int32'), y = tf.ones([ROWS, 1]);
    await model.trainOnBatch(x, y);
    predict(model, batchIds(), T);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
