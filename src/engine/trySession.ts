/**
 * "Try the model" from a snapshot of a run's weights (`snapshots.ts`), on a thread of its own
 * (`worker/try.worker.ts`), so answers come while the training worker is busy with a step. The
 * snapshot runs on the typed predictor (or the typed network's forward for stateful models), on
 * this CPU, whoever trains the run: the tutorials' models are small enough to answer in
 * milliseconds. Pure: no tfjs.
 */
import { createVocab, type ImdbVocab } from './data/imdb/vocab';
import type { RunModel } from './runModel';
import { isStateful } from './spec/model';
import { configModel, keptKind } from './configModel';
import { predict } from './tryModel';
import { createRng } from './rng';
import { TypedNetwork } from './typed/network';
import { typedRunModel } from './typed/typedRunModel';
import type { ModelSnapshot, PredictRequest, PredictResult } from './types';
import { inspect } from './inspect/inspect';
import { preparedModel } from './inspect/prepared';
import type { InspectRequest, InspectResult } from './inspect/types';
import { layerValues } from './weights';

/** Samples per forward pass of the snapshot's network (occlusion scores up to 201 reviews at once). */
const TRY_BATCH = 64;

export class TrySession {
  private model?: RunModel;
  private snapshot?: ModelSnapshot;
  private vocab?: ImdbVocab;

  /** Replaces the model with the snapshot's weights (the vocabulary is kept from the run's first). */
  load(snapshot: ModelSnapshot): void {
    const spec = configModel(snapshot.config);
    const sameRun = this.snapshot && JSON.stringify(this.snapshot.config) === JSON.stringify(snapshot.config);
    if (snapshot.vocabWords) this.vocab = createVocab(snapshot.vocabWords);
    else if (!sameRun) this.vocab = undefined;
    if (!sameRun || !this.model) {
      const batch = isStateful(spec) ? snapshot.config.hp.batchSize : TRY_BATCH;
      const network = new TypedNetwork(spec, layerValues(spec, snapshot.weights), { maxBatch: batch, learningRate: 0, rng: createRng(0) });
      this.model = typedRunModel(spec, network, batch);
    } else {
      this.model.setWeights(snapshot.weights);
    }
    this.snapshot = snapshot;
  }

  /**
   * Computes now what the Inspect view's first question about this snapshot would otherwise wait
   * for: the run of an all-padding input (80–115 ms for imdb-seq's 500 steps). The worker calls it
   * after a load, between questions, so a keystroke after an epoch end does not pay for it.
   */
  prepareInspection(): void {
    if (this.model && this.snapshot) preparedModel(this.model.spec, this.snapshot.weights).padding();
  }

  /** Forgets the model (a new run started). */
  clear(): void {
    this.model?.dispose();
    this.model = undefined;
    this.snapshot = undefined;
    this.vocab = undefined;
  }

  /** The epoch of the loaded snapshot, or null with none. */
  get epoch(): number | null {
    return this.snapshot?.epoch ?? null;
  }

  /** What the snapshot's LSTMs do with an input (`inspect/`): answered here too, never behind a training step. */
  async inspect(request: InspectRequest): Promise<InspectResult> {
    if (!this.model || !this.snapshot) return { kind: 'invalid', message: 'Train a model first.' };
    const { config } = this.snapshot;
    // A model of a user's data: what Inspect needs of its data comes from the data reference (a text's characters).
    const data = config.data && keptKind(config.data.task.kind)?.inspectData?.(config, config.data);
    // A kind whose Inspect needs its data itself (a series' rows): the run's own worker answers (the client falls back on a failure).
    if (config.data && !data) throw new Error('Looking inside this model needs its data, which only its run’s worker holds.');
    return inspect({ spec: this.model.spec, weights: this.snapshot.weights, config, vocab: this.vocab, ...(data ? { data } : {}) }, request);
  }

  async predict(request: PredictRequest): Promise<PredictResult> {
    if (!this.model || !this.snapshot) return { kind: 'invalid', message: 'Train a model first.' };
    // A model of a user's data answers from its data reference (its characters, its labels).
    const { data } = this.snapshot.config;
    const userKind = data && keptKind(data.task.kind);
    if (data && userKind) return userKind.predict(this.model, this.snapshot.config, data, request);
    return predict({ model: this.model, config: this.snapshot.config, vocab: this.vocab }, request);
  }
}
