/**
 * How Inspect shows each LSTM layer: its trace (`inspectSample.ts`) with a label per timestep
 * (carried through the layers by `stepLabels.ts`) and, where its last h goes straight to a Dense
 * layer, its units' weights there (to sort units by). Shared by every kind of input.
 */
import type { ReferenceModel } from '../reference/model';
import { isRecurrent } from '../spec/recurrentLayer';
import type { ModelSpec } from '../spec/types';
import { weightsByLayer, type ModelWeights } from '../weights';
import type { SampleInspection } from './inspectSample';
import { lstmStepLabels } from './stepLabels';
import type { InspectedLayer, StepLabel } from './types';

/** Each LSTM layer's trace with its step labels and, where it feeds the output, its units' weights there. */
export function describeLayers(model: ReferenceModel, weights: ModelWeights, inspection: SampleInspection, input: readonly StepLabel[]): InspectedLayer[] {
  const labels = lstmStepLabels(model.spec, input);
  const byLayer = weightsByLayer(model.spec, weights);
  return inspection.layers.map((trace) => {
    const steps = labels.get(trace.layer) ?? [];
    return { ...trace, steps: steps.length === trace.h.length ? steps : trace.h.map((_, t) => ({ label: String(t + 1), padding: false })), outputWeight: outputWeights(model.spec, byLayer, trace.layer) };
  });
}

/** The weights from an LSTM's units into the Dense layer its last h reaches through Dropouts only. */
function outputWeights(spec: ModelSpec, byLayer: ReturnType<typeof weightsByLayer>, layer: number): number[] | undefined {
  const recurrent = spec.layers[layer];
  if (!isRecurrent(recurrent) || recurrent.returnSequences) return undefined;
  let next = layer + 1;
  while (spec.layers[next]?.kind === 'dropout') next++;
  const dense = spec.layers[next];
  if (dense?.kind !== 'dense') return undefined;
  const kernel = byLayer[next][0].values, out = dense.units;
  return Array.from({ length: recurrent.units }, (_, u) => {
    const row = kernel.subarray(u * out, (u + 1) * out);
    return out === 1 ? row[0] : Math.hypot(...row);
  });
}

