/**
 * The page's side of the parse worker: `prepare` hands the user's file and task to the worker and
 * answers with the prepared data or the problem with the data, reporting progress meanwhile.
 * Without workers (Node, tests, a browser that refuses one) the same handler runs in this thread.
 * A crashed worker fails its requests with a clear error and the next request starts a fresh one;
 * `cancel` ends a request at once by replacing the worker (parsing is one long synchronous task,
 * which nothing else can interrupt).
 */
import { prepareUserData, type PreparedUserData, type PrepareProgress, type UserDataSource, type UserTask } from '../engine/data/user/prepareUserData';
import type { UserFile } from '../engine/data/user/readText';
import type { DataProblem } from '../engine/data/user/problem';
import type { EngineError } from '../engine/types';
import { macrotaskYield } from '../engine/yield';
import { handleParseRequest } from './parseHandler';
import { transferablesOf, type FromParseWorker, type ToParseWorker } from './parseProtocol';

/** The data ready to train on, or why not, in a sentence for the user. */
export type ParseOutcome = { ok: true; data: PreparedUserData } | { ok: false; problem: DataProblem };

export interface ParseJob {
  /** Settles with the outcome; rejects only when the lab itself failed (a crash, a bug), or on `cancel`. */
  done: Promise<ParseOutcome>;
  cancel(): void;
}

export interface ParseClient {
  prepare(source: UserDataSource, task: UserTask, onProgress?: (progress: PrepareProgress) => void): ParseJob;
  dispose(): void;
}

export interface ParseClientOptions {
  /** How to start the worker; null (or a throw) runs every request in this thread. Tests inject their own. */
  createWorker?: (() => Worker) | null;
}

const defaultCreateWorker = (): Worker =>
  new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module', name: 'lstm-lab-parse' });

interface Pending {
  message: ToParseWorker;
  onProgress(progress: PrepareProgress): void;
  resolve(outcome: ParseOutcome): void;
  reject(error: Error): void;
}

function engineError(e: EngineError): Error {
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

/** Bytes copied per task: a few milliseconds each, so copying a 50 MB file never holds the page. */
const COPY_CHUNK_BYTES = 4 << 20;

/** A copy of `bytes`, made a chunk per task. */
async function ownCopy(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes.length <= COPY_CHUNK_BYTES) return bytes.slice();
  const copy = new Uint8Array(bytes.length);
  for (let at = 0; at < bytes.length; at += COPY_CHUNK_BYTES) {
    copy.set(bytes.subarray(at, at + COPY_CHUNK_BYTES), at);
    await macrotaskYield();
  }
  return copy;
}

/**
 * The request with its own copy of the file's bytes, to be moved to the worker rather than cloned:
 * a 50 MB file's structured clone is one task of a quarter of a second on a loaded machine, and the
 * page keeps its bytes for the next Train.
 */
async function withOwnBytes(message: ToParseWorker): Promise<ToParseWorker> {
  const copy = async (file: UserFile): Promise<UserFile> => ({ ...file, bytes: await ownCopy(file.bytes) });
  const source: UserDataSource = message.source.kind === 'file'
    ? { ...message.source, file: await copy(message.source.file) }
    : { ...message.source, files: await Promise.all(message.source.files.map(copy)) };
  return { ...message, source };
}

export function createParseClient({ createWorker = typeof Worker === 'undefined' ? null : defaultCreateWorker }: ParseClientOptions = {}): ParseClient {
  let worker: Worker | null | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const settle = (message: FromParseWorker): void => {
    if (message.type === 'ready') return;
    const p = pending.get(message.requestId);
    if (!p) return; // cancelled
    if (message.type === 'progress') return p.onProgress(message.progress);
    pending.delete(message.requestId);
    if (message.type === 'prepared') p.resolve({ ok: true, data: message.data });
    else if (message.type === 'problem') p.resolve({ ok: false, problem: message.problem });
    else p.reject(engineError(message.error));
  };
  /** Sends a request to the worker (the one there when its copy is ready), unless it was cancelled meanwhile. */
  /** Requests the current worker has been sent (a replaced worker's are sent again to the next). */
  let sent = new Set<number>();
  const post = (message: ToParseWorker): void => {
    void withOwnBytes(message).then((own) => {
      if (pending.get(message.requestId)?.message !== message) return;
      const w = ensure();
      if (!w) return;
      w.postMessage(own, transferablesOf(own.source));
      sent.add(message.requestId);
    });
  };
  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const ensure = (): Worker | null => {
    if (worker !== undefined) return worker;
    try {
      const w = createWorker?.() ?? null;
      if (w) {
        w.onmessage = (event: MessageEvent<FromParseWorker>) => settle(event.data);
        w.onerror = (event: ErrorEvent) => {
          event.preventDefault();
          w.terminate();
          worker = undefined;
          failAll(new Error(`Reading the data stopped: the parse worker crashed (${event.message || 'no reason given'}). Try again.`));
        };
      }
      worker = w;
    } catch {
      worker = null;
    }
    return worker;
  };

  return {
    prepare(source, task, onProgress = () => {}) {
      const requestId = nextId++;
      const message: ToParseWorker = { type: 'prepare', requestId, source, task };
      const done = new Promise<ParseOutcome>((resolve, reject) => pending.set(requestId, { message, onProgress, resolve, reject }));
      const w = ensure();
      if (w) post(message);
      else void handleParseRequest(message, prepareUserData, settle);
      return {
        done,
        cancel() {
          const p = pending.get(requestId);
          if (!p) return;
          pending.delete(requestId);
          p.reject(Object.assign(new Error('Reading the data was cancelled.'), { name: 'AbortError' }));
          // The worker is busy with it until it ends: a fresh one takes the other requests, if any.
          if (worker) {
            worker.terminate();
            worker = undefined;
            // The others it had been sent go to the next one; those still being copied go there when ready.
            const resend = [...pending.values()].filter((other) => sent.has(other.message.requestId));
            sent = new Set();
            for (const other of resend) post(other.message);
          }
        },
      };
    },
    dispose() {
      worker?.terminate();
      worker = undefined;
      failAll(new Error('The parse client was closed.'));
    },
  };
}
