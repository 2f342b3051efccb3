/**
 * Helper threads for scoring and for training shards, as `PredictHelper`s and `TrainHelper`s: one
 * module worker each (`helper.worker.ts`), started on first use and kept for the session. One per
 * core beyond the calling thread's, at most three (the IMDB scoring gains little past that, and
 * each holds its own copy of the Embedding table). A helper whose worker dies rejects what it had
 * pending and everything after, so shared scoring and sharded steps drop it and carry on without;
 * after a failed run, `reset` gives it a clean (or a new) thread again.
 */
import type { ModelSpec } from '../engine/spec/types';
import type { PredictHelper } from '../engine/typed/sharedScoring';
import type { ShardResult, TrainHelper } from '../engine/typed/shardedStep';
import type { FromHelper, ToHelper } from './helperHandler';

const MAX_HELPERS = 3;

/**
 * How long `reset` waits for a helper's answer before replacing its thread. A helper finishes the
 * failed run's last shard or chunk well within this (tens of ms at IMDB's sizes); one that has not
 * answered by then is hung or deep in a huge request, and a new thread is ready sooner.
 */
export const RESET_GRACE_MS = 1000;

/** The promise's value, or `fallback` if it has not settled after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A message without its id (`Omit` on each member of the union, so `type` still narrows). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = WithoutId<ToHelper>;

export class WorkerHelper implements PredictHelper, TrainHelper {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(reply: FromHelper): void; reject(error: Error): void }>();
  private dead: Error | null = null;
  private closed = false;
  private worker: Worker;

  /** @param start starts the helper's worker; called again to replace one that is dead or hung (`reset`). */
  constructor(private readonly start: () => Worker) {
    this.worker = this.attach(start());
  }

  private attach(worker: Worker): Worker {
    // A replaced worker is terminated, but a reply it had already sent may still arrive: ignored.
    worker.onmessage = (event: MessageEvent<FromHelper>) => {
      if (worker !== this.worker) return;
      const waiter = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      waiter?.resolve(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (worker === this.worker) this.fail(new Error(`The helper thread crashed: ${event.message || 'unknown error'}.`));
    };
    worker.onmessageerror = () => {
      if (worker === this.worker) this.fail(new Error('The helper thread sent an unreadable message.'));
    };
    return worker;
  }

  private fail(error: Error): void {
    this.dead = error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    this.worker.terminate();
  }

  private async request(message: Request, transfer: Transferable[] = []): Promise<FromHelper & { ok: true }> {
    if (this.dead) throw this.dead;
    const id = this.nextId++;
    const reply = await new Promise<FromHelper>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id }, transfer);
    });
    if (!reply.ok) throw new Error(reply.message);
    return reply;
  }

  async load(spec: Parameters<PredictHelper['load']>[0], weights: Parameters<PredictHelper['load']>[1]): Promise<void> {
    // Own copies, handed over: a weight array may be a view into a large buffer (a WASM heap),
    // which structured cloning would copy whole.
    const copies = weights.map((layer) => layer.map((w) => w.slice()));
    await this.request({ type: 'load', spec, weights: copies }, copies.flat().map((w) => w.buffer));
  }

  async predict(x: Int32Array | Float32Array, n: number): Promise<Float32Array> {
    // x is the caller's own copy of the chunk: handing its memory over costs nothing.
    const reply = await this.request({ type: 'predict', x, n }, [x.buffer]);
    return reply.probs!;
  }

  async loadTrainer(spec: ModelSpec, weights: readonly (readonly Float32Array[])[], options: { maxBatch: number; seed: number }): Promise<void> {
    const copies = weights.map((layer) => layer.map((w) => w.slice()));
    await this.request({ type: 'train-load', spec, weights: copies, ...options }, copies.flat().map((w) => w.buffer));
  }

  async trainShard(params: Float32Array, x: Int32Array | Float32Array, y: Float32Array, n: number, meanOver: number): Promise<ShardResult> {
    // `params` is the caller's to give away (`TrainHelper`): handed over, not copied. The shard's
    // rows are small and stay with the caller, which computes them itself if this helper fails.
    const reply = await this.request({ type: 'train-shard', params, x, y, n, meanOver }, [params.buffer]);
    if (!reply.shard) throw new Error('The helper thread sent no gradients.');
    return reply.shard;
  }

  unloadTrainer(): void {
    // Nothing waits on it: a failure here only means the memory goes with the worker.
    this.request({ type: 'train-unload' }).catch(() => undefined);
  }

  async reset(): Promise<void> {
    if (this.closed) return;
    if (!this.dead) {
      const answered = this.request({ type: 'reset' }).then(() => true, () => false);
      if (await within(answered, RESET_GRACE_MS, false)) return;
    }
    // Dead, hung, or still busy with the failed run: a new thread is the quicker way to a clean one.
    this.fail(new Error('The helper thread was replaced after a failed run.'));
    try {
      this.worker = this.attach(this.start());
      this.dead = null;
    } catch (e) {
      this.dead = e instanceof Error ? e : new Error(String(e));
    }
  }

  dispose(): void {
    this.closed = true;
    this.fail(new Error('The helper thread was closed.'));
  }
}

/** How many helpers this machine gets: its cores beyond the calling thread's, capped. */
export function helperCount(cores: number | undefined): number {
  return Math.max(0, Math.min(MAX_HELPERS, (cores ?? 1) - 1));
}

/** A lazily started set of helpers, for `SessionDeps.predictHelpers` and `trainHelpers`. */
export function browserHelpers(
  createWorker: () => Worker = () => new Worker(new URL('./helper.worker.ts', import.meta.url), { type: 'module', name: 'lstm-lab-helper' }),
): () => readonly WorkerHelper[] {
  let helpers: WorkerHelper[] | null = null;
  return () => {
    if (!helpers) {
      helpers = [];
      try {
        for (let i = 0; i < helperCount(globalThis.navigator?.hardwareConcurrency); i++) helpers.push(new WorkerHelper(createWorker));
      } catch {
        // No workers here (an old browser, a sandbox): score on the calling thread alone.
      }
    }
    return helpers;
  };
}
