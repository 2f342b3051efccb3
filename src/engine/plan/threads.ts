/**
 * How many threads share each of the typed trainer's batches. Sharing costs the calling thread a
 * copy of every weight and a message each way per shard (well under a millisecond at IMDB's
 * 390 k weights), so it pays only for batches of real work; this is a rule about this CPU's own
 * threads, not a guess about another device.
 */
import { forwardMacsPerSample, isStateful } from '../spec/model';
import type { ModelSpec } from '../spec/types';
import { MIN_SHARD_ROWS } from '../typed/shardedStep';

/**
 * Multiply-adds per batch (forward and backward, ≈ 3× the forward's) from which sharing a batch
 * pays: against a step of tens of milliseconds at IMDB's sizes. Below it (the alphabet and trend
 * tutorials: 0.2–17 M, a few ms at most) one thread keeps the batch.
 */
export const SHARD_MIN_MACS_PER_BATCH = 100_000_000;

/** Multiply-adds of one training batch: forward and backward, about three forwards. */
export const trainingMacsPerBatch = (spec: ModelSpec, batchSize: number): number => 3 * batchSize * forwardMacsPerSample(spec);

/**
 * 1 + helpers where the batch is large enough in rows and in work, else 1. Stateful models keep
 * one thread: their state runs through the whole batch in one network.
 */
export function trainingThreads(spec: ModelSpec, batchSize: number, helpers: number): number {
  if (isStateful(spec)) return 1;
  if (trainingMacsPerBatch(spec, batchSize) < SHARD_MIN_MACS_PER_BATCH) return 1;
  return Math.max(1, Math.min(1 + helpers, Math.floor(batchSize / MIN_SHARD_ROWS)));
}
