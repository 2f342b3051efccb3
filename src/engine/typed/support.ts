/**
 * Which models the typed trainer takes: its layers (`layers.ts`) in the order its network chains
 * them. Whether it then trains a run is the plan's call (`../plan/`), by measuring.
 */
import { LAYER_KINDS } from '../spec/layers';
import { maskedInputs, modelShapes } from '../spec/model';
import type { ModelSpec } from '../spec/types';
import { TYPED_LAYERS } from './layers';

/** Why the typed trainer cannot train this model, or `null` when it can. */
export function typedTrainerSupport(spec: ModelSpec): string | null {
  const embeddingAt = spec.layers.findIndex((l) => l.kind === 'embedding');
  if (embeddingAt > 0) return 'its Embedding is not the first layer';
  if ((spec.inputDtype === 'int32') !== (embeddingAt === 0)) return 'only an Embedding takes word ids';
  const missing = spec.layers.find((l) => !TYPED_LAYERS[l.kind]);
  if (missing) return `it has no ${LAYER_KINDS[missing.kind].className} layer`;
  const last = spec.layers[spec.layers.length - 1];
  if (last?.kind !== 'dense') return 'the model does not end in a Dense layer';
  if (spec.layers.some((l, i) => l.kind === 'dense' && i !== spec.layers.length - 1)) return 'Dense is only supported as the output layer';
  // The typed Dense takes one vector per sample: the last recurrent layer returns one, or a
  // GlobalAveragePooling1D after it makes one. Shapes that do not fit at all are `checkModel`'s
  // to report (`../spec/check.ts`).
  const shapes = modelShapes(spec);
  if (shapes.ok && shapes.layers[shapes.layers.length - 1].inShape.length !== 1) return 'the Dense layer would see a sequence';
  // Keras' masked outputs start at zeros where a stateful layer's state starts at the last
  // batch's: the typed LSTM does not mix the two (no tutorial does).
  const masked = maskedInputs(spec);
  if (spec.layers.some((l, i) => masked[i] && l.kind === 'lstm' && l.stateful)) return 'a stateful LSTM cannot read the step mask of Embedding(mask_zero=True)';
  if (spec.inputShape.length !== (embeddingAt === 0 ? 1 : 2)) return `its input is not [timesteps${embeddingAt === 0 ? '' : ', features'}]`;
  return null;
}
