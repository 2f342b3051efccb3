import { describe, expect, it } from 'vitest';
import { prepareUserData } from '../engine/data/user/prepareUserData';
import type { UserDataSource, UserTask } from '../engine/data/user/prepareUserData';
import { createParseClient } from './parseClient';
import { handleParseRequest } from './parseHandler';
import type { FromParseWorker, ToParseWorker } from './parseProtocol';

const enc = (s: string) => new TextEncoder().encode(s);
const csv = ['text,label', ...Array.from({ length: 6 }, (_, i) => `sentence number ${i},${i % 2 ? 'b' : 'a'}`)].join('\n');
const source = (text: string, name = 'd.csv'): UserDataSource => ({ kind: 'file', file: { name, bytes: enc(text) } });
const task: UserTask = { kind: 'classify', maxlen: 4, validationSplit: 0.3 };

/**
 * A stand-in for the worker that runs the real handler behind a structured clone and a turn of the
 * event loop, as `postMessage` does; `crash` makes it fail as a crashed worker does.
 */
class FakeWorker {
  onmessage: ((e: MessageEvent<FromParseWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  received: ToParseWorker[] = [];
  transferred: Transferable[][] = [];
  constructor(private readonly crash = false) {}
  postMessage(message: ToParseWorker, transfer: Transferable[] = []) {
    this.received.push(message);
    this.transferred.push(transfer);
    setTimeout(() => {
      if (this.terminated) return;
      if (this.crash) {
        this.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
        return;
      }
      void handleParseRequest(structuredClone(message), prepareUserData, (m) => {
        if (!this.terminated) this.onmessage?.({ data: structuredClone(m) } as MessageEvent<FromParseWorker>);
      });
    });
  }
  terminate() {
    this.terminated = true;
  }
}

describe('parse client', () => {
  it('in this thread: the prepared data, with progress', async () => {
    const client = createParseClient({ createWorker: null });
    const stages: string[] = [];
    const outcome = await client.prepare(source(csv), task, (p) => stages.push(p.stage)).done;
    expect(outcome.ok).toBe(true);
    if (outcome.ok && outcome.data.kind === 'classify') expect(outcome.data.classNames).toEqual(['a', 'b']);
    expect(stages).toEqual(['read', 'parse', 'hash', 'samples']);
  });

  it('in this thread: bad data is a problem, not an error, and the next file parses', async () => {
    const client = createParseClient({ createWorker: null });
    expect(await client.prepare(source('text,label\nx\n'), task).done).toEqual({
      ok: false, problem: { file: 'd.csv', row: 2, column: 'label', message: 'd.csv, row 2, column “label”: this row has 1 cell where the header has 2; fill in the missing cell.' },
    });
    expect((await client.prepare(source(csv), task).done).ok).toBe(true);
  });

  it('a failure of the lab itself rejects with its message', async () => {
    const client = createParseClient({ createWorker: null });
    await expect(client.prepare(source(csv), { ...task, maxlen: 0 }).done).rejects.toThrow('maxlen must be a whole number ≥ 1 (got 0).');
  });

  it('through a worker: the same answers, with typed arrays and the tokenizer’s maps intact', async () => {
    const worker = new FakeWorker();
    const client = createParseClient({ createWorker: () => worker as unknown as Worker });
    const outcome = await client.prepare(source(csv), task).done;
    if (!outcome.ok || outcome.data.kind !== 'classify') throw new Error('not prepared');
    expect(outcome.data.dataset.train.x).toBeInstanceOf(Int32Array);
    expect(outcome.data.tokenizer.wordIndex.get('sentence')).toBe(1);
    expect((await client.prepare(source(''), task).done).ok).toBe(false);
  });

  it('moves its own copy of the file to the worker: the page keeps its bytes for the next Train', async () => {
    const worker = new FakeWorker();
    const client = createParseClient({ createWorker: () => worker as unknown as Worker });
    const given = source(csv);
    const done = client.prepare(given, task).done;
    while (worker.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    const [sent] = worker.received;
    const [moved] = worker.transferred;
    if (sent.source.kind !== 'file' || given.kind !== 'file') throw new Error('not a file');
    // Moved, not cloned (a 50 MB clone holds the page): the copy's buffer is in the transfer list, the page's is not.
    expect(moved).toEqual([sent.source.file.bytes.buffer]);
    expect(sent.source.file.bytes.buffer).not.toBe(given.file.bytes.buffer);
    expect(new TextDecoder().decode(given.file.bytes)).toBe(csv);
    expect((await done).ok).toBe(true);
  });

  it('copies a big file a chunk per task, so the page never waits long, and the worker gets it whole', async () => {
    // A worker that only takes the message (parsing 9 MB is not what is tested here).
    const worker = { received: [] as ToParseWorker[], onmessage: null, onerror: null, postMessage(m: ToParseWorker) { this.received.push(m); }, terminate() {} };
    const client = createParseClient({ createWorker: () => worker as unknown as Worker });
    const big = new Uint8Array(9 << 20).map((_, i) => 97 + (i % 26));
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 0);
    const job = client.prepare({ kind: 'file', file: { name: 'big.txt', bytes: big } }, { kind: 'text', seqLength: 10, step: 3, validationSplit: 0.1 });
    while (worker.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    clearInterval(timer);
    // Other tasks ran while it was copied (three chunks of 4 MB).
    expect(ticks.length).toBeGreaterThan(0);
    const [sent] = worker.received;
    if (sent.source.kind !== 'file') throw new Error('not a file');
    expect(sent.source.file.bytes.buffer).not.toBe(big.buffer);
    expect(Buffer.compare(sent.source.file.bytes, big)).toBe(0);
    job.cancel();
    await expect(job.done).rejects.toThrow('cancelled');
  });

  it('a request cancelled while its copy is made is never sent', async () => {
    const worker = new FakeWorker();
    const client = createParseClient({ createWorker: () => worker as unknown as Worker });
    const job = client.prepare({ kind: 'file', file: { name: 'big.txt', bytes: new Uint8Array(9 << 20).fill(97) } }, { kind: 'text', seqLength: 10, step: 3, validationSplit: 0.1 });
    job.cancel();
    await expect(job.done).rejects.toThrow('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(worker.received).toEqual([]);
  });

  it('a crashed worker fails its request clearly, and the next request starts a fresh worker', async () => {
    const workers = [new FakeWorker(true), new FakeWorker()];
    let started = 0;
    const client = createParseClient({ createWorker: () => workers[started++] as unknown as Worker });
    await expect(client.prepare(source(csv), task).done).rejects.toThrow('Reading the data stopped: the parse worker crashed (out of memory). Try again.');
    expect((await client.prepare(source(csv), task).done).ok).toBe(true);
    expect(started).toBe(2);
  });

  it('cancel ends a request at once and hands the others to a fresh worker', async () => {
    const workers = [new FakeWorker(), new FakeWorker()];
    let started = 0;
    const client = createParseClient({ createWorker: () => workers[started++] as unknown as Worker });
    const first = client.prepare(source(csv), task);
    const second = client.prepare(source(csv, 'e.csv'), task);
    first.cancel();
    await expect(first.done).rejects.toThrow('Reading the data was cancelled.');
    expect(workers[0].terminated).toBe(true);
    const outcome = await second.done;
    expect(outcome.ok && outcome.data.record.name).toBe('e.csv');
    expect(workers[1].received.map((m) => m.requestId)).toEqual([2]);
  });

  it('falls back to this thread when a worker cannot start', async () => {
    const client = createParseClient({ createWorker: () => { throw new Error('no workers here'); } });
    expect((await client.prepare(source(csv), task).done).ok).toBe(true);
  });
});
