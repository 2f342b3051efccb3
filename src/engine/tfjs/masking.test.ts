/**
 * `Embedding(mask_zero=True)` and `Bidirectional` in the model `buildModel` makes, against the
 * float64 reference (`../reference/recurrent.ts`, `../reference/bidirectional.ts`): on a batch of
 * pre-padded rows (one all padding, one with a 0 inside), each recurrent kind alone and inside a
 * Bidirectional, returning sequences or not. The forward through tfjs' predict, the gradients
 * through `trainOnBatch` (the training path: tfjs' executor hands the mask on there too); and a
 * padded review answers as the same review unpadded. Also which LSTM builds each layer.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fusedLstmProblem } from '../plan/plan';
import { bidirectionalBackward, bidirectionalForward } from '../reference/bidirectional';
import { RECURRENT_KINDS, recurrentOutput, type RecurrentKind, type RecurrentWeights } from '../reference/recurrent';
import { maskOfIds } from '../reference/sequence';
import { embed, embeddingGradient, expectNear, prePadded, repad, uniform } from '../reference/testing';
import { weightShapes } from '../spec/model';
import type { BidirectionalInner, LayerSpec, ModelSpec } from '../spec/types';
import type { ModelWeights } from '../weights';
import { buildModel, lstmFactoryTakes, tfjsLstm, type LstmFactory } from './buildModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => tf.disposeVariables());

const VOCAB = 12, E = 3, U = 4, T = 6;

/** Pre-padded rows of 6, 3, 1 and 0 words, and one with a 0 among its words (Keras masks any 0). */
function batchIds(): Int32Array {
  const ids = prePadded([6, 3, 1, 0], T, VOCAB, 5);
  return Int32Array.from([...ids, 0, 4, 7, 0, 2, 9]);
}
const ROWS = 5;

const inner = (kind: RecurrentKind, returnSequences: boolean): BidirectionalInner => {
  const args = { units: U, activation: 'tanh' as const, returnSequences, dropout: 0, recurrentDropout: 0 };
  return kind === 'lstm' ? { kind, ...args, stateful: false } : { kind, ...args };
};

function maskedSpec(kind: RecurrentKind, bidirectional: boolean, returnSequences: boolean, steps = T): ModelSpec {
  const layer: LayerSpec = bidirectional ? { kind: 'bidirectional', layer: inner(kind, returnSequences) } : inner(kind, returnSequences);
  return {
    inputShape: [steps], inputDtype: 'int32', loss: 'meanSquaredError',
    layers: [{ kind: 'embedding', inputDim: VOCAB, outputDim: E, maskZero: true }, layer],
  };
}

/** Random weights of the spec's shapes (they do not depend on the sequence length). */
function weightsOf(spec: ModelSpec, seed: number): ModelWeights {
  return weightShapes(spec).flat().map((shape, k) => ({ shape, values: uniform(shape.reduce((a, d) => a * d, 1), 0.6, seed + k) }));
}

const recurrentWeights = (w: ModelWeights, from: number): RecurrentWeights => ({
  inputDim: E, units: U, kernel: w[from].values, recurrentKernel: w[from + 1].values, bias: w[from + 2].values,
});

const CASES = (['lstm', 'gru', 'simpleRnn'] as const).flatMap((kind) =>
  [false, true].flatMap((bidirectional) => [false, true].map((returnSequences) => ({ kind, bidirectional, returnSequences }))));

describe('a masked model built for tfjs, against the reference', () => {
  it.each(CASES)('$kind, bidirectional $bidirectional, returnSequences $returnSequences: outputs, and the gradients trainOnBatch applies', async ({ kind, bidirectional, returnSequences }) => {
    const spec = maskedSpec(kind, bidirectional, returnSequences);
    const weights = weightsOf(spec, 11);
    const ids = batchIds(), stepMask = maskOfIds(ids);
    const x = embed(ids, weights[0].values, E);
    const width = bidirectional ? 2 * U : U;
    const probe = uniform(returnSequences ? ROWS * T * width : ROWS * width, 1, 21);

    const reference = bidirectional
      ? (() => {
        const f = bidirectionalForward(kind, x, ROWS, T, { forward: recurrentWeights(weights, 1), backward: recurrentWeights(weights, 4) }, { activation: 'tanh', returnSequences, stepMask });
        const g = bidirectionalBackward(f, probe);
        return { y: f.y, dx: g.dx, dWeights: [g.forward, g.backward] };
      })()
      : (() => {
        const run = RECURRENT_KINDS[kind].run(x, ROWS, T, recurrentWeights(weights, 1), { activation: 'tanh', stepMask });
        const g = run.backward(probe, returnSequences);
        return { y: recurrentOutput(run.forward, U, returnSequences), dx: g.dx, dWeights: [g] };
      })();

    const model = buildModel(spec, { seed: 1, weights });
    const idsT = tf.tensor2d(ids, [ROWS, T], 'int32');
    try {
      const y = tf.tidy(() => (model.predict(idsT) as tf.Tensor).dataSync());
      expectNear(y, reference.y, 'output');
      // Σ output·probe as the loss and plain SGD with rate 1: each weight moves by minus its gradient.
      const optimizer = tf.train.sgd(1);
      model.compile({ optimizer, loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.sum(tf.mul(yTrue, yPred)) });
      const before = model.getWeights().map((w) => w.dataSync().slice());
      const probeT = tf.tensor(probe, returnSequences ? [ROWS, T, width] : [ROWS, width]);
      await model.trainOnBatch(idsT, probeT);
      probeT.dispose();
      optimizer.dispose();
      const gradients = model.getWeights().map((w, k) => before[k].map((v, j) => v - w.dataSync()[j]));
      expectNear(gradients[0], embeddingGradient(ids, reference.dx, VOCAB, E), 'embeddings');
      reference.dWeights.forEach((g, d) => {
        expectNear(gradients[1 + 3 * d], g.dKernel, `direction ${d} kernel`);
        expectNear(gradients[2 + 3 * d], g.dRecurrentKernel, `direction ${d} recurrent kernel`);
        expectNear(gradients[3 + 3 * d], g.dBias, `direction ${d} bias`);
      });
    } finally {
      idsT.dispose();
      model.dispose();
    }
  });

  it('zeros a Bidirectional’s masked steps, where tfjs-layers’ own repeats the previous output', () => {
    const spec = maskedSpec('gru', true, true);
    const model = buildModel(spec, { seed: 1, weights: weightsOf(spec, 31) });
    const ids = batchIds();
    const y = tf.tidy(() => (model.predict(tf.tensor2d(ids, [ROWS, T], 'int32')) as tf.Tensor).dataSync());
    model.dispose();
    ids.forEach((id, j) => {
      const out = Array.from(y.subarray(j * 2 * U, (j + 1) * 2 * U));
      if (id === 0) expect(out.every((v) => v === 0), `step ${j}`).toBe(true);
      else expect(out.some((v) => v !== 0), `step ${j}`).toBe(true);
    });
  });
});

describe('a Bidirectional model’s memory', () => {
  it.each(['lstm', 'gru', 'simpleRnn'] as const)('%s with dropout: a training step, then dispose frees every tensor (both directions’ weights and masks)', async (kind) => {
    const base = maskedSpec(kind, true, false);
    const spec: ModelSpec = { ...base, layers: [base.layers[0], { kind: 'bidirectional', layer: { ...inner(kind, false), dropout: 0.3, recurrentDropout: 0.2 } }, { kind: 'dense', units: 1, activation: 'sigmoid' }] };
    const before = tf.memory().numTensors;
    const model = buildModel(spec, { seed: 3 });
    const optimizer = tf.train.adam(0.01);
    model.compile({ optimizer, loss: 'binaryCrossentropy' });
    const x = tf.tensor2d(batchIds(), [ROWS, T], 'int32'), y = tf.ones([ROWS, 1]);
    await model.trainOnBatch(x, y);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a padded review answers as the same review alone', () => {
  it.each(CASES)('$kind, bidirectional $bidirectional, returnSequences $returnSequences: pre-padded, post-padded and unpadded', ({ kind, bidirectional, returnSequences }) => {
    const lengths = [6, 3, 1], rows = lengths.length;
    const pre = prePadded(lengths, T, VOCAB, 41), post = repad(pre, rows, T, { steps: T, post: true });
    const weights = weightsOf(maskedSpec(kind, bidirectional, returnSequences), 51);
    const width = bidirectional ? 2 * U : U;
    const predict = (ids: Int32Array, steps: number): Float32Array => {
      const model = buildModel(maskedSpec(kind, bidirectional, returnSequences, steps), { seed: 1, weights });
      try {
        return tf.tidy(() => (model.predict(tf.tensor2d(ids, [ids.length / steps, steps], 'int32')) as tf.Tensor).dataSync() as Float32Array);
      } finally {
        model.dispose();
      }
    };
    const yPre = predict(pre, T), yPost = predict(post, T);
    lengths.forEach((n, r) => {
      const alone = predict(pre.slice(r * T + T - n, (r + 1) * T), n);
      if (!returnSequences) {
        expectNear(yPre.subarray(r * width, (r + 1) * width), alone, `row ${r} pre-padded`);
        expectNear(yPost.subarray(r * width, (r + 1) * width), alone, `row ${r} post-padded`);
        return;
      }
      for (let t = 0; t < n; t++) {
        expectNear(yPre.subarray((r * T + T - n + t) * width, (r * T + T - n + t + 1) * width), alone.subarray(t * width, (t + 1) * width), `row ${r} step ${t} pre-padded`);
        expectNear(yPost.subarray((r * T + t) * width, (r * T + t + 1) * width), alone.subarray(t * width, (t + 1) * width), `row ${r} step ${t} post-padded`);
      }
    });
  });
});

describe('which LSTM builds each layer', () => {
  /** A factory that records the layers it built and builds tfjs-layers' LSTM. */
  function recording(): { factory: LstmFactory; built: string[] } {
    const built: string[] = [];
    return { built, factory: (spec, extra) => (built.push(extra.name ?? '?'), tfjsLstm(spec, extra)) };
  }
  const lstm = (returnSequences: boolean): LayerSpec => inner('lstm', returnSequences);
  const SPECS: [string, ModelSpec, string[]][] = [
    ['an unmasked LSTM takes the factory', { inputShape: [T], inputDtype: 'int32', loss: 'meanSquaredError', layers: [{ kind: 'embedding', inputDim: VOCAB, outputDim: E }, lstm(false)] }, ['lstm']],
    ['a masked LSTM does not', maskedSpec('lstm', false, false), []],
    ['nor an LSTM inside a Bidirectional, masked or not', { ...maskedSpec('lstm', true, true), layers: [{ kind: 'embedding', inputDim: VOCAB, outputDim: E }, { kind: 'bidirectional', layer: inner('lstm', true) }, lstm(false)] }, ['lstm']],
    ['a masked LSTM before a Dense', { ...maskedSpec('lstm', false, false), layers: [{ kind: 'embedding', inputDim: VOCAB, outputDim: E, maskZero: true }, lstm(false), { kind: 'dense', units: 3, activation: 'linear' }] }, []],
    ['a masked LSTM returning sequences into a Bidirectional GRU', { ...maskedSpec('lstm', true, false), layers: [{ kind: 'embedding', inputDim: VOCAB, outputDim: E, maskZero: true }, lstm(true), { kind: 'bidirectional', layer: inner('gru', false) }] }, []],
  ];

  it.each(SPECS)('%s', (_name, spec, want) => {
    const { factory, built } = recording();
    const model = buildModel(spec, { seed: 1, lstm: factory });
    model.dispose();
    expect(built).toEqual(want);
    expect(spec.layers.filter((_l, i) => lstmFactoryTakes(spec)[i]).length).toBe(want.length);
  });

  it('the plan claims the fused LSTM only where every LSTM takes the factory', () => {
    for (const [name, spec] of SPECS) {
      const everyLstmTakes = spec.layers.every((l, i) => l.kind !== 'lstm' || lstmFactoryTakes(spec)[i]) && !spec.layers.some((l) => l.kind === 'bidirectional' && l.layer.kind === 'lstm');
      expect(fusedLstmProblem(spec) === null, name).toBe(everyLstmTakes);
    }
  });
});
