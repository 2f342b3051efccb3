/**
 * The benchmark page: starts one module worker per request and forwards everything it posts to
 * the driver's exposed function. No UI; the Node driver (bench/speed/browser.ts) calls
 * `window.speedBench.run(request)`.
 */
import { PAGE_API, REPORT_FUNCTION, type FromSpeedWorker, type SpeedBenchApi, type SpeedRequest, type SpeedRunEnd } from './protocol';

type Report = (message: FromSpeedWorker) => Promise<void>;

function report(message: FromSpeedWorker): void {
  const fn = (window as unknown as Record<string, Report | undefined>)[REPORT_FUNCTION];
  if (fn) void fn(message);
  else console.log(JSON.stringify(message));
}

const api: SpeedBenchApi = {
  run(request: SpeedRequest): Promise<SpeedRunEnd> {
    const worker = new Worker(new URL('./speedWorker.ts', import.meta.url), { type: 'module', name: 'speed-bench' });
    return new Promise<SpeedRunEnd>((resolve) => {
      const end = (result: SpeedRunEnd): void => {
        worker.terminate();
        resolve(result);
      };
      worker.onmessage = (event: MessageEvent<FromSpeedWorker>) => {
        const message = event.data;
        if (message.type === 'done') end({ ok: true });
        else if (message.type === 'error') end({ ok: false, error: `${message.name}: ${message.message}` });
        else report(message);
      };
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        end({ ok: false, error: event.message || 'the benchmark worker failed to start' });
      };
      worker.postMessage(request);
    });
  },
};

(window as unknown as Record<string, SpeedBenchApi>)[PAGE_API] = api;
document.body.dataset.ready = String(window.crossOriginIsolated);
