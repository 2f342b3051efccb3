import { describe, expect, it } from 'vitest';
import type { InspectedLayer } from '../../../engine/inspect/types';
import { directionsOf } from './directions';
import { unitOrder } from './unitOrder';

const steps = [{ label: '', padding: true }, { label: 'good', padding: false }, { label: 'film', padding: false }];
const plain: InspectedLayer = { layer: 1, name: 'gru', kind: 'gru', units: 2, z: [[0, 0], [1, 1], [0, 1]], r: [[0, 0], [0, 0], [0, 0]], n: [[0, 0], [0, 0], [0, 0]], h: [[0, 0], [0.5, 0], [0.2, 0.1]], steps };

describe('directionsOf', () => {
  it('draws a plain layer as it always has: one block, no heading, the maps’ usual test ids', () => {
    expect(directionsOf(plain)).toEqual([{ key: 'only', suffix: '', testPrefix: 'inspect.heatmap', layer: plain }]);
  });

  it('draws a Bidirectional as two layers: forward in the input’s order, backward as it read, with its own values, labels and weights', () => {
    const layer: InspectedLayer = {
      ...plain, name: 'bidirectional', outputWeight: [1, -1], masked: [true, false, false],
      backward: {
        z: [[0.3, 0.3], [0.4, 0.4], [0, 0]], r: [[1, 1], [1, 1], [0, 0]], n: [[0, 0], [0, 0], [0, 0]], h: [[0.1, -0.9], [0.2, -0.8], [0.2, -0.8]],
        masked: [false, false, true], read: [2, 1, 0], steps: [steps[2], steps[1], steps[0]], outputWeight: [-2, 3],
      },
    };
    const [forward, backward] = directionsOf(layer);
    expect(forward).toMatchObject({ key: 'forward', heading: 'forward GRU', suffix: ' (forward GRU)', testPrefix: 'inspect.heatmap' });
    expect(forward.layer).toMatchObject({ name: 'bidirectional, forward GRU', h: plain.h, z: plain.z, steps, outputWeight: [1, -1], masked: [true, false, false] });
    expect(forward.layer.backward).toBeUndefined();
    expect(backward).toMatchObject({ key: 'backward', heading: 'backward GRU (reads right to left)', suffix: ' (backward GRU)', testPrefix: 'inspect.heatmap.backward' });
    expect(backward.layer).toMatchObject({ name: 'bidirectional, backward GRU', kind: 'gru', units: 2, h: layer.backward!.h, z: layer.backward!.z, masked: [false, false, true] });
    expect(backward.layer.steps.map((s) => s.label)).toEqual(['film', 'good', '']);
    expect(backward.layer.backward).toBeUndefined();
    // Each direction sorts its own units, by its own weights on the output.
    expect(unitOrder(forward.layer, 'outputWeight', 'h')).toEqual([0, 1]);
    expect(unitOrder(backward.layer, 'outputWeight', 'h')).toEqual([1, 0]);
  });
});
