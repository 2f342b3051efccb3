/**
 * One failed run must never affect the next: a WebAssembly trap, a NaN loss or a bad data file,
 * then a normal run in the same session. Driven through `TrainingSession` and its injected
 * dependencies (the host's yield, the helper threads, the data source), on the real WASM backend.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config/runConfig';
import type { ScenarioId } from '../scenarios';
import { buildFixture, makeReviews, memorySource } from '../../scripts/imdb/fixture';
import type { AssetSource } from './data/assets';
import { clearImdbCache } from './data/imdb/loadImdb';
import { runFailure, type RunFailure } from './runFailure';
import { wasmTrap } from './tfjs/wasmTrap.testing';
import { TrainingSession, type SessionDeps } from './session';
import { inProcessTrainHelper } from './typed/testing';
import type { EpochUpdate, RunHandle } from './types';
import { macrotaskYield } from './yield';

const fixture = await buildFixture(makeReviews(40));

function config(id: ScenarioId, hp: Partial<RunConfig['hp']> = {}): RunConfig {
  return { scenario: id, hp: { ...defaultConfig(id).hp, ...hp } };
}

/** Alphabet on the WASM backend with tfjs' kernels (the forced backend keeps the typed trainer out). */
const ALPHABET = config('alphabet', { samples: 120, epochs: 3, batchSize: 4, backend: 'wasm' });

/**
 * A trap in a forward pass under the gradient tape, as a kernel's trap meets a training step:
 * scopes open, the tape recording, tensors saved for a backward pass that never runs.
 */
function trapInForwardPass(): void {
  tf.tidy(() => tf.grad((x: tf.Tensor) => (x.mul(2), wasmTrap()))(tf.ones([2, 1, 4])));
}

/** A host whose yield, once armed, traps as above: a trap in the middle of a run, whatever the configuration. */
function trappingHost(): { armed: boolean; yieldToHost: () => Promise<void> } {
  const host = {
    armed: false,
    async yieldToHost() {
      if (host.armed) {
        host.armed = false;
        trapInForwardPass();
      }
      await macrotaskYield();
    },
  };
  return host;
}

function session(deps: Partial<SessionDeps> = {}): TrainingSession {
  return new TrainingSession({ assets: memorySource(fixture), backendEnv: { host: 'node' }, yieldToHost: macrotaskYield, ...deps });
}

async function losses(s: TrainingSession, c: RunConfig): Promise<number[]> {
  const epochs: EpochUpdate[] = [];
  const result = await s.train(c, { onEpoch: (e) => epochs.push(e) }).done;
  expect(result.reason).toBe('completed');
  return epochs.map((e) => e.loss);
}

async function failure(done: Promise<unknown>): Promise<RunFailure> {
  const error = await done.then(() => expect.fail('the run should have failed'), (e: unknown) => e);
  return error as RunFailure;
}

/** Starts a long run, waits for its first batch, presses Stop and says how long `done` took to settle. */
async function stopSettlesIn(s: TrainingSession): Promise<number> {
  let batches = 0;
  const handle: RunHandle = s.train(config('alphabet', { samples: 400, epochs: 200, batchSize: 1, backend: 'wasm' }), { onBatch: () => batches++ });
  while (batches === 0) await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  handle.stop();
  expect((await handle.done).reason).toBe('stopped');
  return performance.now() - t0;
}

describe('a run that traps in WebAssembly', () => {
  it('fails with words, and the next run trains exactly as before the trap, with no tensor left behind', async () => {
    const host = trappingHost();
    const s = session({ yieldToHost: host.yieldToHost });
    const before = await losses(s, ALPHABET);
    const tensorsWithModel = tf.memory().numTensors;

    host.armed = true;
    const error = await failure(s.train(config('alphabet', { samples: 400, epochs: 5, batchSize: 1, backend: 'wasm' }), {}).done);
    expect(error.name).toBe('RuntimeError');
    expect(error.message).toMatch(/^Training failed: the WebAssembly code stopped with a trap.*“memory access out of bounds”\)\. The next run starts fresh\.$/);
    expect(error.detail).toMatch(/^RuntimeError: memory access out of bounds\n\s+at /);
    expect(tf.engine().state.scopeStack).toHaveLength(0);
    expect(tf.engine().state.activeTape).toBeNull();
    // The failed run's model is gone; nothing else of it is left.
    expect(tf.memory().numTensors).toBe(0);
    expect(await s.predict({ kind: 'letters', text: 'ABC' })).toMatchObject({ kind: 'invalid' });

    // Same seed, same weights, same numbers: the backend is as good as new.
    expect(await losses(s, ALPHABET)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensorsWithModel);
    expect(await stopSettlesIn(s)).toBeLessThan(1000);
    s.dispose();
  });

  it('resets the helper threads, which may still hold the failed run’s network', async () => {
    const host = trappingHost();
    const helpers = [inProcessTrainHelper(), inProcessTrainHelper()];
    const s = session({ yieldToHost: host.yieldToHost, trainHelpers: () => helpers });
    await losses(s, ALPHABET);
    expect(helpers.map((h) => h.resets)).toEqual([0, 0]);
    host.armed = true;
    await failure(s.train(config('alphabet', { samples: 400, epochs: 5, batchSize: 1, backend: 'wasm' }), {}).done);
    expect(helpers.map((h) => h.resets)).toEqual([1, 1]);
    await losses(s, ALPHABET);
    expect(helpers.map((h) => h.resets)).toEqual([1, 1]);
    s.dispose();
  });
});

describe('failures that are not the engine’s', () => {
  it('a configuration the form rejects keeps its own message and touches nothing', async () => {
    const helper = inProcessTrainHelper();
    const s = session({ trainHelpers: () => [helper] });
    await expect(s.train(config('trend', { epochs: -1 }), {}).done).rejects.toThrow(/^Epochs must be between/);
    expect(helper.resets).toBe(0);
    s.dispose();
  });

  it('a missing data file keeps its own error (the UI offers Retry), and the next run trains', async () => {
    clearImdbCache();
    const empty: AssetSource = memorySource({ ...fixture, files: [] });
    const s = session({ assets: empty });
    const error = await failure(s.train(config('imdb-seq', { trainSubset: 40, epochs: 1 }), {}).done);
    expect(error.name).toBe('DataFileError');
    expect(error.message).toMatch(/^Data file imdb\/manifest\.json is missing/);
    await losses(s, ALPHABET);
    s.dispose();
  });
});

describe('a NaN loss', () => {
  it('ends its run as "nan", and the next run trains exactly as before it', async () => {
    let poison = false;
    const s = session({
      // Weights that went NaN mid-run, as a diverging run's do.
      yieldToHost: async () => {
        if (poison) {
          poison = false;
          for (const v of Object.values(tf.engine().state.registeredVariables)) v.assign(tf.fill(v.shape, NaN));
        }
        await macrotaskYield();
      },
    });
    // On the CPU backend: WASM's clip turns NaN probabilities into finite losses.
    const onCpu = config('alphabet', { ...ALPHABET.hp, backend: 'cpu' });
    const before = await losses(s, onCpu);
    poison = true;
    const result = await s.train(config('alphabet', { samples: 400, epochs: 5, batchSize: 1, backend: 'cpu' }), {}).done;
    expect(result.reason).toBe('nan');
    expect(result.message).toMatch(/^Loss became NaN/);
    expect(await losses(s, onCpu)).toEqual(before);
    s.dispose();
  });
});

describe('runFailure', () => {
  it('words any error for the user and keeps the original for a bug report', () => {
    const original = new RangeError('Arena of 12 floats is full.');
    const failure = runFailure(original);
    expect(failure.message).toBe('Training failed: Arena of 12 floats is full. The next run starts fresh.');
    expect(failure.name).toBe('RangeError');
    expect(failure.cause).toBe(original);
    expect(failure.detail.split('\n')[0]).toBe('RangeError: Arena of 12 floats is full.');
    expect(runFailure('oops').message).toBe('Training failed: oops. The next run starts fresh.');
  });
});
