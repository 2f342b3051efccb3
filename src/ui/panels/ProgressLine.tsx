/** The Keras-style progress line and the dataset download bar. */
import { dataAmount, DATA_STAGES } from '../dataProgress';
import { progressLine } from '../format';
import { useLab } from '../hooks/useLab';

export function ProgressLine() {
  const lastBatch = useLab((s) => s.lastBatch);
  const lastEpoch = useLab((s) => (s.epochs.length > 0 ? s.epochs[s.epochs.length - 1] : null));
  const totalEpochs = useLab((s) => s.runConfig?.hp.epochs ?? 0);
  // The ETA is about a run in progress: Stop (or the end) clears it.
  const running = useLab((s) => s.status === 'training' || s.status === 'preparing');
  const line = progressLine(lastBatch, lastEpoch, totalEpochs, running);
  return (
    <p className="progress-line" data-testid="progress.line" aria-live="off">
      {line || <span className="muted">Keras-style progress appears here once training starts.</span>}
    </p>
  );
}

export function DataProgressBar() {
  const progress = useLab((s) => s.dataProgress);
  const status = useLab((s) => s.status);
  const hasSummary = useLab((s) => s.summary !== null);
  if (!progress) return null;
  const fraction = progress.total > 0 ? Math.min(1, progress.loaded / progress.total) : 0;
  const stage = DATA_STAGES[progress.stage];
  const amount = dataAmount(progress);
  // Once the model is built the data is in memory; keep the bar only while it is still relevant.
  const finished = hasSummary || status === 'done';
  return (
    <div className={'data-progress' + (finished ? ' data-progress-done' : '')} data-testid="data.progress" data-stage={progress.stage}>
      <div className="data-progress-text">
        <span>
          {finished ? 'Dataset ready' : status === 'error' ? `${stage.text} failed` : stage.text}
          {progress.file && !finished && <span className="muted"> {progress.file}</span>}
        </span>
        {amount && !finished && <span className="muted" data-testid="data.amount">{amount}</span>}
      </div>
      <progress max={1} value={finished ? 1 : fraction} aria-label="Dataset loading" />
    </div>
  );
}
