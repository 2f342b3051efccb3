/**
 * Shared by this folder's tests: the backends that run in Node, switching between them, seeded
 * data, running a kernel with the stock implementation, and the error measure the tests assert on.
 * Imported only by tests (it loads the WASM backend as a side effect).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRng } from '../../rng';
import { registerTrainingKernels, unregisterTrainingKernels } from './index';

/** Backends available in Node; WebGL and WebGPU need a browser. */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

/** Relative tolerance of every comparison: max |got - want| / max |want|. */
export const TOLERANCE = 1e-5;

/** Makes `name` active with our kernels registered. WASM finds its binary in node_modules by itself in Node. */
export async function useBackend(name: NodeBackend): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') failed in Node.`);
  await tf.ready();
  registerTrainingKernels(name);
}

/** Runs `f` with the stock kernels of `backend` in place of ours, then puts ours back. */
export function withStockKernels<T>(backend: NodeBackend, f: () => T): T {
  unregisterTrainingKernels(backend);
  try {
    return f();
  } finally {
    registerTrainingKernels(backend);
  }
}

/** `n` seeded standard-normal values. */
export function normals(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** `n` seeded integers in [lo, hi). */
export function ints(n: number, lo: number, hi: number, seed: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length: n }, () => rng.int(lo, hi));
}

/** Runs one kernel on the active backend and returns its values (no tensors left behind). */
export function runKernel(kernelName: string, inputs: Record<string, tf.Tensor>, attrs: object): { shape: number[]; dtype: string; values: Float32Array | Int32Array } {
  const out = tf.engine().runKernel(kernelName, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  try {
    return { shape: out.shape, dtype: out.dtype, values: out.dataSync() as Float32Array | Int32Array };
  } finally {
    out.dispose();
  }
}

/** max |got - want| / max |want| (0 when both are all zero). */
export function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let worst = 0, scale = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (Number.isNaN(d)) return Infinity;
    worst = Math.max(worst, d);
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return worst === 0 ? 0 : worst / scale;
}

/**
 * Tensors and backend buffers alive now. Our kernels free their temporaries with the backend's
 * own calls, which `numTensors` does not see, so both counts are checked.
 */
export function liveCounts(): { tensors: number; buffers: number } {
  const m = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
  return { tensors: m.numTensors, buffers: m.numDataBuffers };
}
