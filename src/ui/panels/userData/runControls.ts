/**
 * Stop, Pause and Resume of a user-data card's run in progress, as every card's store has them
 * (`PauseResume` shows the buttons): the engine's handle does the work, the store says whether it
 * is paused. Pause only means something while the run trains.
 */
import type { RunHandle } from '../../../engine/types';

export function runControls(handle: () => RunHandle | null, phase: () => string, setPaused: (paused: boolean) => void) {
  return {
    stop(): void {
      handle()?.stop();
      setPaused(false);
    },
    pause(): void {
      const run = handle();
      if (!run || phase() !== 'training') return;
      run.pause();
      setPaused(true);
    },
    resume(): void {
      handle()?.resume();
      setPaused(false);
    },
  };
}
