/**
 * What this device offers a run, found once per session: its real GPU backends, its helper
 * threads, the typed trainer's kernels. Software GPUs (a WebGPU fallback adapter, SwiftShader or
 * llvmpipe WebGL) are left out: they are this CPU again, behind a slower interface.
 */
import type { BackendEnvironment } from '../tfjs/backend';
import type { KernelKind } from '../typed/kernels';
import type { Devices, GpuDevice } from './plan';

/** Renderer strings of software rasterisers. */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

export async function findDevices(env: BackendEnvironment, helpers: number, kernels: KernelKind): Promise<Devices> {
  const gpus: GpuDevice[] = [];
  const adapter = await env.webgpuAdapter?.().catch(() => null);
  if (adapter && !adapter.isFallbackAdapter) gpus.push({ backend: 'webgpu', description: adapter.description });
  let renderer: string | null = null;
  try {
    renderer = env.webglRenderer?.() ?? null;
  } catch {
    // No WebGL here: nothing to add.
  }
  if (renderer && !SOFTWARE_RENDERER.test(renderer)) gpus.push({ backend: 'webgl', description: renderer });
  const key = [env.host, env.deviceName ?? '', ...gpus.map((g) => `${g.backend}:${g.description}`), `helpers:${helpers}`, kernels].join('|');
  return { gpus, helpers, kernels, key };
}
