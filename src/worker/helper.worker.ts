/**
 * A helper thread: the training worker starts these (`helpers.ts`) and shares a split's scoring
 * (`engine/tinyTrainer/sharedPredict.ts`) and its training batches' shards
 * (`engine/tinyTrainer/shardedStep.ts`) with them. Routing only.
 */
/// <reference lib="webworker" />
import { HelperState, type FromHelper, type ToHelper } from './helper';

declare const self: DedicatedWorkerGlobalScope;

/** What a reply can hand over instead of copying. */
function transferables(reply: FromHelper): Transferable[] {
  if (!reply.ok) return [];
  if (reply.probs) return [reply.probs.buffer];
  if (reply.shard) return [reply.shard.gradients.buffer];
  return [];
}

const state = new HelperState();
self.onmessage = (event: MessageEvent<ToHelper>) => {
  const reply = state.answer(event.data);
  self.postMessage(reply, transferables(reply));
};
