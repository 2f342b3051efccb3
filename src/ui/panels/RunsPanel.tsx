/**
 * The Runs panel: every kept run (tutorial, date, accuracy, duration), to open, rename, delete or
 * select for comparison; the storage they use, with "Free space" (evicts old runs' weights, keeps
 * their curves); and what went wrong keeping them.
 */
import { useEffect, useState } from 'react';
import type { RunRecord } from '../../platform/runStore';
import { SCENARIOS } from '../../scenarios';
import { KEEP_MODELS } from '../../state/runsSlice';
import { isRunActive } from '../../state/selectors';
import type { LabState } from '../../state/store';
import { formatBytes, formatDuration, formatPercent } from '../format';
import { useLab } from '../hooks/useLab';
import { ResumeRunButton } from './ResumeRunButton';

const selectRuns = (s: LabState) => s.runs;

/** The run's headline accuracy: its final evaluation, else its last epoch's (validation first). */
export function runAccuracy(run: RunRecord): number | undefined {
  const last = run.epochs[run.epochs.length - 1];
  return run.result?.evaluation?.accuracy ?? last?.valAcc ?? last?.acc;
}

/** Time spent training (a resumed run's closed-page gap excluded); older records: start to end, or their epochs' time. */
export function runSeconds(run: RunRecord): number {
  if (run.trainingMs !== undefined) return run.trainingMs / 1000;
  return run.endedAt !== undefined ? (run.endedAt - run.startedAt) / 1000 : run.epochs.reduce((s, e) => s + e.seconds, 0);
}

const OUTCOME_TEXT: Record<RunRecord['outcome'], string | null> = {
  completed: null,
  stopped: 'stopped',
  nan: 'diverged',
  failed: 'failed',
  running: 'interrupted',
};

export function RunsPanel() {
  const runs = useLab(selectRuns);
  const loaded = useLab((s) => s.runsLoaded);
  const refresh = useLab((s) => s.refreshRuns);
  const storage = useLab((s) => s.storage);
  const freeSpace = useLab((s) => s.freeSpace);
  const evictable = runs.filter((r) => r.hasModel).length > KEEP_MODELS;

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section className="panel runs-panel" aria-labelledby="runs-title" data-testid="runs.panel" data-count={runs.length}>
      <div className="panel-head">
        <div>
          <h2 id="runs-title" className="panel-title">Runs</h2>
          <p className="muted small">Every run is kept in this browser as it trains: open one to see it again, or tick two or more to compare them.</p>
        </div>
        <button
          type="button"
          className="btn btn-small"
          data-testid="runs.free"
          onClick={() => void freeSpace()}
          disabled={!evictable}
          title={`Removes the trained models of all but the ${KEEP_MODELS} newest runs; their curves stay.`}
        >
          Free space
        </button>
      </div>
      <RunsProblem />
      {storage && (
        <p className="muted small" data-testid="runs.storage" data-bytes={storage.runsBytes}>
          Kept runs take {formatBytes(storage.runsBytes)}
          {storage.usage !== undefined && storage.quota ? ` (this site uses ${formatBytes(storage.usage)} of ${formatBytes(storage.quota)} the browser allows)` : ''}.
        </p>
      )}
      {loaded && runs.length === 0 && <p className="muted">No runs yet: press Train, and the run appears here.</p>}
      {runs.length > 0 && (
        <ul className="runs-list" data-testid="runs.list">
          {runs.map((run) => (
            <RunItem key={run.id} run={run} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RunsProblem() {
  const problem = useLab((s) => s.runsProblem);
  const dismiss = useLab((s) => s.dismissRunsProblem);
  if (!problem) return null;
  return (
    <div className="banner banner-warn runs-problem" data-testid="runs.problem" role="alert">
      <p className="banner-body">{problem}</p>
      <button type="button" className="btn btn-ghost btn-small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

function RunItem({ run }: { run: RunRecord }) {
  const active = useLab(isRunActive);
  // The run this tab trains (a resumed one keeps its old record) or another tab does; any other running one was cut off.
  const current = useLab((s) => (isRunActive(s) && s.recordId === run.id) || s.trainingElsewhere.includes(run.id));
  const unsaved = useLab((s) => s.unsavedIds.includes(run.id));
  const compared = useLab((s) => s.compareIds.includes(run.id));
  const shown = useLab((s) => (s.opened?.labRunId === s.runId && s.opened.runId === run.id));
  const openRun = useLab((s) => s.openRun);
  const renameRun = useLab((s) => s.renameRun);
  const deleteRun = useLab((s) => s.deleteRun);
  const toggleCompare = useLab((s) => s.toggleCompare);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(run.name);
  const [confirming, setConfirming] = useState(false);
  const accuracy = runAccuracy(run);
  const outcome = current ? 'training' : OUTCOME_TEXT[run.outcome];
  const date = new Date(run.startedAt);
  const nameId = `run-name-${run.id}`;

  const save = () => {
    setEditing(false);
    void renameRun(run.id, draft);
  };

  return (
    <li
      className={'run-item' + (shown ? ' run-item-shown' : '')}
      data-testid="runs.item"
      data-run-id={run.id}
      data-outcome={run.outcome}
      data-has-model={run.hasModel}
      data-epochs={run.epochs.length}
    >
      <input
        type="checkbox"
        className="run-compare"
        data-testid="runs.compare"
        checked={compared}
        onChange={() => toggleCompare(run.id)}
        aria-label={`Compare ${run.name}`}
      />
      <div className="run-main">
        {editing ? (
          <input
            className="run-rename"
            data-testid="runs.rename.input"
            value={draft}
            aria-label="Run name"
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') save();
              if (e.key === 'Escape') setEditing(false);
            }}
            onBlur={save}
          />
        ) : (
          <span className="run-name" id={nameId} data-testid="runs.name">
            {run.name}
          </span>
        )}
        <span className="muted small run-meta">
          {SCENARIOS[run.scenario].title} · <time dateTime={date.toISOString()}>{date.toLocaleString()}</time>
        </span>
        <span className="small run-figures">
          <span data-testid="runs.accuracy">{accuracy === undefined ? 'no epoch' : `${formatPercent(accuracy, 1)} accuracy`}</span>
          {' · '}
          {formatDuration(runSeconds(run))}
          {' · '}
          {run.epochs.length} {run.epochs.length === 1 ? 'epoch' : 'epochs'}
          {outcome && <span className="run-tag">{outcome}</span>}
          {unsaved && <span className="run-tag run-tag-bad" data-testid="runs.unsaved">not saved</span>}
          {!run.hasModel && !unsaved && run.outcome !== 'running' && run.outcome !== 'failed' && (
            <span className="run-tag" title="Its trained model was removed to free space; its curves remain.">curves only</span>
          )}
        </span>
      </div>
      <div className="run-actions">
        <ResumeRunButton run={run} />
        <button
          type="button"
          className="btn btn-small"
          data-testid="runs.open"
          disabled={active}
          title={active ? 'Stop the run in progress first.' : undefined}
          aria-describedby={nameId}
          onClick={() => void openRun(run.id)}
        >
          Open
        </button>
        <button
          type="button"
          className="btn btn-small"
          data-testid="runs.rename"
          aria-describedby={nameId}
          onClick={() => {
            setDraft(run.name);
            setEditing(true);
          }}
        >
          Rename
        </button>
        {confirming ? (
          <>
            <button type="button" className="btn btn-small btn-danger" data-testid="runs.delete.confirm" onClick={() => void deleteRun(run.id)}>
              Delete for good
            </button>
            <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            data-testid="runs.delete"
            disabled={current}
            aria-describedby={nameId}
            onClick={() => setConfirming(true)}
          >
            Delete
          </button>
        )}
      </div>
    </li>
  );
}
