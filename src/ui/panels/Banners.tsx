/** Messages above the layout: what the URL had that could not be used, and engine notices. */
import type { ResumableRun } from '../../state/labState';
import { isRunActive } from '../../state/selectors';
import { useLab } from '../hooks/useLab';

/** Problems listed before the rest fold away, so a link with 1,000 bad keys stays a short banner. */
export const URL_PROBLEMS_SHOWN = 5;

export function UrlProblemsBanner() {
  const problems = useLab((s) => s.urlProblems);
  const dismiss = useLab((s) => s.dismissUrlProblems);
  if (problems.length === 0) return null;
  const shown = problems.slice(0, URL_PROBLEMS_SHOWN);
  const rest = problems.slice(URL_PROBLEMS_SHOWN);
  return (
    <div className="banner banner-warn" data-testid="url.problems" role="alert">
      <div className="banner-body">
        <p className="banner-title">Some settings in the link could not be used (each line says what was kept):</p>
        <ul>
          {shown.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
        {rest.length > 0 && (
          <details data-testid="url.problems.more">
            <summary>{rest.length.toLocaleString('en-US')} more</summary>
            <ul className="banner-more">
              {rest.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          </details>
        )}
      </div>
      <button type="button" className="btn btn-ghost btn-small" data-testid="url.problems.dismiss" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

export function EngineNotices() {
  const notices = useLab((s) => s.notices);
  const dismiss = useLab((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="banner banner-info" data-testid="engine.notice" role="status">
      <ul>
        {notices.map((n, i) => (
          <li key={i}>
            {n}{' '}
            <button type="button" className="btn btn-ghost btn-small" onClick={() => dismiss(i)} aria-label="Dismiss notice">
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "after epoch 3 of 15", and where the next epoch was trained but not yet validated, that too. */
export function stoppedAt(offer: ResumableRun): string {
  return `after epoch ${offer.epoch} of ${offer.epochs}${offer.validating ? `, with epoch ${offer.epoch + 1} trained but not yet validated` : ''}`;
}

/** The resume button's words: where the run goes on from. */
export function resumeLabel(offer: ResumableRun): string {
  return offer.validating ? `Resume: validate epoch ${offer.epoch + 1}` : `Resume from epoch ${offer.epoch}`;
}

/**
 * This tab's unfinished run (a reload, a closed tab, a crash), offered for resuming, and the
 * checkpoints that could not be read, each in one sentence with Discard. Other unfinished runs
 * are resumed from their rows in the Runs panel (`ResumeRunButton.tsx`).
 */
export function ResumeBanner() {
  const offer = useLab((s) => s.checkpointOffer);
  const damaged = useLab((s) => s.damagedCheckpoints);
  const active = useLab(isRunActive);
  const resume = useLab((s) => s.resumeFromCheckpoint);
  const discard = useLab((s) => s.discardCheckpoint);
  return (
    <>
      {offer && !active && (
        <div className="banner banner-info" data-testid="resume.banner" data-run-id={offer.runId} data-epoch={offer.epoch} role="status">
          <div className="banner-body">
            <p className="banner-title">
              A run of “{offer.title}” stopped before it finished: {stoppedAt(offer)}.
            </p>
            <p className="small">
              {offer.exact
                ? 'It can continue from there with the same settings, and will train exactly as if it had never stopped.'
                : 'It can continue from there with the same settings, weights, optimizer state and data order (on a GPU, its sums may round a little differently).'}
            </p>
          </div>
          <button type="button" className="btn" data-testid="resume.start" onClick={() => void resume(offer.runId)}>
            {resumeLabel(offer)}
          </button>
          <button type="button" className="btn btn-ghost btn-small" data-testid="resume.discard" onClick={() => void discard(offer.runId)}>
            Discard
          </button>
        </div>
      )}
      {damaged.map((d) => (
        <div key={d.runId} className="banner banner-warn" data-testid="resume.damaged" data-run-id={d.runId} role="alert">
          <p className="banner-body">{d.message}</p>
          <button type="button" className="btn btn-ghost btn-small" data-testid="resume.damaged.discard" onClick={() => void discard(d.runId)}>
            Discard it
          </button>
        </div>
      ))}
    </>
  );
}
