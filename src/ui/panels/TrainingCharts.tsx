/**
 * Live training curves: per-epoch loss and accuracy (training and validation), and the smoothed
 * per-batch loss. Each container carries `data-points` so end-to-end tests can assert on what is
 * plotted without reading SVG.
 *
 * Keeping the page responsive while batches stream in: charts take new data twice a second, each
 * on its own phase of that clock, as a transition; animations are off; the legend is plain HTML
 * and axis ticks are not measured for collisions, because both make Recharts re-render itself
 * synchronously after every update. Instead the ticks are round values we choose (ticks.ts), few
 * enough, with labels short enough, that they cannot collide on a phone.
 *
 * Colours of the grid, labels and target line come from CSS variables (styles.css), so dark mode
 * restyles them.
 */
import { expectationOf } from '../../scenarios';
import type { Expectation } from '../../scenarios/types';
import { memo } from 'react';
import {
  CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type BaseTickContentProps,
} from 'recharts';
import type { EpochUpdate } from '../../engine/types';
import type { BatchPoint } from '../../state/batchSeries';
import { DEFAULT_SERIES_OPTIONS } from '../../state/batchSeries';
import { selectRunScenario } from '../../state/selectors';
import type { LabState } from '../../state/store';
import { formatCompact, formatInt, formatOrdinal, formatPercent } from '../format';
import { ticksCovering, ticksWithin } from '../ticks';
import { useLab } from '../hooks/useLab';
import { useThrottledLab } from '../hooks/useThrottledLab';

const COLORS = { train: 'var(--series-train)', val: 'var(--series-val)', raw: 'var(--series-raw)', target: 'var(--target)' };
export const CHART_HEIGHT = 200;
/** At most this many x labels: five compact labels fit a 390 px screen's chart. */
const MAX_X_TICKS = 5;
export const MARGIN = { top: 8, right: 16, bottom: 0, left: 0 };
/** How often charts take new data; the progress line updates far more often. */
export const CHART_INTERVAL_MS = 500;
/** Offsets within that interval, so no two charts re-render in the same task. */
const PHASE = { loss: 0, acc: 170, batch: 340 };

const selectEpochs = (s: LabState) => s.epochs;
const selectBatchSeries = (s: LabState) => s.batchSeries;
const noEpochs = (epochs: LabState['epochs']) => epochs.length === 0;
const noBatches = (series: LabState['batchSeries']) => series.plotted.length === 0;

const fixed = (digits: number) => (v: number) => v.toFixed(digits);
const percentTick = (v: number) => formatPercent(v, 0);
const compactTick = (v: number) => formatCompact(v);


/**
 * A tick label as a bare <text>. Recharts' default label measures every word in the DOM to wrap
 * it, which was the single most expensive step of a chart update.
 */
function tick(format: (v: number) => string, axis: 'x' | 'y') {
  return function AxisTick({ x, y, payload, textAnchor }: BaseTickContentProps) {
    return (
      <text x={x} y={y} dy={axis === 'x' ? '0.9em' : '0.32em'} textAnchor={textAnchor} className="axis-tick">
        {format(Number(payload.value))}
      </text>
    );
  };
}

export const TICKS = {
  epochX: tick(compactTick, 'x'),
  stepX: tick(compactTick, 'x'),
  lossY: tick(fixed(2), 'y'),
  percentY: tick(percentTick, 'y'),
};
export const PERCENT_TICKS = [0, 0.25, 0.5, 0.75, 1];
export const metricTooltip = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v));
export const percentTooltip = (v: unknown) => (typeof v === 'number' ? formatPercent(v, 2) : String(v));
export const epochLabel = (l: unknown) => `Epoch ${String(l)}`;
export const batchLabel = (l: unknown) => `Batch ${formatInt(Number(l))}`;

export function TrainingCharts() {
  return (
    <div className="charts">
      <LossChart />
      <AccuracyChart />
      <BatchLossChart />
    </div>
  );
}

export interface LegendItem {
  label: string;
  color: string;
  dashed?: boolean;
}

interface FrameProps {
  testId: string;
  title: string;
  points: number;
  empty: string;
  legend: LegendItem[];
  note?: React.ReactNode;
  children: React.ReactNode;
}

export function ChartFrame({ testId, title, points, empty, legend, note, children }: FrameProps) {
  return (
    <figure className="chart" data-testid={testId} data-points={points}>
      <figcaption className="chart-title">
        {title}
        {note && <span className="muted small"> {note}</span>}
      </figcaption>
      <div className="chart-body" style={{ height: CHART_HEIGHT }}>
        {/* The chart stays mounted while empty: mounting it mid-run would be one long task. */}
        {children}
        {points === 0 && <div className="chart-empty">{empty}</div>}
      </div>
      <ul className="chart-legend" aria-label="Legend">
        {legend.map((item) => (
          <li key={item.label}>
            <span className={'swatch' + (item.dashed ? ' swatch-dashed' : '')} style={{ color: item.color }} />
            {item.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Round x ticks over the plotted range (epochs and batch numbers are whole). */
export function xTicks<T>(points: readonly T[], key: (p: T) => number, from?: number): number[] {
  if (points.length === 0) return [];
  return ticksWithin(from ?? key(points[0]), key(points[points.length - 1]), MAX_X_TICKS, true);
}

/** Round y ticks from 0 to just above the largest finite loss. */
export function lossTicks(values: Iterable<number | undefined>): number[] {
  let max = 0;
  for (const v of values) if (v !== undefined && Number.isFinite(v) && v > max) max = v;
  return ticksCovering(max, 4);
}

const hasVal = (epochs: EpochUpdate[], key: 'valLoss' | 'valAcc') => epochs.some((e) => e[key] !== undefined);

function epochLegend(withVal: boolean, extra: LegendItem[] = []): LegendItem[] {
  const items: LegendItem[] = [{ label: 'training', color: COLORS.train }];
  if (withVal) items.push({ label: 'validation', color: COLORS.val });
  return [...items, ...extra];
}

const LossChart = memo(function LossChart() {
  const epochs = useThrottledLab(selectEpochs, CHART_INTERVAL_MS, PHASE.loss, noEpochs);
  const withVal = hasVal(epochs, 'valLoss');
  const yTicks = lossTicks(epochs.flatMap((e) => [e.loss, e.valLoss]));
  return (
    <ChartFrame
      testId="chart.loss"
      title="Loss per epoch"
      points={epochs.length}
      empty="Waiting for the first epoch…"
      legend={epochLegend(withVal)}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={epochs} margin={MARGIN}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} ticks={xTicks(epochs, (e) => e.epoch, 1)} interval={0} tick={TICKS.epochX} />
          <YAxis domain={[0, yTicks[yTicks.length - 1]]} ticks={yTicks} tick={TICKS.lossY} width={48} interval={0} />
          <Tooltip formatter={metricTooltip} labelFormatter={epochLabel} isAnimationActive={false} />
          <Line name="training" dataKey="loss" stroke={COLORS.train} dot={false} strokeWidth={2} isAnimationActive={false} />
          {withVal && (
            <Line name="validation" dataKey="valLoss" stroke={COLORS.val} dot={false} strokeWidth={2} isAnimationActive={false} />
          )}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});

const TARGET_LABEL: { readonly [K in Expectation['kind']]: string } = { published: 'published', ceiling: 'best possible', chance: 'chance' };

const AccuracyChart = memo(function AccuracyChart() {
  const epochs = useThrottledLab(selectEpochs, CHART_INTERVAL_MS, PHASE.acc, noEpochs);
  const scenario = useLab(selectRunScenario);
  // Where our data cannot reach the published figure, the line is what it can reach, and says so;
  // a card beyond the tutorials publishes nothing, and its line is chance.
  const expected = expectationOf(scenario);
  const withVal = hasVal(epochs, 'valAcc');
  const which = expected.metric === 'acc' ? 'training' : 'validation';
  const targetLabel = TARGET_LABEL[expected.kind];
  return (
    <ChartFrame
      testId="chart.acc"
      title="Accuracy per epoch"
      points={epochs.length}
      empty="Waiting for the first epoch…"
      // The published figure is named in the legend, not on the plot, where the curve would cover it.
      legend={epochLegend(withVal, [{ label: `${targetLabel} ${formatPercent(expected.value)} (${which})`, color: COLORS.target, dashed: true }])}
      note={
        <span data-testid="chart.acc.target" data-kind={expected.kind} title={expected.text}>
          {expected.kind === 'chance' ? 'chance' : 'target'} {formatPercent(expected.value)}
        </span>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={epochs} margin={MARGIN}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} ticks={xTicks(epochs, (e) => e.epoch, 1)} interval={0} tick={TICKS.epochX} />
          <YAxis domain={[0, 1]} ticks={PERCENT_TICKS} tick={TICKS.percentY} width={48} interval={0} />
          <Tooltip formatter={percentTooltip} labelFormatter={epochLabel} isAnimationActive={false} />
          <ReferenceLine
            y={expected.value}
            stroke={COLORS.target}
            strokeDasharray="6 4"
            ifOverflow="extendDomain"
            className="target-line"
          />
          <Line name="training" dataKey="acc" stroke={COLORS.train} dot={false} strokeWidth={2} isAnimationActive={false} />
          {withVal && (
            <Line name="validation" dataKey="valAcc" stroke={COLORS.val} dot={false} strokeWidth={2} isAnimationActive={false} />
          )}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});

const BATCH_LEGEND: LegendItem[] = [
  { label: 'raw', color: COLORS.raw },
  { label: `smoothed (EMA ${DEFAULT_SERIES_OPTIONS.smoothing})`, color: COLORS.train },
];

const BatchLossChart = memo(function BatchLossChart() {
  const series = useThrottledLab(selectBatchSeries, CHART_INTERVAL_MS, PHASE.batch, noBatches);
  const points: BatchPoint[] = series.plotted;
  const yTicks = lossTicks(points.map((p) => p.loss));
  const note = series.stride > 1 ? `every ${formatOrdinal(series.stride)} batch drawn` : undefined;
  return (
    <ChartFrame
      testId="chart.batch"
      title="Loss per batch"
      note={note}
      points={points.length}
      empty="Waiting for the first batch…"
      legend={BATCH_LEGEND}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={MARGIN}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} ticks={xTicks(points, (p) => p.step)} interval={0} tick={TICKS.stepX} />
          <YAxis domain={[0, yTicks[yTicks.length - 1]]} ticks={yTicks} tick={TICKS.lossY} width={48} interval={0} />
          <Tooltip formatter={metricTooltip} labelFormatter={batchLabel} isAnimationActive={false} />
          <Line name="raw" dataKey="loss" stroke={COLORS.raw} strokeOpacity={0.6} dot={false} strokeWidth={1} isAnimationActive={false} />
          <Line name="smoothed" dataKey="smoothed" stroke={COLORS.train} dot={false} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});
