/**
 * Masking (`Embedding(mask_zero=True)`) in the reference LSTM, GRU and SimpleRNN, against
 * tfjs-layers' own layers behind a masking embedding, forward and gradients (the embedding's
 * included), and the property it exists for: a padded and an unpadded review give the same output.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lstmBackward, lstmForward, lstmOutput, type LstmOptions, type LstmWeights } from './lstm';
import { RECURRENT_KINDS, recurrentOutput, type RecurrentKind, type RecurrentWeights } from './recurrent';
import { maskOfIds, sequenceOutput, type CellActivation } from './sequence';
import {
  dot, embed, embeddingGradient, expectNear, FINITE_DIFFERENCE_TOLERANCE, finiteDifferences, prePadded, repad, TFJS_TWINS, uniform,
} from './testing';

const KINDS: RecurrentKind[] = ['lstm', 'gru', 'simpleRnn'];
const VOCAB = 12, E = 3, U = 4, T = 7;
/** Rows of 7, 3, 1 and 0 words: a full window, a short review, one word, nothing at all. */
const LENGTHS = [7, 3, 1, 0];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Setup { table: Float32Array; w: RecurrentWeights }
const setup = (kind: RecurrentKind, seed: number): Setup => ({ table: uniform(VOCAB * E, 1, seed), w: TFJS_TWINS[kind].weights(E, U, seed + 1) });

/** Embedding → layer, the reference's way: the step mask from the ids. */
function reference(kind: RecurrentKind, { table, w }: Setup, ids: Int32Array, steps: number, returnSequences: boolean, activation: CellActivation) {
  const rows = ids.length / steps, x = embed(ids, table, E);
  const run = RECURRENT_KINDS[kind].run(x, rows, steps, w, { activation, stepMask: maskOfIds(ids) });
  return { x, run, y: recurrentOutput(run.forward, U, returnSequences) };
}

const CASES = KINDS.flatMap((kind) => [
  { kind, returnSequences: false, activation: 'tanh' as const },
  { kind, returnSequences: true, activation: 'relu' as const },
]);

describe('masked recurrent layers against tfjs-layers behind Embedding(maskZero)', () => {
  it.each(CASES)('$kind, returnSequences $returnSequences, $activation: outputs and gradients', ({ kind, returnSequences, activation }) => {
    const s = setup(kind, 40), twin = TFJS_TWINS[kind], rows = LENGTHS.length;
    const ids = prePadded(LENGTHS, T, VOCAB, 41);
    const input = tf.input({ shape: [T], dtype: 'int32' });
    const embedding = tf.layers.embedding({ inputDim: VOCAB, outputDim: E, maskZero: true, embeddingsInitializer: 'zeros' });
    const layer = twin.layer(U, activation, returnSequences);
    const model = tf.model({ inputs: input, outputs: layer.apply(embedding.apply(input)) as tf.SymbolicTensor });
    embedding.setWeights([tf.tensor2d(s.table, [VOCAB, E])]);
    layer.setWeights(twin.tfjsWeights(s.w));
    const idsT = tf.tensor2d(ids, [rows, T], 'int32');
    const probe = uniform(returnSequences ? rows * T * U : rows * U, 1, 42);
    const want = tf.tidy(() => {
      const vars = model.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(idsT) as tf.Tensor, tf.tensor(probe, [rows, ...(returnSequences ? [T, U] : [U])]))) as tf.Scalar, vars);
      return { y: (model.predict(idsT) as tf.Tensor).dataSync(), grads: vars.map((v) => grads[v.name].dataSync() as Float32Array) };
    });

    const ours = reference(kind, s, ids, T, returnSequences, activation);
    expectNear(ours.y, want.y, 'output');
    const g = ours.run.backward(probe, returnSequences);
    expectNear(embeddingGradient(ids, g.dx, VOCAB, E), want.grads[0], 'embeddings');
    // Padding gets no gradient: word id 0's row stays zero.
    expect(embeddingGradient(ids, g.dx, VOCAB, E).subarray(0, E).every((v) => v === 0)).toBe(true);
    twin.expectGradients(g, want.grads.slice(1), U, kind);
    model.layers.forEach((l) => l.dispose());
    idsT.dispose();
  });
});

describe('a padded and an unpadded review give the same output', () => {
  it.each(CASES)('$kind, returnSequences $returnSequences: pre-padded, post-padded, and each review alone', ({ kind, returnSequences, activation }) => {
    const s = setup(kind, 50), rows = LENGTHS.length;
    const pre = prePadded(LENGTHS, T, VOCAB, 51), post = repad(pre, rows, T, { steps: T, post: true });
    const yPre = reference(kind, s, pre, T, returnSequences, activation).y;
    const yPost = reference(kind, s, post, T, returnSequences, activation).y;
    LENGTHS.forEach((n, r) => {
      const at = (y: Float64Array, t: number) => y.subarray((r * T + t) * U, (r * T + t + 1) * U);
      if (n === 0) {
        // Nothing real: Keras' output stays at zeros.
        expect((returnSequences ? yPre.subarray(r * T * U, (r + 1) * T * U) : yPre.subarray(r * U, (r + 1) * U)).every((v) => v === 0)).toBe(true);
        return;
      }
      const alone = reference(kind, s, pre.slice(r * T + T - n, (r + 1) * T), n, returnSequences, activation).y;
      if (!returnSequences) {
        // The same bits: masked steps leave the state exactly as it was.
        expect(yPre.subarray(r * U, (r + 1) * U)).toEqual(alone);
        expect(yPost.subarray(r * U, (r + 1) * U)).toEqual(alone);
        return;
      }
      for (let t = 0; t < n; t++) {
        const word = alone.subarray(t * U, (t + 1) * U);
        expect(at(yPre, T - n + t)).toEqual(word);
        expect(at(yPost, t)).toEqual(word);
      }
      // Pre-padding outputs zeros before the first word; post-padding repeats the last word's output.
      for (let t = 0; t < T - n; t++) expect(at(yPre, t).every((v) => v === 0)).toBe(true);
      for (let t = n; t < T; t++) expect(at(yPost, t)).toEqual(alone.subarray((n - 1) * U, n * U));
    });
  });
});

describe('masked LSTM reference', () => {
  it('backward is the derivative of its forward (finite differences), with dropout masks, initial states and a step mask', () => {
    const B = 3, I = 2, activation = 'tanh';
    const w = { inputDim: I, units: U, kernel: Float64Array.from(uniform(I * 4 * U, 0.6, 61)), recurrentKernel: Float64Array.from(uniform(U * 4 * U, 0.6, 62)), bias: Float64Array.from(uniform(4 * U, 0.3, 63)) };
    const x = Float64Array.from(uniform(B * T * I, 1, 64));
    const options: LstmOptions = {
      activation, h0: uniform(B * U, 0.5, 65), c0: uniform(B * U, 0.5, 66),
      inputMask: Float64Array.from(uniform(B * I, 1, 67), (v) => (v > -0.3 ? 1.5 : 0)),
      recurrentMask: Float64Array.from(uniform(B * U, 1, 68), (v) => (v > -0.3 ? 1.25 : 0)),
      // Pre-padded, post-padded, and holes in the middle.
      stepMask: Float64Array.of(0, 0, 0, 1, 1, 1, 1, /**/ 1, 1, 1, 1, 0, 0, 0, /**/ 1, 0, 1, 0, 0, 1, 1),
    };
    for (const returnSequences of [false, true]) {
      const probe = uniform(returnSequences ? B * T * U : B * U, 1, 69);
      const loss = (xx: Float64Array, ww: LstmWeights) => dot(lstmOutput(lstmForward(xx, B, T, ww, options), U, returnSequences), probe);
      const g = lstmBackward(x, w, lstmForward(x, B, T, w, options), probe, returnSequences, options);
      const tol = FINITE_DIFFERENCE_TOLERANCE;
      expectNear(g.dx, finiteDifferences((v) => loss(v, w), x), 'dx', tol);
      expectNear(g.dKernel, finiteDifferences((v) => loss(x, { ...w, kernel: v }), w.kernel), 'dKernel', tol);
      expectNear(g.dRecurrentKernel, finiteDifferences((v) => loss(x, { ...w, recurrentKernel: v }), w.recurrentKernel), 'dRecurrentKernel', tol);
      expectNear(g.dBias, finiteDifferences((v) => loss(x, { ...w, bias: v }), w.bias), 'dBias', tol);
    }
  });

  it('keeps h and c at masked steps, shows no gate there, and outputs zeros before the first real step even from a non-zero state (Keras)', () => {
    const w = { inputDim: 1, units: 2, kernel: uniform(8, 0.6, 71), recurrentKernel: uniform(16, 0.6, 72), bias: uniform(8, 0.3, 73) };
    const h0 = Float64Array.of(0.5, -0.25), c0 = Float64Array.of(0.1, 0.2);
    const f = lstmForward([1, 2, 3, 4], 1, 4, w, { activation: 'tanh', h0, c0, stepMask: [0, 1, 0, 1] });
    expect(f.h[0]).toEqual(h0);
    expect(f.c[0]).toEqual(c0);
    expect(f.h[2]).toEqual(f.h[1]);
    expect(f.c[2]).toEqual(f.c[1]);
    expect(f.gates[0].every((v) => v === 0) && f.gates[2].every((v) => v === 0)).toBe(true);
    const y = lstmOutput(f, 2, true);
    expect(Array.from(y.subarray(0, 2))).toEqual([0, 0]);
    expect(y.subarray(4, 6)).toEqual(f.h[1]);
    expect(lstmOutput(lstmForward([1, 2], 1, 2, w, { activation: 'tanh', h0, c0, stepMask: [0, 0] }), 2, false)).toEqual(new Float64Array(2));
  });

  it('refuses a step mask of the wrong size, and one with `from`', () => {
    const w = { inputDim: 1, units: 1, kernel: new Float64Array(4), recurrentKernel: new Float64Array(4), bias: new Float64Array(4) };
    expect(() => lstmForward([1, 2], 1, 2, w, { activation: 'tanh', stepMask: [1] })).toThrow('A step mask is [batch, steps] = 2 values; got 1.');
    expect(() => lstmForward([1, 2], 1, 2, w, { activation: 'tanh', stepMask: [1, 1], from: 1 })).toThrow(/runs from step 0/);
  });
});

describe('sequenceOutput', () => {
  it('with zeroMasked (inside a Bidirectional), zeros at every masked step', () => {
    const h = [Float64Array.of(1), Float64Array.of(2), Float64Array.of(3)];
    expect(Array.from(sequenceOutput(h, 1, 1, true, [1, 0, 1]))).toEqual([1, 1, 3]);
    expect(Array.from(sequenceOutput(h, 1, 1, true, [1, 0, 1], true))).toEqual([1, 0, 3]);
    expect(Array.from(sequenceOutput(h, 1, 1, false, [1, 1, 0]))).toEqual([2]);
    expect(Array.from(sequenceOutput(h, 1, 1, false, [1, 1, 0], true))).toEqual([0]);
  });
});
