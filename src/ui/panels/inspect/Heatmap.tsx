/**
 * One quantity of one LSTM layer as a heatmap: units down (in the order given), timesteps across,
 * drawn on a canvas (IMDB's 500 steps × 100 units is 50,000 cells). Hovering reports the cell;
 * clicking follows its unit.
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import type { StepLabel } from '../../../engine/inspect/types';
import { maxAbs } from './colorScale';
import { paintCells } from './paintCells';
import type { ScaleKind } from './quantities';

export interface HoveredCell {
  unit: number;
  step: number;
  value: number;
}

interface HeatmapProps {
  /** [timesteps][units] */
  values: number[][];
  steps: StepLabel[];
  order: number[];
  scale: ScaleKind;
  title: string;
  /** What it shows and what to look for. */
  explain?: string;
  testId: string;
  followed: number | null;
  onHover(cell: HoveredCell | null): void;
  onFollow(unit: number): void;
}

/** Numbers each drawing a heatmap is asked for (see `data-version`). */
let drawings = 0;

/** Columns narrower than this get no labels underneath (a long review's words would not fit). */
const MIN_LABELLED_WIDTH = 10;

/** Pixels per cell: as wide as fits 720 px (at least 1), rows tall enough to see. */
const cellSize = (steps: number, units: number) => ({
  w: Math.max(1, Math.min(28, Math.floor(720 / Math.max(1, steps)))),
  h: Math.max(2, Math.min(10, Math.floor(220 / Math.max(1, units)))),
});

export const Heatmap = memo(function Heatmap({ values, steps, order, scale, title, explain, testId, followed, onHover, onFollow }: HeatmapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const T = values.length, U = order.length;
  const { w, h } = cellSize(T, U);
  const max = scale === 'diverging' ? maxAbs(values) : 1;
  // The canvas says which drawing it shows: `data-version` is rendered with the values,
  // `data-drawn` set once they are on the canvas (the maps draw after the commit, in tasks of their own).
  const version = useMemo(() => ++drawings, [values, steps, order, scale, max, followed]);

  useEffect(() => {
    // Each map draws in a task of its own: five maps of IMDB's 80 × 128 cells drawn in the commit
    // that brought them made one 165 ms task (bench:speed, inspect-typing).
    const timer = setTimeout(() => {
      const ctx = canvas.current?.getContext('2d');
      if (!ctx) return;
      const image = ctx.createImageData(T * w, U * h);
      paintCells(new Uint32Array(image.data.buffer), { values, steps, order, scale, max, w, h });
      ctx.putImageData(image, 0, 0);
      if (followed !== null) {
        const row = order.indexOf(followed);
        ctx.strokeStyle = '#111';
        ctx.strokeRect(0.5, row * h + 0.5, T * w - 1, h - 1);
      }
      canvas.current?.setAttribute('data-drawn', String(version));
    }, 0);
    return () => clearTimeout(timer);
  }, [values, steps, order, scale, max, T, U, w, h, followed, version]);

  const cellAt = (e: React.MouseEvent<HTMLCanvasElement>): HoveredCell | null => {
    // Inside the border, in canvas pixels (CSS may scale the canvas).
    const c = e.currentTarget;
    const x = e.nativeEvent.offsetX * (c.width / Math.max(1, c.clientWidth)), y = e.nativeEvent.offsetY * (c.height / Math.max(1, c.clientHeight));
    const t = Math.floor(x / w), row = Math.floor(y / h);
    if (t < 0 || t >= T || row < 0 || row >= U) return null;
    return { unit: order[row], step: t, value: values[t][order[row]] };
  };

  return (
    <figure className="inspect-heatmap">
      <figcaption>
        {title}
        <span className="muted small">
          {' '}
          {scale === 'sequential' ? '0 … 1' : `−${max.toFixed(2)} … ${max.toFixed(2)}`}
        </span>
      </figcaption>
      <canvas
        ref={canvas}
        width={T * w}
        height={U * h}
        data-testid={testId}
        data-version={version}
        data-steps={T}
        data-units={U}
        role="img"
        aria-label={`${title}: ${U} units × ${T} timesteps`}
        onMouseMove={(e) => onHover(cellAt(e))}
        onMouseLeave={() => onHover(null)}
        onClick={(e) => {
          const cell = cellAt(e);
          if (cell) onFollow(cell.unit);
        }}
      />
      {w >= MIN_LABELLED_WIDTH && (
        <ol className="inspect-axis" data-testid={`${testId}.steps`} style={{ width: T * w }}>
          {steps.map((s, t) => (
            <li key={t} style={{ width: w }} className={s.padding ? 'muted' : undefined} title={s.padding ? 'padding' : s.label}>
              {s.padding ? '·' : s.label}
            </li>
          ))}
        </ol>
      )}
      {explain && <p className="muted small inspect-explain">{explain}</p>}
    </figure>
  );
});
