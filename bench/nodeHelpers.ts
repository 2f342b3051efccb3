/**
 * Helper threads for the Node tools (`npm run train`, the fidelity harness), so they train and
 * score as the app does in a browser: the same `WorkerHelper` and message handler, on
 * worker_threads instead of Web Workers. One per core beyond the main thread's, as in the app.
 */
import { availableParallelism } from 'node:os';
import { Worker as NodeWorker } from 'node:worker_threads';
import { helperCount, WorkerHelper } from '../src/worker/helperPool';
import type { FromHelper } from '../src/worker/helperHandler';

const WORKER_FILE = new URL('./nodeHelper.bootstrap.mjs', import.meta.url);

/**
 * A worker_threads Worker with the Web Worker surface `WorkerHelper` uses. It keeps the process
 * alive only while a request is out, so a tool exits when its work is done without closing
 * helpers first.
 */
class WebWorkerShim {
  onmessage: ((event: MessageEvent<FromHelper>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  private pending = 0;
  private readonly worker: NodeWorker;

  constructor() {
    this.worker = new NodeWorker(WORKER_FILE);
    this.worker.unref();
    this.worker.on('message', (data: FromHelper) => {
      if (--this.pending === 0) this.worker.unref();
      this.onmessage?.({ data } as MessageEvent<FromHelper>);
    });
    this.worker.on('error', (error: Error) => this.onerror?.({ message: error.message, preventDefault() {} } as ErrorEvent));
    this.worker.on('messageerror', () => this.onmessageerror?.());
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (this.pending++ === 0) this.worker.ref();
    this.worker.postMessage(message, transfer as ArrayBuffer[]);
  }

  terminate(): void {
    void this.worker.terminate();
  }
}

/** A lazily started set of helpers, for `SessionDeps.predictHelpers` and `trainHelpers`. */
export function nodeHelpers(count = helperCount(availableParallelism())): () => readonly WorkerHelper[] {
  let helpers: WorkerHelper[] | null = null;
  return () => (helpers ??= Array.from({ length: count }, () => new WorkerHelper(() => new WebWorkerShim() as unknown as Worker)));
}
