/**
 * A runtime self-test for the backend selector: on the active backend, one small LSTM forward and
 * backward through our kernels must match the same computation built from stock tfjs ops. GPU
 * shaders in particular cannot be tested in Node, and drivers differ; where the check fails, our
 * kernels are unregistered for that backend, so the layer falls back to stock ops ('composite')
 * instead of training on wrong numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { CELL_BACKWARD, CELL_FORWARD, SEQUENCE_BACKWARD, SEQUENCE_FORWARD, UNPACK } from './kernelNames';
import { fusedLstm, type FusedLstmPath } from './ops';
import { registerFusedLstmKernels } from './register';

export interface FusedLstmCheck {
  backend: string;
  /** The paths with kernels here ('sequence' and/or 'steps'); empty when stock ops are used. */
  paths: FusedLstmPath[];
  ok: boolean;
  /** Worst |got − want| / (1e-4·|want| + 1e-5·max|want|) over outputs and gradients; ≤ 1 passes. */
  worst: number;
  /** One sentence for logs and the backend panel. */
  detail: string;
}

/** Small but with every feature: relu and tanh, masks, sequences, odd sizes. */
const B = 3, T = 4, I = 3, U = 5;

function ramp(n: number, phase: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.37 + phase) * scale);
}

/** Output and gradients w.r.t. x, kernel, recurrent kernel and bias, as arrays. */
async function run(path: FusedLstmPath, activation: 'tanh' | 'relu'): Promise<Float32Array[]> {
  // tf.variable copies its initial value; the tidy frees those initial tensors.
  const vars = tf.tidy(() => [
    tf.variable(tf.tensor3d(ramp(B * T * I, 0.1, 1.2), [B, T, I])),
    tf.variable(tf.tensor2d(ramp(I * 4 * U, 0.7, 0.6), [I, 4 * U])),
    tf.variable(tf.tensor2d(ramp(U * 4 * U, 1.3, 0.6), [U, 4 * U])),
    tf.variable(tf.tensor1d(ramp(4 * U, 2.1, 0.3))),
  ]);
  const [x, W, R, b] = vars;
  const outs = tf.tidy(() => {
    const inputMask = tf.tensor2d(ramp(B * I, 0.5, 1).map((v) => (v > -0.3 ? 1.25 : 0)), [B, I]);
    const recurrentMask = tf.tensor2d(ramp(B * U, 0.9, 1).map((v) => (v > -0.3 ? 1.25 : 0)), [B, U]);
    const probe = tf.tensor3d(ramp(B * T * U, 3.3, 1), [B, T, U]);
    let y: tf.Tensor | undefined;
    const { grads } = tf.variableGrads(() => {
      const out = fusedLstm(x as tf.Tensor3D, W as tf.Tensor2D, R as tf.Tensor2D, b as tf.Tensor1D, {
        activation, returnSequences: true, inputMask, recurrentMask, path,
      }).y;
      y = tf.keep(out.clone());
      return tf.sum(tf.mul(out, probe)) as tf.Scalar;
    }, vars);
    return [y!, ...vars.map((v) => grads[v.name])];
  });
  try {
    return await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
  } finally {
    tf.dispose([...outs, ...vars]);
  }
}

function worstRatio(got: Float32Array, want: Float32Array): number {
  if (got.length !== want.length) return Infinity;
  let scale = 0;
  for (const w of want) scale = Math.max(scale, Math.abs(w));
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const r = Math.abs(got[i] - want[i]) / (1e-4 * Math.abs(want[i]) + 1e-5 * scale + 1e-30);
    if (!(r <= worst)) worst = Number.isNaN(r) ? Infinity : r;
  }
  return worst;
}

/**
 * Checks our kernels on the active backend against stock ops and unregisters them there if they
 * disagree (or throw). Call after `tf.setBackend`; takes a few milliseconds (more on a GPU's first
 * shader compiles).
 */
export async function checkFusedLstmKernels(): Promise<FusedLstmCheck> {
  registerFusedLstmKernels();
  const backend = tf.getBackend();
  const paths: FusedLstmPath[] = [];
  if (tf.getKernel(SEQUENCE_FORWARD, backend) !== undefined) paths.push('sequence');
  if (tf.getKernel(CELL_FORWARD, backend) !== undefined) paths.push('steps');
  if (paths.length === 0) {
    return { backend, paths, ok: true, worst: 0, detail: `no fused LSTM kernels for '${backend}': stock ops are used` };
  }
  let worst = 0;
  let failure: string | undefined;
  try {
    for (const activation of ['tanh', 'relu'] as const) {
      const want = await run('composite', activation);
      for (const path of paths) {
        const got = await run(path, activation);
        got.forEach((g, i) => (worst = Math.max(worst, worstRatio(g, want[i]))));
      }
    }
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
    worst = Infinity;
  }
  if (failure === undefined && worst <= 1) {
    return { backend, paths, ok: true, worst, detail: `fused LSTM kernels (${paths.join(', ')}) match stock ops on '${backend}'` };
  }
  for (const name of [SEQUENCE_FORWARD, SEQUENCE_BACKWARD, CELL_FORWARD, CELL_BACKWARD, UNPACK]) {
    if (tf.getKernel(name, backend) !== undefined) tf.unregisterKernel(name, backend);
  }
  const why = failure !== undefined ? `threw "${failure}"` : `disagree with stock ops (error ratio ${worst.toPrecision(3)})`;
  return { backend, paths, ok: false, worst, detail: `fused LSTM kernels ${why} on '${backend}'; using stock ops there` };
}
