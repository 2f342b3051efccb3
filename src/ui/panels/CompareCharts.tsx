/**
 * Kept runs compared: their curves overlaid in the same three charts (one colour per run, named
 * in the legend; validation dashed), and the hyperparameters in which they differ. Shown instead
 * of the live charts while two or more runs are selected in the Runs panel.
 *
 * Runs come in the order they were ticked (`RunsSlice.compared`), so ticking another adds a line
 * and a column after the others: every run already drawn keeps its colour and its data column
 * (`r0`, `r1`…), and Recharts only has one line to add. (In listing order, ticking a newer run put
 * it first and moved every other line to another column and colour at once.)
 */
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { HYPERPARAMS, HP_KEYS, valueLabel, type HpKey } from '../../config/hyperparams';
import { configModel } from '../../engine/configModel';
import { METRICS, metricOf, type MetricRow } from '../../engine/spec/losses';
import type { EpochUpdate } from '../../engine/types';
import type { RunRecord } from '../../platform/runStore';
import { runTitle } from '../../state/userRunKinds';
import type { LabState } from '../../state/store';
import { useLab } from '../hooks/useLab';
import {
  batchLabel, ChartFrame, epochLabel, lossTicks, MARGIN, metricTooltip, PERCENT_TICKS, percentTooltip, TICKS, TrainingCharts, xTicks,
  type LegendItem,
} from './TrainingCharts';

/** One colour per compared run, readable on the light and the dark panel. */
const RUN_COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#db2777', '#0891b2', '#ca8a04', '#64748b'];
const colorOf = (i: number) => RUN_COLORS[i % RUN_COLORS.length];

const selectCompared = (s: LabState) => s.compared;

/** The live charts, or the comparison while two or more kept runs are selected. */
export function ChartsOrComparison() {
  const compared = useLab(selectCompared);
  return compared.length >= 2 ? <CompareCharts runs={compared} /> : <TrainingCharts />;
}

/** Legend names, made unique (two runs started in the same minute share a default name). */
function runLabels(runs: readonly RunRecord[]): string[] {
  return runs.map((r, i) => (runs.some((o, j) => j !== i && o.name === r.name) ? `${r.name} (${i + 1})` : r.name));
}

/** Rows keyed by x, one column per run (`r0`, `r1`, …), for Recharts to draw one line each. */
function merged<T>(runs: readonly RunRecord[], points: (r: RunRecord) => readonly T[], x: (p: T) => number, y: (p: T) => number | undefined, prefix = 'r') {
  const rows = new Map<number, Record<string, number>>();
  runs.forEach((run, i) => {
    for (const p of points(run)) {
      const v = y(p);
      if (v === undefined || !Number.isFinite(v)) continue;
      const key = x(p);
      const row = rows.get(key) ?? { x: key };
      row[`${prefix}${i}`] = v;
      rows.set(key, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.x - b.x);
}

/** Rows by epoch: each run's training figure (`r<i>`) and validation figure (`v<i>`). */
function epochRows(runs: readonly RunRecord[], metric: 'loss' | 'acc') {
  const valKey: keyof EpochUpdate = metric === 'loss' ? 'valLoss' : 'valAcc';
  const epochs = (r: RunRecord) => r.epochs;
  const train = merged(runs, epochs, (e) => e.epoch, (e) => e[metric]);
  const val = merged(runs, epochs, (e) => e.epoch, (e) => e[valKey], 'v');
  const byEpoch = new Map<number, Record<string, number>>();
  for (const row of [...train, ...val]) byEpoch.set(row.x, { ...byEpoch.get(row.x), ...row });
  return { data: [...byEpoch.values()].sort((a, b) => a.x - b.x), withVal: val.length > 0 };
}

/** The figure a run reports beside its loss (`acc`): accuracy, or a regression's mean absolute error. */
function runMetric(run: RunRecord): MetricRow {
  try {
    return metricOf(configModel(run.config).loss);
  } catch {
    return METRICS.accuracy; // a reference this version cannot model: listed, and drawn as the tutorials' runs are
  }
}

/**
 * The loss per epoch, or the figure the runs report beside it (their `acc`, which they share: `figure`
 * names it). A figure not in percent gets an axis from its values, as the loss does.
 */
function EpochChart({ runs, labels, figure }: { runs: readonly RunRecord[]; labels: string[]; figure: 'loss' | MetricRow }) {
  const metric = figure === 'loss' ? 'loss' : 'acc';
  // Rebuilt only when the compared runs change, not on every render of the panel.
  const { data, withVal } = useMemo(() => epochRows(runs, metric), [runs, metric]);
  const scaled = figure === 'loss' || !figure.percent;
  const yTicks = scaled ? lossTicks(data.flatMap((r) => Object.entries(r).filter(([k]) => k !== 'x').map(([, v]) => v))) : PERCENT_TICKS;
  const legend: LegendItem[] = [
    ...labels.map((label, i) => ({ label, color: colorOf(i) })),
    ...(withVal ? [{ label: 'validation (dashed)', color: 'var(--muted)', dashed: true }] : []),
  ];
  return (
    <ChartFrame
      testId={metric === 'loss' ? 'compare.chart.loss' : 'compare.chart.acc'}
      title={figure === 'loss' ? 'Loss per epoch' : `${figure.label} per epoch`}
      points={data.length}
      empty="These runs have no finished epoch."
      legend={legend}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={MARGIN}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="x" type="number" domain={[1, 'dataMax']} ticks={xTicks(data, (r) => r.x, 1)} interval={0} tick={TICKS.epochX} />
          <YAxis
            domain={[0, scaled ? yTicks[yTicks.length - 1] : 1]}
            ticks={yTicks}
            tick={scaled ? TICKS.lossY : TICKS.percentY}
            width={48}
            interval={0}
          />
          <Tooltip formatter={scaled ? metricTooltip : percentTooltip} labelFormatter={epochLabel} isAnimationActive={false} />
          {runs.map((run, i) => (
            <Line key={run.id} name={labels[i]} dataKey={`r${i}`} stroke={colorOf(i)} dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
          ))}
          {withVal && runs.map((run, i) => (
            <Line key={`${run.id}-val`} name={`${labels[i]} (validation)`} dataKey={`v${i}`} stroke={colorOf(i)} strokeDasharray="5 4" dot={false} strokeWidth={1.5} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

function BatchChart({ runs, labels }: { runs: readonly RunRecord[]; labels: string[] }) {
  const data = useMemo(() => merged(runs, (r) => r.batches, (p) => p.step, (p) => p.smoothed), [runs]);
  const yTicks = lossTicks(data.flatMap((row) => Object.entries(row).filter(([k]) => k !== 'x').map(([, v]) => v)));
  return (
    <ChartFrame
      testId="compare.chart.batch"
      title="Loss per batch (smoothed)"
      points={data.length}
      empty="These runs kept no batches."
      legend={labels.map((label, i) => ({ label, color: colorOf(i) }))}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={MARGIN}>
          <CartesianGrid vertical={false} />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} ticks={xTicks(data, (r) => r.x)} interval={0} tick={TICKS.stepX} />
          <YAxis domain={[0, yTicks[yTicks.length - 1]]} ticks={yTicks} tick={TICKS.lossY} width={48} interval={0} />
          <Tooltip formatter={metricTooltip} labelFormatter={batchLabel} isAnimationActive={false} />
          {runs.map((run, i) => (
            <Line key={run.id} name={labels[i]} dataKey={`r${i}`} stroke={colorOf(i)} dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/** The hyperparameters (and what they trained on: a tutorial, or a user's data) in which the runs differ: one row each, one column per run. */
export function differences(runs: readonly RunRecord[]): { key: HpKey | 'scenario'; label: string; values: string[] }[] {
  const rows: { key: HpKey | 'scenario'; label: string; values: string[] }[] = [];
  const tutorials = runs.map((r) => runTitle(r.config));
  if (new Set(tutorials).size > 1) rows.push({ key: 'scenario', label: 'Trained on', values: tutorials });
  for (const key of HP_KEYS) {
    const values = runs.map((r) => valueLabel(key, r.config.hp[key]));
    if (new Set(values).size > 1) rows.push({ key, label: HYPERPARAMS[key].label, values });
  }
  return rows;
}

function CompareCharts({ runs }: { runs: readonly RunRecord[] }) {
  const clear = useLab((s) => s.clearCompare);
  const labels = runLabels(runs);
  const rows = differences(runs);
  // Accuracy and a mean absolute error are not one axis: runs that report different figures get their losses compared only.
  const metrics = useMemo(() => runs.map(runMetric), [runs]);
  const metric = metrics.every((m) => m === metrics[0]) ? metrics[0] : null;
  return (
    <section className="panel compare-panel" aria-labelledby="compare-title" data-testid="compare.panel" data-runs={runs.length}>
      <div className="panel-head">
        <h2 id="compare-title" className="panel-title">Comparing {runs.length} runs</h2>
        <button type="button" className="btn btn-small" data-testid="compare.close" onClick={clear}>
          Back to the live charts
        </button>
      </div>
      <div className="charts">
        <EpochChart runs={runs} labels={labels} figure="loss" />
        {metric ? (
          <EpochChart runs={runs} labels={labels} figure={metric} />
        ) : (
          <p className="muted small" data-testid="compare.chart.acc.mixed">
            These runs report different figures beside their loss ({[...new Set(metrics.map((m) => m.label.toLowerCase()))].join(' and ')}), which share no axis:
            compare their losses.
          </p>
        )}
        <BatchChart runs={runs} labels={labels} />
      </div>
      <h3 className="compare-subtitle">What differs</h3>
      {rows.length === 0 ? (
        <p className="muted small" data-testid="compare.same">These runs share every setting, the seed included.</p>
      ) : (
        <div className="table-scroll">
          <table className="compare-table" data-testid="compare.diff">
            <thead>
              <tr>
                <th scope="col">Setting</th>
                {labels.map((label, i) => (
                  <th scope="col" key={runs[i].id}>
                    <span className="swatch" style={{ color: colorOf(i) }} aria-hidden="true" /> {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-testid={`compare.diff.${row.key}`}>
                  <th scope="row">{row.label}</th>
                  {row.values.map((v, i) => (
                    <td key={runs[i].id}>{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
