import { describe, expect, it } from 'vitest';
import type { InspectedLayer } from '../../../engine/inspect/types';
import { unitOrder } from './unitOrder';

const rows = (values: number[][]) => values;
const layer: InspectedLayer = {
  layer: 0, name: 'lstm', kind: 'lstm', units: 3,
  i: rows([[0, 0, 0], [0, 0, 0]]), f: rows([[0, 0, 0], [0, 0, 0]]), o: rows([[0, 0, 0], [0, 0, 0]]), c: rows([[0, 0, 0], [0, 0, 0]]),
  // Step 0 is padding: its large value for unit 0 must not count.
  h: rows([[9, 0, 0], [0.1, -0.5, 0.3]]),
  steps: [{ label: '', padding: true }, { label: 'A', padding: false }],
  outputWeight: [0.2, -1, 0.7],
};

describe('unitOrder', () => {
  it.each<[Parameters<typeof unitOrder>[1], number[]]>([
    ['index', [0, 1, 2]],
    ['activity', [1, 2, 0]],
    ['outputWeight', [2, 0, 1]],
  ])('by %s', (sort, want) => {
    expect(unitOrder(layer, sort, 'h')).toEqual(want);
  });

  it('keeps the layer’s order when it has no weights on the output', () => {
    expect(unitOrder({ ...layer, outputWeight: undefined }, 'outputWeight', 'h')).toEqual([0, 1, 2]);
  });
});
