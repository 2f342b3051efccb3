/**
 * Inspect for the "Your series" card: a window of steps (typed or pasted as Try takes them, or
 * picked from the data by its last row) and what the model does with it, one step per timestep:
 * each LSTM layer's gates, cell and hidden state as the tutorials' heatmaps, the steps' values in
 * the columns' own units as column labels, and under each step the answer the model would give had
 * the window ended there (the last one is its answer). Asked of the card's training worker as the
 * user types and again after every epoch.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { seriesStepLabel } from '../../../engine/inspect/inspectSeries';
import type { InspectResult, SeriesWindow } from '../../../engine/inspect/types';
import { formatPercent } from '../../format';
import { useEngineAnswer } from '../../hooks/useEngineAnswer';
import { LstmView } from '../inspect/LstmView';
import '../inspect/inspect.css';
import { formatValue } from './SeriesPlot';
import type { SeriesRunStore } from './seriesRunStore';
import { TypedSeriesInput } from './TypedSeriesInput';
import './seriesInspect.css';

/** As the other Inspect views: a keystroke's question goes almost at once; closer keys share one. */
const TRACE_DELAY_MS = 10;

type WindowFrom = SeriesWindow['from'];

const SOURCES: { readonly [F in WindowFrom]: string } = {
  data: 'A window of the data',
  typed: 'A series you type',
};

type SeriesResult = Extract<InspectResult, { kind: 'series' }>;

/** An answer as shown: a probability of a step up, or a value in the target column's units. */
const formatAnswer = (task: SeriesResult['task'], v: number): string => (task === 'up' ? formatPercent(v) : formatValue(v));

export function SeriesInspect({ store }: { store: SeriesRunStore }) {
  // The run in its training worker, or a kept or loaded model on the page's thread (the store's `inspect`).
  const loaded = useStore(store, (s) => s.loaded);
  const canTry = useStore(store, (s) => s.canTry);
  const epochs = useStore(store, (s) => s.epochs.length);
  const plot = useStore(store, (s) => s.plot);
  const columns = useStore(store, (s) => s.columns?.values ?? s.loaded?.model.data.columns);
  const inspect = useStore(store, (s) => s.inspect);
  const [chosen, setFrom] = useState<WindowFrom>('data');
  const [text, setText] = useState('');
  /** The window's last row, 1-based; null follows the data's last row. */
  const [lastRow, setLastRow] = useState<number | null>(null);
  const rows = plot?.values.length ?? 0;
  // A model loaded from its files has no data of its own here: only typed windows.
  const from: WindowFrom = rows > 0 ? chosen : 'typed';
  const lookBack = plot?.lookBack ?? loaded?.model.data.lookBack ?? 1;
  const end = lastRow ?? rows;
  // Another file or run: back to its last window.
  useEffect(() => setLastRow(null), [rows]);
  const window: SeriesWindow | null = from === 'typed' ? (text.trim() === '' ? null : { from, text }) : rows > 0 ? { from, end } : null;
  const request = canTry && window ? ({ kind: 'series', window } as const) : null;
  const { result, error, pending } = useEngineAnswer(inspect, request, request ? JSON.stringify(window) : '', `${epochs}:${loaded?.name ?? ''}`, TRACE_DELAY_MS);
  return (
    <div className="inspect-panel your-series-inspect" data-testid="yourSeries.inspect" data-enabled={canTry}>
      <h3 className="small">Look inside: the recurrent layers, step by step</h3>
      <div className="your-series-inspect-source" role="radiogroup" aria-label="Which steps to read">
        {(Object.keys(SOURCES) as WindowFrom[]).map((f) => (
          <label key={f} className="your-series-tick">
            <input type="radio" name="your-series-inspect-from" checked={from === f} disabled={!canTry || (f === 'data' && rows === 0)} data-testid={`yourSeries.inspect.from.${f}`} onChange={() => setFrom(f)} /> {SOURCES[f]}
          </label>
        ))}
      </div>
      {from === 'data' ? (
        <label className="your-series-field your-series-inspect-end">
          <span className="field-label">Window’s last row ({lookBack} rows, from {lookBack} to {rows})</span>
          <span className="your-series-inspect-end-inputs">
            <input
              type="range" min={lookBack} max={Math.max(lookBack, rows)} value={end} disabled={!canTry}
              aria-label="Window’s last row" onChange={(e) => setLastRow(Number(e.target.value))}
            />
            <input type="number" min={lookBack} max={rows} value={end} disabled={!canTry} aria-label="Window’s last row (number)" data-testid="yourSeries.inspect.end" onChange={(e) => setLastRow(Number(e.target.value))} />
          </span>
        </label>
      ) : (
        <>
          <label htmlFor="your-series-inspect-input" className="field-label">Steps to read (the last {lookBack} are read, as Try reads them)</label>
          <TypedSeriesInput id="your-series-inspect-input" testId="yourSeries.inspect.input" value={text} onChange={setText} disabled={!canTry} columns={columns ?? []} lookBack={lookBack} />
        </>
      )}
      {!canTry && <p className="muted small">Train for an epoch first, or load a model.</p>}
      {error && <p className="field-error" role="alert" data-testid="yourSeries.inspect.error">{error}</p>}
      {result?.kind === 'invalid' && <p className="field-error" role="alert" data-testid="yourSeries.inspect.error">{result.message}</p>}
      {result?.kind === 'series' && (
        <div className={'inspect-result' + (pending ? ' stale' : '')} data-testid="yourSeries.inspect.result" data-answer={result.answer} data-task={result.task}>
          <AnswerPerStep result={result} dates={plot?.dates ?? null} />
          <LstmView layers={result.layers} />
        </div>
      )}
    </div>
  );
}

/** Each step read (its row, where picked from the data), and under it the answer had the window ended there. */
function AnswerPerStep({ result, dates }: { result: SeriesResult; dates: string[] | null }) {
  const { task, names, target, steps, answer, firstRow } = result;
  const what = task === 'up' ? 'probability that the next step goes up' : `next ${names[target]}`;
  const rowOf = (t: number) => (firstRow === undefined ? undefined : firstRow + t);
  return (
    <figure className="your-series-inspect-steps" data-testid="yourSeries.inspect.output">
      <figcaption className="small">
        The model’s {what}: <strong data-testid="yourSeries.inspect.answer">{formatAnswer(task, answer)}</strong>
        {firstRow !== undefined && <span className="muted"> (after rows {firstRow + 1}–{firstRow + steps.length})</span>}.
        Under each step, its answer had the window ended there{names.length > 1 && <> (each step: {names.join(' · ')})</>}.
      </figcaption>
      <div className="your-series-inspect-strip" role="table" aria-label={`each step read and the model's ${what} after it`}>
        {steps.map((s, t) => {
          const row = rowOf(t);
          const at = row === undefined ? `step ${t + 1}` : dates?.[row] ?? `row ${row + 1}`;
          return (
            <span key={t} className="your-series-inspect-cell" role="row" data-values={s.values.join(' ')} data-answer={s.answer} title={`${at}: ${seriesStepLabel(s.values)} → ${formatAnswer(task, s.answer)}`}>
              <span role="cell" className="muted your-series-inspect-at">{at}</span>
              <code role="cell">{seriesStepLabel(s.values)}</code>
              <code role="cell" className="your-series-inspect-answer">{formatAnswer(task, s.answer)}</code>
            </span>
          );
        })}
      </div>
    </figure>
  );
}
