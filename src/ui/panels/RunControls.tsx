/** Train / Pause / Resume / Stop, the run's status, and its error (with Retry for data errors). */
import { useEffect, useRef } from 'react';
import { CELL_CHOICES, valueLabel } from '../../config/hyperparams';
import { canTrain, hasProblems, isRunActive, selectRunScenario, selectScenario } from '../../state/selectors';
import type { RunStatus } from '../../state/store';
import { formatCount, formatInt, shownEpoch } from '../format';
import { useLab } from '../hooks/useLab';

const STATUS_TEXT: Record<RunStatus, string> = {
  idle: 'Ready to train',
  preparing: 'Preparing: loading data, choosing how to train, building the model…',
  training: 'Training',
  paused: 'Paused',
  stopping: 'Stopping after the current batch…',
  done: 'Finished',
  error: 'Failed',
};

export function RunControls() {
  const status = useLab((s) => s.status);
  const trainable = useLab(canTrain);
  const blocked = useLab(hasProblems);
  const active = useLab(isRunActive);
  const startRun = useLab((s) => s.startRun);
  const pauseRun = useLab((s) => s.pauseRun);
  const resumeRun = useLab((s) => s.resumeRun);
  const stopRun = useLab((s) => s.stopRun);
  // "again" only once this tab trained or opened a run; a model loaded from a file leaves the lab idle.
  const hasRun = useLab((s) => s.runConfig !== null && s.status !== 'idle');
  const train = useRef<HTMLButtonElement>(null);
  const stop = useRef<HTMLButtonElement>(null);
  useKeepFocus(active, train, stop);

  return (
    <div className="run-controls">
      <div className="run-buttons">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="run.start"
          ref={train}
          disabled={!trainable}
          onClick={() => startRun()}
          title={blocked ? 'Fix the highlighted fields first.' : undefined}
        >
          {hasRun && !active ? 'Train again' : 'Train'}
        </button>
        {status === 'paused' ? (
          <button type="button" className="btn" data-testid="run.resume" onClick={resumeRun}>
            Resume
          </button>
        ) : (
          <button
            type="button"
            className="btn"
            data-testid="run.pause"
            disabled={status !== 'training' && status !== 'preparing'}
            onClick={pauseRun}
          >
            Pause
          </button>
        )}
        <button
          type="button"
          className="btn"
          data-testid="run.stop"
          ref={stop}
          disabled={!active || status === 'stopping'}
          onClick={stopRun}
        >
          Stop
        </button>
      </div>
      <TrainEachCell />
      <RunStatusText />
      {blocked && !active && <p className="muted small">Fix the highlighted fields to train.</p>}
    </div>
  );
}

/**
 * Where a card offers the recurrent layer (the "Why LSTM?" card), one click trains each kind: it
 * sets the form's choice and trains. Once two kinds have kept runs, one more click lays the newest
 * of each over the others in Compare.
 */
function TrainEachCell() {
  const scenario = useLab(selectScenario);
  const trainable = useLab(canTrain);
  const setField = useLab((s) => s.setField);
  const startRun = useLab((s) => s.startRun);
  const runs = useLab((s) => s.runs);
  const clearCompare = useLab((s) => s.clearCompare);
  const toggleCompare = useLab((s) => s.toggleCompare);
  if (!scenario.fields.includes('cell')) return null;
  // The newest kept run of each kind on this card (the list is newest first), to lay over each other.
  const newest = CELL_CHOICES.map((cell) => runs.find((r) => !r.config.data && r.config.scenario === scenario.id && r.config.hp.cell === cell)).filter((r) => r !== undefined);
  return (
    <p className="run-each-cell" data-testid="run.eachCell">
      <span className="muted small">One click each:</span>
      {CELL_CHOICES.map((cell) => (
        <button
          key={cell}
          type="button"
          className="btn btn-small"
          data-testid={`run.start.${cell}`}
          disabled={!trainable}
          onClick={() => {
            setField('cell', cell);
            startRun();
          }}
        >
          Train {valueLabel('cell', cell)}
        </button>
      ))}
      {newest.length >= 2 && (
        <button
          type="button"
          className="btn btn-small btn-ghost"
          data-testid="run.compareEachCell"
          onClick={() => {
            clearCompare();
            for (const r of newest) toggleCompare(r.id);
          }}
        >
          Compare the newest {newest.map((r) => valueLabel('cell', r.config.hp.cell)).join(', ')}
        </button>
      )}
    </p>
  );
}

/**
 * Train disables itself when a run starts, and Stop when it ends: a keyboard or screen-reader user
 * would be dropped onto the page's body each time. Focus moves to the button that took over (Stop
 * while the run is on, Train once it is over), only when it was lost that way, never taken from
 * wherever the user has gone since.
 */
function useKeepFocus(active: boolean, train: React.RefObject<HTMLButtonElement | null>, stop: React.RefObject<HTMLButtonElement | null>) {
  const was = useRef(active);
  useEffect(() => {
    if (was.current === active) return;
    was.current = active;
    const focused = document.activeElement;
    const lost = !focused || focused === document.body || focused === train.current || focused === stop.current;
    if (!lost) return;
    (active ? stop : train).current?.focus();
  }, [active, train, stop]);
}

function RunStatusText() {
  const status = useLab((s) => s.status);
  const epochsDone = useLab((s) => s.epochs.length);
  const totalEpochs = useLab((s) => s.runConfig?.hp.epochs ?? 0);
  const reason = useLab((s) => s.result?.reason);
  // The same epoch the progress line shows.
  const epoch = useLab((s) => shownEpoch(s.lastBatch, s.epochs.length > 0 ? s.epochs[s.epochs.length - 1] : null));
  let text = STATUS_TEXT[status];
  const readsTestAtEnd = useLab((s) => selectRunScenario(s).data.kind === 'imdb-short-reviews');
  if (status === 'training' && readsTestAtEnd && epochsDone >= totalEpochs && totalEpochs > 0) {
    // The short-reviews card reads its test set and short-review check once, after the last epoch.
    text += ' — all epochs done, reading the test set and the short-review check';
  } else if (status === 'training' || status === 'paused') text += ` — epoch ${Math.max(1, epoch)} of ${formatInt(totalEpochs)}`;
  if (status === 'done') {
    text = reason === 'stopped' ? `Stopped after ${formatInt(epochsDone)} of ${formatCount(totalEpochs, 'epoch')}` : `Finished ${formatCount(epochsDone, 'epoch')}`;
  }
  return (
    <p className="run-status" data-testid="run.status" data-state={status} role="status" aria-live="polite">
      <span className={`status-dot status-${status}`} aria-hidden="true" />
      {text}
    </p>
  );
}

/** The run's failure, in words, with a way to try again (Retry when the dataset did not load). */
export function RunErrorBox() {
  const error = useLab((s) => s.error);
  const trainable = useLab(canTrain);
  const startRun = useLab((s) => s.startRun);
  if (!error) return null;
  const isData = error.phase === 'data';
  return (
    <div className="error-box" data-testid="run.error" role="alert">
      <p className="error-title">
        {isData ? 'The dataset could not be loaded' : error.phase === 'resume' ? 'Resuming failed' : error.name === 'NaN loss' ? 'Training diverged' : 'Training failed'}
        {!isData && error.name !== 'NaN loss' && error.name !== 'Error' && <span className="muted"> ({error.name})</span>}
      </p>
      <p className="error-message" data-testid={isData ? 'data.error' : undefined}>
        {error.message}
      </p>
      {error.detail && (
        <details className="small" data-testid="run.error.detail">
          <summary>The original error, for a bug report</summary>
          <pre>{error.detail}</pre>
        </details>
      )}
      {isData ? (
        <button type="button" className="btn" data-testid="data.retry" onClick={() => startRun()} disabled={!trainable}>
          Retry
        </button>
      ) : error.phase === 'resume' ? null : (
        <p className="muted small">Change the settings if needed, then press Train again.</p>
      )}
    </div>
  );
}
