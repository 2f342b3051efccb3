/**
 * Who trains the run, where (worker or main thread), and why: the plan's words
 * (`engine/plan/describe.ts`). Expands to every way of training that was considered, with the
 * measured time per step of each, and the technical details (kernels, backends tried).
 */
import { describeCandidate, KERNEL_TEXT } from '../../engine/plan/describe';
import type { Plan } from '../../engine/types';
import { useLab } from '../hooks/useLab';

export const HOST_TEXT = { worker: 'in a worker', 'main-thread': 'on the main thread', node: 'in Node' } as const;

/** The badge's short value: the processor, and how. */
export function planShortText(plan: Plan): string {
  const c = plan.candidate;
  if (c.trainer === 'typed') return `CPU · ${plan.threads} thread${plan.threads === 1 ? '' : 's'}`;
  const name = plan.backend?.name ?? c.backend;
  return name === 'webgpu' || name === 'webgl' ? `GPU · ${name === 'webgpu' ? 'WebGPU' : 'WebGL'}` : `CPU · TensorFlow.js ${name}`;
}

export function PlanBadge() {
  const plan = useLab((s) => s.plan);
  const requested = useLab((s) => (s.runConfig ?? s.config).hp);
  const status = useLab((s) => s.status);

  if (!plan) {
    const choosing = status === 'preparing';
    return (
      <div className="badge" data-testid="plan.badge" data-trainer="" data-backend="" data-host="">
        <span className="badge-label">Trains on</span>
        <span className="badge-value">{choosing ? 'choosing…' : 'chosen when you train'}</span>
        <span className="badge-detail">requested: {requested.trainer} trainer, {requested.backend} backend</span>
      </div>
    );
  }

  const mainThread = plan.host === 'main-thread';
  return (
    <details
      className={'badge badge-details' + (mainThread ? ' badge-warn' : '')}
      data-testid="plan.badge"
      data-trainer={plan.candidate.trainer}
      data-backend={plan.backend?.name ?? ''}
      data-threads={plan.threads}
      data-basis={plan.basis}
      data-host={plan.host}
    >
      <summary>
        <span className="badge-label">Trains on</span>
        <span className="badge-value">{planShortText(plan)}</span>
        <span className={'badge-host' + (mainThread ? ' warn' : '')}>{HOST_TEXT[plan.host]}</span>
      </summary>
      <div className="badge-popover">
        <p data-testid="plan.reason">{plan.reason}</p>
        {mainThread && (
          <p className="warn small">
            The training worker could not start, so training shares the main thread: the page may stutter.
          </p>
        )}
        {plan.candidates.length > 1 && (
          <>
            <h3 className="small">Ways timed on this model</h3>
            <ul className="trials" data-testid="plan.candidates">
              {plan.candidates.map((r, i) => (
                <li key={i} className={r.msPerStep !== undefined ? 'ok' : 'skipped'} data-ms={r.msPerStep ?? ''}>
                  <strong>{describeCandidate(r.candidate)}</strong>{' '}
                  {r.msPerStep !== undefined ? `${r.msPerStep.toFixed(1)} ms per step` : r.problem ?? 'not timed'}
                </li>
              ))}
            </ul>
          </>
        )}
        <details className="small" data-testid="plan.details">
          <summary>Technical details</summary>
          {plan.kernels && (
            <p className="muted" data-testid="plan.technical">
              The CPU trainer is the lab’s own: the same layers and maths as Keras, on typed arrays with {KERNEL_TEXT[plan.kernels]}, without
              TensorFlow.js.
            </p>
          )}
          {plan.backend && (
            <>
              <p className="muted" data-testid="plan.technical">{plan.backend.reason}</p>
              <ul className="trials" data-testid="plan.backends">
                {plan.backend.trials.map((t, i) => (
                  <li key={`${t.name}.${i}`} className={t.ok ? 'ok' : 'skipped'}>
                    <strong>{t.name}</strong> {t.ok ? '✓' : '✗ skipped'}
                    {t.probeMs !== undefined && <span className="muted"> ({t.probeMs.toFixed(0)} ms check)</span>}
                    <div className="muted small">{t.detail}</div>
                  </li>
                ))}
              </ul>
            </>
          )}
          <p className="muted">Requested: {plan.requested.trainer} trainer, {plan.requested.backend} backend.</p>
        </details>
      </div>
    </details>
  );
}
