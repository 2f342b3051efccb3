/**
 * Which trainer a run uses: the typed trainer (this folder) or tfjs' `trainOnBatch` on the
 * selected backend, and how many threads share the typed trainer's batches. Against WASM
 * and CPU the typed arrays won at every size measured (no kernel dispatch, a SIMD cell, relaxed
 * SIMD products); against a GPU only tiny models stay on them. See README.md for the measurements
 * behind the thresholds.
 */
import type { BackendName, HyperParams } from '../../config/hyperparams';
import type { ModelSpec } from '../spec/types';
import type { TrainerInfo } from '../types';
import { conv1dGeometry } from './convLayers';
import { bestKernelKind, type KernelKind } from './kernels';
import { TYPED_LAYERS } from './layers';

/**
 * Multiply-adds of one training batch (forward and backward, ≈ 3× the forward's) up to which the
 * typed trainer is used, by the kernels it has here and the backend it competes with.
 * WASM and CPU with SIMD: the typed arrays were faster than the fused LSTM on WASM at every size
 * measured, up to IMDB sequence classification's 5.1 G (0.34–0.54× its time; README.md), so the
 * limit sits just past what was measured rather than at a crossover. JavaScript kernels: the
 * measured crossover, with margin. GPU backends: an estimate (no GPU was available to measure):
 * their fixed cost is a few hundred kernel dispatches per step, so only models well under that
 * cost stay on typed arrays.
 */
export const TYPED_MAX_MACS_PER_BATCH: { readonly [K in KernelKind]: { readonly [B in BackendName]: number } } = {
  'wasm-relaxed-simd': { wasm: 8_000_000_000, cpu: 8_000_000_000, webgl: 4_000_000, webgpu: 4_000_000 },
  'wasm-simd': { wasm: 8_000_000_000, cpu: 8_000_000_000, webgl: 4_000_000, webgpu: 4_000_000 },
  js: { wasm: 2_000_000, cpu: 20_000_000, webgl: 1_000_000, webgpu: 1_000_000 },
};

const KERNEL_TEXT: { readonly [K in KernelKind]: string } = {
  'wasm-relaxed-simd': 'WebAssembly relaxed-SIMD kernels',
  'wasm-simd': 'WebAssembly SIMD kernels',
  js: 'JavaScript loops (this browser has no WebAssembly SIMD)',
};

/** Why the typed trainer cannot train this model, or `null` when it can. */
export function typedTrainerSupport(spec: ModelSpec): string | null {
  const embeddingAt = spec.layers.findIndex((l) => l.kind === 'embedding');
  if (embeddingAt > 0) return 'its Embedding is not the first layer';
  if ((spec.inputDtype === 'int32') !== (embeddingAt === 0)) return 'only an Embedding takes word ids';
  const missing = spec.layers.find((l) => !TYPED_LAYERS[l.kind]);
  if (missing) return `it has no ${missing.kind} layer`;
  const last = spec.layers[spec.layers.length - 1];
  if (last?.kind !== 'dense') return 'the model does not end in a Dense layer';
  if (spec.layers.some((l, i) => l.kind === 'dense' && i !== spec.layers.length - 1)) return 'Dense is only supported as the output layer';
  const beforeDense = spec.layers.slice(0, -1).filter((l) => l.kind === 'lstm').pop();
  if (beforeDense?.kind === 'lstm' && beforeDense.returnSequences) return 'the Dense layer would see a sequence';
  if (spec.inputShape.length !== (embeddingAt === 0 ? 1 : 2)) return `its input is not [timesteps${embeddingAt === 0 ? '' : ', features'}]`;
  return null;
}

/** Forward multiply-adds of one sample: each LSTM step's two products, Conv1D's windows, and the Dense layer. */
export function forwardMacsPerSample(spec: ModelSpec): number {
  let [steps, features] = spec.inputShape;
  let macs = 0;
  for (const l of spec.layers) {
    if (l.kind === 'embedding') {
      features = l.outputDim; // a row copy, no products
    } else if (l.kind === 'conv1d') {
      steps = conv1dGeometry(steps, l.kernelSize, l.padding).outSteps;
      macs += steps * l.kernelSize * features * l.filters;
      features = l.filters;
    } else if (l.kind === 'maxPooling1d') {
      steps = Math.floor(steps / l.poolSize);
    } else if (l.kind === 'lstm') {
      macs += steps * 4 * l.units * (features + l.units);
      features = l.units;
      if (!l.returnSequences) steps = 1;
    } else if (l.kind === 'dense') {
      macs += steps * features * l.units;
      features = l.units;
    }
  }
  return macs;
}

/** Picks the trainer for a run on the backend auto-selection chose, with the sentence the UI shows. */
export function chooseTrainer(
  spec: ModelSpec, hp: Pick<HyperParams, 'backend' | 'lstmImpl' | 'batchSize'>, backend: BackendName,
  kernels: KernelKind = bestKernelKind(),
): TrainerInfo {
  const macs = 3 * hp.batchSize * forwardMacsPerSample(spec);
  const tensors = (why: string): TrainerInfo => ({ kind: 'tensors', reason: `tfjs kernels on the backend: ${why}.` });
  if (hp.lstmImpl !== 'fused') return tensors('the tfjs-layers LSTM was asked for');
  if (hp.backend !== 'auto') return tensors(`the ${hp.backend} backend was asked for`);
  const unsupported = typedTrainerSupport(spec);
  if (unsupported) return tensors(`the typed trainer cannot take this model (${unsupported})`);
  const limit = TYPED_MAX_MACS_PER_BATCH[kernels][backend];
  if (macs > limit) {
    return tensors(`${formatMacs(macs)} multiply-adds per batch is past the ${formatMacs(limit)} where ${backend} kernels win`);
  }
  return {
    kind: 'typed',
    reason: `Typed arrays with ${KERNEL_TEXT[kernels]}: at ${formatMacs(macs)} multiply-adds per batch this beats tfjs' per-kernel dispatch on ${backend}.`,
  };
}

function formatMacs(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : `${Math.round(n / 1e3)} k`;
}

/** Rows each shard of a batch shared between threads keeps at least (`shardedStep.ts`). */
export const MIN_SHARD_ROWS = 8;

/**
 * Multiply-adds per batch from which sharing a batch with helper threads pays: each shard costs
 * the caller a copy of every weight and a message each way (well under a millisecond at IMDB's
 * 390 k weights), against a step of tens of milliseconds there. Below it (the alphabet and trend
 * tutorials: 0.2–17 M, a few ms at most) one thread keeps the batch.
 */
export const SHARD_MIN_MACS_PER_BATCH = 100_000_000;

/**
 * How many threads share each training batch: 1 + helpers where the batch is large enough in rows
 * and in work, else 1. Stateful models keep one thread (their state runs through the whole batch
 * in one network).
 */
export function trainingThreads(spec: ModelSpec, batchSize: number, helpers: number): number {
  if (spec.layers.some((l) => l.kind === 'lstm' && l.stateful)) return 1;
  if (3 * batchSize * forwardMacsPerSample(spec) < SHARD_MIN_MACS_PER_BATCH) return 1;
  return Math.max(1, Math.min(1 + helpers, Math.floor(batchSize / MIN_SHARD_ROWS)));
}
