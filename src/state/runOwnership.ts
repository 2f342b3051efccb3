/**
 * Which tab a run belongs to. A run trains in one tab at a time: its lock (one per kept run id,
 * `platform/browserRunOwnership.ts` with Web Locks) is held while it trains, and a run whose lock
 * another tab holds is never offered for resuming, so two tabs never write one record. A tab also
 * remembers the last run it trained (across its reloads), so its banner offers its own run first.
 */

export interface RunLocks {
  /**
   * Takes the run's lock unless a tab (this one included) holds it: resolves to the function that
   * releases it, or to null when it is held.
   */
  acquire(runId: string): Promise<(() => void) | null>;
  /** The runs whose lock some tab holds now. */
  held(): Promise<Set<string>>;
}

/** The last run this tab trained, remembered across its reloads (not shared with other tabs). */
export interface TabRuns {
  last(): string | null;
  remember(runId: string): void;
}

/** Locks within one JavaScript realm: tests (two stores given one are two tabs), and browsers without Web Locks. */
export function memoryRunLocks(): RunLocks {
  const held = new Set<string>();
  return {
    acquire: async (runId) => {
      if (held.has(runId)) return null;
      held.add(runId);
      return () => void held.delete(runId);
    },
    held: async () => new Set(held),
  };
}

export function memoryTabRuns(): TabRuns {
  let last: string | null = null;
  return { last: () => last, remember: (runId) => void (last = runId) };
}
