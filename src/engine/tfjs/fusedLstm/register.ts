/**
 * Registers every fused LSTM kernel with tfjs: the per-step kernels for 'webgl' and 'webgpu'
 * (no others: on 'cpu' and 'wasm' the op runs on stock ops, see `engine/README.md`).
 * Registration only fills tfjs' kernel table, so it is cheap and needs neither backend to be
 * loaded. Idempotent.
 */
import { registerWebglKernels } from './webglKernels';
import { registerWebgpuKernels } from './webgpuKernels';

/** The backends we ship fused LSTM kernels for; everywhere else the op runs on stock ops ('composite'). */
export const FUSED_KERNEL_BACKENDS: readonly string[] = ['webgl', 'webgpu'];

let registered = false;

export function registerFusedLstmKernels(): void {
  if (registered) return;
  registerWebglKernels();
  registerWebgpuKernels();
  registered = true;
}
