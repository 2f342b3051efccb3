/**
 * Which kernels we replace, on which backend, and why: one row per (kernel, backend). Read this
 * table to see what is covered; `index.ts` registers the rows for the active backend.
 */
import { BatchMatMul, Conv2DBackpropFilter, UnsortedSegmentSum, type KernelConfig } from '@tensorflow/tfjs-core';
import { makeBatchMatMulWasmConfig } from './batchMatMulWasm';
import { conv2dBackpropFilterCpuConfig } from './conv2dBackpropFilterCpu';
import { conv2dBackpropFilterWasmConfig } from './conv2dBackpropFilterWasm';
import { unsortedSegmentSumCpuConfig } from './unsortedSegmentSumCpu';
import { unsortedSegmentSumWasmConfig } from './unsortedSegmentSumWasm';
import { makeUnsortedSegmentSumWebglConfig } from './unsortedSegmentSumWebgl';
import { makeUnsortedSegmentSumWebgpuConfig } from './unsortedSegmentSumWebgpu';

/** tfjs backend names we have kernels for. */
export type KernelBackend = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

export type TrainingKernelName = typeof UnsortedSegmentSum | typeof Conv2DBackpropFilter | typeof BatchMatMul;

export interface TrainingKernel {
  kernelName: TrainingKernelName;
  backend: KernelBackend;
  /** What is wrong with the stock kernel (or that there is none). */
  stock: string;
  /** Where training needs it. */
  usedBy: string;
  /**
   * Builds our kernel; `stock` is the kernel it replaces, undefined where the backend has none.
   * Returns undefined when there is nothing to install yet (a wrapper whose stock kernel is not loaded).
   */
  config: (stock: KernelConfig | undefined) => KernelConfig | undefined;
}

const EMBEDDING = 'Embedding gradient (gather backprop)';
const CONV1D = 'Conv1D/Conv2D filter gradient';

export const TRAINING_KERNELS: readonly TrainingKernel[] = [
  {
    kernelName: UnsortedSegmentSum, backend: 'cpu', usedBy: EMBEDDING,
    stock: 'one mask per segment: 3-5 minutes per call for a 2000-word vocabulary',
    config: () => unsortedSegmentSumCpuConfig,
  },
  {
    kernelName: UnsortedSegmentSum, backend: 'wasm', usedBy: EMBEDDING,
    stock: 'missing: Embedding models cannot train',
    config: () => unsortedSegmentSumWasmConfig,
  },
  {
    kernelName: UnsortedSegmentSum, backend: 'webgl', usedBy: EMBEDDING,
    stock: 'compares every id with every segment: 2.4-5.5 s per call for a 2000-word vocabulary (SwiftShader)',
    config: makeUnsortedSegmentSumWebglConfig,
  },
  {
    kernelName: UnsortedSegmentSum, backend: 'webgpu', usedBy: EMBEDDING,
    stock: 'float compare-and-swap atomics that serialise on repeated ids: 0.3-2.6 s per call (SwiftShader)',
    config: makeUnsortedSegmentSumWebgpuConfig,
  },
  {
    kernelName: Conv2DBackpropFilter, backend: 'cpu', usedBy: CONV1D,
    stock: 'one output element at a time through a generic accessor: about 38 s per call for Conv1D(32, 3)',
    config: () => conv2dBackpropFilterCpuConfig,
  },
  {
    kernelName: Conv2DBackpropFilter, backend: 'wasm', usedBy: CONV1D,
    stock: 'missing: Conv1D models cannot train',
    config: () => conv2dBackpropFilterWasmConfig,
  },
  {
    kernelName: BatchMatMul, backend: 'wasm', usedBy: 'every backprop matmul (Dense, LSTM)',
    stock: 'naive loop at about 1 GFLOP/s unless both operands are untransposed and unbatched',
    config: makeBatchMatMulWasmConfig,
  },
];
