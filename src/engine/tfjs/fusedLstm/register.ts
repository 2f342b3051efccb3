/**
 * Registers every fused LSTM kernel with tfjs: the whole-sequence and per-step kernels for 'cpu'
 * and 'wasm', and the per-step kernels for 'webgl' and 'webgpu'. Registration only fills tfjs'
 * kernel table, so it is cheap and needs none of those backends to be loaded. Idempotent.
 */
import { registerCpuWasmKernels } from './cpuWasmKernels';
import { registerWebglKernels } from './webglKernels';
import { registerWebgpuKernels } from './webgpuKernels';

let registered = false;

export function registerFusedLstmKernels(): void {
  if (registered) return;
  registerCpuWasmKernels();
  registerWebglKernels();
  registerWebgpuKernels();
  registered = true;
}
