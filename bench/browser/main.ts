/**
 * The benchmark page: starts one module worker per request and forwards everything it posts to
 * the driver's exposed function. No UI; the Node driver (bench/speed/browser.ts) calls
 * `window.speedBench.run(request)`.
 */
import {
  PAGE_API, REPORT_FUNCTION, type FromSpeedWorker, type SpeedBenchApi, type SpeedRequest, type SpeedRunEnd, type ToSpeedWorker,
  type WorkerState,
} from './protocol';

type Report = (message: FromSpeedWorker) => Promise<void>;

function report(message: FromSpeedWorker): void {
  const fn = (window as unknown as Record<string, Report | undefined>)[REPORT_FUNCTION];
  if (fn) void fn(message);
  else console.log(JSON.stringify(message));
}

/** The worker of the request in progress, and whoever waits for its probe answer. */
let current: Worker | undefined;
let probeWaiter: ((state: WorkerState) => void) | undefined;

const send = (worker: Worker, message: ToSpeedWorker): void => worker.postMessage(message);

const api: SpeedBenchApi = {
  run(request: SpeedRequest): Promise<SpeedRunEnd> {
    const worker = new Worker(new URL('./speedWorker.ts', import.meta.url), { type: 'module', name: 'speed-bench' });
    current = worker;
    return new Promise<SpeedRunEnd>((resolve) => {
      const end = (result: SpeedRunEnd): void => {
        worker.terminate();
        if (current === worker) current = undefined;
        resolve(result);
      };
      worker.onmessage = (event: MessageEvent<FromSpeedWorker>) => {
        const message = event.data;
        if (message.type === 'done') end({ ok: true });
        else if (message.type === 'error') end({ ok: false, error: `${message.name}: ${message.message}` });
        else if (message.type === 'probe') probeWaiter?.(message.state);
        else report(message);
      };
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        end({ ok: false, error: event.message || 'the benchmark worker failed to start' });
      };
      send(worker, { type: 'run', request });
    });
  },

  probe(timeoutMs: number): Promise<WorkerState | null> {
    const worker = current;
    if (!worker) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      probeWaiter = (state) => {
        clearTimeout(timer);
        resolve(state);
      };
      send(worker, { type: 'probe' });
    });
  },
};

(window as unknown as Record<string, SpeedBenchApi>)[PAGE_API] = api;
document.body.dataset.ready = String(window.crossOriginIsolated);
