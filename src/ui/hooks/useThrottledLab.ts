/**
 * Like `useLab`, but re-renders at most once per `intervalMs`, as a transition. Recharts
 * re-computes every point on each render, so the charts take new data a couple of times per second,
 * at low priority, while the progress line still updates every frame.
 */
import { startTransition, useEffect, useState } from 'react';
import type { LabState } from '../../state/store';
import { useLabStore } from './useLab';

/**
 * `selector` must be stable (defined at module level) and return a reference from the state.
 * Updates land on a fixed clock, `offsetMs` past each multiple of `intervalMs`, so charts given
 * different offsets never re-render in the same task. With `isEmpty`, the first value that is not
 * empty after an empty one shows at once: the first point of a run is what the user waits for.
 */
export function useThrottledLab<T>(selector: (state: LabState) => T, intervalMs: number, offsetMs = 0, isEmpty?: (value: T) => boolean): T {
  const store = useLabStore();
  const [value, setValue] = useState(() => selector(store.getState()));

  useEffect(() => {
    let latest = selector(store.getState());
    let pushed = latest;
    let lastPush = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const push = () => {
      timer = null;
      lastPush = performance.now();
      // A transition renders in time slices, so a chart with a thousand points does not block
      // input; the functional form keeps React from treating `latest` as an updater.
      const value = latest;
      pushed = value;
      startTransition(() => setValue(() => value));
    };
    // Catch up with anything that changed between render and subscription.
    push();
    const unsubscribe = store.subscribe((state) => {
      const next = selector(state);
      if (Object.is(next, latest)) return;
      latest = next;
      if (isEmpty && isEmpty(pushed) && !isEmpty(next)) {
        if (timer !== null) clearTimeout(timer);
        pushed = next;
        lastPush = performance.now();
        timer = null;
        // Not a transition: nothing else competes with the first point.
        setValue(() => next);
        return;
      }
      if (timer !== null) return;
      const now = performance.now();
      const earliest = Math.max(now, lastPush + intervalMs);
      const slot = Math.ceil((earliest - offsetMs) / intervalMs) * intervalMs + offsetMs;
      timer = setTimeout(push, slot - now);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, selector, intervalMs, offsetMs, isEmpty]);

  return value;
}
