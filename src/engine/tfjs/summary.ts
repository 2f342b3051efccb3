/**
 * Keras `model.summary()` as data: one row per layer (name, Keras class, output shape, params)
 * and the totals, for the UI to draw and for `postMessage` to carry.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelSummary, SummaryRow } from '../types';

/**
 * Keras' class name for a tfjs layer. tfjs uses Keras' names for the layers here; an LSTM
 * implementation of our own (registered under another class name) is still an LSTM to the user.
 */
export function kerasClassName(layer: tf.layers.Layer): string {
  const name = layer.getClassName();
  return /LSTM/i.test(name) ? 'LSTM' : name;
}

/** The first output's shape, batch axis first: `null` unless the model has a fixed batch (stateful). */
function outputShape(layer: tf.layers.Layer): (number | null)[] {
  const shape = layer.outputShape;
  // A layer with several outputs reports a list of shapes; Keras prints the first.
  const first = shape.length > 0 && Array.isArray(shape[0]) ? (shape as tf.Shape[])[0] : (shape as tf.Shape);
  return [...first];
}

const countWeights = (weights: tf.LayerVariable[]): number =>
  weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, d) => a * (d ?? 0), 1), 0);

export function summarizeModel(model: tf.LayersModel): ModelSummary {
  const rows: SummaryRow[] = model.layers.map((layer) => ({
    name: layer.name,
    type: kerasClassName(layer),
    outputShape: outputShape(layer),
    params: layer.countParams(),
  }));
  return {
    rows,
    totalParams: model.countParams(),
    trainableParams: countWeights(model.trainableWeights),
  };
}
