/**
 * A helper thread for scoring: the training worker starts these (`predictHelpers.ts`) and shares
 * a split's chunks with them (`engine/tinyTrainer/sharedPredict.ts`). Routing only.
 */
/// <reference lib="webworker" />
import { PredictHelperState, type ToHelper } from './predictHelper';

declare const self: DedicatedWorkerGlobalScope;

const state = new PredictHelperState();
self.onmessage = (event: MessageEvent<ToHelper>) => {
  const reply = state.answer(event.data);
  self.postMessage(reply, reply.ok && reply.probs ? [reply.probs.buffer] : []);
};
