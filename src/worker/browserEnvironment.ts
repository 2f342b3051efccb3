/**
 * What the engine needs from a browser context (worker or main thread): where the data and the
 * WASM binaries are served, and what the WebGPU adapter is. Kept out of src/engine so the engine
 * never touches `navigator`.
 */
import type { BackendEnvironment } from '../engine/tfjs/backend';
import type { SessionDeps } from '../engine/session';
import { createBrowserAssetSource } from '../platform/browserAssets';
import { macrotaskYield } from '../engine/yield';
import { browserHelpers } from './helperPool';

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

/** Base URL of the app (Vite's BASE_URL), absolute, so workers resolve paths the same way. */
function appBase(): string {
  return new URL(import.meta.env.BASE_URL, globalThis.location.href).href;
}

export function browserSessionDeps(host: BackendEnvironment['host']): SessionDeps {
  const env: BackendEnvironment = { host, webgpuAdapter, wasmPaths: new URL('tfjs-wasm/', appBase()).href };
  return {
    assets: createBrowserAssetSource(new URL('data/', appBase()).href),
    backendEnv: env,
    yieldToHost: macrotaskYield,
    ...sharedHelpers(),
  };
}

/** One pool of helper threads for both jobs: they never run at once (validation waits for the epoch). */
function sharedHelpers(): Pick<SessionDeps, 'predictHelpers' | 'trainHelpers'> {
  const helpers = browserHelpers();
  return { predictHelpers: helpers, trainHelpers: helpers };
}
