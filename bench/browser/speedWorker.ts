/**
 * The benchmark worker: selects one backend with the engine's `selectBackend` (the app worker's
 * environment: WASM binaries from /tfjs-wasm/, the WebGPU adapter from navigator.gpu), then runs
 * the measurements it is asked for with the same engine modules as Node, posting one record each.
 */
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/engine/tfjs/backend';
import { browserSessionDeps } from '../../src/worker/browserEnvironment';
import { browserHelpers } from '../../src/worker/helperPool';
import { measurePredict, measureTraining, predictHelperSets, trainHelperSets } from '../speed/engineBench';
import { speedCase } from '../speed/models';
import { predictRecord, trainRecord, type SpeedRecord } from '../speed/records';
import type { FromSpeedWorker, SpeedRequest, ToSpeedWorker, WorkerState } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** Helper threads for scoring and training shards, started on first use (as in the app's training worker). */
const predictHelpers = browserHelpers();

const post = (message: FromSpeedWorker): void => self.postMessage(message);
const emit = (record: SpeedRecord): void => post({ type: 'record', record });
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The measurement in progress, for probes. */
let current: string | undefined;

function state(): WorkerState {
  // tf.getBackend() is a plain read; tf.backend() and tf.memory() would start one if none is set.
  const backend = tf.getBackend();
  if (!backend) return { backend: 'none yet', current, numTensors: 0 };
  let webglContextLost: boolean | undefined;
  if (backend === 'webgl') {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    webglContextLost = gl?.isContextLost();
  }
  return { backend, current, numTensors: tf.memory().numTensors, webglContextLost };
}

async function run(request: SpeedRequest): Promise<void> {
  const { backend, label } = request;
  const env = browserSessionDeps('worker').backendEnv;
  const common = {
    type: 'environment' as const, env: 'browser' as const, backend, label,
    crossOriginIsolated: self.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent, threadsRequested: request.threads,
    hardwareConcurrencySpoofed: request.spoofHardwareConcurrency,
  };

  if (backend === 'webgpu') {
    const adapter = await env.webgpuAdapter?.();
    if (!adapter || (adapter.isFallbackAdapter && !request.allowFallbackAdapter)) {
      const detail = !adapter
        ? 'no WebGPU adapter'
        : `fallback (software) adapter: ${adapter.description}; not measured (--include-software-gpu measures it)`;
      emit({ ...common, available: false, detail });
      emit({ type: 'skip', env: 'browser', backend, reason: detail });
      return;
    }
  }
  if (backend === 'wasm' && request.spoofHardwareConcurrency !== undefined) {
    const cores = request.spoofHardwareConcurrency;
    Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => cores, configurable: true });
  }
  if (backend === 'wasm' && request.threads !== undefined) {
    // Must happen before the WASM backend initialises; selectBackend initialises it.
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount(request.threads);
  }
  const info = await selectBackend(backend, env);
  const trial = info.trials.find((t) => t.name === backend);
  const available = info.name === backend;
  let detail = trial?.detail ?? info.reason;
  if (backend === 'wasm' && available) {
    // Which binary tfjs picked: the threaded one needs both flags true.
    const threadsSupport = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    detail += ` WASM_HAS_MULTITHREAD_SUPPORT=${threadsSupport}, WASM_HAS_SIMD_SUPPORT=${simd}.`;
  }
  emit({ ...common, available, threads: info.threads, detail });
  if (!available) {
    emit({ type: 'skip', env: 'browser', backend, reason: `backend unavailable: ${trial?.detail ?? info.reason}` });
    return;
  }

  const where = { env: 'browser' as const, backend, threads: info.threads, variant: label === backend ? undefined : label };
  for (const [index, { scenario, impl }] of request.train.entries()) {
    current = `${scenario} ${impl}`;
    post({ type: 'start', item: { phase: 'train', index }, line: `browser ${label} ${scenario} ${impl} …` });
    const c = speedCase(scenario);
    // The typed trainer twice where the app shares its batches with helper threads: on
    // this thread alone, and sharded as the app trains.
    for (const helpers of trainHelperSets(c, impl, predictHelpers())) {
      try {
        emit(trainRecord(c, where, impl, await measureTraining(c, impl, request.plan, helpers)));
      } catch (e) {
        emit({ type: 'skip', env: 'browser', backend, scenario, impl, reason: `failed: ${message(e)}` });
      }
    }
  }
  for (const [index, { scenario, impl }] of request.predict.entries()) {
    current = `predict ${scenario} ${impl}`;
    post({ type: 'start', item: { phase: 'predict', index }, line: `browser ${label} predict ${scenario} ${impl} …` });
    const c = speedCase(scenario);
    // The typed predictor twice: on this thread alone, and sharing the work with the helper
    // threads the app starts (browserHelpers), as the app's evaluation does.
    for (const helpers of predictHelperSets(impl, predictHelpers())) {
      try {
        emit(predictRecord(c, where, impl, await measurePredict(c, impl, request.plan, request.evalFull && impl !== 'layers', helpers)));
      } catch (e) {
        emit({ type: 'skip', env: 'browser', backend, scenario, impl, reason: `predict failed: ${message(e)}` });
      }
    }
  }
}

self.onmessage = (event: MessageEvent<ToSpeedWorker>) => {
  const data = event.data;
  if (data.type === 'probe') {
    // Answered between kernel calls: a worker stuck waiting on the GPU still gets here.
    post({ type: 'probe', state: state() });
    return;
  }
  run(data.request)
    .then(() => post({ type: 'done' }))
    .catch((e) => post({ type: 'error', name: e instanceof Error ? e.name : 'Error', message: message(e) }));
};
