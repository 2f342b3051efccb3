/** Messages above the layout: what the URL had that could not be used, and engine notices. */
import { useLab } from '../hooks/useLab';

export function UrlProblemsBanner() {
  const problems = useLab((s) => s.urlProblems);
  const dismiss = useLab((s) => s.dismissUrlProblems);
  if (problems.length === 0) return null;
  return (
    <div className="banner banner-warn" data-testid="url.problems" role="alert">
      <div>
        <p className="banner-title">Some settings in the link could not be used; defaults were used instead:</p>
        <ul>
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
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
