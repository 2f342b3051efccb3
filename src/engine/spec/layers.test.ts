/**
 * The layer rows one by one: their shape rules and messages, and their memory against the typed
 * trainer's own layers (sized on a `SizingArena`, which counts every float a layer allocates).
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { createArena, SizingArena } from '../typed/kernels';
import { createTypedLayer, TYPED_LAYERS } from '../typed/layers';
import { LAYER_KINDS, rowOf, type Shape } from './layers';
import type { BidirectionalInner, LayerKind, LayerSpec } from './types';

const lstm = (units: number, more: Partial<Extract<LayerSpec, { kind: 'lstm' }>> = {}): LayerSpec => ({
  kind: 'lstm', units, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false, ...more,
});
const conv = (filters: number, kernelSize: number, padding: 'same' | 'valid'): LayerSpec => ({ kind: 'conv1d', filters, kernelSize, padding, activation: 'relu' });

/** One layer of every kind (and the variants that change its buffers), with an input it takes. */
const CASES: [string, LayerSpec, Shape][] = [
  ['embedding', { kind: 'embedding', inputDim: 50, outputDim: 8 }, [12]],
  ['lstm', lstm(8), [12, 4]],
  ['lstm, sequences out, both dropouts', lstm(8, { returnSequences: true, dropout: 0.2, recurrentDropout: 0.3 }), [12, 4]],
  ['gru', { kind: 'gru', units: 8, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0 }, [12, 4]],
  ['gru, sequences out, both dropouts', { kind: 'gru', units: 8, activation: 'relu', returnSequences: true, dropout: 0.2, recurrentDropout: 0.3 }, [12, 4]],
  ['simpleRnn', { kind: 'simpleRnn', units: 8, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0 }, [12, 4]],
  ['simpleRnn, sequences out, both dropouts', { kind: 'simpleRnn', units: 8, activation: 'tanh', returnSequences: true, dropout: 0.1, recurrentDropout: 0.1 }, [12, 4]],
  ['bidirectional lstm', { kind: 'bidirectional', layer: { ...lstm(8), stateful: false } as BidirectionalInner }, [12, 4]],
  ['bidirectional gru, sequences out, both dropouts', { kind: 'bidirectional', layer: { kind: 'gru', units: 8, activation: 'tanh', returnSequences: true, dropout: 0.2, recurrentDropout: 0.3 } }, [12, 4]],
  ['bidirectional simpleRnn, sequences out', { kind: 'bidirectional', layer: { kind: 'simpleRnn', units: 8, activation: 'tanh', returnSequences: true, dropout: 0, recurrentDropout: 0 } }, [12, 4]],
  ['dropout', { kind: 'dropout', rate: 0.3 }, [12, 4]],
  ['conv1d same', conv(8, 3, 'same'), [12, 4]],
  ['conv1d valid', conv(8, 5, 'valid'), [12, 4]],
  ['maxPooling1d', { kind: 'maxPooling1d', poolSize: 3 }, [12, 4]],
  ['globalAveragePooling1d', { kind: 'globalAveragePooling1d' }, [12, 4]],
  ['dense', { kind: 'dense', units: 4, activation: 'sigmoid' }, [8]],
];

describe('LAYER_KINDS', () => {
  it('has Keras’ class name and instance stem for every kind', () => {
    const keras = Object.fromEntries(Object.entries(LAYER_KINDS).map(([kind, r]) => [kind, [r.className, r.stem]]));
    expect(keras).toEqual({
      embedding: ['Embedding', 'embedding'],
      lstm: ['LSTM', 'lstm'],
      gru: ['GRU', 'gru'],
      simpleRnn: ['SimpleRNN', 'simple_rnn'],
      bidirectional: ['Bidirectional', 'bidirectional'],
      dropout: ['Dropout', 'dropout'],
      conv1d: ['Conv1D', 'conv1d'],
      maxPooling1d: ['MaxPooling1D', 'max_pooling1d'],
      globalAveragePooling1d: ['GlobalAveragePooling1D', 'global_average_pooling1d'],
      dense: ['Dense', 'dense'],
    });
  });

  it('has a memory case below for every kind the typed trainer takes', () => {
    const typed = (Object.keys(LAYER_KINDS) as LayerKind[]).filter((k) => LAYER_KINDS[k].trainers.typed);
    expect(new Set(CASES.map(([, spec]) => spec.kind))).toEqual(new Set(typed));
  });

  it('says the typed trainer takes exactly the kinds TYPED_LAYERS has', () => {
    for (const kind of Object.keys(LAYER_KINDS) as LayerKind[]) {
      expect([kind, LAYER_KINDS[kind].trainers.typed]).toEqual([kind, TYPED_LAYERS[kind] !== undefined]);
      expect(LAYER_KINDS[kind].trainers.tfjs).toBe(true);
    }
  });

  it('says only a stateful LSTM is stateful', () => {
    expect(rowOf(lstm(4, { stateful: true })).stateful(lstm(4, { stateful: true }))).toBe(true);
    for (const [, spec] of CASES) expect(rowOf(spec).stateful(spec)).toBe(false);
  });
});

/** A GRU or SimpleRNN with Keras' defaults. */
const recurrent = (kind: 'gru' | 'simpleRnn', units: number, returnSequences = false): LayerSpec =>
  ({ kind, units, activation: 'tanh', returnSequences, dropout: 0, recurrentDropout: 0 });

describe('outputShape', () => {
  const good: [LayerSpec, Shape, Shape][] = [
    [{ kind: 'embedding', inputDim: 50, outputDim: 8 }, [12], [12, 8]],
    [lstm(8), [12, 4], [8]],
    [lstm(8, { returnSequences: true }), [12, 4], [12, 8]],
    [recurrent('gru', 8), [12, 4], [8]],
    [recurrent('simpleRnn', 8, true), [12, 4], [12, 8]],
    [{ kind: 'dropout', rate: 0.5 }, [7], [7]],
    [conv(8, 3, 'same'), [12, 4], [12, 8]],
    // 'same' pads, so even a kernel longer than the input keeps every step.
    [conv(8, 5, 'same'), [2, 4], [2, 8]],
    [conv(8, 5, 'valid'), [12, 4], [8, 8]],
    [conv(8, 5, 'valid'), [5, 4], [1, 8]],
    [{ kind: 'maxPooling1d', poolSize: 2 }, [7, 4], [3, 4]],
    [{ kind: 'maxPooling1d', poolSize: 2 }, [2, 4], [1, 4]],
    [{ kind: 'globalAveragePooling1d' }, [7, 4], [4]],
    [{ kind: 'dense', units: 3, activation: 'softmax' }, [8], [3]],
    // Keras' Dense acts on the last axis.
    [{ kind: 'dense', units: 3, activation: 'linear' }, [5, 8], [5, 3]],
  ];
  it.each(good)('%j on %j → %j', (spec, inShape, out) => {
    expect(rowOf(spec).outputShape(spec, inShape)).toEqual({ ok: true, shape: out });
  });

  const bad: [LayerSpec, Shape, 'steps' | 'structure', string][] = [
    [{ kind: 'maxPooling1d', poolSize: 2 }, [1, 32], 'steps', 'MaxPooling1D(2) needs at least 2 timesteps (got 1).'],
    [conv(32, 5, 'valid'), [4, 8], 'steps', 'Conv1D(32, 5) needs at least 5 timesteps to fit its kernel without padding (got 4).'],
    [lstm(50), [50], 'structure', 'LSTM(50) needs a sequence [timesteps, features] but gets [50]: the recurrent layer before it must return sequences.'],
    [lstm(50), [3, 4, 5], 'structure', 'LSTM(50) needs a sequence [timesteps, features] but gets [3, 4, 5].'],
    [conv(8, 3, 'same'), [16], 'structure', 'Conv1D(8, 3) needs a sequence [timesteps, features] but gets [16]: the recurrent layer before it must return sequences.'],
    [{ kind: 'globalAveragePooling1d' }, [16], 'structure', 'GlobalAveragePooling1D needs a sequence [timesteps, features] but gets [16]: the recurrent layer before it must return sequences.'],
    [{ kind: 'maxPooling1d', poolSize: 2 }, [16], 'structure', 'MaxPooling1D(2) needs a sequence [timesteps, features] but gets [16]: the recurrent layer before it must return sequences.'],
    [lstm(5), [0, 3], 'steps', 'LSTM(5) needs at least 1 timestep (got 0).'],
    [recurrent('gru', 7), [7], 'structure', 'GRU(7) needs a sequence [timesteps, features] but gets [7]: the recurrent layer before it must return sequences.'],
    [recurrent('simpleRnn', 3), [0, 2], 'steps', 'SimpleRNN(3) needs at least 1 timestep (got 0).'],
  ];
  it.each(bad)('%j on %j: %s', (spec, inShape, cause, message) => {
    expect(rowOf(spec).outputShape(spec, inShape)).toEqual({ ok: false, problem: { cause, message } });
  });
});

describe('weights and multiply-adds', () => {
  it.each<[LayerSpec, Shape, number[][], number]>([
    [{ kind: 'embedding', inputDim: 50, outputDim: 8 }, [12], [[50, 8]], 0],
    [lstm(8), [12, 4], [[4, 32], [8, 32], [32]], 12 * 32 * (4 + 8)],
    // Keras 2's GRU keeps its input and recurrent biases apart (reset_after=True).
    [recurrent('gru', 8), [12, 4], [[4, 24], [8, 24], [2, 24]], 12 * 24 * (4 + 8)],
    [recurrent('simpleRnn', 8), [12, 4], [[4, 8], [8, 8], [8]], 12 * 8 * (4 + 8)],
    // Keras saves the forward layer's weights, then the backward layer's: twice the wrapped layer's.
    [{ kind: 'bidirectional', layer: recurrent('gru', 8) as BidirectionalInner }, [12, 4], [[4, 24], [8, 24], [2, 24], [4, 24], [8, 24], [2, 24]], 2 * 12 * 24 * (4 + 8)],
    [{ kind: 'dropout', rate: 0.5 }, [12, 4], [], 0],
    [conv(8, 3, 'same'), [12, 4], [[3, 4, 8], [8]], 12 * 3 * 4 * 8],
    [conv(8, 5, 'valid'), [12, 4], [[5, 4, 8], [8]], 8 * 5 * 4 * 8],
    [{ kind: 'maxPooling1d', poolSize: 2 }, [12, 4], [], 0],
    [{ kind: 'globalAveragePooling1d' }, [12, 4], [], 0],
    [{ kind: 'dense', units: 3, activation: 'softmax' }, [8], [[8, 3], [3]], 24],
    [{ kind: 'dense', units: 3, activation: 'linear' }, [5, 8], [[8, 3], [3]], 5 * 24],
  ])('%j on %j: weights %j, %d multiply-adds', (spec, inShape, weights, macs) => {
    expect(rowOf(spec).weightShapes(spec, inShape)).toEqual(weights);
    expect(rowOf(spec).forwardMacs(spec, inShape)).toBe(macs);
  });
});

/** Floats the typed layer allocates in the arena at a given largest batch (weights included). */
function typedLayerFloats(spec: LayerSpec, inShape: Shape, maxBatch: number): number {
  const sizing = new SizingArena();
  const weights = rowOf(spec).weightShapes(spec, inShape).map((s) => new Float32Array(s.reduce((a, d) => a * d, 1)));
  createTypedLayer(spec, { inShape, maxBatch, weights, alloc: sizing, kernels: createArena(0, 'js').kernels, rng: createRng(1) });
  return sizing.floats;
}

describe('memory against the typed trainer’s layers', () => {
  // Batches that are multiples of 4 keep the arena's 4-float alignment out of the per-sample
  // difference, and from 4 rows on the LSTM makes its transposed copies.
  it.each(CASES)('%s: activation floats per sample and workspace match its buffers', (_name, spec, inShape) => {
    const row = rowOf(spec);
    const at4 = typedLayerFloats(spec, inShape, 4);
    const at8 = typedLayerFloats(spec, inShape, 8);
    // MaxPooling1D keeps its argmax indices in an Int32Array outside the arena: memory, but not the arena's.
    const outsideArena = spec.kind === 'maxPooling1d' ? Math.floor(inShape[0] / spec.poolSize) * inShape[1] : 0;
    expect((at8 - at4) / 4).toBe(row.activationFloats(spec, inShape) - outsideArena);
    // The rest: weights, their gradients, and the workspace (sizes here are multiples of 4, so no padding).
    const weights = row.weightShapes(spec, inShape).reduce((sum, s) => sum + s.reduce((a, d) => a * d, 1), 0);
    expect(at4 - 4 * (row.activationFloats(spec, inShape) - outsideArena)).toBe(2 * weights + row.workspaceFloats(spec, inShape));
  });
});
