/**
 * Registers every fused LSTM kernel with tfjs: the per-step kernels for 'webgl' and 'webgpu'
 * (no others: on 'cpu' and 'wasm' the op runs on stock ops, see `engine/README.md`).
 * Registration only fills tfjs' kernel table, so it is cheap and needs neither backend to be
 * loaded. Idempotent.
 */
import { registerWebglKernels } from './webglKernels';
import { registerWebgpuKernels } from './webgpuKernels';

let registered = false;

export function registerFusedLstmKernels(): void {
  if (registered) return;
  registerWebglKernels();
  registerWebgpuKernels();
  registered = true;
}
