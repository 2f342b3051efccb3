/** Shared by the inspect tests: a tutorial's model at a small size, with weights that are not Keras' tidy initial ones. */
import type { HyperParams } from '../../config/hyperparams';
import { SCENARIOS, type ScenarioId } from '../../scenarios';
import { createRng } from '../rng';
import { weightShapes } from '../spec/model';
import type { ModelSpec } from '../spec/types';
import type { ModelWeights } from '../weights';

export function tutorialSpec(scenario: ScenarioId, hp: Partial<HyperParams>): ModelSpec {
  return SCENARIOS[scenario].model({ ...SCENARIOS[scenario].defaults, ...hp });
}

/**
 * Every weight uniform in ±`scale`, biases included (Keras starts them at 0 and 1, which would
 * hide a bias read from the wrong gate).
 */
export function randomWeights(spec: ModelSpec, seed: number, scale = 0.5): ModelWeights {
  const rng = createRng(seed);
  return weightShapes(spec).flat().map((shape) => ({
    shape,
    values: Float32Array.from({ length: shape.reduce((a, d) => a * d, 1) }, () => (rng.next() * 2 - 1) * scale),
  }));
}

/** `words` random ids in 2…vocab−1 after `pad` zeros: a padded review. */
export function paddedIds(vocab: number, pad: number, words: number, seed: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length: pad + words }, (_, t) => (t < pad ? 0 : rng.int(2, vocab)));
}
