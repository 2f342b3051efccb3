/**
 * The FusedLSTM layer as a model builder uses it: dropout behaviour, training, memory, the
 * factory, serialisation and which implementation runs where.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { compareToReference } from '../../reference/tolerance';
import { CELL_BACKWARD, CELL_FORWARD, UNPACK } from './kernelNames';
import { createFusedLstm, FusedLSTM, type FusedLstmLayerArgs } from './layer';
import { chooseFusedLstmPath, type FusedLstmPath } from './ops';
import { registerReferenceCellKernels, unregisterReferenceCellKernels } from './referenceKernels';
import { registerFusedLstmKernels } from './register';
import { checkFusedLstmKernels } from './selfCheck';
import { NODE_BACKENDS, caseWeights, uniform, useBackend, withPath, type NodeBackend } from './testing';

/** Exposes the mask sampler. */
class MaskProbe extends FusedLSTM {
  sample(rows: number, cols: number, rate: number): tf.Tensor2D {
    return this.dropoutMask('input', rows, cols, rate);
  }
}

afterEach(() => {
  tf.disposeVariables();
  unregisterReferenceCellKernels(); // 'cpu' as shipped unless a test adds the stand-ins
});

/** The paths each backend runs here: 'steps' on 'cpu' through the reference-cell stand-ins (registered by the test). */
const PATHS_ON: Record<NodeBackend, FusedLstmPath[]> = { cpu: ['steps', 'composite'], wasm: ['composite'] };

describe('dropout', () => {
  it('masks drop a fraction `rate` and scale the rest by 1/(1-rate)', async () => {
    await useBackend('cpu');
    const probe = new MaskProbe({ units: 2, seed: 3 });
    for (const rate of [0.2, 0.5]) {
      const mask = probe.sample(100, 200, rate);
      const v = mask.dataSync();
      const zeros = v.filter((e) => e === 0).length / v.length;
      expect(zeros).toBeGreaterThan(rate - 0.02);
      expect(zeros).toBeLessThan(rate + 0.02);
      expect(new Set(v.filter((e) => e !== 0))).toEqual(new Set([Math.fround(1 / (1 - rate))]));
      mask.dispose();
    }
  });

  for (const backend of NODE_BACKENDS) {
    it(`applies only in training, a new mask per call, seeded (${backend})`, async () => {
      await useBackend(backend);
      const x = uniform([4, 5, 3], -1, 1, 1);
      const weights = caseWeights({ inputDim: 3, units: 6 }, 2);
      const make = (args: Partial<FusedLstmLayerArgs>): FusedLSTM => {
        const l = new FusedLSTM({ units: 6, returnSequences: true, ...args });
        tf.dispose(l.apply(x) as tf.Tensor);
        l.setWeights(weights);
        return l;
      };
      const plain = make({});
      const dropped = make({ dropout: 0.3, recurrentDropout: 0.3, seed: 5 });
      const twin = make({ dropout: 0.3, recurrentDropout: 0.3, seed: 5 });
      const run = (l: tf.layers.Layer, training: boolean): Float32Array => {
        const y = l.apply(x, { training }) as tf.Tensor;
        const v = y.dataSync() as Float32Array;
        y.dispose();
        return v;
      };
      const reference = run(plain, false);
      expect(compareToReference(run(dropped, false), reference).ratio, 'inference ignores dropout').toBeLessThanOrEqual(1);
      const first = run(dropped, true);
      const second = run(dropped, true);
      expect(compareToReference(first, reference).ratio, 'training drops').toBeGreaterThan(1);
      expect(compareToReference(second, first).ratio, 'a fresh mask per call').toBeGreaterThan(1);
      expect(run(twin, true), 'same seed, same masks').toEqual(first);
      [plain, dropped, twin].forEach((l) => l.dispose());
      tf.dispose([x, ...weights]);
    });
  }
});

/** A tiny model: predict whether the sum of a sequence is positive. */
function tinyModel(lstm: tf.layers.Layer): tf.Sequential {
  const model = tf.sequential();
  model.add(lstm);
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  model.compile({ optimizer: tf.train.adam(0.03), loss: 'binaryCrossentropy' });
  return model;
}

function tinyData(batch: number): { x: tf.Tensor; y: tf.Tensor } {
  const x = uniform([batch, 6, 1], -1, 1, 77);
  const y = tf.tidy(() => tf.cast(tf.greater(tf.sum(x, [1, 2]), 0), 'float32').reshape([batch, 1]));
  return { x, y };
}

const initialise = (model: tf.Sequential): void =>
  model.setWeights(model.getWeights().map((w, i) => uniform(w.shape, -0.3, 0.3, 100 + i)));

for (const backend of NODE_BACKENDS) {
  describe(`training (${backend})`, () => {
    for (const path of [null, ...PATHS_ON[backend]]) {
      it(`lowers the loss and leaks no tensors: ${path ?? 'automatic choice (composite, as shipped)'}`, async () => {
        await useBackend(backend);
        if (path === null) expect(chooseFusedLstmPath()).toBe('composite');
        if (path === 'steps') registerReferenceCellKernels();
        const { x, y } = tinyData(16);
        const model = tinyModel(new FusedLSTM({ units: 8, inputShape: [6, 1], dropout: 0.1, recurrentDropout: 0.1, seed: 4 }));
        initialise(model);
        await withPath(path, async () => {
          const losses: number[] = [];
          let counts: { tensors: number; buffers: number } | undefined;
          for (let i = 0; i < 60; i++) {
            losses.push((await model.trainOnBatch(x, y)) as number);
            if (i === 2) counts = memoryCounts();
          }
          expect(memoryCounts()).toEqual(counts);
          expect(Number.isFinite(losses[59])).toBe(true);
          expect(losses[59]).toBeLessThan(0.6 * losses[0]);
        });
        model.dispose();
        tf.dispose([x, y]);
      });
    }

    it('stateful model: trains, carries state, no leaks', async () => {
      await useBackend(backend);
      const { x, y } = tinyData(4);
      const lstm = createFusedLstm(
        { kind: 'lstm', units: 5, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0.2, stateful: true },
        { batchInputShape: [4, 6, 1], seed: 9 },
      );
      const model = tinyModel(lstm);
      initialise(model);
      let counts: { tensors: number; buffers: number } | undefined;
      for (let i = 0; i < 12; i++) {
        await model.trainOnBatch(x, y);
        if (i % 4 === 3) model.resetStates();
        if (i === 3) counts = memoryCounts();
      }
      expect(memoryCounts()).toEqual(counts);
      model.resetStates();
      const a = model.predict(x) as tf.Tensor;
      const b = model.predict(x) as tf.Tensor; // starts from a's final state
      model.resetStates();
      const c = model.predict(x) as tf.Tensor;
      expect(compareToReference(b.dataSync(), a.dataSync()).ratio).toBeGreaterThan(1);
      expect(c.dataSync()).toEqual(a.dataSync());
      tf.dispose([a, b, c, x, y]);
      model.dispose();
    });
  });
}

function memoryCounts(): { tensors: number; buffers: number } {
  const m = tf.memory() as tf.MemoryInfo;
  return { tensors: m.numTensors, buffers: m.numDataBuffers };
}

describe('layer API', () => {
  it('has Keras weight names, shapes and order; weights interchange with tfjs-layers', async () => {
    await useBackend('cpu');
    const fused = new FusedLSTM({ units: 3, returnSequences: true });
    const ref = tf.layers.lstm({ units: 3, recurrentActivation: 'sigmoid', returnSequences: true, recurrentInitializer: 'zeros' });
    const x = uniform([2, 4, 5], -1, 1, 1);
    const yF = fused.apply(x) as tf.Tensor;
    expect(yF.shape).toEqual([2, 4, 3]);
    expect(fused.weights.map((w) => w.name.split('/').pop())).toEqual(['kernel', 'recurrent_kernel', 'bias']);
    expect(fused.weights.map((w) => w.shape)).toEqual([[5, 12], [3, 12], [12]]);
    expect(fused.getWeights().every((w) => w.dataSync().every((v) => v === 0))).toBe(true); // zeros until the builder sets them
    tf.dispose(ref.apply(x) as tf.Tensor);
    fused.setWeights(ref.getWeights());
    const a = fused.apply(x) as tf.Tensor, b = ref.apply(x) as tf.Tensor;
    expect(compareToReference(a.dataSync(), b.dataSync()).ratio).toBeLessThanOrEqual(1);
    tf.dispose([x, yF, a, b]);
  });

  it('serialises and deserialises through tfjs (registered class FusedLSTM)', async () => {
    await useBackend('cpu');
    const model = tf.sequential({
      layers: [
        new FusedLSTM({ units: 4, activation: 'relu', returnSequences: true, dropout: 0.25, recurrentDropout: 0.5, seed: 7, inputShape: [3, 2] }),
        new FusedLSTM({ units: 2 }),
      ],
    });
    const json = model.toJSON(undefined, false) as unknown as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    const first = json.config.layers.find((l) => l.class_name === 'FusedLSTM')!;
    expect(first.config).toMatchObject({ units: 4, activation: 'relu', return_sequences: true, dropout: 0.25, recurrent_dropout: 0.5, stateful: false, seed: 7 });
    const restored = tf.layers.Layer.fromConfig(FusedLSTM, { ...model.layers[0].getConfig() }) as unknown as FusedLSTM;
    expect(restored).toBeInstanceOf(FusedLSTM);
    expect([restored.units, restored.activation, restored.returnSequences, restored.dropout, restored.recurrentDropout, restored.seed]).toEqual([
      4, 'relu', true, 0.25, 0.5, 7,
    ]);
    expect(model.layers[1].outputShape).toEqual([null, 2]);
    model.dispose();
  });

  it('createFusedLstm maps a LayerSpec and rejects bad settings', () => {
    const layer = createFusedLstm(
      { kind: 'lstm', units: 50, activation: 'relu', returnSequences: true, dropout: 0.1, recurrentDropout: 0.2, stateful: false },
      { inputShape: [3, 1] },
    ) as FusedLSTM;
    expect(layer).toBeInstanceOf(FusedLSTM);
    expect([layer.units, layer.activation, layer.returnSequences, layer.dropout, layer.recurrentDropout, layer.stateful]).toEqual([
      50, 'relu', true, 0.1, 0.2, false,
    ]);
    expect(layer.batchInputShape).toEqual([null, 3, 1]);
    expect(() => new FusedLSTM({ units: 0 })).toThrow(/units/);
    expect(() => new FusedLSTM({ units: 2, dropout: 1 })).toThrow(/dropout/);
    expect(() => new FusedLSTM({ units: 2 }).resetStates()).toThrow(/not stateful/);
  });
});

describe('kernels and paths', () => {
  it('registers the per-step kernels for WebGL and WebGPU only', () => {
    registerFusedLstmKernels();
    for (const backend of ['webgl', 'webgpu']) {
      for (const k of [CELL_FORWARD, CELL_BACKWARD]) expect(tf.getKernel(k, backend)).toBeDefined();
    }
    expect(tf.getKernel(UNPACK, 'webgl')).toBeDefined();
    for (const backend of NODE_BACKENDS) {
      for (const k of [CELL_FORWARD, CELL_BACKWARD, UNPACK]) expect(tf.getKernel(k, backend)).toBeUndefined();
    }
  });

  it("runs 'steps' where cell kernels are registered, 'composite' elsewhere, and a forced path wins", async () => {
    for (const backend of NODE_BACKENDS) {
      await useBackend(backend);
      expect(chooseFusedLstmPath(), backend).toBe('composite');
    }
    await useBackend('cpu');
    registerReferenceCellKernels();
    expect(chooseFusedLstmPath()).toBe('steps');
    expect(withPath('composite', () => chooseFusedLstmPath())).toBe('composite');
  });
});

describe('self-check', () => {
  for (const backend of NODE_BACKENDS) {
    it(`has nothing to check on ${backend} as shipped`, async () => {
      await useBackend(backend);
      expect(await checkFusedLstmKernels()).toMatchObject({ backend, kernels: false, ok: true });
    });
  }

  it('passes kernels that compute the reference cell', async () => {
    await useBackend('cpu');
    registerReferenceCellKernels();
    const check = await checkFusedLstmKernels();
    expect(check).toMatchObject({ backend: 'cpu', kernels: true, ok: true });
    expect(check.worst).toBeLessThan(0.1);
  });

  it('unregisters kernels that compute wrong numbers, so the layer falls back to stock ops', async () => {
    await useBackend('cpu');
    registerReferenceCellKernels();
    const good = tf.getKernel(CELL_FORWARD, 'cpu')!;
    tf.unregisterKernel(CELL_FORWARD, 'cpu');
    tf.registerKernel({
      ...good,
      kernelFunc: (args) => {
        const outs = good.kernelFunc(args) as tf.TensorInfo[];
        const backend = args.backend as { data: { get(id: object): { values: Float32Array } } };
        backend.data.get(outs[1].dataId).values[0] += 0.5; // corrupt the cell state
        return outs;
      },
    });
    const check = await checkFusedLstmKernels();
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/disagree with the reference/);
    for (const k of [CELL_FORWARD, CELL_BACKWARD]) expect(tf.getKernel(k, 'cpu')).toBeUndefined();
    expect(chooseFusedLstmPath()).toBe('composite');
    expect(await checkFusedLstmKernels()).toMatchObject({ kernels: false, ok: true });
  });
});
