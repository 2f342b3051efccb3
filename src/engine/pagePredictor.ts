/**
 * A model answering on the page's thread: what Try and generation use for a loaded or reopened
 * model, which has no run in the training worker. The fastest of three that takes the model:
 * - the typed predictor (`typed/typedPredictor.ts`: LSTM stacks, with its Embedding table);
 * - the typed trainer's network in inference mode (`typed/network.ts`: GRU, SimpleRNN, any model
 *   the typed trainer takes), on the same WebAssembly kernels;
 * - the float64 reference model, the maths every fast path is tested against (a stateful model,
 *   or one too large for an arena here).
 * The same forward pass as the run's model before the download.
 */
import { createRng } from './rng';
import { forwardModel, referenceModel } from './reference/model';
import type { RunModel } from './runModel';
import { isStateful, trainingMemoryBytes } from './spec/model';
import type { ModelSpec } from './spec/types';
import { TypedNetwork } from './typed/network';
import { typedTrainerSupport } from './typed/support';
import { MAX_PREDICTOR_FLOATS, TypedPredictor, typedPredictorSupport } from './typed/typedPredictor';
import { layerValues, type ModelWeights } from './weights';

/** Which of the three answers for a model. */
export type PageForwardKind = 'typedPredictor' | 'typedNetwork' | 'reference';

/** Samples per pass through the typed network: a window at a time is the common case, a plot's windows the large one. */
const NETWORK_BATCH = 64;

type Forward = (x: Int32Array | Float32Array, n: number) => Float32Array;

/** The forward pass for a model, and which of the three it is. */
export function pageForwardOf(spec: ModelSpec, weights: ModelWeights): { kind: PageForwardKind; forward: Forward } {
  if (typedPredictorSupport(spec) === null) {
    const typed = new TypedPredictor(spec, layerValues(spec, weights));
    return { kind: 'typedPredictor', forward: (x, n) => typed.predict(x, n) };
  }
  const network = typedNetwork(spec, weights);
  if (network) return { kind: 'typedNetwork', forward: network };
  const model = referenceModel(spec, weights);
  return { kind: 'reference', forward: (x, n) => Float32Array.from(forwardModel(model, x, n).output) };
}

/** `predict(x, n)`: the model's outputs for `n` samples of `x`, row-major. */
export const pageForward = (spec: ModelSpec, weights: ModelWeights): Forward => pageForwardOf(spec, weights).forward;

/** The typed trainer's network answering in inference mode, where it takes the model and fits in a predictor's arena. */
function typedNetwork(spec: ModelSpec, weights: ModelWeights): Forward | null {
  if (typedTrainerSupport(spec) !== null || isStateful(spec)) return null;
  // Sized before anything is allocated (an upper bound on the network's arena): past a predictor's
  // limit the reference model answers, one input at a time, in the memory the input needs.
  if (trainingMemoryBytes(spec, { batchSize: NETWORK_BATCH }) > 4 * MAX_PREDICTOR_FLOATS) return null;
  // Dropout is the identity at inference, so the generator is never drawn from; the learning rate is never used.
  const network = new TypedNetwork(spec, layerValues(spec, weights), { maxBatch: NETWORK_BATCH, learningRate: 0, rng: createRng(0) });
  const perSample = spec.inputShape.reduce((a, d) => a * d, 1);
  const classes = (spec.layers[spec.layers.length - 1] as { units: number }).units;
  return (x, n) => {
    const out = new Float32Array(n * classes);
    for (let from = 0; from < n; from += NETWORK_BATCH) {
      const B = Math.min(NETWORK_BATCH, n - from);
      out.set(network.predict(x.subarray(from * perSample, (from + B) * perSample), B), from * classes);
    }
    return out;
  };
}

export function pagePredictor(spec: ModelSpec, weights: ModelWeights): Pick<RunModel, 'predict'> {
  const forward = pageForward(spec, weights);
  return { predict: async (x, n) => ({ probs: forward(x, n), threads: 1 }) };
}
