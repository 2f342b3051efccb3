/**
 * The predict helper's side of its protocol, apart from the Worker shell
 * (`predictHelper.worker.ts`) so it can be unit-tested: it holds one typed predictor, built on
 * `load`, and answers `predict` with probabilities. Errors come back as messages, never as a
 * dead worker.
 */
import type { ModelSpec } from '../scenarios/types';
import { TypedPredictor } from '../engine/tinyTrainer/predictor';

export type ToHelper =
  | { type: 'load'; id: number; spec: ModelSpec; weights: Float32Array[][] }
  | { type: 'predict'; id: number; x: Int32Array | Float32Array; n: number };

export type FromHelper =
  | { id: number; ok: true; probs?: Float32Array }
  | { id: number; ok: false; message: string };

export class PredictHelperState {
  private predictor: TypedPredictor | null = null;

  answer(message: ToHelper): FromHelper {
    try {
      if (message.type === 'load') {
        this.predictor = null; // the old one's memory can go before the new one is built
        this.predictor = new TypedPredictor(message.spec, message.weights);
        return { id: message.id, ok: true };
      }
      if (!this.predictor) return { id: message.id, ok: false, message: 'No model loaded.' };
      return { id: message.id, ok: true, probs: this.predictor.predict(message.x, message.n) };
    } catch (e) {
      return { id: message.id, ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
}
