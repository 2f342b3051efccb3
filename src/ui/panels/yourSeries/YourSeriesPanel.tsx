/**
 * "Your series": train the trend tutorial's model on the user's own measurements (issue #20). Drop
 * or pick a CSV; the numeric columns found are offered (a date column becomes the plot's x axis);
 * choose the columns, the task ("will the next step go up?" or "what is the next value?"), the
 * window, the scaling and the usual settings; Train reads the file in the parse worker and trains
 * in a training worker of its own, with live curves, the series plotted with the model's answers
 * over it, and a box to try the next step of a typed series. The data never leaves the page.
 */
import type { DragEvent } from 'react';
import { useStore } from 'zustand';
import type { DataRef, RunConfig } from '../../../config/runConfig';
import type { ScalerKind } from '../../../engine/data/user/scaler';
import type { SeriesTask } from '../../../engine/data/user/series';
import { SERIES_TASKS, type SeriesActivation } from '../../../engine/seriesModel/seriesModel';
import { metricOf } from '../../../engine/spec/losses';
import type { TrainingEngine } from '../../../engine/types';
import { createEngine } from '../../../worker/client';
import { createParseClient, type ParseClient } from '../../../worker/parseClient';
import { dataLinkStore } from '../../../state/dataLink';
import { formatInt, formatPercent } from '../../format';
import { useAskBeforeLeaving } from '../../hooks/useLeaveGuard';
import { CellField } from '../userData/CellField';
import { ChooseFile } from '../userData/ChooseFile';
import { CopyRunLink } from '../userData/CopyRunLink';
import { DataLinkPrompt } from '../userData/DataLinkPrompt';
import { KeptRunNote } from '../userData/KeptRunNote';
import { useKeptRuns } from '../userData/keptRuns';
import { PauseResume } from '../userData/PauseResume';
import { PlanLine } from '../userData/PlanLine';
import { keepSeries, keepingSeriesRuns, keptSeriesRuns, openSeriesRunsHere, seriesColumnsOf, seriesSettingsOf } from './keptSeriesRuns';
import { SeriesCurves } from './SeriesCurves';
import { SeriesInspect } from './SeriesInspect';
import { SeriesKerasCode } from './SeriesKerasCode';
import { SeriesModelFiles } from './SeriesModelFiles';
import { SeriesPlot } from './SeriesPlot';
import { SeriesTry } from './SeriesTry';
import { createSeriesRunStore, type SeriesRunStore, type SeriesSettings } from './seriesRunStore';
import './yourSeries.css';

// Started when first asked: most visits never train on their own series.
let engine: TrainingEngine | undefined;
let parse: ParseClient | undefined;
export const seriesRun: SeriesRunStore = createSeriesRunStore({
  engine: () => (engine ??= keepingSeriesRuns(createEngine())), parse: () => (parse ??= createParseClient()), onRunStart: keepSeries,
});
openSeriesRunsHere(seriesRun);

const SERIES_ACCEPT = '.csv,.tsv,text/csv,text/tab-separated-values,text/plain';

/** A shared link's settings and columns as the card's (`DataLinkPrompt`); its file, once picked, is read with them. */
function takeLinkSettings(link: RunConfig, data: DataRef): void {
  seriesRun.setState({ settings: seriesSettingsOf(link, data) });
}

/** A link's file: read for its columns, then the link's choice of columns where the file has them. */
async function takeLinkFile(file: { name: string; bytes: Uint8Array }): Promise<void> {
  await seriesRun.getState().setSource(file);
  const link = dataLinkStore.getState().link;
  const columns = link?.data ? seriesColumnsOf(link.data) : null;
  const layout = seriesRun.getState().layout;
  if (columns && layout && columns.values.every((c) => layout.numeric.includes(c))) seriesRun.getState().setColumns(columns);
}

type NumberKey = { [K in keyof SeriesSettings]: SeriesSettings[K] extends number ? K : never }[keyof SeriesSettings];

const NUMBER_FIELDS: { key: NumberKey; label: string; step?: number }[] = [
  { key: 'lookBack', label: 'Look-back (rows per window)' },
  { key: 'validationSplit', label: 'Validation split (last fraction)', step: 0.05 },
  { key: 'units', label: 'Units' },
  { key: 'layers', label: 'Recurrent layers' },
  { key: 'dropoutLayerRate', label: 'Dropout after each recurrent layer', step: 0.05 },
  { key: 'epochs', label: 'Epochs' },
  { key: 'batchSize', label: 'Batch size' },
  { key: 'learningRate', label: 'Learning rate', step: 0.001 },
];

const SCALERS: { [K in ScalerKind]: string } = {
  minmax: 'Min–max to 0–1 (MinMaxScaler)',
  standard: 'Standard scores (StandardScaler)',
  none: 'None (as written)',
};

const ACTIVATIONS: { [K in SeriesActivation]: string } = { relu: 'relu (the trend tutorial’s)', tanh: 'tanh (Keras’ default)' };

export function YourSeriesPanel() {
  const state = useStore(seriesRun);
  const busy = state.phase === 'reading' || state.phase === 'training' || state.phase === 'inspecting';
  useAskBeforeLeaving(state.phase === 'training');
  useKeptRuns();

  const takeFile = async (file: File | undefined) => {
    if (!file) return;
    await state.setSource({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    if (!busy) void takeFile(e.dataTransfer.files[0]);
  };
  const metric = metricOf(SERIES_TASKS[state.settings.task].loss);

  return (
    <section
      id="your-series"
      className="panel your-series"
      aria-labelledby="your-series-title"
      data-testid="yourSeries.panel"
      data-phase={state.phase}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <h2 id="your-series-title" className="panel-title">Your series: the next step</h2>
      <p className="muted small">
        Train the trend tutorial’s LSTM on your own measurements: a CSV with one or more columns of numbers (and a date column, if
        you have one). Windows of rows go in; out comes whether the next step goes up, or the next value. Drop the file here or
        choose it. It never leaves this page.
      </p>
      <DataLinkPrompt
        kind="series"
        testIdPrefix="yourSeries"
        dataWord="series"
        accept={SERIES_ACCEPT}
        takeSettings={takeLinkSettings}
        takeFile={(file) => void takeLinkFile(file)}
      />
      <div className="your-series-source">
        <ChooseFile label="Choose a CSV file" testId="yourSeries.file" accept={SERIES_ACCEPT} disabled={busy} onFile={(file) => void takeFile(file)} />
        <span className="muted small" data-testid="yourSeries.source">
          {state.source ? `${state.source.name}, ${formatInt(state.source.bytes.length)} bytes${state.layout ? `, ${formatInt(state.layout.rows)} rows` : ''}` : 'No file yet.'}
        </span>
      </div>
      {state.progress !== null && (
        <progress className="your-series-progress" value={state.progress} max={1} aria-label="Reading the file" data-testid="yourSeries.progress" />
      )}
      <ColumnChooser />
      <fieldset className="your-series-fields" disabled={busy}>
        <legend className="field-label">Task and settings</legend>
        <label className="your-series-field">
          <span className="field-label">Task</span>
          <select value={state.settings.task} data-testid="yourSeries.field.task" onChange={(e) => state.setSetting('task', e.target.value as SeriesTask)}>
            {(Object.keys(SERIES_TASKS) as SeriesTask[]).map((t) => <option key={t} value={t}>{SERIES_TASKS[t].label}</option>)}
          </select>
        </label>
        <label className="your-series-field">
          <span className="field-label">Scaling</span>
          <select value={state.settings.scaler} data-testid="yourSeries.field.scaler" onChange={(e) => state.setSetting('scaler', e.target.value as ScalerKind)}>
            {(Object.keys(SCALERS) as ScalerKind[]).map((k) => <option key={k} value={k}>{SCALERS[k]}</option>)}
          </select>
        </label>
        <CellField value={state.settings.cell} testId="yourSeries.field.cell" className="your-series-field" onChange={(cell) => state.setSetting('cell', cell)} />
        <label className="your-series-field">
          <span className="field-label">Activation</span>
          <select value={state.settings.activation} data-testid="yourSeries.field.activation" onChange={(e) => state.setSetting('activation', e.target.value as SeriesActivation)}>
            {(Object.keys(ACTIVATIONS) as SeriesActivation[]).map((k) => <option key={k} value={k}>{ACTIVATIONS[k]}</option>)}
          </select>
        </label>
        {NUMBER_FIELDS.map(({ key, label, step }) => (
          <label key={key} className="your-series-field">
            <span className="field-label">{label}</span>
            <input
              type="number"
              step={step ?? 1}
              value={state.settings[key]}
              data-testid={`yourSeries.field.${key}`}
              onChange={(e) => state.setSetting(key, Number(e.target.value))}
            />
          </label>
        ))}
      </fieldset>
      <div className="run-buttons">
        <button type="button" className="btn btn-primary" data-testid="yourSeries.train" disabled={busy} onClick={() => void state.train()}>
          {state.phase === 'reading' || state.phase === 'inspecting' ? 'Reading…' : state.phase === 'training' ? 'Training…' : 'Train on this series'}
        </button>
        <button type="button" className="btn" data-testid="yourSeries.stop" disabled={state.phase !== 'training'} onClick={state.stop}>
          Stop
        </button>
        <PauseResume store={seriesRun} testIdPrefix="yourSeries" />
        <CopyRunLink runs={keptSeriesRuns} testId="yourSeries.copyLink" />
      </div>
      {state.problem && (
        <p className="field-error" role="alert" data-testid="yourSeries.problem">
          {state.problem}
        </p>
      )}
      <PlanLine plan={state.plan} testId="yourSeries.plan" />
      <KeptRunNote runs={keptSeriesRuns} testIdPrefix="yourSeries" dataWord="series" />
      <EpochLine metricLabel={metric.short} percent={metric.percent} />
      <SeriesCurves epochs={state.epochs} metric={metric} />
      {state.plot && <SeriesPlot plot={state.plot} answers={state.answers} />}
      <SeriesTry store={seriesRun} />
      <SeriesInspect store={seriesRun} />
      <SeriesModelFiles store={seriesRun} />
      <SeriesKerasCode store={seriesRun} />
    </section>
  );
}

function EpochLine({ metricLabel, percent }: { metricLabel: string; percent: boolean }) {
  const epochs = useStore(seriesRun, (s) => s.epochs);
  const result = useStore(seriesRun, (s) => s.result);
  const last = epochs.at(-1);
  if (!last) return null;
  const m = (v: number) => (percent ? formatPercent(v) : v.toPrecision(3));
  return (
    <p className="small" data-testid="yourSeries.epoch" data-epoch={last.epoch} aria-live="polite">
      Epoch {last.epoch}/{last.epochs}: loss {last.loss.toPrecision(3)}, {metricLabel} {m(last.acc)}
      {last.valAcc !== undefined && `; validation loss ${last.valLoss!.toPrecision(3)}, ${metricLabel} ${m(last.valAcc)}`}
      {result && ` (${result.reason})`}
    </p>
  );
}

/** The columns the model reads (ticks), the one it predicts, and the x axis's date column. */
function ColumnChooser() {
  const layout = useStore(seriesRun, (s) => s.layout);
  const columns = useStore(seriesRun, (s) => s.columns);
  const busy = useStore(seriesRun, (s) => s.phase === 'reading' || s.phase === 'training');
  const setColumns = useStore(seriesRun, (s) => s.setColumns);
  if (!layout || !columns) return null;
  const toggle = (name: string, on: boolean) => {
    const values = layout.numeric.filter((n) => (n === name ? on : columns.values.includes(n)));
    setColumns({ ...columns, values, target: values.includes(columns.target) ? columns.target : values[0] ?? columns.target });
  };
  return (
    <fieldset className="your-series-columns" disabled={busy} data-testid="yourSeries.columns">
      <legend className="field-label">Columns</legend>
      <div className="your-series-ticks" role="group" aria-label="Columns the model reads">
        {layout.numeric.map((name) => (
          <label key={name} className="your-series-tick">
            <input type="checkbox" checked={columns.values.includes(name)} data-testid={`yourSeries.column.${name}`} onChange={(e) => toggle(name, e.target.checked)} /> {name}
          </label>
        ))}
      </div>
      <label className="your-series-field">
        <span className="field-label">Predict</span>
        <select value={columns.target} data-testid="yourSeries.target" onChange={(e) => setColumns({ ...columns, target: e.target.value })}>
          {columns.values.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <label className="your-series-field">
        <span className="field-label">Dates (x axis)</span>
        <select value={columns.date ?? ''} data-testid="yourSeries.date" onChange={(e) => setColumns({ ...columns, date: e.target.value === '' ? null : e.target.value })}>
          <option value="">Row numbers</option>
          {layout.dates.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
    </fieldset>
  );
}
