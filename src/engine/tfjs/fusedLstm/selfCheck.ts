/**
 * A runtime self-test for the backend selector: on the active backend, the whole fused LSTM op
 * through our kernels ('steps'), forward and backward, must match the float64 reference LSTM
 * (`engine/reference/lstm.ts`) within `KERNEL_TOLERANCE`. GPU drivers differ and compile shaders
 * their own way; where the check fails, our kernels are unregistered for that backend, so the
 * layer falls back to stock ops ('composite') instead of training on wrong numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { compareToReference } from '../../reference/tolerance';
import { CELL_BACKWARD, CELL_FORWARD, UNPACK } from './kernelNames';
import { fusedOpAgainstReference, type FusedCheckCase } from './referenceCheck';
import { registerFusedLstmKernels } from './register';

export interface FusedLstmCheck {
  backend: string;
  /** Whether our kernels are registered here (before the check); false where stock ops run anyway. */
  kernels: boolean;
  ok: boolean;
  /** Worst error-to-tolerance ratio over outputs and gradients; ≤ 1 passes. */
  worst: number;
  /** One sentence for logs and the backend panel. */
  detail: string;
}

/**
 * Small and odd-sized, and between them every feature the kernels take: tanh and relu, both
 * masks, returnSequences on and off, a carried-in state. Two cases keep the first shader
 * compiles on a slow GPU to well under a second.
 */
const CASES: FusedCheckCase[] = [
  { batch: 3, steps: 4, inputDim: 3, units: 5, activation: 'tanh', returnSequences: true, inputMask: true, recurrentMask: true, initialState: false },
  { batch: 2, steps: 3, inputDim: 2, units: 3, activation: 'relu', returnSequences: false, inputMask: false, recurrentMask: true, initialState: true },
];

/** Every kernel this folder registers on some backend, to take them all away at once. */
const KERNELS = [CELL_FORWARD, CELL_BACKWARD, UNPACK];

/**
 * Checks our kernels on the active backend against the reference and unregisters them there if
 * they disagree (or throw). Call after `tf.setBackend`; takes a few milliseconds (more on a GPU's
 * first shader compiles).
 */
export async function checkFusedLstmKernels(): Promise<FusedLstmCheck> {
  registerFusedLstmKernels();
  const backend = tf.getBackend();
  if (tf.getKernel(CELL_FORWARD, backend) === undefined) {
    return { backend, kernels: false, ok: true, worst: 0, detail: `no fused LSTM kernels for '${backend}': stock ops are used` };
  }
  let worst = 0;
  let failure: string | undefined;
  try {
    for (const [i, c] of CASES.entries()) {
      for (const o of await fusedOpAgainstReference(c, 'steps', 900 + i)) worst = Math.max(worst, compareToReference(o.got, o.want).ratio);
    }
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
    worst = Infinity;
  }
  if (failure === undefined && worst <= 1) {
    return { backend, kernels: true, ok: true, worst, detail: `fused LSTM kernels match the reference LSTM on '${backend}'` };
  }
  for (const name of KERNELS) {
    if (tf.getKernel(name, backend) !== undefined) tf.unregisterKernel(name, backend);
  }
  const why = failure !== undefined ? `threw "${failure}"` : `disagree with the reference LSTM (error ratio ${worst.toPrecision(3)})`;
  return { backend, kernels: true, ok: false, worst, detail: `fused LSTM kernels ${why} on '${backend}'; using stock ops there` };
}
