/**
 * The try-the-model worker: a thin adapter from messages to a `TrySession`, which answers from
 * the latest snapshot of the run's weights. A thread of its own, so a keystroke's answer never
 * waits behind the training worker's steps.
 */
/// <reference lib="webworker" />
import { TrySession } from '../engine/trySession';
import { toEngineError, type FromTryWorker, type ToTryWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromTryWorker): void => self.postMessage(message);
const session = new TrySession();

self.onmessage = (event: MessageEvent<ToTryWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'load':
      try {
        session.load(message.snapshot);
        // After this message, so a question already waiting goes first.
        setTimeout(() => session.prepareInspection(), 0);
      } catch {
        // A snapshot this thread cannot run: predictions go to the training worker instead.
        session.clear();
        post({ type: 'loadFailed' });
      }
      return;
    case 'clear':
      session.clear();
      return;
    case 'predict':
    case 'inspect': {
      const { requestId } = message;
      if (session.epoch === null) {
        post({ type: 'requestError', requestId, error: { name: 'NoSnapshot', message: 'No model loaded here.' } });
        return;
      }
      const answer: Promise<FromTryWorker> =
        message.type === 'predict'
          ? session.predict(message.request).then((result) => ({ type: 'predicted', requestId, result }))
          : session.inspect(message.request).then((result) => ({ type: 'inspected', requestId, result }));
      answer.then(post, (e) => post({ type: 'requestError', requestId, error: toEngineError(e) }));
      return;
    }
  }
};

post({ type: 'ready' });
