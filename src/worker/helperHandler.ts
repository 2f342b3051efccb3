/**
 * A helper thread's side of its protocol, apart from the Worker shell (`helper.worker.ts`) so it
 * can be unit-tested. It does two jobs for the training worker:
 * - scoring: one typed predictor, built on `load`, answering `predict` with probabilities
 *   (`engine/typed/sharedPredict.ts`);
 * - training shards: one typed-array network, built on `train-load`, answering `train-shard` with
 *   a shard's gradients (`engine/typed/shardedStep.ts`).
 * `reset` drops both, after a failed run.
 * Errors come back as messages, never as a dead worker.
 */
import type { ModelSpec } from '../engine/spec/types';
import { createRng } from '../engine/rng';
import { TypedNetwork } from '../engine/typed/network';
import { TypedPredictor } from '../engine/typed/typedPredictor';
import type { ShardResult } from '../engine/typed/shardedStep';

export type ToHelper =
  | { type: 'load'; id: number; spec: ModelSpec; weights: Float32Array[][] }
  | { type: 'predict'; id: number; x: Int32Array | Float32Array; n: number }
  | { type: 'train-load'; id: number; spec: ModelSpec; weights: Float32Array[][]; maxBatch: number; seed: number }
  | { type: 'train-shard'; id: number; params: Float32Array; x: Int32Array | Float32Array; y: Float32Array; n: number; meanOver: number }
  | { type: 'train-unload'; id: number }
  /** A run failed: forget the predictor and the network, whatever state they are in. */
  | { type: 'reset'; id: number };

export type FromHelper =
  | { id: number; ok: true; probs?: Float32Array; shard?: ShardResult }
  | { id: number; ok: false; message: string };

export class HelperState {
  private predictor: TypedPredictor | null = null;
  private network: TypedNetwork | null = null;

  answer(message: ToHelper): FromHelper {
    try {
      switch (message.type) {
        case 'load':
          this.predictor = null; // the old one's memory can go before the new one is built
          this.predictor = new TypedPredictor(message.spec, message.weights);
          return { id: message.id, ok: true };
        case 'predict':
          if (!this.predictor) return { id: message.id, ok: false, message: 'No model loaded.' };
          return { id: message.id, ok: true, probs: this.predictor.predict(message.x, message.n) };
        case 'train-load':
          this.network = null;
          // No optimizer steps here (the caller takes them), so the learning rate is unused.
          this.network = new TypedNetwork(message.spec, message.weights, { maxBatch: message.maxBatch, learningRate: 0, rng: createRng(message.seed) });
          return { id: message.id, ok: true };
        case 'train-unload':
          this.network = null;
          return { id: message.id, ok: true };
        case 'reset':
          this.predictor = null;
          this.network = null;
          return { id: message.id, ok: true };
        case 'train-shard': {
          const { network } = this;
          if (!network) return { id: message.id, ok: false, message: 'No training network loaded.' };
          const { params } = message;
          network.setWeights(params);
          const { loss, acc } = network.gradients(message.x, message.y, message.n, message.meanOver);
          network.copyGradients(params);
          return { id: message.id, ok: true, shard: { gradients: params, loss, acc } };
        }
      }
    } catch (e) {
      return { id: message.id, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
}

/** What a reply can hand over instead of copying (the Worker shells pass it as the transfer list). */
export function replyTransfers(reply: FromHelper): ArrayBuffer[] {
  if (!reply.ok) return [];
  if (reply.probs) return [reply.probs.buffer as ArrayBuffer];
  if (reply.shard) return [reply.shard.gradients.buffer as ArrayBuffer];
  return [];
}
