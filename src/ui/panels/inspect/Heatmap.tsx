/**
 * One quantity of one LSTM layer as a heatmap: units down (in the order given), timesteps across,
 * drawn on a canvas (IMDB's 500 steps × 100 units is 50,000 cells), each column labelled with its
 * input where the labels fit (thinned where they do not). Hovering reports the cell and where the
 * pointer is; clicking follows its unit.
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import { formatCount } from '../../format';
import type { StepLabel } from '../../../engine/inspect/types';
import { axisLabels, cellWidth, LINE_PX } from './axisLabels';
import { maxAbs } from './colorScale';
import { paintCells } from './paintCells';
import type { ScaleKind } from './quantities';
import { useColorScheme } from './useColorScheme';

export interface HoveredCell {
  unit: number;
  step: number;
  value: number;
  /** The pointer, in viewport pixels (the readout is placed beside it). */
  x: number;
  y: number;
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
  /** Where a map wider than its place starts scrolled to: the end (a pre-padded input's words; the default) or the start. */
  scrollTo?: 'start' | 'end';
}

/** Numbers each drawing a heatmap is asked for (see `data-version`). */
let drawings = 0;

/** Rows tall enough to see, the map at most about 220 px tall. */
const rowHeight = (units: number) => Math.max(2, Math.min(10, Math.floor(220 / Math.max(1, units))));

export const Heatmap = memo(function Heatmap({ values, steps, order, scale, title, explain, testId, followed, onHover, onFollow, scrollTo = 'end' }: HeatmapProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const T = values.length, U = order.length;
  const w = useMemo(() => cellWidth(steps), [steps]), h = rowHeight(U);
  const axis = useMemo(() => axisLabels(steps, w), [steps, w]);
  const theme = useColorScheme();
  const max = scale === 'diverging' ? maxAbs(values) : 1;
  // The canvas says which drawing it shows: `data-version` is rendered with the values,
  // `data-drawn` set once they are on the canvas (the maps draw after the commit, in tasks of their own).
  const version = useMemo(() => ++drawings, [values, steps, order, scale, max, followed, theme]);

  useEffect(() => {
    // Each map draws in a task of its own: five maps of IMDB's 80 × 128 cells drawn in the commit
    // that brought them made one 165 ms task (bench:speed, inspect-typing).
    const timer = setTimeout(() => {
      const ctx = canvas.current?.getContext('2d');
      if (!ctx) return;
      const image = ctx.createImageData(T * w, U * h);
      paintCells(new Uint32Array(image.data.buffer), { values, steps, order, scale, max, w, h, theme });
      ctx.putImageData(image, 0, 0);
      if (followed !== null) {
        const row = order.indexOf(followed);
        ctx.strokeStyle = theme === 'dark' ? '#f8fafc' : '#111';
        ctx.strokeRect(0.5, row * h + 0.5, T * w - 1, h - 1);
      }
      canvas.current?.setAttribute('data-drawn', String(version));
    }, 0);
    return () => clearTimeout(timer);
  }, [values, steps, order, scale, max, T, U, w, h, followed, version, theme]);

  // A map wider than its place (a review's 80 or 500 steps on a phone) scrolls sideways inside its
  // box: start at the end, where a pre-padded input's words are (or at the start, where asked).
  useEffect(() => {
    const f = scroller.current;
    if (f && f.scrollWidth > f.clientWidth) f.scrollLeft = scrollTo === 'end' ? f.scrollWidth : 0;
  }, [T, w, scrollTo]);

  const cellAt = (e: React.MouseEvent<HTMLCanvasElement>): HoveredCell | null => {
    // Inside the border, in canvas pixels (CSS may scale the canvas).
    const c = e.currentTarget;
    const x = e.nativeEvent.offsetX * (c.width / Math.max(1, c.clientWidth)), y = e.nativeEvent.offsetY * (c.height / Math.max(1, c.clientHeight));
    const t = Math.floor(x / w), row = Math.floor(y / h);
    if (t < 0 || t >= T || row < 0 || row >= U) return null;
    return { unit: order[row], step: t, value: values[t][order[row]], x: e.clientX, y: e.clientY };
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
      {/* Focusable, so a keyboard can scroll a map wider than its box (axe: scrollable-region-focusable). */}
      <div className="inspect-scroll" ref={scroller} tabIndex={0} role="group" aria-label={`${title}, scrolls sideways when wider than the page`}>
        <canvas
          ref={canvas}
          width={T * w}
          height={U * h}
          data-testid={testId}
          data-version={version}
          data-steps={T}
          data-units={U}
          role="img"
          aria-label={`${title}: ${formatCount(U, 'unit')} × ${formatCount(T, 'timestep')}`}
          onMouseMove={(e) => onHover(cellAt(e))}
          onMouseLeave={() => onHover(null)}
          onClick={(e) => {
            const cell = cellAt(e);
            if (cell) onFollow(cell.unit);
          }}
        />
        {axis.orientation === 'across' ? (
          <ol className="inspect-axis" data-testid={`${testId}.steps`} data-orientation="across" data-labels={axis.labels.length} style={{ width: T * w }}>
            {axis.labels.map((l) => (
              <li key={l.step} style={{ width: w }} className={l.padding ? 'muted' : undefined} title={l.title}>
                {l.text}
              </li>
            ))}
          </ol>
        ) : (
          // Written upwards, each centred under its column; the rest of the columns stay unlabelled.
          <ol className="inspect-axis inspect-axis-up" data-testid={`${testId}.steps`} data-orientation="up" data-labels={axis.labels.length} style={{ width: T * w, height: axis.height }}>
            {axis.labels.map((l) => (
              <li key={l.step} style={{ left: l.step * w + w / 2 - LINE_PX / 2, width: LINE_PX }} title={l.title}>
                {l.text}
              </li>
            ))}
          </ol>
        )}
      </div>
      {explain && <p className="muted small inspect-explain">{explain}</p>}
    </figure>
  );
});
