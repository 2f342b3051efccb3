/** Pause and Resume for the text run in progress, as the tutorials have them. */
import { useStore } from 'zustand';
import type { TextRunStore } from './textRunStore';

export function TextRunControls({ store }: { store: TextRunStore }) {
  const phase = useStore(store, (s) => s.phase);
  const paused = useStore(store, (s) => s.paused);
  const training = phase === 'training';
  return paused ? (
    <button type="button" className="btn" data-testid="yourText.resume" disabled={!training} onClick={() => store.getState().resume()}>
      Resume
    </button>
  ) : (
    <button type="button" className="btn" data-testid="yourText.pause" disabled={!training} onClick={() => store.getState().pause()}>
      Pause
    </button>
  );
}
