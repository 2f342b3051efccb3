/**
 * The reference LSTM against tfjs-layers' LSTM (Keras semantics: sigmoid gates), outputs and all
 * four gradients, at small odd sizes. This is what ties every fast implementation to Keras:
 * they are tested against the reference, the reference against tfjs-layers here.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellBackward, cellForward, lstmBackward, lstmForward, lstmOutput } from './lstm';
import { RECURRENT_CASES, uniform } from './testing';



/** max |got − want| relative to max |want|. */
function relErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let scale = 1e-12, worst = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  return worst / scale;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('reference LSTM', () => {
  it.each(RECURRENT_CASES)('matches tfjs-layers LSTM forward and gradients: %o', (c) => {
    const { batch: B, steps: T, inputDim: I, units: U } = c;
    const x = uniform(B * T * I, 1, 1), W = uniform(I * 4 * U, 0.6, 2), R = uniform(U * 4 * U, 0.6, 3), b = uniform(4 * U, 0.3, 4);
    const probe = uniform(c.returnSequences ? B * T * U : B * U, 1, 5);
    const layer = tf.layers.lstm({
      units: U, activation: c.activation, recurrentActivation: 'sigmoid', returnSequences: c.returnSequences,
      kernelInitializer: 'zeros', recurrentInitializer: 'zeros', biasInitializer: 'zeros',
    });
    const xt = tf.tensor3d(x, [B, T, I]);
    layer.apply(xt);
    layer.setWeights([tf.tensor2d(W, [I, 4 * U]), tf.tensor2d(R, [U, 4 * U]), tf.tensor1d(b)]);
    const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const probeT = tf.tensor(probe, c.returnSequences ? [B, T, U] : [B, U]);
    let y: Float32Array = new Float32Array(0);
    const { grads } = tf.variableGrads(() => {
      const out = layer.apply(xt) as tf.Tensor;
      y = out.dataSync() as Float32Array;
      return tf.sum(tf.mul(out, probeT)) as tf.Scalar;
    }, vars);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, probeT)))(xt).dataSync();

    const w = { inputDim: I, units: U, kernel: W, recurrentKernel: R, bias: b };
    const fwd = lstmForward(x, B, T, w, { activation: c.activation });
    expect(relErr(lstmOutput(fwd, U, c.returnSequences), y)).toBeLessThan(1e-5);
    const g = lstmBackward(x, w, fwd, probe, c.returnSequences, { activation: c.activation });
    const want = vars.map((v) => grads[v.name].dataSync());
    expect(relErr(g.dKernel, want[0])).toBeLessThan(1e-4);
    expect(relErr(g.dRecurrentKernel, want[1])).toBeLessThan(1e-4);
    expect(relErr(g.dBias, want[2])).toBeLessThan(1e-4);
    expect(relErr(g.dx, dx)).toBeLessThan(1e-4);
    layer.dispose();
    tf.dispose([xt, probeT, ...Object.values(grads)]);
  });

  it('masks act once per sequence: a zero input mask removes that input from every step', () => {
    const B = 2, T = 3, I = 2, U = 2;
    const w = { inputDim: I, units: U, kernel: uniform(I * 8, 0.6, 7), recurrentKernel: uniform(U * 8, 0.6, 8), bias: uniform(8, 0.3, 9) };
    const x = uniform(B * T * I, 1, 10);
    const inputMask = Float32Array.of(0, 2, 0, 2);
    const masked = lstmForward(x, B, T, w, { activation: 'tanh', inputMask });
    // The same as feeding x with feature 0 zeroed and feature 1 doubled.
    const x2 = x.map((v, j) => (j % 2 === 0 ? 0 : 2 * v));
    const plain = lstmForward(x2, B, T, w, { activation: 'tanh' });
    expect(relErr(masked.hT, plain.hT)).toBeLessThan(1e-12);
  });

  it('cellBackward is the derivative of cellForward (finite differences)', () => {
    const B = 2, U = 3, eps = 1e-6;
    for (const activation of ['tanh', 'relu'] as const) {
      const z = uniform(B * 4 * U, 1.5, 11), cPrev = uniform(B * U, 1, 12), dh = uniform(B * U, 1, 13), dc = uniform(B * U, 1, 14);
      const loss = (zz: Float64Array | Float32Array, cp: Float64Array | Float32Array): number => {
        const { c, h } = cellForward(zz, cp, B, U, activation);
        let s = 0;
        for (let j = 0; j < B * U; j++) s += h[j] * dh[j] + c[j] * dc[j];
        return s;
      };
      const { gates, c } = cellForward(z, cPrev, B, U, activation);
      const { dz, dcPrev } = cellBackward(gates, c, cPrev, dh, dc, B, U, activation);
      const z64 = Float64Array.from(z), c64 = Float64Array.from(cPrev);
      for (let j = 0; j < z64.length; j++) {
        const up = z64.slice(); up[j] += eps;
        const down = z64.slice(); down[j] -= eps;
        expect(dz[j]).toBeCloseTo((loss(up, c64) - loss(down, c64)) / (2 * eps), 5);
      }
      for (let j = 0; j < c64.length; j++) {
        const up = c64.slice(); up[j] += eps;
        const down = c64.slice(); down[j] -= eps;
        expect(dcPrev[j]).toBeCloseTo((loss(z64, up) - loss(z64, down)) / (2 * eps), 5);
      }
    }
  });
});

describe('reference LSTM from a later step', () => {
  const B = 2, T = 7, I = 3, U = 4;
  const w = { inputDim: I, units: U, kernel: uniform(I * 4 * U, 0.6, 21), recurrentKernel: uniform(U * 4 * U, 0.6, 22), bias: uniform(4 * U, 0.3, 23) };
  // The first four steps repeat one input (a run of padding), whose projection is computed once.
  const row = uniform(I, 1, 24), rest = uniform(B * T * I, 1, 25);
  const x = Float64Array.from(rest, (v, j) => (j % (T * I) < 4 * I ? row[j % I] : v));

  it('steps one call at a time give the same bits as one call over the sequence', () => {
    const whole = lstmForward(x, B, T, w, { activation: 'tanh' });
    let h: Float64Array | undefined, c: Float64Array | undefined;
    for (let t = 0; t < T; t++) {
      const xt = new Float64Array(B * I);
      for (let b = 0; b < B; b++) xt.set(x.subarray((b * T + t) * I, (b * T + t + 1) * I), b * I);
      const one = lstmForward(xt, B, 1, w, { activation: 'tanh', h0: h, c0: c });
      expect(one.gates[0]).toEqual(whole.gates[t]);
      expect(one.h[0]).toEqual(whole.h[t]);
      ({ hT: h, cT: c } = one);
    }
  });

  it.each([0, 3, 6])('from step %i, after the state the steps before left: the same steps, bit for bit, and their gradients', (from) => {
    const activation = 'relu';
    const whole = lstmForward(x, B, T, w, { activation });
    const state = from > 0 ? { h0: whole.h[from - 1], c0: whole.c[from - 1] } : {};
    const part = lstmForward(x, B, T, w, { activation, from, ...state });
    expect(part.from).toBe(from);
    expect(part.gates).toEqual(whole.gates.slice(from));
    expect(part.c).toEqual(whole.c.slice(from));
    expect(part.hT).toEqual(whole.hT);
    const probe = uniform(B * T * U, 1, 26);
    const dWhole = lstmBackward(x, w, whole, probe, true, { activation });
    const dPart = lstmBackward(x, w, part, probe, true, { activation, from, ...state }, true);
    for (let b = 0; b < B; b++) {
      const at = (t: number) => (b * T + t) * I;
      expect(dPart.dx.subarray(at(from), at(T))).toEqual(dWhole.dx.subarray(at(from), at(T)));
      expect(dPart.dx.subarray(at(0), at(from)).every((v) => v === 0)).toBe(true);
    }
    expect(dPart.dKernel).toHaveLength(0);
  });

  it('takes the steps before `from` of a one-row forward for a sequence output, and refuses without one', () => {
    const whole = lstmForward(x.subarray(0, T * I), 1, T, w, { activation: 'tanh' });
    const part = lstmForward(x.subarray(0, T * I), 1, T, w, { activation: 'tanh', from: 4, h0: whole.h[3], c0: whole.c[3] });
    expect(lstmOutput(part, U, true, whole)).toEqual(lstmOutput(whole, U, true));
    expect(() => lstmOutput(part, U, true)).toThrow(/first 4 steps/);
  });
});
