/**
 * The typed GRU and SimpleRNN against the reference cells with dropout on: the masks a training
 * call draws are the ones the context's generator gives (input mask first, then the recurrent
 * one, as `fillDropoutMask` draws them), so the reference takes the same masks and must give the
 * same output and the same gradients, on every kernel kind. (`network.test.ts` holds the layers
 * without dropout to tfjs' `trainOnBatch`, Adam steps included.)
 */
import { describe, expect, it } from 'vitest';
import { RECURRENT_KINDS, recurrentOutput } from '../reference/recurrent';
import { createRng } from '../rng';
import { createArena, KERNEL_KINDS } from './kernels';
import { fillDropoutMask } from './layerBase';
import { createTypedLayer } from './layers';

const B = 5, T = 4, I = 3, U = 6;

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `${what}[${i}]`).toBeLessThan(1e-5 + 1e-4 * Math.abs(want[i]));
}

describe.each(KERNEL_KINDS)('typed GRU and SimpleRNN with dropout (%s kernels)', (kernelKind) => {
  it.each([
    ['gru', 'tanh', true],
    ['gru', 'relu', false],
    ['simpleRnn', 'tanh', false],
    ['simpleRnn', 'relu', true],
  ] as const)('%s (%s, sequences %s): output and gradients as the reference with the same masks', (kind, activation, returnSequences) => {
    const G = (kind === 'gru' ? 3 : 1) * U;
    const weights = [
      Float32Array.from({ length: I * G }, (_, i) => Math.sin(i + 1) / 2),
      Float32Array.from({ length: U * G }, (_, i) => Math.cos(i) / 3),
      Float32Array.from({ length: (kind === 'gru' ? 2 : 1) * G }, (_, i) => Math.sin(3 * i) / 5),
    ];
    const { arena, kernels } = createArena(400_000, kernelKind);
    const spec = { kind, units: U, activation, returnSequences, dropout: 0.3, recurrentDropout: 0.4 } as const;
    const layer = createTypedLayer(spec, { inShape: [T, I], maxBatch: B, weights, alloc: arena, kernels, rng: createRng(11) });
    const x = arena.alloc(B * T * I);
    x.set(Float32Array.from({ length: B * T * I }, (_, i) => Math.sin(0.7 * i)));
    const y = Float32Array.from(layer.forward(x, B, true));

    // The same draws: the input mask, then the recurrent one.
    const rng = createRng(11), inputMask = new Float32Array(B * I), recurrentMask = new Float32Array(B * U);
    fillDropoutMask(inputMask, B * I, 0.3, rng);
    fillDropoutMask(recurrentMask, B * U, 0.4, rng);
    const w = { inputDim: I, units: U, kernel: weights[0], recurrentKernel: weights[1], bias: weights[2] };
    const run = RECURRENT_KINDS[kind].run(x, B, T, w, { activation, inputMask, recurrentMask });
    expectClose(y, recurrentOutput(run.forward, U, returnSequences), 'output');

    const dyValues = Float32Array.from({ length: y.length }, (_, i) => Math.cos(1.3 * i));
    const dy = arena.alloc(dyValues.length);
    dy.set(dyValues);
    const dx = layer.backward(dy, B);
    const want = run.backward(dyValues, returnSequences);
    expectClose(dx, want.dx, 'dx');
    expectClose(layer.grads[0], want.dKernel, 'dKernel');
    expectClose(layer.grads[1], want.dRecurrentKernel, 'dRecurrentKernel');
    expectClose(layer.grads[2], want.dBias, 'dBias');
  });
});
