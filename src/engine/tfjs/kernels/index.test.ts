import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { UnsortedSegmentSum, getKernel, type UnsortedSegmentSumAttrs } from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import {
  TRAINING_KERNELS,
  checkTrainingKernels,
  registerTrainingKernels,
  stockKernel,
  unregisterTrainingKernels,
  type TrainingKernel,
} from './index';
import { NODE_BACKENDS, ints, liveCounts, normals, relativeError, useBackend } from './testBackends';

describe('the kernel table', () => {
  it('has one row per (kernel, backend)', () => {
    const keys = TRAINING_KERNELS.map((k) => `${k.backend}/${k.kernelName}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('covers the Embedding and Conv1D gradients on both Node backends', () => {
    for (const backend of NODE_BACKENDS) {
      const names = TRAINING_KERNELS.filter((k) => k.backend === backend).map((k) => k.kernelName);
      expect(names).toEqual(expect.arrayContaining(['UnsortedSegmentSum', 'Conv2DBackpropFilter']));
    }
  });
});

describe('registerTrainingKernels', () => {
  it('replaces the stock kernels, keeps them for reference, and is idempotent', async () => {
    await tf.setBackend('cpu');
    const stock = getKernel(UnsortedSegmentSum, 'cpu');
    expect(stock).toBeDefined();
    const warn = vi.spyOn(console, 'warn');
    registerTrainingKernels('cpu');
    const ours = getKernel(UnsortedSegmentSum, 'cpu');
    expect(ours).not.toBe(stock);
    expect(stockKernel(UnsortedSegmentSum, 'cpu')).toBe(stock);
    registerTrainingKernels('cpu');
    expect(getKernel(UnsortedSegmentSum, 'cpu')).toBe(ours);
    expect(warn).not.toHaveBeenCalled(); // tfjs warns when a kernel is registered twice
    warn.mockRestore();
    unregisterTrainingKernels('cpu');
    expect(getKernel(UnsortedSegmentSum, 'cpu')).toBe(stock);
  });

  it('adds kernels WASM lacks and removes them again', async () => {
    await tf.setBackend('wasm');
    unregisterTrainingKernels('wasm');
    expect(getKernel(UnsortedSegmentSum, 'wasm')).toBeUndefined();
    registerTrainingKernels('wasm');
    expect(getKernel(UnsortedSegmentSum, 'wasm')).toBeDefined();
    expect(stockKernel(UnsortedSegmentSum, 'wasm')).toBeUndefined();
    unregisterTrainingKernels('wasm');
    expect(getKernel(UnsortedSegmentSum, 'wasm')).toBeUndefined();
  });

  it('does nothing for a backend it has no kernels for', () => {
    expect(() => registerTrainingKernels('tensorflow')).not.toThrow();
    expect(() => unregisterTrainingKernels('tensorflow')).not.toThrow();
  });
});

describe('checkTrainingKernels', () => {
  for (const backend of NODE_BACKENDS) {
    it(`${backend}: every installed kernel passes its self-test`, async () => {
      await useBackend(backend);
      const before = liveCounts();
      const checks = await checkTrainingKernels(backend);
      expect(liveCounts()).toEqual(before);
      expect(checks.map((c) => c.kernelName).sort()).toEqual(
        TRAINING_KERNELS.filter((k) => k.backend === backend).map((k) => k.kernelName).sort(),
      );
      for (const c of checks) expect(c, c.detail).toMatchObject({ ok: true });
    });
  }

  it('restores the stock kernel when ours gives wrong answers', async () => {
    await tf.setBackend('cpu');
    unregisterTrainingKernels('cpu');
    const stock = getKernel(UnsortedSegmentSum, 'cpu');
    // A kernel with the right shape and the wrong values, like a GPU shader that compiled badly.
    const broken: TrainingKernel = {
      ...TRAINING_KERNELS.find((k) => k.backend === 'cpu' && k.kernelName === UnsortedSegmentSum)!,
      config: () => ({
        kernelName: UnsortedSegmentSum,
        backendName: 'cpu',
        kernelFunc: ({ inputs, backend, attrs }) => {
          const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
          const shape = [numSegments, ...inputs.x!.shape.slice(1)];
          return (backend as MathBackendCPU).makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((a, b) => a * b, 1)));
        },
      }),
    };
    registerTrainingKernels('cpu', [broken]);
    const [check] = await checkTrainingKernels('cpu');
    expect(check).toMatchObject({ kernelName: UnsortedSegmentSum, ok: false });
    expect(getKernel(UnsortedSegmentSum, 'cpu')).toBe(stock);
    registerTrainingKernels('cpu');
  });

  it('refuses to check a backend that is not active', async () => {
    await tf.setBackend('cpu');
    await expect(checkTrainingKernels('wasm')).rejects.toThrow(/active/);
  });
});

/** Embedding -> Conv1D -> LSTM -> Dense: every kernel of this folder is on its training path. */
const VOCAB = 40, STEPS = 12, BATCH = 6;

function buildModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: VOCAB, outputDim: 8, inputLength: STEPS }));
  model.add(tf.layers.conv1d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }));
  // glorotUniform: the default orthogonal initializer runs a slow QR decomposition, and we set weights anyway.
  model.add(tf.layers.lstm({ units: 5, recurrentInitializer: 'glorotUniform' }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy' });
  tf.tidy(() => model.setWeights(model.getWeights().map((w, i) => tf.tensor(normals(w.size, 100 + i), w.shape).mul(0.3))));
  return model;
}

/** Seeded token ids (id 0 repeated, as padding would be) and labels. */
function batch(): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  const ids = ints(BATCH * STEPS, 0, VOCAB, 7).map((id, i) => (i % STEPS < 3 ? 0 : id));
  const labels = Float32Array.from({ length: BATCH }, (_, i) => i % 2);
  return { xs: tf.tensor2d(ids, [BATCH, STEPS], 'int32'), ys: tf.tensor2d(labels, [BATCH, 1]) };
}

/** Loss and gradients of one batch, then the weights after one SGD step (trainOnBatch). */
async function oneStep(): Promise<{ loss: number; grads: Float32Array[]; trained: Float32Array[] }> {
  const model = buildModel();
  const { xs, ys } = batch();
  try {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const grads = tf.tidy(() => {
      const { grads: g } = tf.variableGrads(
        () => tf.losses.logLoss(ys, model.apply(xs, { training: true }) as tf.Tensor, undefined, 1e-7) as tf.Scalar,
        vars,
      );
      return vars.map((v) => g[v.name].dataSync() as Float32Array);
    });
    const loss = (await model.trainOnBatch(xs, ys)) as number;
    const trained = model.getWeights().map((w) => w.dataSync() as Float32Array);
    return { loss, grads, trained };
  } finally {
    xs.dispose();
    ys.dispose();
    model.optimizer.dispose(); // a model owns its optimizer only when compiled from a name
    model.dispose();
  }
}

/** Float32 through dozens of kernels, in a different order on each backend. */
const END_TO_END_TOLERANCE = 1e-4;

describe('end to end: Embedding -> Conv1D -> LSTM -> Dense trains one batch', () => {
  it('cannot train on wasm with the stock kernels', async () => {
    // No leak check here: when a kernel is missing, tfjs abandons the tensors its gradient tape
    // kept (about 500 of them, outside any scope we could close). The model itself is disposed.
    await tf.setBackend('wasm');
    unregisterTrainingKernels('wasm');
    const model = buildModel();
    const { xs, ys } = batch();
    try {
      await expect(model.trainOnBatch(xs, ys)).rejects.toThrow(/'(UnsortedSegmentSum|Conv2DBackpropFilter)' not registered for backend 'wasm'/);
    } finally {
      tf.dispose([xs, ys]);
      model.optimizer.dispose();
      model.dispose();
      registerTrainingKernels('wasm');
    }
  });

  it('gives the same loss, gradients and weights on wasm as on cpu, without leaking', async () => {
    const results = [];
    for (const backend of NODE_BACKENDS) {
      await useBackend(backend);
      const before = liveCounts();
      results.push(await oneStep());
      expect(liveCounts()).toEqual(before);
    }
    const [cpu, wasm] = results;
    expect(Number.isFinite(cpu.loss)).toBe(true);
    expect(Math.abs(wasm.loss - cpu.loss) / cpu.loss).toBeLessThanOrEqual(END_TO_END_TOLERANCE);
    expect(wasm.grads.length).toBe(cpu.grads.length);
    cpu.grads.forEach((g, i) => {
      expect(g.some((v) => v !== 0)).toBe(true);
      expect(relativeError(wasm.grads[i], g)).toBeLessThanOrEqual(END_TO_END_TOLERANCE);
    });
    cpu.trained.forEach((w, i) => expect(relativeError(wasm.trained[i], w)).toBeLessThanOrEqual(END_TO_END_TOLERANCE));
  });
});
