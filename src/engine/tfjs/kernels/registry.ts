/**
 * Installs and removes the kernels of `TRAINING_KERNELS` in tfjs's global kernel registry, and
 * remembers each stock kernel it displaced (for the fallbacks, for `unregisterTrainingKernels` and
 * for the reference tests).
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { TRAINING_KERNELS, type TrainingKernel } from './table';

interface Installed {
  entry: TrainingKernel;
  /** The kernel registered before ours, if any. */
  stock: KernelConfig | undefined;
  ours: KernelConfig;
}

/** Keyed by `${backend}/${kernelName}`. */
const installed = new Map<string, Installed>();

const keyOf = (kernelName: string, backendName: string): string => `${backendName}/${kernelName}`;

/**
 * Registers our kernels for `backendName` (a tfjs backend name: 'cpu', 'wasm', 'webgl', 'webgpu';
 * others have none). Idempotent: a kernel already in place is left alone. Call it after
 * `tf.setBackend(name)` resolves: a wrapper around a stock kernel is skipped while that kernel is
 * not loaded yet.
 * @param table the kernels to install; tests pass their own
 */
export function registerTrainingKernels(backendName: string, table: readonly TrainingKernel[] = TRAINING_KERNELS): void {
  for (const entry of table) {
    if (entry.backend !== backendName) continue;
    const key = keyOf(entry.kernelName, backendName);
    const current = getKernel(entry.kernelName, backendName);
    const prior = installed.get(key);
    const oursInPlace = prior !== undefined && current === prior.ours;
    if (oursInPlace && prior.entry === entry) continue;
    // What ours replaces and falls back to: the kernel registered now (normally the stock one),
    // never an earlier version of ours; if someone removed ours, the stock kernel seen before.
    const stock = oursInPlace || !current ? prior?.stock : current;
    const ours = entry.config(stock);
    if (!ours) continue;
    if (current) unregisterKernel(entry.kernelName, backendName);
    registerKernel(ours);
    installed.set(key, { entry, stock, ours });
  }
}

/** Puts the stock kernel back for one (kernel, backend); a no-op if ours is not installed. */
export function restoreStockKernel(kernelName: string, backendName: string): void {
  const key = keyOf(kernelName, backendName);
  const entry = installed.get(key);
  if (!entry) return;
  installed.delete(key);
  if (getKernel(kernelName, backendName) === entry.ours) unregisterKernel(kernelName, backendName);
  if (entry.stock && !getKernel(kernelName, backendName)) registerKernel(entry.stock);
}

/** Undoes `registerTrainingKernels` for one backend: the stock kernels (or none) are registered again. */
export function unregisterTrainingKernels(backendName: string): void {
  for (const { entry } of [...installed.values()]) {
    if (entry.backend === backendName) restoreStockKernel(entry.kernelName, backendName);
  }
}

/**
 * The stock kernel for (kernel, backend): the one ours displaced, or the one registered now when
 * ours is not installed. Undefined where the backend has none (WASM's UnsortedSegmentSum, say).
 */
export function stockKernel(kernelName: string, backendName: string): KernelConfig | undefined {
  const entry = installed.get(keyOf(kernelName, backendName));
  return entry ? entry.stock : getKernel(kernelName, backendName);
}

/** Our kernels currently installed for a backend. */
export function installedTrainingKernels(backendName: string): TrainingKernel[] {
  return [...installed.values()].filter((i) => i.entry.backend === backendName).map((i) => i.entry);
}
