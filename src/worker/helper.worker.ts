/**
 * A helper thread: the training worker starts these (`helpers.ts`) and shares a split's scoring
 * (`engine/typed/sharedPredict.ts`) and its training batches' shards
 * (`engine/typed/shardedStep.ts`) with them. Routing only.
 */
/// <reference lib="webworker" />
import { HelperState, replyTransfers, type ToHelper } from './helperHandler';

declare const self: DedicatedWorkerGlobalScope;

const state = new HelperState();
self.onmessage = (event: MessageEvent<ToHelper>) => {
  const reply = state.answer(event.data);
  self.postMessage(reply, replyTransfers(reply));
};
