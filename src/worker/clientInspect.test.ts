/** The `inspect` request crosses the worker boundary as `predict` does: its answer, or its error, comes back to the caller that asked. */
import { describe, expect, it } from 'vitest';
import type { InspectResult } from '../engine/inspect/types';
import { createEngine } from './client';
import type { FromWorker, ToWorker } from './protocol';

/** A worker that answers each `inspect` with `answer(text)`, or fails it when the text says so. */
function inspectingWorker(answer: (text: string) => InspectResult): Worker {
  const worker = {
    onmessage: null as ((event: MessageEvent<FromWorker>) => void) | null,
    onerror: null,
    postMessage(message: ToWorker) {
      if (message.type !== 'inspect') return;
      const { requestId } = message;
      // The letters asked about (every request here is a letters one).
      const request = { text: message.request.kind === 'series' ? '' : message.request.text };
      const reply: FromWorker = request.text === 'fail'
        ? { type: 'requestError', requestId, error: { name: 'Error', message: 'no weights' } }
        : { type: 'inspected', requestId, result: answer(request.text) };
      // Answers arrive in the opposite order to the questions: each must still reach its caller.
      setTimeout(() => worker.onmessage?.({ data: reply } as MessageEvent<FromWorker>), request.text === 'AB' ? 10 : 1);
    },
    terminate() {},
  };
  setTimeout(() => worker.onmessage?.({ data: { type: 'ready' } } as MessageEvent<FromWorker>), 1);
  return worker as unknown as Worker;
}

describe('inspect through the worker', () => {
  it('resolves each request with its own answer and rejects with the worker’s error', async () => {
    const engine = createEngine({ createWorker: () => inspectingWorker((text) => ({ kind: 'invalid', message: `got ${text}` })) });
    const [ab, c, failed] = await Promise.allSettled([
      engine.inspect({ kind: 'letters', text: 'AB' }),
      engine.inspect({ kind: 'letters', text: 'C' }),
      engine.inspect({ kind: 'letters', text: 'fail' }),
    ]);
    expect(ab).toEqual({ status: 'fulfilled', value: { kind: 'invalid', message: 'got AB' } });
    expect(c).toEqual({ status: 'fulfilled', value: { kind: 'invalid', message: 'got C' } });
    expect(failed.status === 'rejected' && (failed.reason as Error).message).toBe('no weights');
    engine.dispose();
  });
});
