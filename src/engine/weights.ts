/**
 * A model's weights as data, independent of who trains it: one entry per weight, in Keras order
 * (layer by layer, each layer's weights in the order `spec/layers.ts` gives, e.g. an LSTM's
 * kernel [inputDim, 4·units], recurrent_kernel [units, 4·units], bias [4·units], gates i, f, c, o).
 * This is what a run keeps, exports (TensorFlow.js, Keras HDF5) and loads back. Pure: no tfjs.
 */
import { weightShapes } from './spec/model';
import type { ModelSpec } from './spec/types';

export interface Weight {
  shape: number[];
  /** Row-major values, `shape.reduce(×)` of them. */
  values: Float32Array;
}

export type ModelWeights = Weight[];

/**
 * Why `weights` cannot be the weights of `spec`, or null when they fit: the count and every shape
 * must match, so that a loaded file never half-fills a model.
 */
export function weightsProblem(spec: ModelSpec, weights: ModelWeights): string | null {
  const expected = weightShapes(spec).flat();
  if (weights.length !== expected.length) {
    return `The weights hold ${weights.length} arrays; this model needs ${expected.length}.`;
  }
  for (const [i, shape] of expected.entries()) {
    const w = weights[i];
    const size = shape.reduce((a, d) => a * d, 1);
    if (w.shape.length !== shape.length || w.shape.some((d, k) => d !== shape[k]) || w.values.length !== size) {
      return `Weight ${i + 1} has shape [${w.shape.join(', ')}]; this model needs [${shape.join(', ')}].`;
    }
  }
  return null;
}

/** The flat list split by layer (spec order): layer i's weights in Keras order, empty for a weightless layer. */
export function weightsByLayer(spec: ModelSpec, weights: ModelWeights): Weight[][] {
  let at = 0;
  return weightShapes(spec).map((shapes) => {
    const layer = weights.slice(at, at + shapes.length);
    at += shapes.length;
    return layer;
  });
}

/** Each layer's values, as the typed trainer and predictor take them. */
export function layerValues(spec: ModelSpec, weights: ModelWeights): Float32Array[][] {
  return weightsByLayer(spec, weights).map((layer) => layer.map((w) => w.values));
}
