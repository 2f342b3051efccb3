/**
 * Backend selection: try WebGPU, WebGL, WASM, CPU in that order and keep the first one that is
 * both real (not a software emulation of a GPU, which is far slower than WASM on a CPU-only machine)
 * and correct (a tiny LSTM forward+backward step matches the CPU reference). A forced choice is
 * tried first and the rest of the order is the fallback.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, BackendName } from '../../config/hyperparams';
import { checkTrainingKernels, registerTrainingKernels } from './kernels';
import { checkFusedLstmKernels } from './fusedLstm';
import type { BackendInfo, BackendTrial } from '../types';

/** What the host (worker, main thread, Node) can tell us that tfjs cannot. */
export interface BackendEnvironment {
  host: BackendInfo['host'];
  /** Describes the WebGPU adapter, or null when there is none. Absent where WebGPU cannot exist. */
  webgpuAdapter?: () => Promise<{ isFallbackAdapter: boolean; description: string } | null>;
  /** Where the WASM binaries are served (browser); Node finds them itself. */
  wasmPaths?: string;
}

/** Each backend in preference order, with how to load its code lazily. */
const BACKENDS: readonly { name: BackendName; load: () => Promise<unknown> }[] = [
  { name: 'webgpu', load: () => import('@tensorflow/tfjs-backend-webgpu') },
  { name: 'webgl', load: async () => undefined }, // bundled with @tensorflow/tfjs
  { name: 'wasm', load: () => import('@tensorflow/tfjs-backend-wasm') },
  { name: 'cpu', load: async () => undefined },
];

const LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** Renderer strings of software rasterisers that make "WebGL" slower than plain WASM. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Reads the WebGL renderer name from the active tfjs WebGL backend, if it exposes one. */
function webglRenderer(): string {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
  const gl = backend.gpgpu?.gl;
  if (!gl) return 'unknown';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/** Probe sizes: batch, timesteps, embedding rows, features, units. Runs in milliseconds anywhere. */
const PB = 2, PT = 3, PV = 5, PF = 2, PU = 4;
/** Word ids for the probe's Embedding lookup; repeats make the gradient a real scatter-add. */
const PROBE_IDS = [1, 3, 3, 0, 4, 1];

/** Deterministic values in [-0.5, 0.5], so every backend sees exactly the same numbers. */
const ramp = (n: number, phase: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + phase) * 0.5);

/**
 * The training path in miniature: an Embedding lookup (whose gradient is UnsortedSegmentSum, the
 * kernel WASM lacks), an LSTM over a short sequence, and the gradients of a scalar loss with
 * respect to every weight, on the active backend: [loss, ...dEmbedding, ...dKernel, ...dRecurrent, ...dBias].
 */
function runProbe(): Float32Array {
  // tf.variable copies its initial value; the tidy frees those initial tensors.
  const weights = tf.tidy(() => [
    tf.variable(tf.tensor2d(ramp(PV * PF, 0.3), [PV, PF])),
    tf.variable(tf.tensor2d(ramp(PF * 4 * PU, 1.1), [PF, 4 * PU])),
    tf.variable(tf.tensor2d(ramp(PU * 4 * PU, 2.3), [PU, 4 * PU])),
    tf.variable(tf.tensor1d(ramp(4 * PU, 0.7))),
  ]);
  const [embedding, kernel, recurrent, bias] = weights;
  try {
    return tf.tidy(() => {
      const ids = tf.tensor2d(PROBE_IDS, [PB, PT], 'int32');
      const loss = (): tf.Scalar => {
        const x = tf.gather(embedding as tf.Tensor2D, ids) as unknown as tf.Tensor3D;
        let h: tf.Tensor2D = tf.zeros([PB, PU]);
        let c: tf.Tensor2D = tf.zeros([PB, PU]);
        for (let s = 0; s < PT; s++) {
          const xs = x.slice([0, s, 0], [PB, 1, PF]).reshape([PB, PF]) as tf.Tensor2D;
          const z = xs.matMul(kernel as tf.Tensor2D).add(h.matMul(recurrent as tf.Tensor2D)).add(bias);
          const [zi, zf, zc, zo] = tf.split(z, 4, 1);
          c = tf.sigmoid(zf).mul(c).add(tf.sigmoid(zi).mul(tf.tanh(zc)));
          h = tf.sigmoid(zo).mul(tf.tanh(c));
        }
        return h.square().sum();
      };
      const { value, grads } = tf.variableGrads(loss, weights);
      const parts = [value.reshape([1]), ...weights.map((w) => grads[w.name].flatten())];
      return tf.concat(parts).dataSync() as Float32Array;
    });
  } finally {
    weights.forEach((w) => w.dispose());
  }
}

let cpuReference: Float32Array | undefined;

async function reference(): Promise<Float32Array> {
  if (!cpuReference) {
    const previous = tf.getBackend();
    await tf.setBackend('cpu');
    cpuReference = runProbe();
    if (previous && previous !== 'cpu') await tf.setBackend(previous);
  }
  return cpuReference;
}

/** Largest relative difference between the probe and the reference; NaN if any value is not finite. */
function probeError(got: Float32Array, want: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    if (!Number.isFinite(got[i])) return NaN;
    worst = Math.max(worst, Math.abs(got[i] - want[i]) / (Math.abs(want[i]) + 1e-3));
  }
  return worst;
}

/** Relative tolerance for the probe: GPU backends compute in float32 with fast-math. */
const PROBE_TOLERANCE = 1e-3;

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
    const want = await reference();
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
    const start = performance.now();
    const got = runProbe();
    const probeMs = performance.now() - start;
    const err = probeError(got, want);
    if (Number.isNaN(err)) return { name, ok: false, detail: 'LSTM probe produced NaN or Infinity.', probeMs };
    if (err > PROBE_TOLERANCE) {
      return { name, ok: false, detail: `LSTM probe differs from the CPU by ${err.toExponential(1)} (relative).`, probeMs };
    }
    // Our fused LSTM's kernels get the same scrutiny; if they disagree with stock ops here, the
    // check unregisters them and the fused layer runs on stock ops instead (slower, still right).
    const fused = await checkFusedLstmKernels();
    const fusedNote = fused.ok ? '' : ` Fused LSTM kernels failed their check (${fused.detail}); using stock ops for them.`;
    const failedKernels = kernelChecks.filter((k) => !k.ok).map((k) => k.kernelName);
    const kernelNote = failedKernels.length ? ` Our ${failedKernels.join(', ')} failed its check; tfjs' stock kernel is used.` : '';
    return { name, ok: true, detail: (detail || 'Embedding + LSTM forward and backward probe matches the CPU.') + kernelNote + fusedNote, probeMs };
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
