/**
 * One unit followed over the timesteps: its gates, cell and hidden state as lines, on axes with
 * ticks (the step across, the value up) so a reader can say when a unit switched and to what.
 */
import type { InspectedLayer } from '../../../engine/inspect/types';
import { ticksWithin } from '../../ticks';
import { maxAbs } from './colorScale';
import { TRACED, traceOf } from '../../../engine/inspect/inspectSample';

/** The plot in SVG user units; it scales down to narrow screens. */
const WIDTH = 560, HEIGHT = 170;
/** Room for the value ticks (left), the step ticks and the axis title (bottom). */
const PAD = { left: 40, right: 8, top: 8, bottom: 34 };

export function UnitLine({ layer, unit }: { layer: InspectedLayer; unit: number }) {
  const T = layer.h.length;
  const shown = TRACED[layer.kind];
  // One vertical scale for all, so the gates' [0, 1] and the states compare.
  const top = Math.max(1, maxAbs(shown.flatMap((q) => traceOf(layer, q)).map((row) => [row[unit]])));
  const plotW = WIDTH - PAD.left - PAD.right, plotH = HEIGHT - PAD.top - PAD.bottom;
  // Steps are numbered from 1, as the hover readout numbers them.
  const x = (step: number) => PAD.left + (T <= 1 ? plotW / 2 : ((step - 1) * plotW) / (T - 1));
  const y = (v: number) => PAD.top + plotH / 2 - (v / top) * (plotH / 2);
  const stepTicks = ticksWithin(1, T, 8, true);
  const valueTicks = ticksWithin(-top, top, 5);
  return (
    <figure className="inspect-unit" data-testid="inspect.unit" data-unit={unit}>
      <figcaption>
        Unit {unit} of {layer.name}, step by step{' '}
        {shown.map((q) => (
          <span key={q} className={`inspect-legend q-${q}`}>
            ■ {q}
          </span>
        ))}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} role="img" aria-label={`unit ${unit} over ${T} timesteps`}>
        <g data-testid="inspect.unit.yaxis">
          {valueTicks.map((v) => (
            <g key={v}>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} className={v === 0 ? 'unit-zero' : 'unit-grid'} />
              <text x={PAD.left - 5} y={y(v) + 3} textAnchor="end" className="axis-tick">{+v.toPrecision(3)}</text>
            </g>
          ))}
          <text x={10} y={PAD.top + plotH / 2} textAnchor="middle" transform={`rotate(-90 10 ${PAD.top + plotH / 2})`} className="axis-tick">value</text>
        </g>
        <g data-testid="inspect.unit.xaxis">
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} className="unit-axis" />
          {stepTicks.map((s) => (
            <g key={s}>
              <line x1={x(s)} x2={x(s)} y1={PAD.top + plotH} y2={PAD.top + plotH + 4} className="unit-axis" />
              <text x={x(s)} y={PAD.top + plotH + 15} textAnchor="middle" className="axis-tick">{s}</text>
            </g>
          ))}
          <text x={PAD.left + plotW / 2} y={HEIGHT - 3} textAnchor="middle" className="axis-tick">step</text>
        </g>
        {shown.map((q) => (
          <polyline
            key={q}
            className={`unit-line q-${q}`}
            strokeWidth={q === 'c' || q === 'h' ? 2 : 1.2}
            points={traceOf(layer, q).map((row, t) => `${x(t + 1).toFixed(1)},${y(row[unit]).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
    </figure>
  );
}
