import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, describe, expect, it } from 'vitest';
import { probeBackend } from './backendProbe';
import { registerTrainingKernels } from './kernels';

interface CpuBackend {
  readSync(dataId: object): Float32Array;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

/** Replaces cpu's Sigmoid for one test with `f` applied elementwise; afterEach restores it. */
let restore: (() => void) | undefined;
function replaceCpuSigmoid(f: (v: number) => number): void {
  const real = tf.getKernel('Sigmoid', 'cpu')!;
  tf.unregisterKernel('Sigmoid', 'cpu');
  tf.registerKernel({
    kernelName: 'Sigmoid',
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend }) => {
      const cpu = backend as unknown as CpuBackend, x = inputs.x as tf.TensorInfo;
      return cpu.makeTensorInfo(x.shape, 'float32', cpu.readSync(x.dataId).map(f));
    },
  });
  restore = () => {
    tf.unregisterKernel('Sigmoid', 'cpu');
    tf.registerKernel(real);
  };
}
/**
 * Makes every synchronous tensor read (dataSync, arraySync: the engine's readSync) return zeros,
 * as WebGPU's canvas-based sync read did on SwiftShader; asynchronous reads stay correct.
 */
function zeroSyncReads(): void {
  const engine = tf.engine();
  const real = engine.readSync.bind(engine);
  engine.readSync = (dataId) => new Float32Array((real(dataId) as Float32Array).length);
  restore = () => {
    engine.readSync = real;
  };
}

afterEach(() => {
  restore?.();
  restore = undefined;
});

async function use(backend: 'cpu' | 'wasm'): Promise<void> {
  expect(await tf.setBackend(backend)).toBe(true);
  await tf.ready();
  registerTrainingKernels(backend); // stock wasm has no UnsortedSegmentSum, the Embedding's gradient
}

describe('backend probe against the reference LSTM', () => {
  it.each(['cpu', 'wasm'] as const)('passes on %s and leaves no tensors behind', async (backend) => {
    await use(backend);
    const before = tf.memory().numTensors;
    const probe = await probeBackend();
    expect(probe).toMatchObject({ ok: true, detail: expect.stringMatching(/matches the reference LSTM/) });
    expect(probe.probeMs).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads asynchronously, so a backend whose synchronous reads are wrong (WebGPU on SwiftShader) still passes', async () => {
    await use('cpu');
    zeroSyncReads();
    expect(tf.tensor1d([1, 2]).dataSync()).toEqual(new Float32Array(2)); // the stand-in is in force
    const probe = await probeBackend();
    expect(probe).toMatchObject({ ok: true, detail: expect.stringMatching(/matches the reference LSTM/) });
  });

  it.each([
    { name: 'a hard sigmoid (tfjs-layers’ default gate, not Keras’)', f: (v: number) => Math.min(1, Math.max(0, 0.2 * v + 0.5)), detail: /differs from the reference LSTM/ },
    { name: 'a sigmoid off in the fourth digit', f: (v: number) => 1 / (1 + Math.exp(-v)) + 2e-3, detail: /differs from the reference LSTM/ },
    { name: 'a NaN', f: (v: number) => (v > 0.4 ? NaN : 1 / (1 + Math.exp(-v))), detail: /NaN or Infinity/ },
  ])('fails a backend whose Sigmoid is $name', async ({ f, detail }) => {
    await use('cpu');
    replaceCpuSigmoid(f);
    const probe = await probeBackend();
    expect(probe.ok).toBe(false);
    expect(probe.detail).toMatch(detail);
  });
});
