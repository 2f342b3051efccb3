/**
 * A helper thread for the Node tools (`nodeHelpers.ts`): the browser helper's message handler
 * (`src/worker/helper.ts`) behind a worker_threads port. Routing only.
 */
import { parentPort } from 'node:worker_threads';
import { HelperState, replyTransfers, type ToHelper } from '../src/worker/helperHandler';

const state = new HelperState();
parentPort!.on('message', (message: ToHelper) => {
  const reply = state.answer(message);
  parentPort!.postMessage(reply, replyTransfers(reply));
});
