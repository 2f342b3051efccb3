/**
 * One parse request answered: progress while it works, then the prepared data (its arrays
 * transferred), the problem with the user's data, or the failure. Shared by the parse worker and the
 * client's in-thread mode, so both answer alike.
 */
import type { prepareUserData as PrepareUserData } from '../engine/data/user/prepareUserData';
import { problemOf } from '../engine/data/user/problem';
import { toEngineError } from './protocol';
import { transferablesOf, type FromParseWorker, type ToParseWorker } from './parseProtocol';

/** Progress messages at most this often: a 50 MB parse reports thousands of times otherwise. */
const PROGRESS_EVERY_MS = 100;

export async function handleParseRequest(
  message: ToParseWorker,
  prepare: typeof PrepareUserData,
  post: (message: FromParseWorker, transfer?: Transferable[]) => void,
): Promise<void> {
  const { requestId } = message;
  let lastProgress = -Infinity;
  let lastStage = '';
  try {
    const data = await prepare(message.source, message.task, (progress) => {
      const now = Date.now();
      if (progress.stage === lastStage && now - lastProgress < PROGRESS_EVERY_MS && progress.fraction < 1) return;
      lastStage = progress.stage;
      lastProgress = now;
      post({ type: 'progress', requestId, progress });
    });
    post({ type: 'prepared', requestId, data }, transferablesOf(data));
  } catch (e) {
    const problem = problemOf(e);
    post(problem ? { type: 'problem', requestId, problem } : { type: 'failed', requestId, error: toEngineError(e) });
  }
}
