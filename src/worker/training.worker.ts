/**
 * The training worker: a thin adapter from protocol messages to a TrainingSession. All logic lives
 * in the session; this file only routes messages and wraps every call so an error becomes a
 * structured message instead of killing the worker.
 */
/// <reference lib="webworker" />
import { TrainingSession } from '../engine/session';
import type { RunHandle } from '../engine/types';
import { browserSessionDeps } from './browserEnvironment';
import { toEngineError, type FromWorker, type ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker): void => self.postMessage(message);
const session = new TrainingSession(browserSessionDeps('worker'));
const runs = new Map<number, RunHandle>();

function startRun(runId: number, message: Extract<ToWorker, { type: 'train' }>): void {
  const handle = session.train(message.config, {
    onPlan: (plan) => post({ type: 'plan', runId, plan }),
    onData: (progress) => post({ type: 'data', runId, progress }),
    onPreview: (preview) => post({ type: 'preview', runId, preview }),
    onSummary: (summary) => post({ type: 'summary', runId, summary }),
    onBatch: (update) => post({ type: 'batch', runId, update }),
    onEpoch: (update) => post({ type: 'epoch', runId, update }),
    onSnapshot: (snapshot) => post({ type: 'snapshot', runId, snapshot }),
    onCheckpoint: (checkpoint) => post({ type: 'checkpoint', runId, checkpoint }),
    onTextSamples: (samples) => post({ type: 'textSamples', runId, samples }),
  }, message.options);
  runs.set(runId, handle);
  handle.done
    .then((result) => post({ type: 'done', runId, result }))
    .catch((e) => post({ type: 'runError', runId, error: toEngineError(e) }))
    .finally(() => runs.delete(runId));
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'prepare':
      session.prepare();
      return;
    case 'train':
      startRun(message.runId, message);
      return;
    case 'pause':
      runs.get(message.runId)?.pause();
      return;
    case 'resume':
      runs.get(message.runId)?.resume();
      return;
    case 'stop':
      runs.get(message.runId)?.stop();
      // Right away, whatever the run is doing: the client replaces a worker that does not say this.
      post({ type: 'stopping', runId: message.runId });
      return;
    case 'predict':
      session
        .predict(message.request)
        .then((result) => post({ type: 'predicted', requestId: message.requestId, result }))
        .catch((e) => post({ type: 'requestError', requestId: message.requestId, error: toEngineError(e) }));
      return;
    case 'inspect':
      session
        .inspect(message.request)
        .then((result) => post({ type: 'inspected', requestId: message.requestId, result }))
        .catch((e) => post({ type: 'requestError', requestId: message.requestId, error: toEngineError(e) }));
      return;
    case 'memory':
      session
        .memory()
        .then((memory) => post({ type: 'memoryInfo', requestId: message.requestId, memory }))
        .catch((e) => post({ type: 'requestError', requestId: message.requestId, error: toEngineError(e) }));
      return;
  }
};

self.addEventListener('unhandledrejection', (event) => post({ type: 'fatal', error: toEngineError(event.reason) }));
post({ type: 'ready' });
