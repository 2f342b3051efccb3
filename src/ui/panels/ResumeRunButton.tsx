/**
 * A kept run's "Resume from epoch N" in the Runs panel: every unfinished run with a checkpoint can
 * be resumed from its row, not only the one the banner offers. A run another tab is training says
 * so instead (it is never offered here: one tab trains a run at a time).
 */
import type { RunRecord } from '../../platform/runStore';
import { isRunActive } from '../../state/selectors';
import { useLab } from '../hooks/useLab';
import { resumeLabel, stoppedAt } from './Banners';

export function ResumeRunButton({ run }: { run: RunRecord }) {
  const resumable = useLab((s) => s.resumable.find((r) => r.runId === run.id));
  const elsewhere = useLab((s) => s.trainingElsewhere.includes(run.id) && !(isRunActive(s) && s.recordId === run.id));
  const active = useLab(isRunActive);
  const resume = useLab((s) => s.resumeFromCheckpoint);
  if (elsewhere) {
    return (
      <span className="run-tag" data-testid="runs.elsewhere" title="Another tab of this site is training it: resume or stop it there.">
        in another tab
      </span>
    );
  }
  if (!resumable) return null;
  return (
    <button
      type="button"
      className="btn btn-small"
      data-testid="runs.resume"
      data-epoch={resumable.epoch}
      disabled={active}
      title={active ? 'Stop the run in progress first.' : `Goes on from its checkpoint, ${stoppedAt(resumable)}.`}
      onClick={() => void resume(run.id)}
    >
      {resumeLabel(resumable)}
    </button>
  );
}
