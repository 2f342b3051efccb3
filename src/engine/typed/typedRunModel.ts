/**
 * The typed network's weights as the run's `RunModel`. Predictions come from a `TypedPredictor`
 * (about twice as fast as the network's own forward on IMDB: its Embedding's input projection is a
 * table lookup), built from the network's weights when first asked and rebuilt only after a
 * training step has changed them; helper threads share large batches (`sharedScoring.ts`).
 * Models the predictor does not take (stateful ones, or one too large for its arena) are run
 * through the network's own forward, in inference mode.
 */
import type { Prediction, RunModel } from '../runModel';
import { weightShapes } from '../spec/model';
import type { ModelSpec } from '../spec/types';
import type { ModelWeights } from '../weights';
import { macrotaskYield } from '../yield';
import type { TypedNetwork } from './network';
import { sharedPredict, type PredictHelper } from './sharedScoring';
import { TypedPredictor, typedPredictorSupport } from './typedPredictor';

export interface TypedRunModel extends RunModel {
  /** Tells the model its network has trained since the last prediction (its predictor is stale). */
  changed(): void;
}

export function typedRunModel(
  spec: ModelSpec, network: TypedNetwork, maxBatch: number, predictHelpers: () => readonly PredictHelper[] = () => [],
): TypedRunModel {
  const shapes = weightShapes(spec).flat();
  /** The predictor for the current weights; undefined when stale or never built. */
  let predictor: TypedPredictor | undefined;
  /** Why the predictor cannot take this model (fixed for the run), once known. */
  let noPredictor = typedPredictorSupport(spec);

  const ownForward = (x: Float32Array | Int32Array, n: number): Prediction => {
    const perSample = x.length / Math.max(1, n);
    let out: Float32Array | undefined;
    for (let from = 0; from < n; from += maxBatch) {
      const size = Math.min(maxBatch, n - from);
      const probs = network.predict(x.subarray(from * perSample, (from + size) * perSample), size);
      out ??= new Float32Array(n * (probs.length / size));
      out.set(probs, from * (probs.length / size));
    }
    return { probs: out ?? new Float32Array(0), threads: 1 };
  };

  return {
    spec,
    async predict(x, n) {
      if (noPredictor === null && !predictor) {
        try {
          predictor = new TypedPredictor(spec, network.layerWeights(), network.kernelKind);
        } catch (e) {
          // Too large for its arena (a huge vocabulary × units): the network's forward still works.
          if (!(e instanceof RangeError)) throw e;
          noPredictor = e.message;
        }
      }
      if (!predictor) return ownForward(x, n);
      const helpers = predictHelpers();
      if (helpers.length === 0 || n <= predictor.batch) return { probs: predictor.predict(x, n), threads: 1 };
      return sharedPredict(predictor, helpers, spec, network.layerWeights(), x, n, { chunk: predictor.batch, yieldToHost: macrotaskYield });
    },
    getWeights: async () => network.layerWeights().flat().map((values, i) => ({ shape: [...shapes[i]], values: values.slice() })),
    setWeights(weights: ModelWeights) {
      const flat = new Float32Array(weights.reduce((n, w) => n + w.values.length, 0));
      let at = 0;
      for (const w of weights) {
        flat.set(w.values, at);
        at += w.values.length;
      }
      network.setWeights(flat);
      predictor = undefined;
    },
    resetStates: () => network.resetStates(),
    changed() {
      predictor = undefined;
    },
    dispose() {
      predictor = undefined;
    },
  };
}
