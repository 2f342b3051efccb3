/**
 * The directions a recurrent layer is drawn in: one for a plain layer, two for a Bidirectional
 * (its forward layer in the input's order, then its backward layer in the order it read the input,
 * the last step first). Each direction is a layer of its own to the heatmaps, the unit order and
 * the followed unit (its units are not the other direction's), so they draw it as they draw any
 * layer. Pure, so it is tested without a page.
 */
import type { InspectedLayer } from '../../../engine/inspect/types';
import { RECURRENT_KINDS } from '../../../engine/reference/recurrent';

export type DirectionKey = 'only' | 'forward' | 'backward';

export interface Direction {
  key: DirectionKey;
  /** The block's heading ("forward LSTM", "backward LSTM (reads right to left)"); none for a plain layer. */
  heading?: string;
  /** What the block shows, under its heading. */
  explain?: string;
  /** Added to each map's title (and so to its accessible name): which direction it belongs to. */
  suffix: string;
  /** The maps' test ids are `${testPrefix}.${quantity}`: the forward (or only) direction keeps the plain layer's. */
  testPrefix: string;
  /** The direction as a layer: its own values, step labels, units' output weights and name. */
  layer: InspectedLayer;
}

export function directionsOf(layer: InspectedLayer): Direction[] {
  const { backward, ...forward } = layer;
  if (!backward) return [{ key: 'only', suffix: '', testPrefix: 'inspect.heatmap', layer }];
  const cls = RECURRENT_KINDS[layer.kind].kerasClass;
  const { read: _read, ...values } = backward;
  return [
    {
      key: 'forward', heading: `forward ${cls}`, suffix: ` (forward ${cls})`, testPrefix: 'inspect.heatmap',
      explain: 'Reads the input first step to last, as a plain layer does.',
      layer: { ...forward, name: `${layer.name}, forward ${cls}` },
    },
    {
      key: 'backward', heading: `backward ${cls} (reads right to left)`, suffix: ` (backward ${cls})`, testPrefix: 'inspect.heatmap.backward',
      explain: 'Reads the input last step to first: its columns are in the order it read them, each labelled with the input it read.',
      // Every traced quantity is the backward layer's (the same kind has the same quantities).
      layer: { ...forward, ...values, name: `${layer.name}, backward ${cls}` },
    },
  ];
}
