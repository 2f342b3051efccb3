/**
 * The Runs panel: every kept run (tutorial or the user's data, date, accuracy, duration), to open,
 * rename, delete or select for comparison; the user's kept datasets (`DatasetsList`); the storage they use, with "Free space" (evicts old runs' weights, keeps
 * their curves); and what went wrong keeping them.
 */
import { useEffect, useState } from 'react';
import type { DamagedRecord, RunRecord } from '../../platform/runStore';
import { KEEP_MODELS } from '../../state/runsSlice';
import { isRunActive } from '../../state/selectors';
import { runTitle } from '../../state/userRunKinds';
import type { LabState } from '../../state/store';
import { formatBytes, formatDuration, formatPercent } from '../format';
import { useLab } from '../hooks/useLab';
import { rawJson } from '../rawJson';
import { DatasetsList } from './DatasetsList';
import { ResumeRunButton } from './ResumeRunButton';

const selectRuns = (s: LabState) => s.runs;
const selectDamaged = (s: LabState) => s.damagedRuns;

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
  const damaged = useLab(selectDamaged);
  const loaded = useLab((s) => s.runsLoaded);
  const refresh = useLab((s) => s.refreshRuns);
  const freeSpace = useLab((s) => s.freeSpace);
  const evictable = runs.filter((r) => r.hasModel).length > KEEP_MODELS;

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section className="panel runs-panel" aria-labelledby="runs-title" data-testid="runs.panel" data-count={runs.length} data-damaged={damaged.length}>
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
      <RunsProblems />
      <StorageFigure />
      {loaded && runs.length === 0 && damaged.length === 0 && <p className="muted">No runs yet: press Train, and the run appears here.</p>}
      {runs.length > 0 && (
        <ul className="runs-list" data-testid="runs.list">
          {runs.map((run) => (
            <RunItem key={run.id} run={run} />
          ))}
        </ul>
      )}
      <DatasetsList />
      {damaged.length > 0 && (
        <>
          <h3 className="runs-damaged-title">Damaged records</h3>
          <p className="muted small">
            These were found in this browser’s storage but are not runs this version of the lab can use (another version of the app on
            this site may have written them). Export one to keep it as it is, or delete it.
          </p>
          <ul className="runs-list" data-testid="runs.damaged">
            {damaged.map((entry, i) => (
              <DamagedItem key={entry.id ?? `#${i}`} entry={entry} index={i} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * What the kept runs take, by our own count (records and models as stored), refreshed after every
 * change. The browser's own usage figure is not shown: it lags deletions (it stayed put after Free
 * space) until the browser compacts its files.
 */
function StorageFigure() {
  const storage = useLab((s) => s.storage);
  const models = useLab((s) => s.runs.reduce((sum, r) => sum + r.modelBytes, 0));
  if (!storage) return null;
  return (
    <p className="muted small" data-testid="runs.storage" data-bytes={storage.runsBytes}>
      Kept runs take {formatBytes(storage.runsBytes)}
      {models > 0 ? `, ${formatBytes(models)} of it trained models` : ''}
      {storage.quota ? `; the browser allows this site ${formatBytes(storage.quota)}` : ''}.
    </p>
  );
}

function RunsProblems() {
  const problems = useLab((s) => s.runsProblems);
  const dismiss = useLab((s) => s.dismissRunsProblem);
  if (problems.length === 0) return null;
  return (
    <div className="runs-problems" data-testid="runs.problems">
      {problems.map((problem) => (
        <div key={problem.key} className="banner banner-warn runs-problem" data-testid="runs.problem" data-key={problem.key} role="alert">
          <p className="banner-body">{problem.text}</p>
          <button type="button" className="btn btn-ghost btn-small" data-testid="runs.problem.dismiss" onClick={() => dismiss(problem.key)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}

/** Hands a damaged record to the browser as a JSON download, as it was found. */
function exportDamaged(entry: DamagedRecord, index: number): void {
  const url = URL.createObjectURL(new Blob([rawJson(entry.raw)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  // Ids are ours (uuids) or anything at all: keep the file name to safe characters.
  a.download = `damaged-run-${(entry.id ?? String(index + 1)).replace(/[^\w.-]+/g, '_').slice(0, 60)}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Delete, asking once more first ("Delete for good" / "Keep"): a kept run cannot be brought back. */
function DeleteButton({ testId, describedBy, disabled = false, onDelete }: { testId: string; describedBy: string; disabled?: boolean; onDelete: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="btn btn-small" data-testid={testId} disabled={disabled} aria-describedby={describedBy} onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  }
  return (
    <>
      <button type="button" className="btn btn-small btn-danger" data-testid={`${testId}.confirm`} onClick={onDelete}>
        Delete for good
      </button>
      <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </>
  );
}

/** A stored record the lab cannot use: what is wrong with it, to export or delete, and nothing else. */
function DamagedItem({ entry, index }: { entry: DamagedRecord; index: number }) {
  const deleteDamaged = useLab((s) => s.deleteDamaged);
  const label = entry.id ? `Record “${entry.id.slice(0, 60)}”` : `Record ${index + 1} (no usable id)`;
  const labelId = `damaged-run-${index}`;
  return (
    <li className="run-item run-item-damaged" data-testid="runs.damaged.item" data-run-id={entry.id}>
      <div className="run-main">
        <span className="run-name" id={labelId}>
          {label}
          <span className="run-tag run-tag-bad">damaged</span>
        </span>
        <span className="small run-problem" data-testid="runs.damaged.problem">{entry.problem}</span>
      </div>
      <div className="run-actions">
        <button type="button" className="btn btn-small" data-testid="runs.damaged.export" aria-describedby={labelId} onClick={() => exportDamaged(entry, index)}>
          Export
        </button>
        <DeleteButton testId="runs.damaged.delete" describedBy={labelId} onDelete={() => void deleteDamaged(entry.key)} />
      </div>
    </li>
  );
}

function RunItem({ run }: { run: RunRecord }) {
  const active = useLab(isRunActive);
  // The run this tab trains (a resumed one keeps its old record) or another tab does; any other running one was cut off.
  const current = useLab((s) => (isRunActive(s) && s.recordId === run.id) || s.trainingElsewhere.includes(run.id) || s.userRunsTraining.includes(run.id));
  const unsaved = useLab((s) => s.unsavedIds.includes(run.id));
  const compared = useLab((s) => s.compareIds.includes(run.id));
  const shown = useLab((s) => (s.opened?.labRunId === s.runId && s.opened.runId === run.id));
  const openRun = useLab((s) => s.openRun);
  const renameRun = useLab((s) => s.renameRun);
  const deleteRun = useLab((s) => s.deleteRun);
  const toggleCompare = useLab((s) => s.toggleCompare);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(run.name);
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
          <span data-testid="runs.title">{runTitle(run.config)}</span> · <time dateTime={date.toISOString()}>{date.toLocaleString()}</time>
        </span>
        <span className="small run-figures">
          <span data-testid="runs.accuracy">{accuracy === undefined ? 'no epoch' : `${formatPercent(accuracy, 1)} accuracy`}</span>
          {' · '}
          {formatDuration(runSeconds(run))}
          {' · '}
          {run.epochs.length} {run.epochs.length === 1 ? 'epoch' : 'epochs'}
          {outcome && <span className="run-tag">{outcome}</span>}
          {unsaved && <span className="run-tag run-tag-bad" data-testid="runs.unsaved">not saved</span>}
          {!unsaved && <ModelTag run={run} />}
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
        <DeleteButton testId="runs.delete" describedBy={nameId} disabled={current} onDelete={() => void deleteRun(run.id)} />
      </div>
    </li>
  );
}

/** Why a finished run has no model to open, where it has none: removed by Free space, or storage failed. */
function ModelTag({ run }: { run: RunRecord }) {
  if (run.hasModel || run.outcome === 'running' || run.outcome === 'failed') return null;
  if (run.modelGone === 'not-kept') {
    return (
      <span className="run-tag run-tag-bad" data-testid="runs.model-gone" data-why="not-kept" title="Writing its trained model to the browser’s storage failed; its curves are kept.">
        model not kept (storage failed)
      </span>
    );
  }
  // Records written before `modelGone` existed lost their weights to Free space only.
  if (run.modelGone === 'freed' || run.epochs.length > 0) {
    return (
      <span className="run-tag" data-testid="runs.model-gone" data-why="freed" title="Its trained model was removed by Free space; its curves are kept.">
        curves only (model removed by Free space)
      </span>
    );
  }
  return null;
}
