/**
 * Which order the heatmaps list a layer's units in: as the layer has them, by how active they
 * are on this input, or by their weight on the output (where the layer feeds it directly).
 */
import type { InspectedLayer } from '../../../engine/inspect/types';
import { traceOf } from '../../../engine/inspect/inspectSample';
import type { Quantity } from './quantities';

export type UnitSort = 'index' | 'activity' | 'outputWeight';

export const UNIT_SORTS: { readonly [S in UnitSort]: string } = {
  index: 'unit number',
  activity: 'activity (mean |value| here)',
  outputWeight: 'weight on the output',
};

/** Unit indices, top row first. Activity is the mean |value| of `quantity` over the steps that are not padding. */
export function unitOrder(layer: InspectedLayer, sort: UnitSort, quantity: Quantity): number[] {
  const units = Array.from({ length: layer.units }, (_, u) => u);
  if (sort === 'outputWeight' && layer.outputWeight) {
    const w = layer.outputWeight;
    // Signed for a single output (units pushing it up first), else by the row's length.
    return units.sort((a, b) => w[b] - w[a]);
  }
  if (sort === 'activity') {
    const rows = traceOf(layer, quantity).filter((_, t) => !layer.steps[t]?.padding);
    const activity = units.map((u) => rows.reduce((s, row) => s + Math.abs(row[u]), 0) / Math.max(1, rows.length));
    return units.sort((a, b) => activity[b] - activity[a]);
  }
  return units;
}
