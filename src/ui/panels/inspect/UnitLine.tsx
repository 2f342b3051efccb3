/** One unit followed over the timesteps: its gates, cell and hidden state as lines. */
import type { InspectedLayer } from '../../../engine/inspect/types';
import { maxAbs } from './colorScale';
import { QUANTITY_ORDER, type Quantity } from './quantities';

const COLORS: { readonly [Q in Quantity]: string } = { i: '#2b8cbe', f: '#31a354', o: '#8856a7', c: '#e6550d', h: '#222' };
const WIDTH = 560, HEIGHT = 140, PAD = 6;

export function UnitLine({ layer, unit }: { layer: InspectedLayer; unit: number }) {
  const T = layer.h.length;
  // One vertical scale for all five, so the gates' [0, 1] and the states compare.
  const top = Math.max(1, maxAbs([...layer.c, ...layer.h].map((row) => [row[unit]])));
  const x = (t: number) => PAD + (T <= 1 ? (WIDTH - 2 * PAD) / 2 : (t * (WIDTH - 2 * PAD)) / (T - 1));
  const y = (v: number) => HEIGHT / 2 - (v / top) * (HEIGHT / 2 - PAD);
  return (
    <figure className="inspect-unit" data-testid="inspect.unit" data-unit={unit}>
      <figcaption>
        Unit {unit} of {layer.name}, step by step{' '}
        {QUANTITY_ORDER.map((q) => (
          <span key={q} className="inspect-legend" style={{ color: COLORS[q] }}>
            ■ {q}
          </span>
        ))}
      </figcaption>
      <svg width={WIDTH} height={HEIGHT} role="img" aria-label={`unit ${unit} over ${T} timesteps`}>
        <line x1={PAD} x2={WIDTH - PAD} y1={y(0)} y2={y(0)} stroke="#ccc" />
        {QUANTITY_ORDER.map((q) => (
          <polyline
            key={q}
            fill="none"
            stroke={COLORS[q]}
            strokeWidth={q === 'c' || q === 'h' ? 2 : 1.2}
            points={layer[q].map((row, t) => `${x(t).toFixed(1)},${y(row[unit]).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
    </figure>
  );
}
