/**
 * While the "Your text" card reads a text (in the parse worker: decoding, counting the characters,
 * hashing, cutting the windows), a progress bar with the stage in words, so a 50 MB file shows it
 * is being read rather than a page that seems stuck.
 */
import { useStore } from 'zustand';
import type { PrepareProgress } from '../../../engine/data/user/prepareUserData';
import { formatPercent } from '../../format';
import './textReadProgress.css';
import type { TextRunStore } from './textRunStore';

const STAGE: { readonly [S in PrepareProgress['stage']]: string } = {
  read: 'Reading the file',
  parse: 'Counting the characters',
  hash: 'Fingerprinting the text',
  samples: 'Cutting the windows',
};

export function TextReadProgress({ store }: { store: TextRunStore }) {
  const reading = useStore(store, (s) => s.phase === 'reading');
  const progress = useStore(store, (s) => s.progress);
  if (!reading) return null;
  const label = progress ? `${STAGE[progress.stage]}: ${formatPercent(progress.fraction)}` : 'Reading the text…';
  return (
    <div className="your-text-progress" data-testid="yourText.progress" data-stage={progress?.stage ?? 'start'} data-fraction={progress?.fraction ?? 0}>
      <progress value={progress?.fraction ?? undefined} max={1} aria-label={label} />
      <span className="muted small" aria-live="polite">{label}</span>
    </div>
  );
}
