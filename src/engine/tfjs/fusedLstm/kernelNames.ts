/**
 * Names, inputs and attributes of the fused LSTM kernels. The WebGL and WebGPU files register
 * kernels under these names; `ops.ts` calls them. Inputs marked optional are simply left out.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * One timestep's gate update (WebGL, WebGPU).
 * Inputs: xp [T*B,4U] (input projection of every step, t-major), hr [B,4U] (hm_{t-1}·R),
 *   cPrev [B,U], recurrentMask? [B,U].
 * Attrs: t (the step; reads rows t*B..t*B+B-1 of xp).
 * Outputs: gates [B,4U] (activated i,f,g,o), c [B,U], h [B,U], and hm = h·mask [B,U] when the
 *   mask is given.
 */
export const CELL_FORWARD = 'FusedLstmCellForward';

/**
 * One timestep's backward (WebGL, WebGPU).
 * Inputs: gates [T*B,4U], cells [T*B,U], c0 [B,U], dy ([T*B,U] t-major with returnSequences, else
 *   [B,U]), dhRec? [B,U] (d(hm_t) = dG_{t+1}·Rᵀ; absent at the last step), dcNext? [B,U] (absent
 *   at the last step), recurrentMask? [B,U].
 * Attrs: t, steps.
 * Outputs: dGates [B,4U] (pre-activation gradients), dcPrev [B,U].
 */
export const CELL_BACKWARD = 'FusedLstmCellBackward';

/**
 * WebGL only: returns x as an unpacked texture (or x itself when it already is one). The cell
 * kernels read unpacked textures; without this, tfjs would unpack the whole `xp`, `gates` and
 * `cells` textures again on every timestep.
 */
export const UNPACK = 'FusedLstmUnpack';

/** Attributes shared by the fused LSTM kernels. */
export interface FusedLstmAttrs {
  activation: 'tanh' | 'relu';
  returnSequences: boolean;
  /** Timestep, for the cell kernels. */
  t?: number;
  /** Sequence length, for the cell kernels. */
  steps?: number;
}

/** The named inputs, checked present (`optional` names may be absent). */
export function kernelInputs<K extends string, O extends string = never>(
  inputs: tf.NamedTensorInfoMap, names: readonly K[], optional: readonly O[] = [],
): Record<K, tf.TensorInfo> & Partial<Record<O, tf.TensorInfo>> {
  const out: Record<string, tf.TensorInfo> = {};
  for (const n of names) {
    const info = inputs[n];
    if (info === undefined) throw new Error(`Fused LSTM kernel: missing input '${n}'.`);
    out[n] = info;
  }
  for (const n of optional) {
    const info = inputs[n];
    if (info !== undefined) out[n] = info;
  }
  return out as Record<K, tf.TensorInfo> & Partial<Record<O, tf.TensorInfo>>;
}

/**
 * Registers a kernel unless one is already there under that name: idempotent, and it never
 * replaces a kernel the self-check unregistered and someone re-registered on purpose.
 */
export function registerOnce(kernelName: string, backendName: string, kernelFunc: tf.KernelFunc): void {
  if (tf.getKernel(kernelName, backendName) === undefined) tf.registerKernel({ kernelName, backendName, kernelFunc });
}
