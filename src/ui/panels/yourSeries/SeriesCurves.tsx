/**
 * The run's curves per epoch: the loss and the loss's metric (accuracy for "up", the mean absolute
 * error of the scaled values for "next"), training and validation. Named by the metric's row
 * (`spec/losses.ts`), so a regression's chart never says "accuracy".
 */
import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricRow } from '../../../engine/spec/losses';
import type { EpochUpdate } from '../../../engine/types';
import { formatPercent } from '../../format';

const HEIGHT = 160;

function Curve({ epochs, title, train, val, percent, testId }: {
  epochs: EpochUpdate[]; title: string; train: keyof EpochUpdate; val: keyof EpochUpdate; percent: boolean; testId: string;
}) {
  const last = epochs.at(-1)!;
  const show = (v: unknown) => (typeof v !== 'number' ? '' : percent ? formatPercent(v) : String(Number(v.toPrecision(3))));
  return (
    <figure className="your-series-curve" data-testid={testId} data-points={epochs.length}>
      <figcaption className="small">{title}</figcaption>
      <div role="img" aria-label={`${title} per epoch: ${show(last[train])} in training${last[val] !== undefined ? `, ${show(last[val])} in validation` : ''} after epoch ${last.epoch}.`} style={{ width: '100%', height: HEIGHT }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={epochs} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid, #e5e7eb)" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} tick={{ fontSize: 11 }} />
            <YAxis domain={percent ? [0, 1] : [0, 'auto']} tickFormatter={(v: number) => show(v)} tick={{ fontSize: 11 }} width={48} />
            <Tooltip formatter={(v, name) => [show(v), name]} labelFormatter={(e) => `epoch ${e}`} isAnimationActive={false} />
            <Line name="training" dataKey={train} stroke="var(--series-train)" dot={false} strokeWidth={2} isAnimationActive={false} />
            <Line name="validation" dataKey={val} stroke="var(--series-val)" dot={false} strokeWidth={2} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export const SeriesCurves = memo(function SeriesCurves({ epochs, metric }: { epochs: EpochUpdate[]; metric: MetricRow }) {
  if (epochs.length === 0) return null;
  return (
    <div className="your-series-curves">
      <Curve epochs={epochs} title="Loss" train="loss" val="valLoss" percent={false} testId="yourSeries.curve.loss" />
      <Curve epochs={epochs} title={metric.label} train="acc" val="valAcc" percent={metric.percent} testId="yourSeries.curve.metric" />
      <p className="muted small your-series-curves-key">
        <span className="your-series-key your-series-key-answer" aria-hidden="true" /> training;{' '}
        <span className="your-series-key your-series-key-up" aria-hidden="true" /> validation{metric.better === 'lower' ? ' (lower is better)' : ''}.
      </p>
    </div>
  );
});
