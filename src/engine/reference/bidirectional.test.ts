/**
 * The reference Bidirectional (merge_mode='concat') around each recurrent kind, against
 * tfjs-layers' `bidirectional` (plain and behind Embedding(maskZero)), against finite
 * differences, and padded against unpadded reviews.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bidirectionalBackward, bidirectionalForward, bidirectionalWeightNames, reverseSteps, type BidirectionalOptions, type BidirectionalWeights } from './bidirectional';
import { RECURRENT_KINDS, recurrentOutput, type RecurrentKind, type RecurrentWeights } from './recurrent';
import { maskOfIds, type CellActivation } from './sequence';
import {
  dot, embed, embeddingGradient, expectNear, FINITE_DIFFERENCE_TOLERANCE, finiteDifferences, prePadded, repad, runTfjsLayer, TFJS_TWINS, uniform,
} from './testing';

const KINDS: RecurrentKind[] = ['lstm', 'gru', 'simpleRnn'];
const CASES = KINDS.flatMap((kind) => [
  { kind, returnSequences: false, activation: 'tanh' as const },
  { kind, returnSequences: true, activation: 'relu' as const },
]);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const twinWeights = (kind: RecurrentKind, I: number, U: number, seed: number): BidirectionalWeights => ({
  forward: TFJS_TWINS[kind].weights(I, U, seed), backward: TFJS_TWINS[kind].weights(I, U, seed + 10),
});

function tfjsBidirectional(kind: RecurrentKind, U: number, activation: CellActivation, returnSequences: boolean): tf.layers.Layer {
  return tf.layers.bidirectional({ layer: TFJS_TWINS[kind].layer(U, activation, returnSequences), mergeMode: 'concat' });
}

const setWeights = (kind: RecurrentKind, layer: tf.layers.Layer, w: BidirectionalWeights) =>
  layer.setWeights([...TFJS_TWINS[kind].tfjsWeights(w.forward), ...TFJS_TWINS[kind].tfjsWeights(w.backward)]);

describe('reference Bidirectional against tfjs-layers bidirectional', () => {
  it.each(CASES)('$kind, returnSequences $returnSequences, $activation: outputs and gradients', ({ kind, returnSequences, activation }) => {
    const B = 3, T = 4, I = 2, U = 3;
    const w = twinWeights(kind, I, U, 1);
    const x = uniform(B * T * I, 1, 2), probe = uniform(returnSequences ? B * T * 2 * U : B * 2 * U, 1, 3);
    const xt = tf.tensor3d(x, [B, T, I]);
    const layer = tfjsBidirectional(kind, U, activation, returnSequences);
    layer.apply(xt);
    setWeights(kind, layer, w);
    const want = runTfjsLayer(layer, xt, probe);
    const f = bidirectionalForward(kind, x, B, T, w, { activation, returnSequences });
    expectNear(f.y, want.y, 'output');
    const g = bidirectionalBackward(f, probe);
    expectNear(g.dx, want.dx, 'dx');
    TFJS_TWINS[kind].expectGradients(g.forward, want.dWeights.slice(0, 3), U, 'forward');
    TFJS_TWINS[kind].expectGradients(g.backward, want.dWeights.slice(3), U, 'backward');
    layer.dispose();
    xt.dispose();
  });

  it.each(CASES)('$kind, returnSequences $returnSequences behind Embedding(maskZero), pre-padded: outputs and gradients', ({ kind, returnSequences, activation }) => {
    const VOCAB = 10, E = 2, U = 3, T = 6, lengths = [6, 2, 1, 0], rows = lengths.length;
    const table = uniform(VOCAB * E, 1, 11), w = twinWeights(kind, E, U, 12), ids = prePadded(lengths, T, VOCAB, 13);
    const stepMask = maskOfIds(ids);
    // Keras zeros a masked step's output where tfjs-layers repeats the previous one: compare the
    // real steps, and send no gradient through the masked ones (nothing reaches them in Keras).
    const probe = Float32Array.from(uniform(returnSequences ? rows * T * 2 * U : rows * 2 * U, 1, 14), (v, j) => (returnSequences && stepMask[Math.floor(j / (2 * U))] === 0 ? 0 : v));
    const input = tf.input({ shape: [T], dtype: 'int32' });
    const embedding = tf.layers.embedding({ inputDim: VOCAB, outputDim: E, maskZero: true, embeddingsInitializer: 'zeros' });
    const layer = tfjsBidirectional(kind, U, activation, returnSequences);
    const model = tf.model({ inputs: input, outputs: layer.apply(embedding.apply(input)) as tf.SymbolicTensor });
    embedding.setWeights([tf.tensor2d(table, [VOCAB, E])]);
    setWeights(kind, layer, w);
    const idsT = tf.tensor2d(ids, [rows, T], 'int32');
    const want = tf.tidy(() => {
      const vars = model.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
      const out = model.apply(idsT) as tf.Tensor;
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(idsT) as tf.Tensor, tf.tensor(probe, out.shape))) as tf.Scalar, vars);
      return { y: out.dataSync(), grads: vars.map((v) => grads[v.name].dataSync() as Float32Array) };
    });

    const x = embed(ids, table, E);
    const f = bidirectionalForward(kind, x, rows, T, w, { activation, returnSequences, stepMask });
    if (returnSequences) {
      for (let j = 0; j < rows * T; j++) {
        const ours = f.y.subarray(j * 2 * U, (j + 1) * 2 * U), theirs = want.y.subarray(j * 2 * U, (j + 1) * 2 * U);
        if (stepMask[j] === 0) expect(ours.every((v) => v === 0), `masked step ${j} outputs zeros`).toBe(true);
        else expectNear(ours, theirs, `step ${j}`);
      }
    } else {
      expectNear(f.y, want.y, 'output');
    }
    const g = bidirectionalBackward(f, probe);
    expectNear(embeddingGradient(ids, g.dx, VOCAB, E), want.grads[0], 'embeddings');
    TFJS_TWINS[kind].expectGradients(g.forward, want.grads.slice(1, 4), U, 'forward');
    TFJS_TWINS[kind].expectGradients(g.backward, want.grads.slice(4), U, 'backward');
    model.layers.forEach((l) => l.dispose());
    idsT.dispose();
  });
});

describe('reference Bidirectional on padded reviews', () => {
  it.each(CASES)('$kind, returnSequences $returnSequences: pre-padded, post-padded and alone give the same output; the backward half read the words last to first', ({ kind, returnSequences, activation }) => {
    const VOCAB = 10, E = 2, U = 3, T = 6, lengths = [6, 3, 1], rows = lengths.length;
    const table = uniform(VOCAB * E, 1, 21), w = twinWeights(kind, E, U, 22);
    const pre = prePadded(lengths, T, VOCAB, 23), post = repad(pre, rows, T, { steps: T, post: true });
    const run = (ids: Int32Array, steps: number) =>
      bidirectionalForward(kind, embed(ids, table, E), ids.length / steps, steps, w, { activation, returnSequences, stepMask: maskOfIds(ids) }).y;
    const yPre = run(pre, T), yPost = run(post, T), W = 2 * U;
    lengths.forEach((n, r) => {
      const words = pre.slice(r * T + T - n, (r + 1) * T), alone = run(words, n);
      // The backward half, by hand: the forward layer's kind over the words reversed.
      const reversed = RECURRENT_KINDS[kind].run(reverseSteps(embed(words, table, E), 1, n, E), 1, n, w.backward, { activation });
      const backwardHalf = recurrentOutput(reversed.forward, U, returnSequences);
      if (!returnSequences) {
        expect(yPre.subarray(r * W, (r + 1) * W)).toEqual(alone);
        expect(yPost.subarray(r * W, (r + 1) * W)).toEqual(alone);
        expect(alone.subarray(U)).toEqual(backwardHalf);
        return;
      }
      for (let t = 0; t < n; t++) {
        expect(yPre.subarray((r * T + T - n + t) * W, (r * T + T - n + t + 1) * W)).toEqual(alone.subarray(t * W, (t + 1) * W));
        expect(yPost.subarray((r * T + t) * W, (r * T + t + 1) * W)).toEqual(alone.subarray(t * W, (t + 1) * W));
        expect(alone.subarray(t * W + U, (t + 1) * W)).toEqual(backwardHalf.subarray((n - 1 - t) * U, (n - t) * U));
      }
    });
  });
});

describe('reference Bidirectional backward', () => {
  it.each(CASES)('$kind, returnSequences $returnSequences: the derivative of its forward (finite differences), with masks and states', ({ kind, returnSequences, activation }) => {
    const B = 3, T = 5, I = 2, U = 3, row = RECURRENT_KINDS[kind];
    const weights = (seed: number): RecurrentWeights => {
      const [k, r, b] = row.shapes(I, U).map((s) => s.reduce((a, d) => a * d, 1));
      return { inputDim: I, units: U, kernel: Float64Array.from(uniform(k, 0.6, seed)), recurrentKernel: Float64Array.from(uniform(r, 0.6, seed + 1)), bias: Float64Array.from(uniform(b, 0.3, seed + 2)) };
    };
    const w = { forward: weights(31), backward: weights(41) };
    const x = Float64Array.from(uniform(B * T * I, 1, 51));
    const direction = (seed: number) => ({
      h0: uniform(B * U, 0.5, seed), c0: kind === 'lstm' ? uniform(B * U, 0.5, seed + 1) : undefined,
      inputMask: Float64Array.from(uniform(B * I, 1, seed + 2), (v) => (v > -0.3 ? 1.5 : 0)),
      recurrentMask: Float64Array.from(uniform(B * U, 1, seed + 3), (v) => (v > -0.3 ? 1.25 : 0)),
    });
    const options: BidirectionalOptions = {
      activation, returnSequences, forward: direction(61), backward: direction(71),
      stepMask: Float64Array.of(0, 0, 1, 1, 1, /**/ 1, 1, 1, 0, 0, /**/ 1, 0, 1, 1, 0),
    };
    const probe = uniform(returnSequences ? B * T * 2 * U : B * 2 * U, 1, 81);
    const loss = (xx: Float64Array, ww: BidirectionalWeights) => dot(bidirectionalForward(kind, xx, B, T, ww, options).y, probe);
    const g = bidirectionalBackward(bidirectionalForward(kind, x, B, T, w, options), probe);
    const tol = FINITE_DIFFERENCE_TOLERANCE;
    expectNear(g.dx, finiteDifferences((v) => loss(v, w), x), 'dx', tol);
    for (const d of ['forward', 'backward'] as const) {
      const other = d === 'forward' ? 'backward' : 'forward';
      const vary = (key: 'kernel' | 'recurrentKernel' | 'bias') => (v: Float64Array) => loss(x, { [d]: { ...w[d], [key]: v }, [other]: w[other] } as unknown as BidirectionalWeights);
      expectNear(g[d].dKernel, finiteDifferences(vary('kernel'), w[d].kernel), `${d} dKernel`, tol);
      expectNear(g[d].dRecurrentKernel, finiteDifferences(vary('recurrentKernel'), w[d].recurrentKernel), `${d} dRecurrentKernel`, tol);
      expectNear(g[d].dBias, finiteDifferences(vary('bias'), w[d].bias), `${d} dBias`, tol);
    }
  });
});

describe('bidirectionalWeightNames', () => {
  it('names the six weights as Keras saves them, forward layer first', () => {
    expect(bidirectionalWeightNames('lstm')).toEqual([
      'bidirectional/forward_lstm/lstm_cell/kernel:0', 'bidirectional/forward_lstm/lstm_cell/recurrent_kernel:0', 'bidirectional/forward_lstm/lstm_cell/bias:0',
      'bidirectional/backward_lstm/lstm_cell/kernel:0', 'bidirectional/backward_lstm/lstm_cell/recurrent_kernel:0', 'bidirectional/backward_lstm/lstm_cell/bias:0',
    ]);
    expect(bidirectionalWeightNames('gru', 'bidirectional_1', 'gru_2')[3]).toBe('bidirectional_1/backward_gru_2/gru_cell/kernel:0');
    expect(bidirectionalWeightNames('simpleRnn')[2]).toBe('bidirectional/forward_simple_rnn/simple_rnn_cell/bias:0');
  });
});
