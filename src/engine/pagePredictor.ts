/**
 * A model read back from its files answering on the page's thread with the typed predictor (a
 * typed sentence or series takes milliseconds): what Try uses for a loaded model, which has no run
 * in the training worker. The same forward pass as the run's model before the download.
 */
import type { RunModel } from './runModel';
import type { ModelSpec } from './spec/types';
import { TypedPredictor } from './typed/typedPredictor';
import { layerValues, type ModelWeights } from './weights';

export function pagePredictor(spec: ModelSpec, weights: ModelWeights): Pick<RunModel, 'predict'> {
  const predictor = new TypedPredictor(spec, layerValues(spec, weights));
  return { predict: async (x, n) => ({ probs: predictor.predict(x, n), threads: 1 }) };
}
