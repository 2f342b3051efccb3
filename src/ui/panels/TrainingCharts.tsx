/**
 * Live training curves: per-epoch loss and accuracy (training and validation), and the smoothed
 * per-batch loss. Each container carries `data-points` so end-to-end tests can assert on what is
 * plotted without reading SVG. Animations are off: data arrives several times a second.
 */
import { memo } from 'react';
import {
  CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import type { EpochUpdate } from '../../engine/types';
import type { BatchPoint } from '../../state/batchSeries';
import { DEFAULT_SERIES_OPTIONS } from '../../state/batchSeries';
import { selectRunScenario } from '../../state/selectors';
import { formatInt, formatPercent } from '../format';
import { useLab } from '../hooks/useLab';
import { useThrottledLab } from '../hooks/useThrottledLab';
import type { LabState } from '../../state/store';

const COLORS = { train: '#2563eb', val: '#ea580c', raw: '#93c5fd', target: '#16a34a' };
const CHART_HEIGHT = 220;
/** How often charts take new data; the progress line updates far more often. */
const CHART_INTERVAL_MS = 500;

const selectEpochs = (s: LabState) => s.epochs;
const selectBatchSeries = (s: LabState) => s.batchSeries;
const AXIS_TICK = { fontSize: 11, fill: '#64748b' };

export function TrainingCharts() {
  return (
    <div className="charts">
      <LossChart />
      <AccuracyChart />
      <BatchLossChart />
    </div>
  );
}

function ChartFrame(props: { testId: string; title: string; points: number; empty: string; children: React.ReactNode; note?: React.ReactNode }) {
  return (
    <figure className="chart" data-testid={props.testId} data-points={props.points}>
      <figcaption className="chart-title">
        {props.title}
        {props.note && <span className="muted small"> {props.note}</span>}
      </figcaption>
      <div className="chart-body" style={{ height: CHART_HEIGHT }}>
        {/* The chart stays mounted while empty: mounting it mid-run would be one long task. */}
        {props.children}
        {props.points === 0 && <div className="chart-empty">{props.empty}</div>}
      </div>
    </figure>
  );
}

const hasVal = (epochs: EpochUpdate[], key: 'valLoss' | 'valAcc') => epochs.some((e) => e[key] !== undefined);

const LossChart = memo(function LossChart() {
  const epochs = useThrottledLab(selectEpochs, CHART_INTERVAL_MS);
  return (
    <ChartFrame testId="chart.loss" title="Loss per epoch" points={epochs.length} empty="Waiting for the first epoch…">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={epochs} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} tick={AXIS_TICK} />
          <YAxis tick={AXIS_TICK} width={48} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(l) => `Epoch ${l}`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line name="training" dataKey="loss" stroke={COLORS.train} dot={false} strokeWidth={2} isAnimationActive={false} />
          {hasVal(epochs, 'valLoss') && (
            <Line name="validation" dataKey="valLoss" stroke={COLORS.val} dot={false} strokeWidth={2} isAnimationActive={false} />
          )}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});

const AccuracyChart = memo(function AccuracyChart() {
  const epochs = useThrottledLab(selectEpochs, CHART_INTERVAL_MS);
  const published = useLab((s) => selectRunScenario(s).published);
  const label = `published ${formatPercent(published.value)} (${published.metric === 'acc' ? 'training' : 'validation'})`;
  return (
    <ChartFrame
      testId="chart.acc"
      title="Accuracy per epoch"
      points={epochs.length}
      empty="Waiting for the first epoch…"
      note={
        <span data-testid="chart.acc.target" title={published.text}>
          target {formatPercent(published.value)}
        </span>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={epochs} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} tick={AXIS_TICK} />
          <YAxis domain={[0, 1]} tick={AXIS_TICK} width={48} tickFormatter={(v: number) => formatPercent(v, 0)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatPercent(v, 2) : String(v))} labelFormatter={(l) => `Epoch ${l}`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine
            y={published.value}
            stroke={COLORS.target}
            strokeDasharray="6 4"
            ifOverflow="extendDomain"
            label={{ value: label, position: published.value > 0.5 ? 'insideTopRight' : 'insideBottomRight', fill: COLORS.target, fontSize: 11 }}
          />
          <Line name="training" dataKey="acc" stroke={COLORS.train} dot={false} strokeWidth={2} isAnimationActive={false} />
          {hasVal(epochs, 'valAcc') && (
            <Line name="validation" dataKey="valAcc" stroke={COLORS.val} dot={false} strokeWidth={2} isAnimationActive={false} />
          )}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});

const BatchLossChart = memo(function BatchLossChart() {
  const series = useThrottledLab(selectBatchSeries, CHART_INTERVAL_MS);
  const points: BatchPoint[] = series.plotted;
  const stride = series.stride;
  const note = `EMA ${DEFAULT_SERIES_OPTIONS.smoothing}` + (stride > 1 ? `, every ${formatInt(stride)}th batch drawn` : '');
  return (
    <ChartFrame testId="chart.batch" title="Loss per batch" note={note} points={points.length} empty="Waiting for the first batch…">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} tick={AXIS_TICK} tickFormatter={(v: number) => formatInt(v)} />
          <YAxis tick={AXIS_TICK} width={48} tickFormatter={(v: number) => v.toFixed(2)} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(l) => `Batch ${formatInt(Number(l))}`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line name="raw" dataKey="loss" stroke={COLORS.raw} strokeOpacity={0.6} dot={false} strokeWidth={1} isAnimationActive={false} />
          <Line name="smoothed" dataKey="smoothed" stroke={COLORS.train} dot={false} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});
