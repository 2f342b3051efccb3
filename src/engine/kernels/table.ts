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
  /** Builds our kernel; `stock` is the kernel it replaces, undefined where the backend has none. */
  config: (stock: KernelConfig | undefined) => KernelConfig;
}

const EMBEDDING = 'Embedding gradient (gather backprop)';
const CONV1D = 'Conv1D/Conv2D filter gradient';

export const TRAINING_KERNELS: readonly TrainingKernel[] = [
  {
    kernelName: UnsortedSegmentSum, backend: 'cpu', usedBy: EMBEDDING,
    stock: 'one mask per segment: about 3 minutes per call for a 2000-word vocabulary',
    config: () => unsortedSegmentSumCpuConfig,
  },
  {
    kernelName: UnsortedSegmentSum, backend: 'wasm', usedBy: EMBEDDING,
    stock: 'missing: Embedding models cannot train',
    config: () => unsortedSegmentSumWasmConfig,
  },
  {
    kernelName: UnsortedSegmentSum, backend: 'webgl', usedBy: EMBEDDING,
    stock: 'compares every id with every segment: about 5.7 s per batch',
    config: makeUnsortedSegmentSumWebglConfig,
  },
  {
    kernelName: UnsortedSegmentSum, backend: 'webgpu', usedBy: EMBEDDING,
    stock: 'two transposes and contended float atomics on repeated ids',
    config: makeUnsortedSegmentSumWebgpuConfig,
  },
  {
    kernelName: Conv2DBackpropFilter, backend: 'cpu', usedBy: CONV1D,
    stock: 'reduction innermost through a generic accessor: about 40 s per batch for Conv1D(32, 3)',
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
