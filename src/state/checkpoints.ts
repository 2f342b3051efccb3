/**
 * Where a run's latest checkpoint is kept, so a reload or a crash can offer "Resume from epoch N"
 * (`platform/idbCheckpointStore.ts` in the browser). One slot: only the run in progress matters.
 */
import type { Checkpoint } from '../engine/types';

export interface CheckpointStore {
  save(checkpoint: Checkpoint): Promise<void>;
  latest(): Promise<Checkpoint | undefined>;
  clear(): Promise<void>;
}

/** This page's memory only (tests, and where IndexedDB is missing). */
export function memoryCheckpointStore(): CheckpointStore {
  let kept: Checkpoint | undefined;
  return {
    save: async (c) => {
      kept = c;
    },
    latest: async () => kept,
    clear: async () => {
      kept = undefined;
    },
  };
}
