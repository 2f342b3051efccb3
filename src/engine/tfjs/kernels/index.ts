/**
 * Kernels that make training fast and possible on every backend: the Embedding gradient
 * (UnsortedSegmentSum), the Conv1D filter gradient (Conv2DBackpropFilter) and WASM's transposed
 * matmuls. `TRAINING_KERNELS` (table.ts) lists what is covered.
 *
 * Use: `await tf.setBackend(name); registerTrainingKernels(name);` and, in the backend probe,
 * `await checkTrainingKernels(name)`, which restores the stock kernel for any of ours that fails
 * its self-test on this device.
 */
export {
  installedTrainingKernels,
  registerTrainingKernels,
  restoreStockKernel,
  stockKernel,
  unregisterTrainingKernels,
} from './registry';
export { checkTrainingKernels, type KernelCheck } from './check';
export { TRAINING_KERNELS, type KernelBackend, type TrainingKernel, type TrainingKernelName } from './table';
