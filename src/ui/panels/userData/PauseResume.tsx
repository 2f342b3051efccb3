/** Pause and Resume for a user-data card's run in progress, as the tutorials have them. */
import { useStore, type StoreApi } from 'zustand';

/** What the buttons read of a card's store. */
export interface PausableRun {
  phase: string;
  paused: boolean;
  pause(): void;
  resume(): void;
}

export function PauseResume({ store, testIdPrefix }: { store: StoreApi<PausableRun>; testIdPrefix: string }) {
  const phase = useStore(store, (s) => s.phase);
  const paused = useStore(store, (s) => s.paused);
  const training = phase === 'training';
  return paused ? (
    <button type="button" className="btn" data-testid={`${testIdPrefix}.resume`} disabled={!training} onClick={() => store.getState().resume()}>
      Resume
    </button>
  ) : (
    <button type="button" className="btn" data-testid={`${testIdPrefix}.pause`} disabled={!training} onClick={() => store.getState().pause()}>
      Pause
    </button>
  );
}
