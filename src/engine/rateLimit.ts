/**
 * "At most every `minMs`": the first call is due, then none sooner than `minMs` after the last
 * one that was. Snapshots of the weights and checkpoints both copy every weight, so a run whose
 * epochs take milliseconds (alphabet) must not make one per epoch.
 */
export function everyAtMost(minMs: number, now: () => number = () => performance.now()): { due(): boolean } {
  let last = -Infinity;
  return {
    due() {
      const t = now();
      if (t - last < minMs) return false;
      last = t;
      return true;
    },
  };
}
