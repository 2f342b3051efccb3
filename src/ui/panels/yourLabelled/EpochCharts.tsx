/**
 * Loss and accuracy per epoch of a run on labelled texts (training and validation), drawn with the
 * tutorials' chart pieces (`TrainingCharts.tsx`) from the card's own store rather than the lab's.
 */
import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochUpdate } from '../../../engine/types';
import {
  CHART_INTERVAL_MS, ChartFrame, epochLabel, lossTicks, MARGIN, metricTooltip, PERCENT_TICKS, percentTooltip, TICKS, xTicks, type LegendItem,
} from '../TrainingCharts';
import { useThrottledValue } from './useThrottledValue';

const TRAIN = 'var(--series-train)';
const VAL = 'var(--series-val)';

interface Metric {
  title: string;
  train: 'loss' | 'acc';
  val: 'valLoss' | 'valAcc';
}

const METRICS: Metric[] = [
  { title: 'Loss per epoch', train: 'loss', val: 'valLoss' },
  { title: 'Accuracy per epoch', train: 'acc', val: 'valAcc' },
];

export function EpochCharts({ epochs, testId }: { epochs: EpochUpdate[]; testId: string }) {
  // Redrawn only when the throttled list changes, not on every render of the card.
  return <Charts epochs={useThrottledValue(epochs, CHART_INTERVAL_MS)} testId={testId} />;
}

const Charts = memo(function Charts({ epochs, testId }: { epochs: EpochUpdate[]; testId: string }) {
  const withVal = epochs.some((e) => e.valLoss !== undefined);
  const legend: LegendItem[] = [{ label: 'training', color: TRAIN }, ...(withVal ? [{ label: 'validation', color: VAL }] : [])];
  return (
    <div className="charts">
      {METRICS.map((m) => {
        const isLoss = m.train === 'loss';
        const yTicks = isLoss ? lossTicks(epochs.flatMap((e) => [e.loss, e.valLoss])) : PERCENT_TICKS;
        return (
          <ChartFrame key={m.train} testId={`${testId}.${m.train}`} title={m.title} points={epochs.length} empty="Waiting for the first epoch…" legend={legend}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={epochs} margin={MARGIN}>
                <CartesianGrid vertical={false} />
                <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} ticks={xTicks(epochs, (e) => e.epoch, 1)} interval={0} tick={TICKS.epochX} />
                <YAxis domain={[0, yTicks[yTicks.length - 1]]} ticks={yTicks} tick={isLoss ? TICKS.lossY : TICKS.percentY} width={48} interval={0} />
                <Tooltip formatter={isLoss ? metricTooltip : percentTooltip} labelFormatter={epochLabel} isAnimationActive={false} />
                <Line name="training" dataKey={m.train} stroke={TRAIN} dot={false} strokeWidth={2} isAnimationActive={false} />
                {withVal && <Line name="validation" dataKey={m.val} stroke={VAL} dot={false} strokeWidth={2} isAnimationActive={false} />}
              </LineChart>
            </ResponsiveContainer>
          </ChartFrame>
        );
      })}
    </div>
  );
});
