/**
 * The parse worker's protocol, both directions, as discriminated unions on `type`. Every message
 * carries the `requestId` it belongs to. Bad data is its own answer (`problem`, the sentence for
 * the user), apart from a failure of the lab itself (`failed`).
 */
import type { EngineError } from '../engine/types';
import type { PreparedUserData, PrepareProgress, UserDataSource, UserTask } from '../engine/data/user/prepareUserData';
import type { DataProblem } from '../engine/data/user/problem';

/** Main thread → parse worker. */
export type ToParseWorker = { type: 'prepare'; requestId: number; source: UserDataSource; task: UserTask };

/** Parse worker → main thread. */
export type FromParseWorker =
  | { type: 'ready' }
  | { type: 'progress'; requestId: number; progress: PrepareProgress }
  | { type: 'prepared'; requestId: number; data: PreparedUserData }
  | { type: 'problem'; requestId: number; problem: DataProblem }
  | { type: 'failed'; requestId: number; error: EngineError };

/** The buffers under a result's typed arrays, to transfer rather than copy (each once). */
export function transferablesOf(value: unknown, found = new Set<ArrayBuffer>(), seen = new Set<object>()): ArrayBuffer[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [...found];
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (value instanceof Map) {
    for (const v of value.values()) transferablesOf(v, found, seen);
  } else {
    for (const v of Object.values(value)) transferablesOf(v, found, seen);
  }
  return [...found];
}
