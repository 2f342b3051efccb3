/**
 * What inspecting a snapshot computes once and reuses for every question until the next one: the
 * reference model of its weights and the run of an all-padding input, whose steps every padded
 * review starts with (a pre-padded 500-step review of 20 words is 480 steps of padding) and which
 * is integrated gradients' baseline.
 *
 * Keyed by the weights object itself: a snapshot's weights are a copy that is never changed in
 * place (each snapshot reaches the try worker as a new one), so a new snapshot is a new key, and
 * an old entry goes when its weights do.
 */
import { forwardModel, referenceModel, type ModelRun, type ReferenceModel, type SharedPrefix } from '../reference/model';
import type { ModelSpec } from '../spec/types';
import type { ModelWeights } from '../weights';

/** The id (or value) padding is made of: Keras' `pad_sequences` pads with 0. */
const PADDING = 0;

export interface PreparedModel {
  model: ReferenceModel;
  /** The model on one all-padding input, run on first use. */
  padding(): ModelRun;
  /** Whether `padding()` has run (it is then free). */
  readonly paddingDone: boolean;
}

const prepared = new WeakMap<ModelWeights, { spec: string; entry: PreparedModel }>();

function prepare(spec: ModelSpec, weights: ModelWeights): PreparedModel {
  const model = referenceModel(spec, weights);
  let padding: ModelRun | undefined;
  return {
    model,
    padding: () => (padding ??= forwardModel(model, new Float64Array(spec.inputShape.reduce((a, d) => a * d, 1)).fill(PADDING), 1)),
    get paddingDone() {
      return padding !== undefined;
    },
  };
}

/** The prepared model of these weights, made on the first question about them. */
export function preparedModel(spec: ModelSpec, weights: ModelWeights): PreparedModel {
  const key = JSON.stringify(spec);
  const cached = prepared.get(weights);
  if (cached && cached.spec === key) return cached.entry;
  const entry = prepare(spec, weights);
  prepared.set(weights, { spec: key, entry });
  return entry;
}

/** A pre-padded sequence of ids shares the all-padding run's steps up to its first id that is not padding. */
export function paddingPrefix(p: PreparedModel, ids: ArrayLike<number>): SharedPrefix {
  let agreeBefore = 0;
  while (agreeBefore < ids.length && ids[agreeBefore] === PADDING) agreeBefore++;
  return { run: p.padding(), agreeBefore };
}
