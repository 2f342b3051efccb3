import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { abandonWasmBackend, closeOpenScopes, disposeAbandonedVariables, isWasmTrap } from './afterFailure';
import { wasmTrap } from './wasmTrap.testing';

/** A trap in the middle of an op on the WASM backend ("memory access out of bounds"), inside a tidy scope. */
const trap = (): unknown => tf.tidy(() => (tf.ones([2, 1, 4]).mul(2), wasmTrap()));

describe('isWasmTrap', () => {
  it('knows a trap by its class, by its name (across realms) and as the cause of another error', () => {
    const runtime = new WebAssembly.RuntimeError('unreachable');
    const named = Object.assign(new Error('memory access out of bounds'), { name: 'RuntimeError' });
    expect([runtime, named, new Error('wrapped', { cause: runtime })].map(isWasmTrap)).toEqual([true, true, true]);
    expect([new Error('x'), new RangeError('y'), 'RuntimeError', null].map(isWasmTrap)).toEqual([false, false, false, false]);
  });
});

describe('abandonWasmBackend', () => {
  it('puts a trapped WASM backend out of use for CPU: its tensors free for nothing, and the next setBackend builds a fresh one', async () => {
    await tf.setBackend('wasm');
    const old = tf.backend();
    const kept = tf.tensor([1, 2, 3]);
    const weights = tf.variable(tf.ones([4]));
    const orphan = tf.variable(tf.zeros([2]));
    const before = tf.memory().numTensors;
    const error = (() => {
      try {
        trap();
      } catch (e) {
        return e;
      }
    })();
    expect(isWasmTrap(error)).toBe(true);

    expect(abandonWasmBackend()).toBe(true);
    expect(abandonWasmBackend()).toBe(false);
    expect(tf.getBackend()).toBe('cpu');
    // Freeing its tensors never calls into the trapped module, and tfjs' counts stay right.
    kept.dispose();
    weights.dispose();
    expect(disposeAbandonedVariables()).toBe(1);
    expect(orphan.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before - 3);

    expect(await tf.setBackend('wasm')).toBe(true);
    expect(tf.backend()).not.toBe(old);
    expect(Array.from(tf.tidy(() => tf.tensor([1, 2]).add(1)).dataSync())).toEqual([2, 3]);
  });

  it('leaves any other backend alone', async () => {
    await tf.setBackend('cpu');
    expect(abandonWasmBackend()).toBe(false);
    expect(tf.getBackend()).toBe('cpu');
  });
});

describe('closeOpenScopes', () => {
  it('ends scopes a failure left open and frees what a forward pass saved for a backward pass that never ran', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    expect(() => tf.grad((x: tf.Tensor) => {
      x.square().exp();
      throw new Error('failed half-way through the forward pass');
    })(tf.ones([3]))).toThrow(/half-way/);
    tf.engine().startScope();
    tf.ones([5]);
    expect(tf.memory().numTensors).toBeGreaterThan(before + 1);

    expect(closeOpenScopes()).toBe(1);
    expect(tf.engine().state.scopeStack).toHaveLength(0);
    // tf.ones([3]) was made outside any scope: the caller's to free.
    expect(tf.memory().numTensors).toBe(before + 1);
  });
});
