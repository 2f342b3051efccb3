/**
 * Where unfinished runs' checkpoints are kept, one per run (keyed by its kept record's id), so a
 * reload, a closed tab or a crash can offer "Resume from epoch N" for each of them
 * (`platform/idbCheckpointStore.ts` in the browser). Every value read back is checked
 * (`checkpointSchema.ts`): a damaged one comes back with its problem, never as a checkpoint.
 */
import type { Checkpoint } from '../engine/types';
import { parseCheckpoint } from './checkpointSchema';

/** The key the single checkpoint of earlier versions was kept under: read once, then moved to its run or dropped. */
export const LEGACY_KEY = 'latest';

/** A stored checkpoint as read back: usable, or damaged with the reason (the end of a sentence). */
export type StoredCheckpoint = { runId: string; checkpoint: Checkpoint } | { runId: string; problem: string };

export interface CheckpointStore {
  /** Replaces the run's checkpoint. */
  save(runId: string, checkpoint: Checkpoint): Promise<void>;
  /** The run's checkpoint, checked; undefined when it has none. */
  get(runId: string): Promise<StoredCheckpoint | undefined>;
  /** Every kept checkpoint, checked (the legacy one under `LEGACY_KEY`). */
  list(): Promise<StoredCheckpoint[]>;
  delete(runId: string): Promise<void>;
}

/** A stored value, checked and paired with its key. */
export function readStored(runId: string, value: unknown): StoredCheckpoint {
  const read = parseCheckpoint(value);
  return 'checkpoint' in read ? { runId, checkpoint: read.checkpoint } : { runId, problem: read.problem };
}

/**
 * This page's memory only (tests, and where IndexedDB is missing). `stored` holds raw values, as
 * IndexedDB would, so tests can put anything there; two stores given the same map share it (two tabs).
 */
export function memoryCheckpointStore(stored: Map<string, unknown> = new Map()): CheckpointStore {
  return {
    save: async (runId, c) => void stored.set(runId, c),
    get: async (runId) => (stored.has(runId) ? readStored(runId, stored.get(runId)) : undefined),
    list: async () => [...stored].map(([runId, value]) => readStored(runId, value)),
    delete: async (runId) => void stored.delete(runId),
  };
}
