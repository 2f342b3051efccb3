/**
 * Backend selection: try WebGPU, WebGL, WASM, CPU in that order and keep the first one that is
 * both real (not a software emulation of a GPU, which is far slower than WASM on a CPU-only machine)
 * and correct (a tiny LSTM forward+backward step matches the reference LSTM: `backendProbe.ts`). A forced choice is
 * tried first and the rest of the order is the fallback.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, BackendName } from '../../config/hyperparams';
import { probeBackend } from './backendProbe';
import { checkTrainingKernels, registerTrainingKernels } from './kernels';
import { checkFusedLstmKernels } from './fusedLstm';
import type { BackendInfo, BackendTrial } from '../types';
import { SOFTWARE_RENDERER } from '../plan/devices';

/** What the host (worker, main thread, Node) can tell us that tfjs cannot. */
export interface BackendEnvironment {
  host: BackendInfo['host'];
  /** Describes the WebGPU adapter, or null when there is none. Absent where WebGPU cannot exist. */
  webgpuAdapter?: () => Promise<{ isFallbackAdapter: boolean; description: string } | null>;
  /** Where the WASM binaries are served (browser); Node finds them itself. */
  wasmPaths?: string;
  /** The WebGL renderer's name, read without starting tfjs (browser), or null without WebGL. */
  webglRenderer?: () => string | null;
  /** Names this browser or machine, for timings remembered across visits. */
  deviceName?: string;
}

/** Each backend in preference order, with how to load its code lazily. */
const BACKENDS: readonly { name: BackendName; load: () => Promise<unknown> }[] = [
  { name: 'webgpu', load: () => import('@tensorflow/tfjs-backend-webgpu') },
  { name: 'webgl', load: async () => undefined }, // bundled with @tensorflow/tfjs
  { name: 'wasm', load: () => import('@tensorflow/tfjs-backend-wasm') },
  { name: 'cpu', load: async () => undefined },
];

const LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** Reads the WebGL renderer name from the active tfjs WebGL backend, if it exposes one. */
function webglRenderer(): string {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  const gl = backend.gpgpu?.gl;
  if (!gl) return 'unknown';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/** Seams for tests: what to do once a backend is active, before it is probed. */
export interface SelectOptions {
  /** Installs our training kernels on the backend; tests swap it out to see stock tfjs. */
  registerKernels?: (backend: BackendName) => void;
}

async function tryBackend(
  name: BackendName,
  env: BackendEnvironment,
  auto: boolean,
  options: SelectOptions,
): Promise<BackendTrial> {
  const entry = BACKENDS.find((b) => b.name === name)!;
  try {
    if (name === 'webgpu') {
      if (!env.webgpuAdapter) return { name, ok: false, detail: 'WebGPU is not available here.' };
      const adapter = await env.webgpuAdapter();
      if (!adapter) return { name, ok: false, detail: 'No WebGPU adapter (navigator.gpu is missing or returned none).' };
      if (adapter.isFallbackAdapter && auto) {
        return { name, ok: false, detail: `Fallback adapter (${adapter.description}): software WebGPU is slower than WASM.` };
      }
    }
    await entry.load();
    // Node's tfjs registers no WebGL backend: say so plainly instead of tfjs' registry error.
    if (!tf.findBackendFactory(name)) return { name, ok: false, detail: `${LABELS[name]} is not available here.` };
    if (name === 'wasm' && env.wasmPaths) {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(env.wasmPaths);
    }
    const ok = await tf.setBackend(name);
    if (!ok) return { name, ok: false, detail: `tf.setBackend('${name}') refused: the backend could not initialise.` };
    await tf.ready();
    (options.registerKernels ?? registerTrainingKernels)(name);
    // Each of our replacement kernels runs once against a plain reference; a failing one (a GPU
    // shader a driver miscompiles, say) is swapped back for tfjs' stock kernel before the probe.
    const kernelChecks = await checkTrainingKernels(name);
    let detail = '';
    if (name === 'webgl') {
      const renderer = webglRenderer();
      if (SOFTWARE_RENDERER.test(renderer) && auto) {
        return { name, ok: false, detail: `Software WebGL (${renderer}) is slower than WASM on this CPU.` };
      }
      detail = renderer;
    }
    const probe = await probeBackend();
    const probeMs = probe.probeMs;
    if (!probe.ok) return { name, ok: false, detail: probe.detail, probeMs };
    // Our fused LSTM's kernels get the same scrutiny; if they disagree with the reference here, the
    // check unregisters them and the fused layer runs on stock ops instead (slower, still right).
    const fused = await checkFusedLstmKernels();
    const fusedNote = fused.ok ? '' : ` Fused LSTM kernels failed their check (${fused.detail}); using stock ops for them.`;
    const failedKernels = kernelChecks.filter((k) => !k.ok).map((k) => k.kernelName);
    const kernelNote = failedKernels.length ? ` Our ${failedKernels.join(', ')} failed its check; tfjs' stock kernel is used.` : '';
    return { name, ok: true, detail: (detail || probe.detail) + kernelNote + fusedNote, probeMs };
  } catch (e) {
    return { name, ok: false, detail: `Failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function reasonFor(choice: BackendChoice, chosen: BackendName, trials: BackendTrial[]): string {
  const skipped = trials.filter((t) => !t.ok).map((t) => `${t.name}: ${t.detail}`);
  const why = choice === 'auto'
    ? `Fastest backend that passed the LSTM correctness probe.`
    : chosen === choice
      ? `Forced by the backend setting; it passed the LSTM correctness probe.`
      : `You asked for ${choice}, but it failed, so the next backend in line is used.`;
  return skipped.length ? `${why} Skipped — ${skipped.join(' · ')}` : why;
}

/** Backends to try for a choice: the forced one first, then the usual order as fallback. */
export function candidateOrder(choice: BackendChoice): BackendName[] {
  const order = BACKENDS.map((b) => b.name);
  return choice === 'auto' ? order : [choice, ...order.filter((n) => n !== choice)];
}

/**
 * Makes the best backend for `choice` active and says why. Never throws: CPU always works.
 */
export async function selectBackend(choice: BackendChoice, env: BackendEnvironment, options: SelectOptions = {}): Promise<BackendInfo> {
  const trials: BackendTrial[] = [];
  for (const name of candidateOrder(choice)) {
    // A forced backend is tried as asked (even a software GPU); fallbacks are judged as in auto.
    const trial = await tryBackend(name, env, choice === 'auto' || name !== choice, options);
    trials.push(trial);
    if (trial.ok) {
      const info: BackendInfo = { name, requested: choice, reason: reasonFor(choice, name, trials), trials, host: env.host };
      if (name === 'wasm') {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        info.threads = wasm.getThreadsCount();
      }
      return info;
    }
  }
  // Unreachable in practice: the CPU backend always initialises.
  throw new Error(`No TensorFlow.js backend could start: ${trials.map((t) => `${t.name}: ${t.detail}`).join('; ')}`);
}
