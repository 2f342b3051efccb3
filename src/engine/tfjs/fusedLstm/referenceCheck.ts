/**
 * The whole `fusedLstm` op, forward and backward, on the active backend against the float64
 * reference LSTM (`engine/reference/lstm.ts`): what the runtime self-check (`selfCheck.ts`) runs
 * on the user's device and what the shader test (`../gpuKernelCheck.ts`) runs over many cases.
 * Also the seeded inputs and the asynchronous reads both checks share.
 *
 * Every result is read with `await data()`: synchronous reads on WebGPU (SwiftShader) lost the
 * device after about two minutes (shared TFJS-NOTES).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../../rng';
import { lstmBackward, lstmForward, lstmOutput, type CellActivation } from '../../reference/lstm';
import { fusedLstm, type FusedLstmPath } from './ops';

/** One output to compare: what the implementation gave and what the reference says. */
export interface CheckedOutput {
  name: string;
  got: ArrayLike<number>;
  want: ArrayLike<number>;
}

export const uniform = (rng: Rng, n: number, lo: number, hi: number): Float32Array =>
  Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.next());

/** A scaled dropout mask: 0 with probability 0.3, else 1/0.7 (as the layer draws them). */
export const dropoutMask = (rng: Rng, n: number): Float32Array =>
  Float32Array.from({ length: n }, () => (rng.next() < 0.3 ? 0 : 1 / 0.7));

/** Reads every tensor asynchronously, then disposes them all. */
export async function readAll(ts: tf.Tensor[]): Promise<(Float32Array | Int32Array)[]> {
  try {
    return (await Promise.all(ts.map((t) => t.data()))) as (Float32Array | Int32Array)[];
  } finally {
    tf.dispose(ts);
  }
}

/** Rows [row, row + rows) of a row-major [*, cols] array. */
export const sliceRows = (a: ArrayLike<number>, row: number, rows: number, cols: number): Float64Array =>
  Float64Array.from({ length: rows * cols }, (_, i) => a[row * cols + i]);

/**
 * The gradient reaching h_t in one backward step, as the cell-backward kernels take it apart:
 * dy's step t (t-major [steps·batch, u] with returnSequences; else [batch, u], at the last step
 * only) plus d(hm_t) = dG_{t+1}·Rᵀ (`dhRec`, absent at the last step) through the recurrent mask.
 */
export function stepOutputGradient(
  dy: ArrayLike<number>, dhRec: ArrayLike<number> | undefined, mask: ArrayLike<number> | undefined,
  t: number, steps: number, batch: number, units: number, returnSequences: boolean,
): Float64Array {
  const n = batch * units;
  return Float64Array.from({ length: n }, (_, j) => {
    const fromOutput = returnSequences ? dy[t * n + j] : t === steps - 1 ? dy[j] : 0;
    return fromOutput + (dhRec ? dhRec[j] * (mask ? mask[j] : 1) : 0);
  });
}

/** One configuration of the whole op. */
export interface FusedCheckCase {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  activation: CellActivation;
  returnSequences: boolean;
  inputMask: boolean;
  recurrentMask: boolean;
  /** Non-zero h0 and c0, as a stateful layer passes them. */
  initialState: boolean;
}

export function describeFusedCheckCase(s: FusedCheckCase): string {
  const flags = [s.returnSequences && 'seq', s.inputMask && 'input mask', s.recurrentMask && 'recurrent mask', s.initialState && 'h0/c0'];
  return `B${s.batch} T${s.steps} I${s.inputDim} U${s.units} ${s.activation}${flags.filter(Boolean).map((f) => ` ${f}`).join('')}`;
}

/**
 * Runs `fusedLstm` on `path` with seeded inputs and returns its output and its four gradients
 * (of sum(y · probe)) next to the reference's. Leaves no tensors behind; throws what the op throws.
 */
export async function fusedOpAgainstReference(s: FusedCheckCase, path: FusedLstmPath, seed: number): Promise<CheckedOutput[]> {
  const { batch: B, steps: T, inputDim: I, units: U, activation, returnSequences } = s;
  const G = 4 * U;
  const rng = createRng(seed);
  const x = uniform(rng, B * T * I, -1, 1), W = uniform(rng, I * G, -0.6, 0.6), R = uniform(rng, U * G, -0.6, 0.6), b = uniform(rng, G, -0.3, 0.3);
  const inputMask = s.inputMask ? dropoutMask(rng, B * I) : undefined;
  const recurrentMask = s.recurrentMask ? dropoutMask(rng, B * U) : undefined;
  const h0 = s.initialState ? uniform(rng, B * U, -0.5, 0.5) : undefined, c0 = s.initialState ? uniform(rng, B * U, -0.5, 0.5) : undefined;
  // The loss is sum(y · probe), so the gradient reaching y is the probe.
  const probe = uniform(rng, B * (returnSequences ? T : 1) * U, -1, 1);
  const [y, dx, dW, dR, db] = await readAll(tf.tidy(() => {
    const t2 = (v: Float32Array | undefined, rows: number, cols: number) => (v ? tf.tensor2d(v, [rows, cols]) : undefined);
    const options = {
      activation, returnSequences, path,
      inputMask: t2(inputMask, B, I), recurrentMask: t2(recurrentMask, B, U), h0: t2(h0, B, U), c0: t2(c0, B, U),
    };
    const probeT = tf.tensor(probe, returnSequences ? [B, T, U] : [B, U]);
    let yT: tf.Tensor | undefined;
    const grads = tf.grads((xs: tf.Tensor, k: tf.Tensor, r: tf.Tensor, bias: tf.Tensor) => {
      const out = fusedLstm(xs as tf.Tensor3D, k as tf.Tensor2D, r as tf.Tensor2D, bias as tf.Tensor1D, options).y;
      yT = tf.keep(out.clone()); // outlives the gradient scope; disposed by readAll
      return tf.sum(tf.mul(out, probeT));
    })([tf.tensor3d(x, [B, T, I]), tf.tensor2d(W, [I, G]), tf.tensor2d(R, [U, G]), tf.tensor1d(b)]);
    return [yT!, ...grads];
  }));
  const weights = { inputDim: I, units: U, kernel: W, recurrentKernel: R, bias: b };
  const refOptions = { activation, h0, c0, inputMask, recurrentMask };
  const forward = lstmForward(x, B, T, weights, refOptions);
  const grads = lstmBackward(x, weights, forward, probe, returnSequences, refOptions);
  return [
    { name: 'y', got: y, want: lstmOutput(forward, U, returnSequences) },
    { name: 'dx', got: dx, want: grads.dx },
    { name: 'dKernel', got: dW, want: grads.dKernel },
    { name: 'dRecurrentKernel', got: dR, want: grads.dRecurrentKernel },
    { name: 'dBias', got: db, want: grads.dBias },
  ];
}
