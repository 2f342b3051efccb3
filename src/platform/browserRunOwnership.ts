/**
 * The browser's side of `state/runOwnership.ts`: a Web Lock per run (`navigator.locks`, shared by
 * every tab of the origin and released by the browser when a tab closes or reloads), and the tab's
 * last run in `sessionStorage` (kept across the tab's reloads, not shared with other tabs).
 */
import { memoryRunLocks, memoryTabRuns, type RunLocks, type TabRuns } from '../state/runOwnership';

const LOCK_PREFIX = 'lstm-lab-run:';
const TAB_KEY = 'lstm-lab-tab-run';

export function webRunLocks(): RunLocks {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  // Without Web Locks (an old browser, an insecure origin) only this tab's runs are known.
  if (!locks) return memoryRunLocks();
  return {
    acquire: (runId) =>
      new Promise((resolve) => {
        locks
          .request(LOCK_PREFIX + runId, { ifAvailable: true }, (lock) => {
            if (!lock) return resolve(null);
            // Held until released (or until the tab goes away).
            return new Promise<void>((release) => resolve(() => release()));
          })
          // A lock manager that fails must not stop training: the run goes on unlocked.
          .catch(() => resolve(() => undefined));
      }),
    held: async () => {
      const { held = [] } = await locks.query().catch(() => ({ held: [] }));
      const names = held.map((lock) => lock.name ?? '').filter((name) => name.startsWith(LOCK_PREFIX));
      return new Set(names.map((name) => name.slice(LOCK_PREFIX.length)));
    },
  };
}

export function sessionTabRuns(): TabRuns {
  const fallback = memoryTabRuns();
  return {
    last: () => {
      try {
        return sessionStorage.getItem(TAB_KEY) ?? fallback.last();
      } catch {
        return fallback.last();
      }
    },
    remember: (runId) => {
      fallback.remember(runId);
      try {
        sessionStorage.setItem(TAB_KEY, runId);
      } catch {
        // Storage blocked: this page remembers it still.
      }
    },
  };
}
