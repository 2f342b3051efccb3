/** Messages above the layout: what the URL had that could not be used, and engine notices. */
import { SCENARIOS } from '../../scenarios';
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

/** A run an earlier page left unfinished (a reload, a closed tab, a crash), offered for resuming. */
export function ResumeBanner() {
  const offer = useLab((s) => s.checkpointOffer);
  const resume = useLab((s) => s.resumeFromCheckpoint);
  const discard = useLab((s) => s.discardCheckpoint);
  if (!offer) return null;
  return (
    <div className="banner banner-info" data-testid="resume.banner" role="status">
      <div className="banner-body">
        <p className="banner-title">
          A run of “{SCENARIOS[offer.scenario].title}” stopped after epoch {offer.epoch} of {offer.epochs} before it finished.
        </p>
        <p className="small">
          {offer.exact
            ? 'It can continue from there with the same settings, and will train exactly as if it had never stopped.'
            : 'It can continue from there with the same settings, weights, optimizer state and data order (on a GPU, its sums may round a little differently).'}
        </p>
      </div>
      <button type="button" className="btn" data-testid="resume.start" onClick={() => void resume()}>
        Resume from epoch {offer.epoch}
      </button>
      <button type="button" className="btn btn-ghost btn-small" data-testid="resume.discard" onClick={discard}>
        Discard
      </button>
    </div>
  );
}
