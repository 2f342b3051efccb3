/**
 * The series with the model's answers over it: the target column as read, the model's answer for
 * each row it can answer (the row after each window; "next": the predicted value in the column's
 * units, "up": the probability the row is higher than the one before, on its own 0–1 axis), and
 * the training and validation parts shaded. Long series are thinned to `MAX_POINTS` for drawing
 * (every k-th row), never for the answers themselves.
 */
import { memo, useMemo } from 'react';
import { CartesianGrid, ComposedChart, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInt } from '../../format';
import type { SeriesPlotData } from './seriesRunStore';

/** Points drawn at most: enough for the eye, few enough that Recharts redraws quickly after each epoch. */
export const MAX_POINTS = 800;
const HEIGHT = 240;

interface Point {
  row: number;
  value: number;
  answer?: number;
}

/** A value as the column writes it: at most 6 significant digits, no trailing zeros (4172.94, 0.0123). */
export const formatValue = (v: number): string => String(Number(v.toPrecision(6)));
/** An axis tick: 4 significant digits, so the labels fit the axis. */
const tick = (v: number): string => String(Number(v.toPrecision(4)));

/** Rows to draw: every k-th, with the last, so at most about `MAX_POINTS`. */
export function thinnedRows(rows: number, max = MAX_POINTS): number[] {
  const stride = Math.max(1, Math.ceil(rows / max));
  const out: number[] = [];
  for (let r = 0; r < rows; r += stride) out.push(r);
  if (out.at(-1) !== rows - 1 && rows > 0) out.push(rows - 1);
  return out;
}

export const SeriesPlot = memo(function SeriesPlot({ plot, answers }: { plot: SeriesPlotData; answers: number[] | null }) {
  const { values, lookBack, trainSamples, validationSamples, task, dates } = plot;
  const points = useMemo(() => thinnedRows(values.length).map((row): Point => {
    const s = row - lookBack;
    return { row, value: values[row], ...(answers && s >= 0 && s < answers.length ? { answer: answers[s] } : {}) };
  }), [values, lookBack, answers]);
  const label = (row: number) => (dates ? dates[row] ?? '' : `row ${formatInt(row + 1)}`);
  // The training part: the rows its windows and targets read; validation: the rows after, whose answers it never saw.
  const split = trainSamples + lookBack - 0.5;
  const last = values.length - 1;
  const up = task === 'up';
  const answered = answers?.length ?? 0;
  const summary = `${plot.target} over ${formatInt(values.length)} rows, ${trainSamples > 0 ? `the first ${formatInt(trainSamples + lookBack)} for training` : ''}${validationSamples > 0 ? `, the last ${formatInt(validationSamples)} for validation` : ''}${answered > 0 ? `; the model’s ${up ? 'probability of a step up' : 'next-value prediction'} for ${formatInt(answered)} rows` : ''}.`;
  return (
    <figure className="your-series-plot" data-testid="yourSeries.plot" data-rows={values.length} data-answers={answered}>
      <div role="img" aria-label={summary} style={{ width: '100%', height: HEIGHT }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: up ? 8 : 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid, #e5e7eb)" />
            {trainSamples > 0 && <ReferenceArea yAxisId="v" x1={0} x2={Math.min(split, last)} fill="var(--series-train)" fillOpacity={0.07} label={{ value: 'training', position: 'insideTopLeft', fontSize: 11 }} />}
            {validationSamples > 0 && <ReferenceArea yAxisId="v" x1={split} x2={last} fill="var(--series-val)" fillOpacity={0.1} label={{ value: 'validation', position: 'insideTopRight', fontSize: 11 }} />}
            <XAxis dataKey="row" type="number" domain={[0, last]} tickFormatter={label} tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis yAxisId="v" domain={['auto', 'auto']} tickFormatter={tick} tick={{ fontSize: 11 }} width={48} />
            {up && <YAxis yAxisId="p" orientation="right" domain={[0, 1]} ticks={[0, 0.5, 1]} tick={{ fontSize: 11 }} width={32} />}
            <Tooltip labelFormatter={(row) => label(Number(row))} formatter={(v, name) => [formatValue(Number(v)), name]} isAnimationActive={false} />
            <Line yAxisId="v" name={plot.target} dataKey="value" stroke="var(--series-raw)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
            {answered > 0 && (
              <Line yAxisId={up ? 'p' : 'v'} name={up ? 'P(up)' : 'predicted'} dataKey="answer" stroke={up ? 'var(--series-val)' : 'var(--series-train)'} strokeWidth={1.5} dot={false} connectNulls isAnimationActive={false} />
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">
        <span className="your-series-key your-series-key-value" aria-hidden="true" /> {plot.target} as read
        {answered > 0 && <>; <span className={`your-series-key ${up ? 'your-series-key-up' : 'your-series-key-answer'}`} aria-hidden="true" /> {up ? 'the model’s probability that the step goes up (right axis)' : 'the model’s next value for each row, from the rows before it'}</>}
        ; shaded: training{validationSamples > 0 ? ' and validation' : ''} parts.
      </figcaption>
    </figure>
  );
});
