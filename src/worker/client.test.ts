/**
 * The worker client's Stop: it settles within STOP_SETTLE_MS whatever the worker does, and a
 * worker too stuck to acknowledge it is replaced. The workers here are scripted stand-ins speaking
 * the real protocol.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/runConfig';
import type { RunResult } from '../engine/types';
import { createEngine, STOP_SETTLE_MS } from './client';
import type { FromWorker, ToWorker } from './protocol';

/** How a scripted worker answers a run: finishes soon after Stop, winds down slowly, or is stuck. */
type Behaviour = 'prompt' | 'slow' | 'stuck';

class ScriptedWorker {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly received: ToWorker['type'][] = [];
  readonly transferred: Transferable[][] = [];
  constructor(private readonly behaviour: Behaviour, readyAfterMs = 1) {
    setTimeout(() => this.emit({ type: 'ready' }), readyAfterMs);
  }
  private emit(message: FromWorker): void {
    if (!this.terminated) this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
  postMessage(message: ToWorker, transfer: Transferable[] = []): void {
    this.received.push(message.type);
    this.transferred.push(transfer);
    if (this.behaviour === 'stuck' && message.type !== 'train') return; // its thread never comes back
    if (message.type === 'train') {
      const { runId } = message;
      setTimeout(() => this.emit({ type: 'epoch', runId, update: { epoch: 1, epochs: 9, loss: 1, acc: 0.5, seconds: 0.01 } }), 2);
      setTimeout(() => this.emit({ type: 'textSamples', runId, samples: TEXT_SAMPLES }), 3);
    }
    if (message.type === 'stop') {
      const { runId } = message;
      this.emit({ type: 'stopping', runId });
      const result: RunResult = { reason: 'stopped', epochsDone: 1 };
      setTimeout(() => this.emit({ type: 'done', runId, result }), this.behaviour === 'slow' ? 3 * STOP_SETTLE_MS : 5);
    }
  }
  terminate(): void {
    this.terminated = true;
  }
}

const config = defaultConfig('alphabet');
/** What a text run's worker sends after an epoch. */
const TEXT_SAMPLES = { epoch: 1, seed: 'the ', samples: [{ temperature: 0.2, text: 'cat' }] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An engine on scripted workers, the behaviour of each new worker taken in turn from `behaviours`. */
function engineOn(...behaviours: Behaviour[]) {
  const workers: ScriptedWorker[] = [];
  const notices: string[] = [];
  const engine = createEngine({
    createWorker: () => {
      workers.push(new ScriptedWorker(behaviours[Math.min(workers.length, behaviours.length - 1)]));
      return workers[workers.length - 1] as unknown as Worker;
    },
    onNotice: (m) => notices.push(m),
  });
  return { engine, workers, notices };
}

/** Trains until the first epoch arrives, presses Stop, and times how long `done` takes. */
async function stopAfterFirstEpoch(engine: ReturnType<typeof createEngine>): Promise<{ ms: number; result: RunResult; epochsAfterStop: number }> {
  let epochs = 0;
  const handle = engine.train(config, { onEpoch: () => epochs++ });
  while (epochs === 0) await sleep(2);
  const t0 = performance.now();
  handle.stop();
  const result = await handle.done;
  const ms = performance.now() - t0;
  const seen = epochs;
  await sleep(20);
  return { ms, result, epochsAfterStop: epochs - seen };
}

describe('a run on a user’s data', () => {
  it('moves the prepared data’s arrays to the worker instead of copying them; a tutorial run moves nothing', async () => {
    const { engine, workers } = engineOn('prompt');
    const codes = Uint16Array.from([1, 2, 3, 1, 2, 3]);
    const text = { kind: 'text', corpus: { vocabulary: { chars: ['a', 'b', 'c', 'd'], counts: [2, 2, 2, 0], folded: { distinct: 0, occurrences: 0 }, lower: false }, codes } };
    const handle = engine.train(config, {}, { data: { kind: 'text', text: text as never } });
    while (!workers[0]?.received.includes('train')) await sleep(2);
    expect(workers[0].transferred[workers[0].received.indexOf('train')]).toEqual([codes.buffer]);
    handle.stop();
    await handle.done;
    const tutorial = engine.train(config, {});
    while (workers[0].received.filter((t) => t === 'train').length < 2) await sleep(2);
    expect(workers[0].transferred[workers[0].received.lastIndexOf('train')]).toEqual([]);
    tutorial.stop();
    await tutorial.done;
  });
});

describe('Stop', () => {
  it('settles as soon as the worker has wound the run down', async () => {
    const { engine, workers } = engineOn('prompt');
    const { ms, result } = await stopAfterFirstEpoch(engine);
    expect(result).toEqual({ reason: 'stopped', epochsDone: 1 });
    expect(ms).toBeLessThan(200);
    expect(workers[0].terminated).toBe(false);
  });

  it('settles within STOP_SETTLE_MS when the run winds down slowly, and keeps the worker, which acknowledged it', async () => {
    const { engine, workers, notices } = engineOn('slow');
    const { ms, result } = await stopAfterFirstEpoch(engine);
    expect(ms).toBeLessThan(STOP_SETTLE_MS + 200);
    expect(result).toMatchObject({ reason: 'stopped', epochsDone: 1, last: { epoch: 1 } });
    expect(workers).toHaveLength(1);
    expect(workers[0].terminated).toBe(false);
    expect(notices).toEqual([]);
  });

  it('replaces a worker that does not even acknowledge it, and the next run starts on a fresh one', async () => {
    const { engine, workers, notices } = engineOn('stuck', 'prompt');
    const { ms, result } = await stopAfterFirstEpoch(engine);
    expect(ms).toBeLessThan(STOP_SETTLE_MS + 200);
    expect(result.reason).toBe('stopped');
    expect(workers[0].terminated).toBe(true);
    expect(notices.join(' ')).toMatch(/did not respond to Stop.*restarted.*next run starts fresh/);

    const next = await stopAfterFirstEpoch(engine);
    expect(workers).toHaveLength(2);
    expect(workers[1].received).toEqual(['train', 'stop']);
    expect(next.result).toEqual({ reason: 'stopped', epochsDone: 1 });
  });

  it('pressed before the worker is ready, settles in time and never starts the run', async () => {
    const workers: ScriptedWorker[] = [];
    const engine = createEngine({
      createWorker: () => {
        workers.push(new ScriptedWorker('prompt', 3 * STOP_SETTLE_MS));
        return workers[0] as unknown as Worker;
      },
    });
    const handle = engine.train(config, {});
    const t0 = performance.now();
    handle.stop();
    expect(await handle.done).toMatchObject({ reason: 'stopped', epochsDone: 0 });
    expect(performance.now() - t0).toBeLessThan(STOP_SETTLE_MS + 200);
    await sleep(3 * STOP_SETTLE_MS);
    expect(workers[0].received).toEqual([]);
  });
});

describe('run errors', () => {
  it('keep the original error (detail) across the worker boundary', async () => {
    let worker: ScriptedWorker | undefined;
    const engine = createEngine({
      createWorker: () => {
        worker = new ScriptedWorker('prompt');
        worker.postMessage = (message: ToWorker) => {
          if (message.type !== 'train') return;
          worker!.onmessage?.({
            data: { type: 'runError', runId: message.runId, error: { name: 'RuntimeError', message: 'Training failed: a trap. The next run starts fresh.', detail: 'RuntimeError: memory access out of bounds' } },
          } as MessageEvent<FromWorker>);
        };
        return worker as unknown as Worker;
      },
    });
    const error = await engine.train(config, {}).done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'RuntimeError', message: expect.stringMatching(/^Training failed/), detail: 'RuntimeError: memory access out of bounds' });
  });
});

describe('loadModel (a kept run or a file for "try the model")', () => {
  const request = { kind: 'letters', text: 'AB' } as const;
  const snapshot = { config, weights: [], epoch: 0, final: true };

  /** A try worker that answers predictions at once and inspections after `inspectMs` (attributions are slow). */
  function fakeTryWorker(sent: string[], inspectMs = 0) {
    const worker = {
      onmessage: null as ((e: MessageEvent) => void) | null,
      postMessage(m: { type: string; requestId?: number; request?: { attributions?: boolean } }) {
        sent.push(m.type);
        const answer = (data: unknown, ms: number) => setTimeout(() => worker.onmessage?.({ data } as MessageEvent), ms);
        if (m.type === 'predict') answer({ type: 'predicted', requestId: m.requestId, result: { kind: 'letters', input: 'AB', top: [] } }, 0);
        if (m.type === 'inspect') {
          answer({ type: 'inspected', requestId: m.requestId, result: { kind: 'invalid', message: m.request?.attributions ? 'with attributions' : 'traces' } }, inspectMs);
        }
      },
      terminate() {},
    };
    return worker;
  }

  it('hands the snapshot to the try workers, which answer from it', async () => {
    const sent: string[][] = [];
    const engine = createEngine({
      createWorker: () => new ScriptedWorker('prompt') as unknown as Worker,
      createTryWorker: () => fakeTryWorker((sent[sent.length] = [])) as unknown as Worker,
    });
    engine.loadModel!(snapshot);
    expect(await engine.predict(request)).toEqual({ kind: 'letters', input: 'AB', top: [] });
    // The attributions' worker starts only when attributions are asked for.
    expect(sent).toEqual([['load', 'predict']]);
    engine.dispose();
  });

  it('answers a review’s traces while its word attributions are still being computed', async () => {
    const sent: string[][] = [];
    const engine = createEngine({
      createWorker: () => new ScriptedWorker('prompt') as unknown as Worker,
      createTryWorker: () => fakeTryWorker((sent[sent.length] = []), 200) as unknown as Worker,
    });
    engine.loadModel!(snapshot);
    const attributed = engine.inspect!({ kind: 'review', text: 'a fine film', attributions: true });
    const traced = engine.inspect!({ kind: 'review', text: 'a fine film!' });
    expect(await traced).toEqual({ kind: 'invalid', message: 'traces' });
    expect(await attributed).toEqual({ kind: 'invalid', message: 'with attributions' });
    // A worker answers one message after the other: the traces went to the worker not busy with attributions.
    expect(sent).toEqual([['load', 'inspect'], ['load', 'inspect']]);
    engine.dispose();
  });

  it('never lets the training worker answer for it (that worker holds another model)', async () => {
    const workers: ScriptedWorker[] = [];
    const engine = createEngine({
      createWorker: () => (workers.push(new ScriptedWorker('prompt')), workers[0] as unknown as Worker),
      createTryWorker: () => {
        throw new Error('no workers here');
      },
    });
    engine.loadModel!(snapshot);
    expect(await engine.predict(request)).toMatchObject({ kind: 'invalid' });
    expect(workers.flatMap((w) => w.received)).not.toContain('predict');
    engine.dispose();
  });
});

describe('a text run', () => {
  it('passes the generated text after each epoch to the run’s callback', async () => {
    const { engine } = engineOn('prompt');
    const seen: unknown[] = [];
    const handle = engine.train(config, { onTextSamples: (s) => seen.push(s) });
    while (seen.length === 0) await sleep(2);
    expect(seen).toEqual([TEXT_SAMPLES]);
    handle.stop();
    await handle.done;
    engine.dispose();
  });
});

describe('a run’s weight snapshots', () => {
  /** A training worker that sends one snapshot of a run, then ends it. */
  function snapshotWorker() {
    const worker = {
      onmessage: null as ((e: MessageEvent<FromWorker>) => void) | null,
      onerror: null,
      postMessage(m: ToWorker) {
        const emit = (data: FromWorker) => setTimeout(() => worker.onmessage?.({ data } as MessageEvent<FromWorker>), 1);
        if (m.type === 'train') {
          emit({ type: 'snapshot', runId: m.runId, snapshot: { config, weights: [], epoch: 1, final: true } });
          setTimeout(() => emit({ type: 'done', runId: m.runId, result: { reason: 'completed', epochsDone: 1 } }), 2);
        }
      },
      terminate() {},
    };
    setTimeout(() => worker.onmessage?.({ data: { type: 'ready' } } as MessageEvent<FromWorker>), 1);
    return worker;
  }

  it.each([
    ['a tutorial’s go to the try workers too', undefined, ['load']],
    ['a user’s data’s go to its card only (the try workers rebuild tutorials)', { data: { kind: 'text' as const, text: {} as never } }, []],
  ])('%s', async (_what, options, tryWorkerGot) => {
    const sent: string[] = [];
    const engine = createEngine({
      createWorker: () => snapshotWorker() as unknown as Worker,
      createTryWorker: () => ({ onmessage: null, postMessage: (m: { type: string }) => sent.push(m.type), terminate() {} }) as unknown as Worker,
    });
    let snapshots = 0;
    await engine.train(config, { onSnapshot: () => snapshots++ }, options).done;
    expect(snapshots).toBe(1);
    expect(sent.filter((t) => t === 'load')).toEqual(tryWorkerGot);
    engine.dispose();
  });
});
