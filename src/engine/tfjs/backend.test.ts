import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { candidateOrder, selectBackend } from './backend';

describe('backend selection', () => {
  it('tries the forced backend first, then the usual order', () => {
    expect(candidateOrder('auto')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(candidateOrder('wasm')).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
  });

  it('in Node, auto skips WebGPU and WebGL and picks WASM, whose probe (Embedding gradient included) matches the reference LSTM', async () => {
    const info = await selectBackend('auto', { host: 'node' });
    expect(info.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.trials.map((t) => [t.name, t.ok])).toEqual([['webgpu', false], ['webgl', false], ['wasm', true]]);
    expect(info.reason).toMatch(/passed the LSTM correctness probe/);
    expect(info.reason).toMatch(/webgpu: WebGPU is not available/);
    // Not tfjs' "Backend name 'webgl' not found in registry".
    expect(info.reason).toMatch(/webgl: WebGL is not available here\./);
    expect(info.reason).not.toMatch(/registry/);
  });

  it('falls back when a kernel on the training path is missing', async () => {
    await selectBackend('wasm', { host: 'node' });
    // Take away the Embedding gradient, as stock tfjs-backend-wasm ships.
    const kernel = tf.getKernel('UnsortedSegmentSum', 'wasm')!;
    tf.unregisterKernel('UnsortedSegmentSum', 'wasm');
    try {
      // Our kernel registration would put it back; inject a no-op to see stock behaviour.
      const info = await selectBackend('wasm', { host: 'node' }, { registerKernels: () => undefined });
      expect(info.name).toBe('cpu');
      expect(info.trials[0]).toMatchObject({ name: 'wasm', ok: false });
      expect(info.trials[0].detail).toMatch(/UnsortedSegmentSum/);
      expect(info.reason).toMatch(/You asked for wasm, but it failed/);
    } finally {
      tf.registerKernel(kernel);
    }
  });

  it('leaves no tensors behind, however often it runs', async () => {
    await selectBackend('wasm', { host: 'node' });
    const before = tf.memory().numTensors;
    await selectBackend('cpu', { host: 'node' });
    await selectBackend('wasm', { host: 'node' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
