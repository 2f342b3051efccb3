/**
 * Which backend trains, where (worker or main thread), and why, in words for someone who knows
 * Keras rather than our internals. The engine's own reasons (kernels, SIMD, probes) and every
 * backend tried sit one click further, under "Technical details".
 */
import { useLab } from '../hooks/useLab';

const HOST_TEXT = { worker: 'in a worker', 'main-thread': 'on the main thread', node: 'in Node' } as const;
/** How the badge names each trainer (`TrainerInfo.kind`), and what that means for the user. */
const TRAINER_TEXT = { tensors: 'TensorFlow.js ops', typed: 'the fast path' } as const;
const TRAINER_MEANING = {
  tensors: 'The model trains with TensorFlow.js operations on this backend, as tfjs-layers would.',
  typed:
    'This model is small enough for the lab’s own fast path: the same layers and maths as Keras, computed directly instead of op by op, which is many times quicker here.',
} as const;
/** What each backend is, in a few words. */
const BACKEND_MEANING = {
  webgpu: 'your GPU, through WebGPU',
  webgl: 'your GPU, through WebGL',
  wasm: 'your CPU, through WebAssembly',
  cpu: 'your CPU, in plain JavaScript (the slowest, always available)',
} as const;

export function BackendBadge() {
  const backend = useLab((s) => s.backend);
  const requested = useLab((s) => (s.runConfig ?? s.config).hp.backend);
  const status = useLab((s) => s.status);
  const trainer = useLab((s) => s.summary?.trainer);

  if (!backend) {
    const choosing = status === 'preparing';
    return (
      <div className="badge" data-testid="backend.badge" data-backend="" data-host="">
        <span className="badge-label">Backend</span>
        <span className="badge-value">{choosing ? 'choosing…' : 'picked when you train'}</span>
        <span className="badge-detail">requested: {requested}</span>
      </div>
    );
  }

  const mainThread = backend.host === 'main-thread';
  return (
    <details
      className={'badge badge-details' + (mainThread ? ' badge-warn' : '')}
      data-testid="backend.badge"
      data-backend={backend.name}
      data-host={backend.host}
    >
      <summary>
        <span className="badge-label">Backend</span>
        <span className="badge-value">{backend.name.toUpperCase()}</span>
        <span className={'badge-host' + (mainThread ? ' warn' : '')}>{HOST_TEXT[backend.host]}</span>
        {backend.threads !== undefined && backend.threads > 1 && <span className="badge-detail">{backend.threads} threads</span>}
        {trainer && (
          <span
            className="badge-detail" data-testid="backend.trainer" data-trainer={trainer.kind} data-threads={trainer.threads ?? 1}
            title={trainer.reason}
          >
            trains with {TRAINER_TEXT[trainer.kind]}{trainer.threads && trainer.threads > 1 ? ` on ${trainer.threads} threads` : ''}
          </span>
        )}
      </summary>
      <div className="badge-popover">
        <p data-testid="backend.meaning">
          Training runs on {BACKEND_MEANING[backend.name]}
          {backend.requested === 'auto' ? ', the fastest choice that computed correctly here.' : ', as the Backend setting asks.'}
        </p>
        {trainer && <p data-testid="backend.trainerMeaning">{TRAINER_MEANING[trainer.kind]}</p>}
        {mainThread && (
          <p className="warn small">
            The training worker could not start, so training shares the main thread: the page may stutter.
          </p>
        )}
        <details className="small" data-testid="backend.details">
          <summary>Technical details</summary>
          <p>{backend.reason}</p>
          {trainer && <p data-testid="backend.trainerReason">{trainer.reason}</p>}
          <p className="muted">Requested: {backend.requested}</p>
        {backend.trials.length > 0 && (
          <>
            <h3 className="small">Backends tried</h3>
            <ul className="trials" data-testid="backend.trials">
              {backend.trials.map((t, i) => (
                <li key={`${t.name}.${i}`} className={t.ok ? 'ok' : 'skipped'}>
                  <strong>{t.name}</strong> {t.ok ? '✓' : '✗ skipped'}
                  {t.probeMs !== undefined && <span className="muted"> ({t.probeMs.toFixed(0)} ms probe)</span>}
                  <div className="muted small">{t.detail}</div>
                </li>
              ))}
            </ul>
          </>
        )}
        </details>
      </div>
    </details>
  );
}
