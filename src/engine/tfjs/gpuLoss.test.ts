import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isGpuLoss, watchGpuLoss } from './gpuLoss';

const asBackend = (parts: object) => parts as unknown as tf.KernelBackend;

describe('watchGpuLoss', () => {
  it('reads a WebGL context as lost the moment it is, before its event', () => {
    let lost = false;
    const watch = watchGpuLoss(asBackend({ gpgpu: { gl: { isContextLost: () => lost } } }));
    expect(watch.lost()).toBeNull();
    lost = true;
    const error = watch.lost();
    expect(error?.message).toMatch(/WebGL's context was lost/);
    expect(isGpuLoss(error)).toBe(true);
  });

  it('ends work in flight when the context-lost event comes: tfjs would wait for a dead context for ever', async () => {
    const listeners: (() => void)[] = [];
    const canvas = {
      addEventListener: (_: string, f: () => void) => listeners.push(f),
      removeEventListener: (_: string, f: () => void) => listeners.splice(listeners.indexOf(f), 1),
    };
    const watch = watchGpuLoss(asBackend({ gpgpu: { gl: { isContextLost: () => false, canvas } } }));
    const never = new Promise<number>(() => undefined);
    await expect(watch.guard(Promise.resolve(7))).resolves.toBe(7);
    const racing = watch.guard(never);
    listeners.forEach((f) => f());
    await expect(racing).rejects.toThrow(/WebGL's context was lost \(the webglcontextlost event\)/);
    // A finished run stops listening: the context outlives it.
    watch.stop();
    expect(listeners).toEqual([]);
  });

  it('reports a failure as the loss when the device says so a moment later, and as itself otherwise', async () => {
    let lose!: (info: { message: string }) => void;
    const watch = watchGpuLoss(asBackend({ device: { lost: new Promise((resolve) => (lose = resolve)) } }));
    await expect(watch.guard(Promise.reject(new Error('a shader failed')))).rejects.toThrow('a shader failed');
    const aborted = watch.guard(Promise.reject(new Error('Buffer was unmapped before mapping was resolved')));
    setTimeout(() => lose({ message: 'destroyed' }), 20);
    await expect(aborted).rejects.toThrow(/WebGPU's device was lost \(destroyed\)/);
  });

  it('reads a WebGPU device as lost once its `lost` promise settles', async () => {
    let lose!: (info: { message: string }) => void;
    const watch = watchGpuLoss(asBackend({ device: { lost: new Promise((resolve) => (lose = resolve)) } }));
    expect(watch.lost()).toBeNull();
    const racing = watch.guard(new Promise<number>(() => undefined));
    lose({ message: 'the driver reset' });
    await expect(racing).rejects.toThrow(/WebGPU's device was lost \(the driver reset\)/);
    expect(watch.lost()?.message).toMatch(/WebGPU's device was lost \(the driver reset\)/);
  });

  it('never reports a CPU backend lost', () => {
    expect(watchGpuLoss(tf.backend()).lost()).toBeNull();
  });

  it('knows the error again by name only, as after a worker boundary', () => {
    expect(isGpuLoss({ name: 'GpuLostError', message: '…' })).toBe(true);
    expect(isGpuLoss(new Error('shader failed to compile'))).toBe(false);
  });
});
