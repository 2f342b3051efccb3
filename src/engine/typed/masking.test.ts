/**
 * Keras' step mask (`Embedding(mask_zero=True)`) and Bidirectional on the typed trainer's
 * recurrent layers, against the float64 reference (`../reference/sequence.ts`,
 * `../reference/bidirectional.ts`): each kind alone and inside a Bidirectional, forward and
 * gradients (weights and input), returning sequences or not, with dropout on (the same draws as
 * the layer's) and masks with wholly masked rows, pre- and post-padding and holes, on every kernel
 * set. Then the skip of the steps no row is real in: the same numbers as computing them. Then
 * GlobalAveragePooling1D (`../reference/pooling.ts`), alone and after each kind's returned
 * sequence, and whole networks of the short-reviews card's shape.
 */
import { describe, expect, it } from 'vitest';
import { bidirectionalBackward, bidirectionalForward, type DirectionOptions } from '../reference/bidirectional';
import { RECURRENT_KINDS, recurrentOutput, type RecurrentKind, type RecurrentWeights } from '../reference/recurrent';
import { REFERENCE_LOSSES } from '../reference/losses';
import { averagePool, averagePoolBackward } from '../reference/pooling';
import { maskOfIds } from '../reference/sequence';
import { embed, embeddingGradient, expectNear, prePadded, repad, TFJS_TWINS, uniform } from '../reference/testing';
import { createRng } from '../rng';
import { weightShapes } from '../spec/model';
import type { BidirectionalInner, LayerSpec, ModelSpec } from '../spec/types';
import { createArena, KERNEL_KINDS, type KernelKind } from './kernels';
import { fillDropoutMask, realRuns, realSpan, type TypedLayer } from './layerBase';
import { createTypedLayer } from './layers';
import { TypedNetwork } from './network';

const B = 6, T = 7, I = 4, U = 5;
const KINDS: RecurrentKind[] = ['lstm', 'gru', 'simpleRnn'];

/** Rows: all real; pre-padded; wholly masked; a hole in the middle; post-padded; one word at the end. */
const MIXED = Uint8Array.from([
  1, 1, 1, 1, 1, 1, 1,
  0, 0, 0, 1, 1, 1, 1,
  0, 0, 0, 0, 0, 0, 0,
  1, 1, 0, 0, 1, 0, 1,
  1, 1, 1, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 1,
]);
/** No row is real at steps 0, 1 and 6: the layers skip them (the backward direction sees the trailing steps first). */
const SPAN = Uint8Array.from([
  0, 0, 1, 1, 1, 1, 0,
  0, 0, 0, 1, 1, 1, 0,
  0, 0, 0, 0, 0, 0, 0,
  0, 0, 1, 0, 1, 0, 0,
  0, 0, 0, 1, 0, 0, 0,
  0, 0, 0, 0, 1, 1, 0,
]);

const inner = (kind: RecurrentKind, returnSequences: boolean, activation: 'tanh' | 'relu', dropout: number): BidirectionalInner =>
  kind === 'lstm'
    ? { kind, units: U, activation, returnSequences, dropout, recurrentDropout: dropout, stateful: false }
    : { kind, units: U, activation, returnSequences, dropout, recurrentDropout: dropout };

const arrays = (w: RecurrentWeights): Float32Array[] => [Float32Array.from(w.kernel), Float32Array.from(w.recurrentKernel), Float32Array.from(w.bias)];

/** A layer on a fresh arena with its input there; `seed` draws its dropout masks. */
function build(spec: Parameters<typeof createTypedLayer>[0], weights: Float32Array[], kernels: KernelKind, seed: number): { layer: TypedLayer; arena: ReturnType<typeof createArena>['arena'] } {
  const { arena, kernels: K } = createArena(400_000, kernels);
  return { layer: createTypedLayer(spec, { inShape: [T, I], maxBatch: B, weights, alloc: arena, kernels: K, rng: createRng(seed) }), arena };
}

/** The dropout masks the layer drew from `rng`: input, then recurrent (per direction, forward first). */
function draws(rng: ReturnType<typeof createRng>, rate: number): DirectionOptions {
  if (rate === 0) return {};
  const inputMask = new Float32Array(B * I), recurrentMask = new Float32Array(B * U);
  fillDropoutMask(inputMask, B * I, rate, rng);
  fillDropoutMask(recurrentMask, B * U, rate, rng);
  return { inputMask, recurrentMask };
}

/** Runs the layer forward and backward on x and a probe gradient; copies of what it returned. */
function runTyped(layer: TypedLayer, arena: ReturnType<typeof createArena>['arena'], x: Float32Array, mask: Uint8Array | null, dyValues: (n: number) => Float32Array) {
  const input = arena.alloc(x.length);
  input.set(x);
  const y = Float32Array.from(layer.forward(input, B, true, mask));
  const dyHost = dyValues(y.length);
  const dy = arena.alloc(dyHost.length);
  dy.set(dyHost);
  const dx = Float32Array.from(layer.backward(dy, B));
  return { y, dy: dyHost, dx, grads: layer.grads.map((g) => Float32Array.from(g)) };
}

const probe = (n: number) => uniform(n, 1, 77);

const CASES = KINDS.flatMap((kind) => [
  { kind, returnSequences: false, activation: 'tanh' as const },
  { kind, returnSequences: true, activation: 'relu' as const },
]);
const MASKS = [['mixed', MIXED], ['span', SPAN]] as const;

describe.each(KERNEL_KINDS)('masked recurrent layers against the reference (%s kernels)', (kernels) => {
  describe.each(MASKS)('mask %s', (_name, mask) => {
    it.each(CASES)('$kind, returnSequences $returnSequences, $activation, with dropout', ({ kind, returnSequences, activation }) => {
      const w = TFJS_TWINS[kind].weights(I, U, 3);
      const x = uniform(B * T * I, 1, 4);
      const rate = 0.25;
      const { layer, arena } = build(inner(kind, returnSequences, activation, rate), arrays(w), kernels, 9);
      const got = runTyped(layer, arena, x, mask, probe);

      const run = RECURRENT_KINDS[kind].run(x, B, T, w, { activation, stepMask: mask, ...draws(createRng(9), rate) });
      expectNear(got.y, recurrentOutput(run.forward, U, returnSequences), 'output');
      const want = run.backward(got.dy, returnSequences);
      expectNear(got.dx, want.dx, 'dx');
      expectNear(got.grads[0], want.dKernel, 'dKernel');
      expectNear(got.grads[1], want.dRecurrentKernel, 'dRecurrentKernel');
      expectNear(got.grads[2], want.dBias, 'dBias');
      // The wholly masked row gets nothing and sends nothing back.
      expect(got.dx.subarray(2 * T * I, 3 * T * I).every((v) => v === 0)).toBe(true);
    });

    it.each(CASES)('Bidirectional($kind), returnSequences $returnSequences, $activation, with dropout', ({ kind, returnSequences, activation }) => {
      const w = { forward: TFJS_TWINS[kind].weights(I, U, 5), backward: TFJS_TWINS[kind].weights(I, U, 15) };
      const x = uniform(B * T * I, 1, 6);
      const rate = 0.2;
      const spec = { kind: 'bidirectional', layer: inner(kind, returnSequences, activation, rate) } as const;
      const { layer, arena } = build(spec, [...arrays(w.forward), ...arrays(w.backward)], kernels, 21);
      expect(layer.outShape).toEqual(returnSequences ? [T, 2 * U] : [2 * U]);
      const got = runTyped(layer, arena, x, mask, probe);

      const rng = createRng(21);
      const forward = draws(rng, rate), backward = draws(rng, rate);
      const f = bidirectionalForward(kind, x, B, T, w, { activation, returnSequences, stepMask: mask, forward, backward });
      expectNear(got.y, f.y, 'output');
      const want = bidirectionalBackward(f, got.dy);
      expectNear(got.dx, want.dx, 'dx');
      const directions = [want.forward, want.backward];
      directions.forEach((g, d) => {
        expectNear(got.grads[3 * d], g.dKernel, `direction ${d} dKernel`);
        expectNear(got.grads[3 * d + 1], g.dRecurrentKernel, `direction ${d} dRecurrentKernel`);
        expectNear(got.grads[3 * d + 2], g.dBias, `direction ${d} dBias`);
      });
    });
  });

  it.each(KINDS)('Bidirectional(%s) without a mask, as the reference', (kind) => {
    for (const returnSequences of [false, true]) {
      const w = { forward: TFJS_TWINS[kind].weights(I, U, 31), backward: TFJS_TWINS[kind].weights(I, U, 41) };
      const x = uniform(B * T * I, 1, 32);
      const { layer, arena } = build({ kind: 'bidirectional', layer: inner(kind, returnSequences, 'tanh', 0) }, [...arrays(w.forward), ...arrays(w.backward)], kernels, 1);
      const got = runTyped(layer, arena, x, null, probe);
      const f = bidirectionalForward(kind, x, B, T, w, { activation: 'tanh', returnSequences });
      expectNear(got.y, f.y, 'output');
      const want = bidirectionalBackward(f, got.dy);
      expectNear(got.dx, want.dx, 'dx');
      [want.forward, want.backward].forEach((g, d) => {
        expectNear(got.grads[3 * d], g.dKernel, `direction ${d} dKernel`);
        expectNear(got.grads[3 * d + 1], g.dRecurrentKernel, `direction ${d} dRecurrentKernel`);
        expectNear(got.grads[3 * d + 2], g.dBias, `direction ${d} dBias`);
      });
    }
  });
});

describe('skipping the steps no row is real in', () => {
  /**
   * The same rows in a batch with one more row that is real everywhere, so nothing is skipped:
   * the shared rows' outputs and input gradients are the same bits (rows are independent), and
   * the weights' gradients are the same but for the extra row's share.
   */
  it.each(KINDS.flatMap((kind) => [false, true].map((returnSequences) => ({ kind, returnSequences }))))(
    '$kind and Bidirectional($kind), returnSequences $returnSequences: as when an unpadded row makes every step computed',
    ({ kind, returnSequences }) => {
      for (const bidirectional of [false, true]) {
        const w = [...arrays(TFJS_TWINS[kind].weights(I, U, 51)), ...arrays(TFJS_TWINS[kind].weights(I, U, 61))];
        const spec = bidirectional ? { kind: 'bidirectional' as const, layer: inner(kind, returnSequences, 'tanh', 0) } : inner(kind, returnSequences, 'tanh', 0);
        const weights = bidirectional ? w : w.slice(0, 3);
        const x = uniform(B * T * I, 1, 52);
        // SPAN's first five rows, and a sixth real everywhere.
        const full = Uint8Array.from(SPAN);
        full.fill(1, 5 * T, 6 * T);
        expect(realSpan(SPAN, B, T)).toEqual([2, 5]);
        expect(realSpan(full, B, T)).toEqual([0, T - 1]);
        const dyAll = (n: number) => {
          const dy = probe(n);
          // The extra row sends no gradient, so the weights' gradients are the other rows' alone.
          dy.fill(0, (5 * n) / B, n);
          return dy;
        };
        const a = build(spec, weights, 'js', 1), b = build(spec, weights, 'js', 1);
        const skipped = runTyped(a.layer, a.arena, x, SPAN, dyAll), computed = runTyped(b.layer, b.arena, x, full, dyAll);
        const shared = (v: Float32Array) => Array.from(v.subarray(0, (5 * v.length) / B));
        expect(shared(skipped.y)).toEqual(shared(computed.y));
        expect(shared(skipped.dx)).toEqual(shared(computed.dx));
        skipped.grads.forEach((g, k) => expectNear(g, computed.grads[k], `weight ${k}`, { rtol: 1e-6, atolFraction: 1e-6 }));
      }
    },
  );

  it('finds the span and the runs of real rows', () => {
    expect(realSpan(null, 3, 4)).toEqual([0, 3]);
    expect(realSpan(new Uint8Array(8), 2, 4)).toEqual([4, -1]);
    expect(realSpan(MIXED, B, T)).toEqual([0, 6]);
    const runs = new Int32Array(B + 1);
    expect(realRuns(MIXED, B, T, 2, runs)).toBe(2);
    expect(Array.from(runs.subarray(0, 4))).toEqual([0, 1, 4, 5]);
    expect(realRuns(MIXED, B, T, 6, runs)).toBe(3);
    expect(Array.from(runs.subarray(0, 6))).toEqual([0, 2, 3, 4, 5, 6]);
    const alternate = Uint8Array.from({ length: 7 }, (_, b) => b % 2);
    expect(realRuns(alternate, 7, 1, 0, new Int32Array(8))).toBe(3);
    expect(realRuns(null, 5, 3, 1, runs)).toBe(1);
    expect(Array.from(runs.subarray(0, 2))).toEqual([0, 5]);
  });

  it('a batch with every row masked outputs zeros and has no gradient', () => {
    for (const kind of KINDS) {
      const { layer, arena } = build(inner(kind, true, 'tanh', 0), arrays(TFJS_TWINS[kind].weights(I, U, 71)), 'js', 1);
      // A batch with real steps first, so its buffers hold something to forget.
      runTyped(layer, arena, uniform(B * T * I, 1, 73), MIXED, probe);
      const got = runTyped(layer, arena, uniform(B * T * I, 1, 72), new Uint8Array(B * T), probe);
      expect(got.y.every((v) => v === 0) && got.dx.every((v) => v === 0) && got.grads.every((g) => g.every((v) => v === 0))).toBe(true);
    }
  });
});

/** Seeded weights of the model's shapes (the same for any number of steps). */
const weightsOf = (spec: ModelSpec, seed: number): Float32Array[][] =>
  weightShapes(spec).map((layer, i) => layer.map((shape, k) => uniform(shape.reduce((a, d) => a * d, 1), k === 0 && i === 0 ? 1 : 0.5, seed + 10 * i + k)));

describe('a whole TypedNetwork with Embedding(mask_zero=True)', () => {
  const VOCAB = 30, E = 6, H = 5;

  const model = (steps: number, kind: RecurrentKind, bidirectional: boolean): ModelSpec => {
    const layer = inner(kind, false, 'tanh', 0);
    return {
      inputShape: [steps], inputDtype: 'int32', loss: 'binaryCrossentropy',
      layers: [
        { kind: 'embedding', inputDim: VOCAB, outputDim: E, maskZero: true },
        bidirectional ? { kind: 'bidirectional', layer: { ...layer, units: H } } : { ...layer, units: H },
        { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    };
  };

  const CASES_NET = KINDS.flatMap((kind) => [false, true].map((bidirectional) => ({ kind, bidirectional })));

  it.each(CASES_NET)('$kind (bidirectional $bidirectional): a review pre-padded to 80 or to 200 steps gets the same prediction', ({ kind, bidirectional }) => {
    const lengths = [80, 37, 5, 1, 0, 60];
    const short = prePadded(lengths, 80, VOCAB, 3), long = repad(short, lengths.length, 80, { steps: 200, post: false });
    const weights = weightsOf(model(80, kind, bidirectional), 5);
    const at80 = new TypedNetwork(model(80, kind, bidirectional), weights, { maxBatch: lengths.length, learningRate: 0, rng: createRng(1) });
    const at200 = new TypedNetwork(model(200, kind, bidirectional), weights, { maxBatch: lengths.length, learningRate: 0, rng: createRng(1) });
    const p80 = at80.predict(short, lengths.length);
    expect(Array.from(at200.predict(long, lengths.length))).toEqual(Array.from(p80));
    // Each review alone (no other row's steps computed) gives the same too.
    lengths.forEach((_, r) => expect(at200.predict(long.subarray(r * 200, (r + 1) * 200), 1)[0]).toBe(p80[r]));
    // Without the mask the padding is read as words.
    const unmasked = (steps: number) => ({ ...model(steps, kind, bidirectional), layers: model(steps, kind, bidirectional).layers.map((l) => (l.kind === 'embedding' ? { ...l, maskZero: false } : l)) });
    const plain = new TypedNetwork(unmasked(200), weights, { maxBatch: lengths.length, learningRate: 0, rng: createRng(1) });
    expect(Array.from(plain.predict(long, lengths.length))).not.toEqual(Array.from(p80));
  });

  it.each(CASES_NET)('$kind (bidirectional $bidirectional): a training step’s gradients are the reference’s', ({ kind, bidirectional }) => {
    const T = 9, lengths = [9, 4, 0, 1, 6], rows = lengths.length;
    const spec = model(T, kind, bidirectional);
    const weights = weightsOf(spec, 7);
    // A hole in one review: a 0 among its words is masked as padding is.
    const ids = prePadded(lengths, T, VOCAB, 8);
    ids[4 * T + 5] = 0;
    const y = Float32Array.from(lengths, (_, r) => r % 2);
    // maxBatch above the batch: buffers sized for more rows than this step has.
    const net = new TypedNetwork(spec, weights, { maxBatch: 8, learningRate: 0.01, rng: createRng(1), kernels: 'js' });
    const got = net.gradients(ids, y, rows);
    const flat = new Float32Array(net.parameterCount);
    net.copyGradients(flat);

    // The reference: embedding, the masked layer, Dense, sigmoid, binary cross-entropy.
    const [table] = weights[0], [dk, db] = weights[2];
    const x = embed(ids, table, E), stepMask = maskOfIds(ids);
    const w = (k: number): RecurrentWeights => ({ inputDim: E, units: H, kernel: weights[1][k], recurrentKernel: weights[1][k + 1], bias: weights[1][k + 2] });
    const bi = bidirectional ? bidirectionalForward(kind, x, rows, T, { forward: w(0), backward: w(3) }, { activation: 'tanh', returnSequences: false, stepMask }) : null;
    const run = bidirectional ? null : RECURRENT_KINDS[kind].run(x, rows, T, w(0), { activation: 'tanh', stepMask });
    const h = bi ? bi.y : recurrentOutput(run!.forward, H, false);
    const F = h.length / rows;
    const p = Float64Array.from({ length: rows }, (_, r) => {
      let z = db[0];
      for (let k = 0; k < F; k++) z += h[r * F + k] * dk[k];
      return 1 / (1 + Math.exp(-z));
    });
    const loss = REFERENCE_LOSSES.binaryCrossentropy;
    expect(got.loss).toBeCloseTo(loss.value(p, y, rows, 1), 5);
    const dz = loss.gradient(p, y, rows, 1).map((d, r) => d * p[r] * (1 - p[r]));
    const dDense = new Float64Array(F), dh = new Float64Array(rows * F);
    let dBias = 0;
    for (let r = 0; r < rows; r++) {
      dBias += dz[r];
      for (let k = 0; k < F; k++) {
        dDense[k] += h[r * F + k] * dz[r];
        dh[r * F + k] = dz[r] * dk[k];
      }
    }
    const layerGrads = bi
      ? (({ dx, forward, backward }) => ({ dx, weights: [forward, backward].flatMap((g) => [g.dKernel, g.dRecurrentKernel, g.dBias]) }))(bidirectionalBackward(bi, dh))
      : (({ dx, dKernel, dRecurrentKernel, dBias: b }) => ({ dx, weights: [dKernel, dRecurrentKernel, b] }))(run!.backward(dh, false));
    const want = [embeddingGradient(ids, layerGrads.dx, VOCAB, E), ...layerGrads.weights, dDense, Float64Array.of(dBias)];
    let at = 0;
    want.forEach((g, i) => {
      expectNear(flat.subarray(at, at + g.length), g, `gradient ${i}`);
      at += g.length;
    });
    expect(at).toBe(flat.length);
    // Padding's row of the table gets nothing.
    expect(flat.subarray(0, E).every((v) => v === 0)).toBe(true);
  });
});

const POOL: LayerSpec = { kind: 'globalAveragePooling1d' };

/** A copy of x [B, T, width] with NaN at every step `mask` masks: what must never reach a masked mean. */
function poisonMasked(x: Float32Array, mask: Uint8Array, width: number): Float32Array {
  const y = Float32Array.from(x);
  for (let j = 0; j < B * T; j++) if (mask[j] === 0) y.fill(NaN, j * width, (j + 1) * width);
  return y;
}

describe('GlobalAveragePooling1D under a step mask', () => {
  it.each([...MASKS, ['no', null] as const])('alone, %s mask: as the reference, forward and backward; a NaN at a masked step never reaches it', (name, mask) => {
    const x = mask ? poisonMasked(uniform(B * T * I, 1, 81), mask, I) : uniform(B * T * I, 1, 81);
    const { layer, arena } = build(POOL, [], 'js', 1);
    expect(layer.outShape).toEqual([I]);
    const got = runTyped(layer, arena, x, mask, probe);
    expectNear(got.y, averagePool(x, B, T, I, mask ?? undefined), 'output');
    expectNear(got.dx, averagePoolBackward(got.dy, B, T, I, mask ?? undefined), 'dx');
    if (name !== 'mixed') return;
    // The wholly masked row: zeros out (Keras' 0/0 would be NaN), nothing back.
    expect(got.y.subarray(2 * I, 3 * I).every((v) => v === 0)).toBe(true);
    expect(got.dx.subarray(2 * T * I, 3 * T * I).every((v) => v === 0)).toBe(true);
    // The same layer on the next batch counts that batch's steps.
    const again = runTyped(layer, arena, x.map((v) => (Number.isNaN(v) ? 0 : v)), SPAN, probe);
    expectNear(again.dx, averagePoolBackward(again.dy, B, T, I, SPAN), 'dx, next batch');
  });

  describe.each(KERNEL_KINDS)('after a returned sequence (%s kernels)', (kernels) => {
    const CHAIN = MASKS.flatMap(([name, mask]) => KINDS.flatMap((kind) => [false, true].map((bidirectional) => ({ name, mask, kind, bidirectional }))));

    it.each(CHAIN)('$kind (bidirectional $bidirectional), mask $name, with dropout: outputs and gradients as the reference', ({ mask, kind, bidirectional }) => {
      const rate = 0.2, W = bidirectional ? 2 * U : U;
      const w = { forward: TFJS_TWINS[kind].weights(I, U, 91), backward: TFJS_TWINS[kind].weights(I, U, 92) };
      const { arena, kernels: K } = createArena(400_000, kernels);
      const rng = createRng(23);
      const ctx = (inShape: readonly number[], weights: Float32Array[]) => ({ inShape, maxBatch: B, weights, alloc: arena, kernels: K, rng });
      const layerSpec = inner(kind, true, 'tanh', rate);
      const rnn = createTypedLayer(bidirectional ? { kind: 'bidirectional', layer: layerSpec } : layerSpec, ctx([T, I], bidirectional ? [...arrays(w.forward), ...arrays(w.backward)] : arrays(w.forward)));
      const pool = createTypedLayer(POOL, ctx(rnn.outShape, []));
      expect(pool.outShape).toEqual([W]);

      const x = uniform(B * T * I, 1, 93), input = arena.alloc(x.length);
      input.set(x);
      const sequence = rnn.forward(input, B, true, mask);
      const seen = Float32Array.from(sequence);
      const y = Float32Array.from(pool.forward(sequence, B, true, mask));
      const dyHost = probe(B * W), dy = arena.alloc(dyHost.length);
      dy.set(dyHost);
      const dx = Float32Array.from(rnn.backward(pool.backward(dy, B), B));

      // The reference, with the dropout masks the layers drew (forward direction first).
      const draw = createRng(23);
      const f = bidirectional
        ? bidirectionalForward(kind, x, B, T, w, { activation: 'tanh', returnSequences: true, stepMask: mask, forward: draws(draw, rate), backward: draws(draw, rate) })
        : null;
      const run = bidirectional ? null : RECURRENT_KINDS[kind].run(x, B, T, w.forward, { activation: 'tanh', stepMask: mask, ...draws(draw, rate) });
      const wantSequence = f ? f.y : recurrentOutput(run!.forward, U, true);
      expectNear(y, averagePool(wantSequence, B, T, W, mask), 'output');
      const dSequence = averagePoolBackward(dyHost, B, T, W, mask);
      const want = f
        ? (({ dx: d, forward, backward }) => ({ dx: d, weights: [forward, backward].flatMap((g) => [g.dKernel, g.dRecurrentKernel, g.dBias]) }))(bidirectionalBackward(f, dSequence))
        : (({ dx: d, dKernel, dRecurrentKernel, dBias }) => ({ dx: d, weights: [dKernel, dRecurrentKernel, dBias] }))(run!.backward(dSequence, true));
      expectNear(dx, want.dx, 'dx');
      want.weights.forEach((g, k) => expectNear(rnn.grads[k], g, `weight ${k}`));
      // What the pooling left out: a plain layer's sequence shows its held state at masked steps
      // (and, past the last step any row is real in, the state there); a Bidirectional's, zeros.
      let heldAtMasked = 0;
      for (let j = 0; j < B * T; j++) if (mask[j] === 0 && seen.subarray(j * W, (j + 1) * W).some((v) => v !== 0)) heldAtMasked++;
      if (bidirectional) expect(heldAtMasked).toBe(0);
      else expect(heldAtMasked).toBeGreaterThan(0);
    });
  });
});

describe('a whole TypedNetwork of the short-reviews card’s shape', () => {
  const VOCAB = 30, E = 6, H = 5, F = 2 * H;
  /** Embedding(mask_zero) → Dropout → Bidirectional(LSTM(H), sequences) → GlobalAveragePooling1D → Dropout → Dense(1, sigmoid). */
  const card = (steps: number, rate: number, maskZero = true): ModelSpec => ({
    inputShape: [steps], inputDtype: 'int32', loss: 'binaryCrossentropy',
    layers: [
      { kind: 'embedding', inputDim: VOCAB, outputDim: E, maskZero }, { kind: 'dropout', rate },
      { kind: 'bidirectional', layer: { ...inner('lstm', true, 'tanh', 0), units: H } }, POOL, { kind: 'dropout', rate },
      { kind: 'dense', units: 1, activation: 'sigmoid' },
    ],
  });

  it.each(KERNEL_KINDS)('a training step’s loss and gradients are the reference’s: dropout on, padding on either side, a hole, an empty review (%s kernels)', (kernels) => {
    const T = 9, rate = 0.25, lengths = [9, 4, 0, 1, 6, 7], rows = lengths.length;
    const spec = card(T, rate);
    const weights = weightsOf(spec, 17);
    const ids = prePadded(lengths, T, VOCAB, 18);
    // Row 4 post-padded; a hole among row 5's words.
    ids.set(repad(ids.slice(4 * T, 5 * T), 1, T, { steps: T, post: true }), 4 * T);
    ids[5 * T + 4] = 0;
    const y = Float32Array.from(lengths, (_, r) => r % 2);
    // maxBatch above the batch: buffers sized for more rows than this step has.
    const net = new TypedNetwork(spec, weights, { maxBatch: 8, learningRate: 0.01, rng: createRng(3), kernels });
    const got = net.gradients(ids, y, rows);
    const flat = new Float32Array(net.parameterCount);
    net.copyGradients(flat);

    // The reference with the network's draws: the first Dropout's over the embedded words, then
    // the second's over the pooled vectors (the LSTMs draw none at rate 0).
    const draw = createRng(3), m1 = new Float32Array(rows * T * E), m2 = new Float32Array(rows * F);
    fillDropoutMask(m1, m1.length, rate, draw);
    fillDropoutMask(m2, m2.length, rate, draw);
    const [table] = weights[0], [dk, db] = weights[5], stepMask = maskOfIds(ids);
    const x = embed(ids, table, E).map((v, j) => v * m1[j]);
    const w = (k: number): RecurrentWeights => ({ inputDim: E, units: H, kernel: weights[2][k], recurrentKernel: weights[2][k + 1], bias: weights[2][k + 2] });
    const bi = bidirectionalForward('lstm', x, rows, T, { forward: w(0), backward: w(3) }, { activation: 'tanh', returnSequences: true, stepMask });
    const pooled = averagePool(bi.y, rows, T, F, stepMask).map((v, j) => v * m2[j]);
    const p = Float64Array.from({ length: rows }, (_, r) => {
      let z = db[0];
      for (let k = 0; k < F; k++) z += pooled[r * F + k] * dk[k];
      return 1 / (1 + Math.exp(-z));
    });
    const loss = REFERENCE_LOSSES.binaryCrossentropy;
    expect(got.loss).toBeCloseTo(loss.value(p, y, rows, 1), 5);
    const dz = loss.gradient(p, y, rows, 1).map((d, r) => d * p[r] * (1 - p[r]));
    const dDense = new Float64Array(F), dPooled = new Float64Array(rows * F);
    let dBias = 0;
    for (let r = 0; r < rows; r++) {
      dBias += dz[r];
      for (let k = 0; k < F; k++) {
        dDense[k] += pooled[r * F + k] * dz[r];
        dPooled[r * F + k] = dz[r] * dk[k] * m2[r * F + k];
      }
    }
    const g = bidirectionalBackward(bi, averagePoolBackward(dPooled, rows, T, F, stepMask));
    const want = [
      embeddingGradient(ids, g.dx.map((d, j) => d * m1[j]), VOCAB, E),
      ...[g.forward, g.backward].flatMap((d) => [d.dKernel, d.dRecurrentKernel, d.dBias]), dDense, Float64Array.of(dBias),
    ];
    let at = 0;
    want.forEach((v, i) => {
      expectNear(flat.subarray(at, at + v.length), v, `gradient ${i}`);
      at += v.length;
    });
    expect(at).toBe(flat.length);
    // Padding's row of the table gets nothing.
    expect(flat.subarray(0, E).every((v) => v === 0)).toBe(true);
  });

  it('a review pre-padded, post-padded or not padded at all gets the same prediction, to the bit; without the mask, padding is read as words', () => {
    const words = [[4, 9, 2, 7, 12, 5], [3, 8], [17]];
    const weights = weightsOf(card(6, 0.5), 21);
    const net = (steps: number, maskZero = true) => new TypedNetwork(card(steps, 0.5, maskZero), weights, { maxBatch: 8, learningRate: 0, rng: createRng(1) });
    const alone = words.map((w) => net(w.length).predict(Int32Array.from(w), 1)[0]);
    // Each review pre-padded and post-padded to 40 steps in one batch, and an empty review.
    const S = 40, ids = new Int32Array(7 * S);
    words.forEach((w, r) => {
      ids.set(w, r * S + S - w.length);
      ids.set(w, (3 + r) * S);
    });
    const p = net(S).predict(ids, 7);
    words.forEach((_, r) => {
      expect(p[r], `review ${r}, pre-padded`).toBe(alone[r]);
      expect(p[3 + r], `review ${r}, post-padded`).toBe(alone[r]);
    });
    // Nothing to average: the pooled vector is zeros, and the prediction is the Dense bias' alone.
    expect(p[6]).toBeCloseTo(1 / (1 + Math.exp(-weights[5][1][0])), 6);
    const plain = net(S, false).predict(ids, 7);
    words.forEach((_, r) => expect(Math.abs(plain[r] - alone[r])).toBeGreaterThan(1e-6));
  });
});
