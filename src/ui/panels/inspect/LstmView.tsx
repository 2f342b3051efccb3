/**
 * The recurrent layers of one inspection: pick a layer, sort its units, see its heatmaps (an LSTM's
 * five, a GRU's four, a SimpleRNN's one) with what to look for in each, hover a cell for its
 * numbers, click one to follow its unit as a line.
 */
import { useCallback, useMemo, useState } from 'react';
import type { InspectedLayer } from '../../../engine/inspect/types';
import { formatCount } from '../../format';
import { Heatmap, type HoveredCell } from './Heatmap';
import { HoverReadout } from './HoverReadout';
import { TRACED, traceOf } from '../../../engine/inspect/inspectSample';
import { QUANTITIES, type Quantity } from './quantities';
import { UnitLine } from './UnitLine';
import { UNIT_SORTS, unitOrder, type UnitSort } from './unitOrder';

export function LstmView({ layers }: { layers: InspectedLayer[] }) {
  const [picked, setPicked] = useState(0);
  const [sort, setSort] = useState<UnitSort>('index');
  const [followed, setFollowed] = useState<number | null>(null);
  const [hover, setHover] = useState<(HoveredCell & { quantity: Quantity }) | null>(null);
  const layer = layers[Math.min(picked, layers.length - 1)];
  // Sorted by the hidden state's activity: the one order for every map, so rows line up.
  const order = useMemo(() => unitOrder(layer, sort, 'h'), [layer, sort]);
  const hovers = useMemo(
    () => Object.fromEntries((Object.keys(QUANTITIES) as Quantity[]).map((q) => [q, (cell: HoveredCell | null) => setHover(cell && { ...cell, quantity: q })])) as Record<Quantity, (cell: HoveredCell | null) => void>,
    [],
  );
  const follow = useCallback((unit: number) => setFollowed(unit), []);
  const step = hover ? layer.steps[hover.step] : undefined;

  return (
    <div className="inspect-lstm">
      <div className="inspect-controls">
        {layers.length > 1 && (
          <label>
            Layer{' '}
            <select data-testid="inspect.layer" value={picked} onChange={(e) => setPicked(Number(e.target.value))}>
              {layers.map((l, k) => (
                <option key={l.name} value={k}>
                  {l.name} ({formatCount(l.units, 'unit')})
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
      {hover && (
        <HoverReadout x={hover.x} y={hover.y}>
          {`${QUANTITIES[hover.quantity].title} · unit ${hover.unit} · step ${hover.step + 1}${step ? ` “${step.padding ? 'padding' : step.label}”` : ''} · ${hover.value.toFixed(4)}`}
        </HoverReadout>
      )}
      <div className="inspect-grid">
        {TRACED[layer.kind].map((q) => (
          <Heatmap
            key={q}
            values={traceOf(layer, q)}
            steps={layer.steps}
            order={order}
            scale={QUANTITIES[q].scale}
            title={QUANTITIES[q].title}
            explain={QUANTITIES[q].explain}
            testId={`inspect.heatmap.${q}`}
            followed={followed}
            onHover={hovers[q]}
            onFollow={follow}
          />
        ))}
      </div>
      {followed !== null && followed < layer.units && <UnitLine layer={layer} unit={followed} />}
    </div>
  );
}
