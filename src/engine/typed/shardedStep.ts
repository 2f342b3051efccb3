/**
 * Training steps shared between threads (data parallelism). A batch is cut into shards of
 * consecutive rows; the calling thread's network computes the first shard's gradients while each
 * helper (another worker with its own `TypedNetwork` of the same model) computes one more from a
 * copy of the current weights. The shards' gradients are each the shard's summed loss over the
 * whole batch (`lossAndGradient`'s `meanOver`), so their sum is the batch's gradient; the calling
 * thread adds them in shard order and takes the one Adam step. Helpers never hold optimizer
 * state: they get every step's weights, so they cannot drift.
 *
 * What differs from one thread: each shard's dropout masks come from its own thread's generator,
 * and the batch's sums are added in a different order (float rounding). Both are fixed for a given
 * number of threads, so a run on one machine still reproduces.
 *
 * A helper that fails, or stays silent past a grace period, is dropped for the rest of the run
 * and its shard is computed here instead: a step never depends on a helper.
 */
import type { ModelSpec } from '../spec/types';
import type { Rng } from '../rng';
import type { LossResult } from './losses';
import type { TypedNetwork } from './network';

/** Another thread that computes one shard's gradients with its own copy of the network. */
export interface TrainHelper {
  /**
   * Builds the helper's network for this model from these weights (layers in spec order, as
   * `getWeights()`), sized for shards of up to `maxBatch` rows, its dropout masks drawn from `seed`.
   */
  loadTrainer(spec: ModelSpec, weights: readonly (readonly Float32Array[])[], options: { maxBatch: number; seed: number }): Promise<void>;
  /**
   * Sets the network's weights from `params` (end to end, as `TypedNetwork.copyWeights`), computes
   * the gradients of `n` samples (rows of `x` and `y`) for a batch of `meanOver`, and hands back
   * `params`' memory holding them (as `copyGradients`). `params` is the caller's to give away;
   * `x` and `y` are not (the caller computes the shard itself if the helper fails).
   */
  trainShard(params: Float32Array, x: Float32Array | Int32Array, y: Float32Array, n: number, meanOver: number): Promise<ShardResult>;
  /** Lets the helper free its network (a run ended); a later `loadTrainer` builds a new one. */
  unloadTrainer(): void;
  /**
   * Forgets everything a run gave the helper (its network, and its predictor where it scores
   * too), after a run failed: resolves once the helper is clean, which may mean a new thread in
   * place of one that is hung or still busy with the failed run's last request. Never rejects.
   */
  reset(): Promise<void>;
}

export interface ShardResult {
  gradients: Float32Array;
  /** The shard's mean loss and accuracy. */
  loss: number;
  acc: number;
}

export interface ShardedStepOptions {
  /** The largest batch; shards are sized from it. */
  maxBatch: number;
  /** Rows each shard keeps at least: below it, fewer threads share the batch. */
  minShardRows: number;
  /** Seeds for the helpers' dropout generators, one per helper. */
  seeds: readonly number[];
  /** A silent helper is waited for at least this long, or 20 of this thread's shard times if longer. */
  minGraceMs?: number;
  /** A helper that has not built its network this long after the run started sits the run out. */
  loadGraceMs?: number;
}

const DEFAULT_MIN_GRACE_MS = 2000;
/**
 * Building a helper's network takes what building this thread's took (well under a second for
 * IMDB's tutorials); a helper that has not answered by then is hung or busy with an older request.
 */
const DEFAULT_LOAD_GRACE_MS = 10_000;

/** [first row, rows] of each shard: as equal as can be, the larger ones first. */
export function shardRows(size: number, threads: number, minRows: number): Array<[number, number]> {
  const count = Math.max(1, Math.min(threads, Math.floor(size / Math.max(1, minRows))));
  const base = Math.floor(size / count), extra = size % count;
  const shards: Array<[number, number]> = [];
  for (let k = 0, from = 0; k < count; k++) {
    const rows = base + (k < extra ? 1 : 0);
    shards.push([from, rows]);
    from += rows;
  }
  return shards;
}

interface Seat {
  helper: TrainHelper;
  /** The weights/gradients buffer that travels to the helper and back. */
  params: Float32Array;
}

/** Rows each shard of a batch keeps at least: fewer would leave a thread too little to do for its messages. */
export const MIN_SHARD_ROWS = 8;

/**
 * A sharded step for this network over every one of `helpers` (the plan gives as many as pay:
 * `../plan/threads.ts`), each seeded from `rng`; `null` without helpers (one thread keeps the batch).
 */
export function shardedStepFor(
  network: TypedNetwork, spec: ModelSpec, weights: readonly (readonly Float32Array[])[], batchSize: number,
  helpers: readonly TrainHelper[], rng: Rng,
): ShardedStep | null {
  if (helpers.length === 0) return null;
  // Each helper draws its shard's dropout masks from its own generator, seeded from the run's.
  const seeds = helpers.map(() => rng.int(1, 2 ** 31));
  return new ShardedStep(network, helpers, spec, weights, { maxBatch: batchSize, minShardRows: MIN_SHARD_ROWS, seeds });
}

export class ShardedStep {
  private seats: Seat[] = [];
  private readonly ready: Promise<void>;
  /** The gradients summed so far, kept while a shard is computed here in place of a helper's. */
  private readonly sum: Float32Array;

  /** Threads planned: this one and every helper it was given (before any fails to load). */
  readonly plannedThreads: number;

  constructor(
    private readonly network: TypedNetwork, helpers: readonly TrainHelper[], spec: ModelSpec,
    weights: readonly (readonly Float32Array[])[], private readonly options: ShardedStepOptions,
  ) {
    const floats = network.parameterCount;
    this.plannedThreads = 1 + helpers.length;
    this.sum = new Float32Array(floats);
    const maxShard = Math.ceil(options.maxBatch / 2);
    // Helpers that fail to load, or do not answer in time, sit the run out: a hung helper must
    // not hang every run after it.
    const loadDeadline = performance.now() + (options.loadGraceMs ?? DEFAULT_LOAD_GRACE_MS);
    this.ready = Promise.all(helpers.map(async (helper, k): Promise<Seat | null> => {
      const loaded = helper.loadTrainer(spec, weights, { maxBatch: maxShard, seed: options.seeds[k] ?? k + 1 }).then(() => true);
      if (await withDeadline(loaded, loadDeadline)) return { helper, params: new Float32Array(floats) };
      // One that gets there after all frees what it built.
      loaded.then(() => helper.unloadTrainer(), () => undefined);
      return null;
    })).then((seats) => {
      this.seats = seats.filter((s): s is Seat => s !== null);
    });
  }

  /** Tells the helpers the run is over, so they can free their networks. */
  release(): void {
    void this.ready.then(() => {
      for (const seat of this.seats) seat.helper.unloadTrainer();
      this.seats = [];
    });
  }

  /** Threads the next step is shared by (after the helpers have loaded). */
  async threads(): Promise<number> {
    await this.ready;
    return 1 + this.seats.length;
  }

  /**
   * One optimizer step on `size` samples (x, y batch-major). Returns the batch's mean loss and
   * accuracy before the update.
   */
  async step(x: Float32Array | Int32Array, y: Float32Array, size: number): Promise<LossResult> {
    await this.ready;
    const { network } = this;
    const perX = x.length / this.options.maxBatch, perY = y.length / this.options.maxBatch;
    const shards = shardRows(size, 1 + this.seats.length, this.options.minShardRows);
    const rows = (k: number) => {
      const [from, n] = shards[k];
      return { n, x: x.slice(from * perX, (from + n) * perX), y: y.slice(from * perY, (from + n) * perY) };
    };
    // Helpers first, so they work while this thread computes its own shard.
    const jobs = shards.slice(1).map((_, i) => {
      const seat = this.seats[i], shard = rows(i + 1);
      network.copyWeights(seat.params);
      const reply = seat.helper.trainShard(seat.params, shard.x, shard.y, shard.n, size);
      reply.catch(() => undefined); // a failure is handled when it is awaited
      return { seat, shard, reply };
    });

    const started = performance.now();
    const [, own] = shards[0];
    const first = network.gradients(x.subarray(0, own * perX), y.subarray(0, own * perY), own, size);
    const ownMs = performance.now() - started;
    let loss = first.loss * own, acc = first.acc * own;

    // The helpers' gradients are added, in shard order, to the ones the layers hold. A shard
    // computed here instead overwrites those, so the sum so far is set aside and added back.
    const deadline = performance.now() + Math.max(this.options.minGraceMs ?? DEFAULT_MIN_GRACE_MS, 20 * ownMs);
    const dropped = new Set<Seat>();
    for (const { seat, shard, reply } of jobs) {
      const result = await withDeadline(reply, deadline);
      if (result) {
        network.addGradients(result.gradients);
        seat.params = result.gradients; // the buffer goes out again next step
        loss += result.loss * shard.n;
        acc += result.acc * shard.n;
      } else {
        dropped.add(seat);
        network.copyGradients(this.sum);
        const here = network.gradients(shard.x, shard.y, shard.n, size);
        network.addGradients(this.sum);
        loss += here.loss * shard.n;
        acc += here.acc * shard.n;
      }
    }
    if (dropped.size > 0) this.seats = this.seats.filter((s) => !dropped.has(s));
    network.applyGradients();
    return { loss: loss / size, acc: acc / size };
  }
}

/** The promise's value, or `null` if it rejects or is still pending at `deadline` (performance.now() time). */
async function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), Math.max(0, deadline - performance.now()))));
  try {
    return await Promise.race([promise.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}
