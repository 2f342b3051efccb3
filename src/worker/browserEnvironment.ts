/**
 * What the engine needs from a browser context (worker or main thread): where the data and the
 * WASM binaries are served, and what the WebGPU adapter is. Kept out of src/engine so the engine
 * never touches `navigator`.
 */
import type { BackendEnvironment } from '../engine/tfjs/backend';
import type { SessionDeps } from '../engine/session';
import { createBrowserAssetSource } from '../platform/browserAssets';
import { idbPlanMemory } from '../platform/idbPlanMemory';
import { macrotaskYield } from '../engine/yield';
import { browserHelpers, helperCount } from './helperPool';

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}

async function webgpuAdapter(): Promise<{ isFallbackAdapter: boolean; description: string } | null> {
  const gpu = (globalThis.navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter();
  if (!adapter) return null;
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
  return { isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter), description };
}

/**
 * The WebGL renderer's name from a throwaway context, without starting tfjs' WebGL backend (which
 * compiles shaders): the plan only needs to know whether there is a real GPU.
 */
function webglRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}

/** Base URL of the app (Vite's BASE_URL), absolute, so workers resolve paths the same way. */
function appBase(): string {
  return new URL(import.meta.env.BASE_URL, globalThis.location.href).href;
}

export function browserSessionDeps(host: BackendEnvironment['host']): SessionDeps {
  const env: BackendEnvironment = {
    host, webgpuAdapter, webglRenderer, wasmPaths: new URL('tfjs-wasm/', appBase()).href, deviceName: globalThis.navigator?.userAgent,
  };
  return {
    assets: createBrowserAssetSource(new URL('data/', appBase()).href),
    backendEnv: env,
    yieldToHost: macrotaskYield,
    helperCount: helperCount(globalThis.navigator?.hardwareConcurrency),
    planMemory: idbPlanMemory(),
    ...sharedHelpers(),
  };
}

/** One pool of helper threads for both jobs: they never run at once (validation waits for the epoch). */
function sharedHelpers(): Pick<SessionDeps, 'predictHelpers' | 'trainHelpers'> {
  const helpers = browserHelpers();
  return { predictHelpers: helpers, trainHelpers: helpers };
}
