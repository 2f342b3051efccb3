/**
 * A model's initial weights as Keras draws them, from the spec alone: every trainer starts from
 * these (`tfjs/buildModel.ts` writes them into its layers, `typed/` trains them as they are), so
 * the same seed gives the same model whoever trains it. Pure: no tfjs.
 */
import { createRng } from '../rng';
import type { ModelWeights } from '../weights';
import { KERAS_INITIALIZERS } from './kerasInit';
import { rowOf } from './layers';
import { modelShapes } from './model';
import type { ModelSpec } from './types';

/**
 * Layer by layer, each weight from its Keras initialiser, all from one generator seeded by
 * `seed`. The generator forks once first: that fork seeds the dropout masks (`buildModel`,
 * `typed/`), so adding a Dropout layer never changes the initial weights.
 */
export function initialWeights(spec: ModelSpec, seed: number): ModelWeights {
  const shapes = modelShapes(spec);
  if (!shapes.ok) throw new Error(shapes.problem.message);
  const rng = createRng(seed);
  rng.fork();
  return shapes.layers.flatMap(({ spec: layer, inShape }) => {
    const row = rowOf(layer);
    const initializers = row.initializers(layer);
    return row.weightShapes(layer, inShape).map((shape, k) => ({ shape, values: KERAS_INITIALIZERS[initializers[k]](shape, rng) }));
  });
}
