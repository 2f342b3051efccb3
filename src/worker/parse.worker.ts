/**
 * The parse worker: a thin adapter from protocol messages to `prepareUserData`, so reading a 50 MB
 * file never blocks the page. All logic lives in the engine; this file routes messages, reports
 * progress, and turns every outcome into a message (bad data into `problem`, anything else into
 * `failed`) so that one bad file never kills the worker.
 */
/// <reference lib="webworker" />
import { prepareUserData } from '../engine/data/user/prepareUserData';
import { handleParseRequest } from './parseHandler';
import type { FromParseWorker, ToParseWorker } from './parseProtocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<ToParseWorker>) => {
  void handleParseRequest(event.data, prepareUserData, (message: FromParseWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer));
};
self.postMessage({ type: 'ready' } satisfies FromParseWorker);
