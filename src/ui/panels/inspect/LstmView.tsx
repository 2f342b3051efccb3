/**
 * The recurrent layers of one inspection: pick a layer, sort its units, see its heatmaps (an LSTM's
 * five, a GRU's four, a SimpleRNN's one) with what to look for in each, hover a cell for its
 * numbers, click one to follow its unit as a line. A Bidirectional layer shows a block of maps per
 * direction (`directions.ts`), each sorted and followed as a layer of its own.
 */
import { useMemo, useState } from 'react';
import type { InspectedLayer } from '../../../engine/inspect/types';
import { formatCount } from '../../format';
import { Heatmap, type HoveredCell } from './Heatmap';
import { HoverReadout } from './HoverReadout';
import { TRACED, traceOf } from '../../../engine/inspect/inspectSample';
import { directionsOf, type DirectionKey } from './directions';
import { QUANTITIES, type Quantity } from './quantities';
import { UnitLine } from './UnitLine';
import { UNIT_SORTS, unitOrder, type UnitSort } from './unitOrder';

export function LstmView({ layers }: { layers: InspectedLayer[] }) {
  const [picked, setPicked] = useState(0);
  const [sort, setSort] = useState<UnitSort>('index');
  const [followed, setFollowed] = useState<{ direction: DirectionKey; unit: number } | null>(null);
  const [hover, setHover] = useState<(HoveredCell & { quantity: Quantity; direction: DirectionKey }) | null>(null);
  const layer = layers[Math.min(picked, layers.length - 1)];
  const directions = useMemo(() => directionsOf(layer), [layer]);
  // Sorted by the hidden state's activity: the one order for every map of a direction, so rows line up.
  const orders = useMemo(() => directions.map((d) => unitOrder(d.layer, sort, 'h')), [directions, sort]);
  // One stable callback per direction and quantity: the maps are memoised on their props.
  const hovers = useMemo(() => {
    const of = (direction: DirectionKey) =>
      Object.fromEntries((Object.keys(QUANTITIES) as Quantity[]).map((q) => [q, (cell: HoveredCell | null) => setHover(cell && { ...cell, quantity: q, direction })])) as Record<Quantity, (cell: HoveredCell | null) => void>;
    return { only: of('only'), forward: of('forward'), backward: of('backward') } satisfies Record<DirectionKey, unknown>;
  }, []);
  const follows = useMemo(() => ({
    only: (unit: number) => setFollowed({ direction: 'only', unit }),
    forward: (unit: number) => setFollowed({ direction: 'forward', unit }),
    backward: (unit: number) => setFollowed({ direction: 'backward', unit }),
  }) satisfies Record<DirectionKey, unknown>, []);
  const hovered = hover && directions.find((d) => d.key === hover.direction);
  const step = hover && hovered ? hovered.layer.steps[hover.step] : undefined;
  const skipped = hover && hovered?.layer.masked?.[hover.step];
  const followedLayer = followed && directions.find((d) => d.key === followed.direction)?.layer;

  return (
    <div className="inspect-lstm">
      <div className="inspect-controls">
        {layers.length > 1 && (
          <label>
            Layer{' '}
            <select data-testid="inspect.layer" value={picked} onChange={(e) => setPicked(Number(e.target.value))}>
              {layers.map((l, k) => (
                <option key={l.name} value={k}>
                  {l.name} ({formatCount(l.units, 'unit')}{l.backward ? ' each way' : ''})
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Sort units by{' '}
          <select data-testid="inspect.sort" value={sort} onChange={(e) => setSort(e.target.value as UnitSort)}>
            {(Object.keys(UNIT_SORTS) as UnitSort[])
              .filter((s) => s !== 'outputWeight' || layer.outputWeight)
              .map((s) => (
                <option key={s} value={s}>
                  {UNIT_SORTS[s]}
                </option>
              ))}
          </select>
        </label>
        <span className="muted small">
          Units down, timesteps across ({layer.steps.length}); click a row to follow its unit.
        </span>
      </div>
      <p className="muted small" data-testid="inspect.hint">Hover a cell to read its unit, timestep, input and value.</p>
      {layer.masked?.some(Boolean) && (
        <p className="muted small" data-testid="inspect.masked">
          The padding is masked (mask_zero=True): the layer skips those steps, so its state holds there and its gates are 0.
        </p>
      )}
      {hover && (
        <HoverReadout x={hover.x} y={hover.y}>
          {`${QUANTITIES[hover.quantity].title}${hovered?.suffix ?? ''} · unit ${hover.unit} · step ${hover.step + 1}${step ? ` “${step.padding ? 'padding' : step.label}”` : ''}${skipped ? ' (masked: state held)' : ''} · ${hover.value.toFixed(4)}`}
        </HoverReadout>
      )}
      {directions.map((d, k) => (
        <section key={d.key} className="inspect-direction" data-testid={d.key === 'only' ? undefined : `inspect.direction.${d.key}`}>
          {d.heading && <h3 className="inspect-direction-heading">{d.heading}</h3>}
          {d.explain && <p className="muted small">{d.explain}</p>}
          <div className="inspect-grid">
            {TRACED[d.layer.kind].map((q) => (
              <Heatmap
                key={q}
                values={traceOf(d.layer, q)}
                steps={d.layer.steps}
                order={orders[k]}
                scale={QUANTITIES[q].scale}
                title={QUANTITIES[q].title + d.suffix}
                explain={QUANTITIES[q].explain}
                testId={`${d.testPrefix}.${q}`}
                followed={followed?.direction === d.key ? followed.unit : null}
                onHover={hovers[d.key][q]}
                onFollow={follows[d.key]}
                // The backward layer read the input's end first: its words are at its start.
                scrollTo={d.key === 'backward' ? 'start' : 'end'}
              />
            ))}
          </div>
        </section>
      ))}
      {followed !== null && followedLayer && followed.unit < followedLayer.units && <UnitLine layer={followedLayer} unit={followed.unit} />}
    </div>
  );
}
