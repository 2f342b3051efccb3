/**
 * Test fixtures for the export formats: every tutorial's model at small sizes, with random
 * weights (biases too, so a bias or gate out of place shows), sample inputs and the app's own
 * predictions for them (the tfjs model `buildModel` makes with those weights).
 */
import * as tf from '@tensorflow/tfjs';
import type { HyperParams } from '../../config/hyperparams';
import { validateConfig } from '../../config/runConfig';
import { SCENARIO_LIST, type Scenario } from '../../scenarios';
import type { ScenarioId } from '../../scenarios/types';
import { createRng } from '../rng';
import { weightShapes } from '../spec/model';
import type { BidirectionalInner, LayerSpec, ModelSpec } from '../spec/types';
import { buildModel } from '../tfjs/buildModel';
import type { ModelWeights } from '../weights';
import type { SavedModel } from './kerasConfig';

/** Small sizes, so every tutorial's model exports and runs in milliseconds. */
const SMALL: Partial<HyperParams> = { units: 5, layers: 2, seqLength: 6, vocabSize: 30, embeddingDim: 4 };

export interface ExportCase {
  id: ScenarioId;
  hp: HyperParams;
  saved: SavedModel;
  /** Inputs, row-major `[samples, ...spec.inputShape]`. */
  inputs: number[];
  samples: number;
  /** The app's predictions, row-major `[samples, outputs]`. */
  predictions: number[];
}

/** The scenario's hyperparameters at `SMALL` sizes (only the fields it has). */
export function smallHp(scenario: Scenario): HyperParams {
  const own = Object.fromEntries(Object.entries(SMALL).filter(([k]) => (scenario.fields as readonly string[]).includes(k)));
  const hp = { ...scenario.defaults, ...own };
  const problems = validateConfig({ scenario: scenario.id, hp });
  if (problems.length) throw new Error(`${scenario.id}: ${problems.map((p) => p.message).join(' ')}`);
  return hp;
}

/** Every weight uniform in [-0.5, 0.5) from `seed`. */
export function randomWeights(spec: ModelSpec, seed: number): ModelWeights {
  const rng = createRng(seed);
  return weightShapes(spec).flat().map((shape) => {
    const values = new Float32Array(shape.reduce((a, d) => a * d, 1));
    for (let i = 0; i < values.length; i++) values[i] = rng.next() - 0.5;
    return { shape, values };
  });
}

/** Sample inputs: word ids below the vocabulary, or features in [0, 1). */
function sampleInputs(spec: ModelSpec, samples: number, seed: number): number[] {
  const rng = createRng(seed);
  const size = samples * spec.inputShape.reduce((a, d) => a * d, 1);
  const vocab = spec.layers[0].kind === 'embedding' ? spec.layers[0].inputDim : 0;
  return Array.from({ length: size }, () => (vocab ? Math.floor(rng.next() * vocab) : rng.next()));
}

/** What the app's tfjs model predicts for `inputs` with the saved weights (inference: dropout off). */
export function appPredictions(saved: SavedModel, inputs: number[], samples: number): number[] {
  const model = buildModel(saved.spec, { seed: 1, batchSize: saved.batchSize, weights: saved.weights });
  try {
    return tf.tidy(() => {
      const x = tf.tensor(inputs, [samples, ...saved.spec.inputShape], saved.spec.inputDtype);
      return Array.from((model.predict(x, { batchSize: saved.batchSize ?? samples }) as tf.Tensor).dataSync());
    });
  } finally {
    model.dispose();
  }
}

/** One case per tutorial: small model, random weights, three samples (a stateful model: one batch, from zero state). */
export function exportCases(seed = 7): ExportCase[] {
  return SCENARIO_LIST.map((scenario, k) => {
    const hp = smallHp(scenario);
    const spec = scenario.model(hp);
    const stateful = spec.layers.some((l) => l.kind === 'lstm' && l.stateful);
    const saved: SavedModel = {
      spec,
      weights: randomWeights(spec, seed + k),
      learningRate: hp.learningRate,
      ...(stateful ? { batchSize: hp.batchSize } : {}),
    };
    const samples = stateful ? hp.batchSize : 3;
    const inputs = sampleInputs(spec, samples, seed + 100 + k);
    return { id: scenario.id, hp, saved, inputs, samples, predictions: appPredictions(saved, inputs, samples) };
  });
}

/**
 * Beyond the tutorials: Embedding → GRU (sequences, both dropouts) → SimpleRNN (relu) → Dense, so
 * both kinds and their Keras names, configs and weight layouts show in one file.
 */
export function recurrentKindsCase(seed = 5): Omit<ExportCase, 'id' | 'hp'> & { id: string } {
  const spec: ModelSpec = {
    inputShape: [7], inputDtype: 'int32', loss: 'binaryCrossentropy',
    layers: [
      { kind: 'embedding', inputDim: 30, outputDim: 4 },
      { kind: 'gru', units: 5, activation: 'tanh', returnSequences: true, dropout: 0.2, recurrentDropout: 0.1 },
      { kind: 'simpleRnn', units: 3, activation: 'relu', returnSequences: false, dropout: 0, recurrentDropout: 0 },
      { kind: 'dense', units: 1, activation: 'sigmoid' },
    ],
  };
  const saved: SavedModel = { spec, weights: randomWeights(spec, seed), learningRate: 0.001 };
  const samples = 3;
  const inputs = sampleInputs(spec, samples, seed + 100);
  return { id: 'gru-simple-rnn', saved, inputs, samples, predictions: appPredictions(saved, inputs, samples) };
}

/**
 * Word ids pre-padded as `pad_sequences` leaves them: rows of 7, 4, 1 and 0 words after zeros,
 * and one with a 0 among its words (Keras masks every 0), from `seed`.
 */
function paddedIds(vocab: number, steps: number, seed: number): { inputs: number[]; samples: number } {
  const rng = createRng(seed);
  const word = () => 1 + Math.floor(rng.next() * (vocab - 1));
  const rows = [7, 4, 1, 0].map((n) => Array.from({ length: steps }, (_, t) => (t >= steps - n ? word() : 0)));
  rows.push(Array.from({ length: steps }, (_, t) => (t === 0 || t === 3 ? 0 : word())));
  return { inputs: rows.flat(), samples: rows.length };
}

/**
 * Beyond the tutorials, with `Embedding(mask_zero=True)` on pre-padded rows: a Bidirectional LSTM
 * returning sequences into a Bidirectional GRU (both wrapped kinds, and a masked sequence between
 * them); a Bidirectional LSTM alone (which tfjs-layers itself loads); a GRU; and the short-reviews
 * card's layers, a Bidirectional LSTM returning sequences into GlobalAveragePooling1D between two
 * Dropouts (its wrapped LSTM's own dropout keeps it off the card: `matchScenario` finds none).
 */
export function maskedCases(seed = 9): (Omit<ExportCase, 'id' | 'hp'> & { id: string })[] {
  const embedding: LayerSpec = { kind: 'embedding', inputDim: 30, outputDim: 4, maskZero: true };
  const out: LayerSpec = { kind: 'dense', units: 1, activation: 'sigmoid' };
  const lstm = (returnSequences: boolean): BidirectionalInner => ({ kind: 'lstm', units: 5, activation: 'tanh', returnSequences, dropout: 0.1, recurrentDropout: 0, stateful: false });
  const gru = (units: number): BidirectionalInner => ({ kind: 'gru', units, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0.2 });
  const models: [string, LayerSpec[]][] = [
    ['masked-bidirectional', [embedding, { kind: 'bidirectional', layer: lstm(true) }, { kind: 'bidirectional', layer: gru(3) }, out]],
    ['masked-bidirectional-lstm', [embedding, { kind: 'bidirectional', layer: lstm(false) }, out]],
    ['masked-gru', [embedding, gru(6), out]],
    ['masked-pooling', [embedding, { kind: 'dropout', rate: 0.2 }, { kind: 'bidirectional', layer: lstm(true) }, { kind: 'globalAveragePooling1d' }, { kind: 'dropout', rate: 0.2 }, out]],
  ];
  return models.map(([id, layers], k) => {
    const spec: ModelSpec = { inputShape: [7], inputDtype: 'int32', loss: 'binaryCrossentropy', layers };
    const saved: SavedModel = { spec, weights: randomWeights(spec, seed + k), learningRate: 0.001 };
    const { inputs, samples } = paddedIds(30, 7, seed + 100 + k);
    return { id, saved, inputs, samples, predictions: appPredictions(saved, inputs, samples) };
  });
}
