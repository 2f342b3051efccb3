import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/runConfig';
import type { ModelSnapshot, PredictResult } from '../engine/types';
import type { FromTryWorker, ToTryWorker } from './protocol';
import { createTryClient } from './tryClient';

/** A stand-in for try.worker.ts that records what it was sent and answers from a script. */
function fakeWorker(answer: (m: Extract<ToTryWorker, { type: 'predict' }>) => FromTryWorker, loadFails = false) {
  const sent: ToTryWorker[] = [];
  const worker = {
    onmessage: null as ((e: MessageEvent<FromTryWorker>) => void) | null,
    onerror: null as ((e: ErrorEvent) => void) | null,
    terminated: false,
    postMessage(m: ToTryWorker) {
      sent.push(m);
      const reply = (r: FromTryWorker) => queueMicrotask(() => worker.onmessage?.({ data: r } as MessageEvent<FromTryWorker>));
      if (m.type === 'load' && loadFails) reply({ type: 'loadFailed' });
      if (m.type === 'predict') reply(answer(m));
    },
    terminate() {
      worker.terminated = true;
    },
    crash() {
      worker.onerror?.({ preventDefault() {}, message: 'boom' } as ErrorEvent);
    },
  };
  return { worker, sent };
}

const LETTERS: PredictResult = { kind: 'letters', input: 'AB', top: [{ letter: 'C', p: 0.9 }] };
const snapshot = (extra: Partial<ModelSnapshot> = {}): ModelSnapshot => ({ config: defaultConfig('imdb-small-vocab'), weights: [], epoch: 1, final: false, ...extra });

describe('createTryClient', () => {
  it('cannot answer before a snapshot, answers after one, and not after clear', async () => {
    const { worker } = fakeWorker((m) => ({ type: 'predicted', requestId: m.requestId, result: LETTERS }));
    const client = createTryClient(() => worker as unknown as Worker);
    expect(await client.predict({ kind: 'letters', text: 'AB' })).toBeNull();
    client.load(snapshot());
    expect(await client.predict({ kind: 'letters', text: 'AB' })).toEqual(LETTERS);
    client.clear();
    expect(await client.predict({ kind: 'letters', text: 'AB' })).toBeNull();
  });

  it('hands back to the training worker when the snapshot cannot be loaded or the worker has none', async () => {
    const failing = fakeWorker((m) => ({ type: 'predicted', requestId: m.requestId, result: LETTERS }), true);
    const client = createTryClient(() => failing.worker as unknown as Worker);
    client.load(snapshot());
    await Promise.resolve();
    await Promise.resolve();
    expect(await client.predict({ kind: 'letters', text: 'AB' })).toBeNull();
    const empty = fakeWorker((m) => ({ type: 'requestError', requestId: m.requestId, error: { name: 'NoSnapshot', message: 'none' } }));
    const other = createTryClient(() => empty.worker as unknown as Worker);
    other.load(snapshot());
    expect(await other.predict({ kind: 'letters', text: 'AB' })).toBeNull();
  });

  it('after a crash, a fresh worker gets the run’s vocabulary with the next snapshot', async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = createTryClient(() => {
      workers.push(fakeWorker((m) => ({ type: 'predicted', requestId: m.requestId, result: LETTERS })));
      return workers.at(-1)!.worker as unknown as Worker;
    });
    client.load(snapshot({ vocabWords: ['the', 'movie'] }));
    const pending = client.predict({ kind: 'review', text: 'the movie' });
    workers[0].worker.crash();
    // What was in flight is handed back (the training worker answers it): it never hangs.
    expect(await pending).toBeNull();
    expect(await client.predict({ kind: 'letters', text: 'AB' })).toBeNull();
    client.load(snapshot({ epoch: 2 }));
    const load = workers[1].sent.find((m) => m.type === 'load') as Extract<ToTryWorker, { type: 'load' }>;
    expect(load.snapshot).toMatchObject({ epoch: 2, vocabWords: ['the', 'movie'] });
  });

  it('lazy: starts no worker for snapshots, then at the first question loads the latest with the run’s vocabulary', async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const client = createTryClient(() => {
      workers.push(fakeWorker((m) => ({ type: 'predicted', requestId: m.requestId, result: LETTERS })));
      return workers.at(-1)!.worker as unknown as Worker;
    }, { lazy: true });
    client.load(snapshot({ vocabWords: ['the', 'movie'] }));
    client.load(snapshot({ epoch: 2 }));
    expect(workers).toHaveLength(0);
    expect(await client.predict({ kind: 'letters', text: 'AB' })).toEqual(LETTERS);
    expect(workers).toHaveLength(1);
    expect(workers[0].sent.map((m) => m.type)).toEqual(['load', 'predict']);
    expect((workers[0].sent[0] as Extract<ToTryWorker, { type: 'load' }>).snapshot).toMatchObject({ epoch: 2, vocabWords: ['the', 'movie'] });
    // Started, it takes snapshots as they come.
    client.load(snapshot({ epoch: 3 }));
    expect(workers[0].sent.map((m) => m.type)).toEqual(['load', 'predict', 'load']);
  });
});
