/**
 * A model answering on the page's thread: what Try and generation use for a loaded or reopened
 * model, which has no run in the training worker. The typed predictor where it takes the model (a
 * typed sentence or series takes milliseconds); otherwise (a GRU, a SimpleRNN) the float64
 * reference model, the maths every fast path is tested against, fast enough for one input.
 * The same forward pass as the run's model before the download.
 */
import { forwardModel, referenceModel } from './reference/model';
import type { RunModel } from './runModel';
import type { ModelSpec } from './spec/types';
import { TypedPredictor, typedPredictorSupport } from './typed/typedPredictor';
import { layerValues, type ModelWeights } from './weights';

/** `predict(x, n)`: the model's outputs for `n` samples of `x`, row-major. */
export function pageForward(spec: ModelSpec, weights: ModelWeights): (x: Int32Array | Float32Array, n: number) => Float32Array {
  if (typedPredictorSupport(spec) === null) {
    const typed = new TypedPredictor(spec, layerValues(spec, weights));
    return (x, n) => typed.predict(x, n);
  }
  const model = referenceModel(spec, weights);
  return (x, n) => Float32Array.from(forwardModel(model, x, n).output);
}

export function pagePredictor(spec: ModelSpec, weights: ModelWeights): Pick<RunModel, 'predict'> {
  const forward = pageForward(spec, weights);
  return { predict: async (x, n) => ({ probs: forward(x, n), threads: 1 }) };
}
