/**
 * A helper thread: the training worker starts these (`helpers.ts`) and shares a split's scoring
 * (`engine/tinyTrainer/sharedPredict.ts`) and its training batches' shards
 * (`engine/tinyTrainer/shardedStep.ts`) with them. Routing only.
 */
/// <reference lib="webworker" />
import { HelperState, replyTransfers, type ToHelper } from './helper';

declare const self: DedicatedWorkerGlobalScope;

const state = new HelperState();
self.onmessage = (event: MessageEvent<ToHelper>) => {
  const reply = state.answer(event.data);
  self.postMessage(reply, replyTransfers(reply));
};
