/**
 * How Inspect shows each recurrent layer: its trace (`inspectSample.ts`) with a label per timestep
 * (carried through the layers by `stepLabels.ts`) and, where its last h goes straight to a Dense
 * layer, its units' weights there (to sort units by). A Bidirectional's backward layer gets the
 * labels of the input steps it read, in the order it read them. Shared by every kind of input.
 */
import type { ReferenceModel } from '../reference/model';
import type { ModelSpec } from '../spec/types';
import { weightsByLayer, type ModelWeights } from '../weights';
import type { SampleInspection } from './inspectSample';
import { lstmStepLabels, tracedRecurrent } from './stepLabels';
import type { InspectedLayer, StepLabel } from './types';

/** Each recurrent layer's trace with its step labels and, where it feeds the output, its units' weights there. */
export function describeLayers(model: ReferenceModel, weights: ModelWeights, inspection: SampleInspection, input: readonly StepLabel[]): InspectedLayer[] {
  const labels = lstmStepLabels(model.spec, input);
  const byLayer = weightsByLayer(model.spec, weights);
  return inspection.layers.map(({ backward, ...trace }) => {
    const given = labels.get(trace.layer) ?? [];
    const steps = given.length === trace.h.length ? given : trace.h.map((_, t) => ({ label: String(t + 1), padding: false }));
    const weights = outputWeights(model.spec, byLayer, trace.layer);
    const layer: InspectedLayer = { ...trace, steps, outputWeight: weights?.[0] };
    if (backward) layer.backward = { ...backward, steps: backward.read.map((p) => steps[p]), outputWeight: weights?.[1] };
    return layer;
  });
}

/**
 * The weights from a recurrent layer's units into the Dense layer its last h reaches through
 * Dropouts only: one array, or for a Bidirectional two (its forward layer's units come first in
 * the Dense kernel's rows, then its backward layer's).
 */
function outputWeights(spec: ModelSpec, byLayer: ReturnType<typeof weightsByLayer>, layer: number): number[][] | undefined {
  const recurrent = tracedRecurrent(spec.layers[layer]);
  if (!recurrent || recurrent.returnSequences) return undefined;
  let next = layer + 1;
  while (spec.layers[next]?.kind === 'dropout') next++;
  const dense = spec.layers[next];
  if (dense?.kind !== 'dense') return undefined;
  const kernel = byLayer[next][0].values, out = dense.units, U = recurrent.units;
  const unitWeight = (row: number) => {
    const w = kernel.subarray(row * out, (row + 1) * out);
    return out === 1 ? w[0] : Math.hypot(...w);
  };
  const directions = spec.layers[layer].kind === 'bidirectional' ? 2 : 1;
  return Array.from({ length: directions }, (_, d) => Array.from({ length: U }, (_, u) => unitWeight(d * U + u)));
}
