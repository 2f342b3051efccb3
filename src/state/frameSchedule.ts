/**
 * Coalescing per-batch updates into few React renders. At batch size 1 the engine reports hundreds
 * of batches per second; rendering each would starve the main thread. Updates are buffered and
 * flushed at most once per `minIntervalMs`, on an animation frame so the flush lands right before
 * a paint.
 */

/** Runs `task` once, later. Calls while a task is pending are the caller's to dedupe. */
export type Schedule = (task: () => void) => void;

/** Browser scheduler: wait out the interval, then the next animation frame. */
export function frameSchedule(minIntervalMs = 100): Schedule {
  let lastRun = 0;
  return (task) => {
    let ran = false;
    const run = () => {
      if (ran) return;
      ran = true;
      lastRun = performance.now();
      task();
    };
    const delay = Math.max(0, lastRun + minIntervalMs - performance.now());
    setTimeout(() => {
      if (typeof requestAnimationFrame === 'function') {
        requestAnimationFrame(run);
        // Hidden tabs get no animation frames; don't let updates pile up until the tab is shown.
        setTimeout(run, 250);
      } else {
        run();
      }
    }, delay);
  };
}
