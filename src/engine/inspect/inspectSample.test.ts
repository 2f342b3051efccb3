/**
 * The gates, cells and hidden states the inspector shows against Keras' own cell: the tfjs-layers
 * model that `buildModel` makes from the same weights gives each LSTM's input (so the Embedding,
 * Conv1D, pooling and dropout layers before it are tfjs'), and tfjs-layers' `LSTMCell`, stepped
 * by hand, gives c_t and h_t. The gates are read from that cell as well, by asking it questions
 * whose answers isolate one gate:
 *   f = c(c_{t−1} = 1) − c(c_{t−1} = 0);
 *   i = c / act(1) from a copy whose candidate is pinned to act(1) (its kernels zeroed, bias 1) and c_{t−1} = 0;
 *   o = h / act(act(1)) from a copy whose candidate is pinned the same way and whose input gate is opened (bias 30).
 * Keras' column order (i, f, c, o) is the only thing this test assumes.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HyperParams } from '../../config/hyperparams';
import type { ScenarioId } from '../../scenarios';
import { encodeLetters } from '../data/alphabet';
import { referenceModel } from '../reference/model';
import type { LstmState } from '../reference/model';
import { buildModel } from '../tfjs/buildModel';
import { inspectSample, joinInspections, type LstmTrace, type SampleInspection } from './inspectSample';
import { paddedIds, randomWeights, tutorialSpec } from './testing';

const TOLERANCE = 1e-5;

interface Case {
  name: string;
  scenario: ScenarioId;
  hp: Partial<HyperParams>;
  /** Samples fed one after another (a stateful model carries its state between them). */
  samples: ArrayLike<number>[];
}

const CASES: Case[] = [
  { name: 'alphabet: LSTM(tanh) → Dense(softmax)', scenario: 'alphabet', hp: { units: 6, seqLength: 5 }, samples: [encodeLetters('CDE', 5)] },
  {
    name: 'alphabet-stateful: the state carried from letter to letter',
    scenario: 'alphabet-stateful',
    hp: { units: 5 },
    samples: ['H', 'I', 'J'].map((l) => encodeLetters(l, 1)),
  },
  { name: 'trend: stacked LSTM(relu) with Dropout, sigmoid', scenario: 'trend', hp: { units: 5, layers: 2 }, samples: [[0.8, 0.3, 1]] },
  {
    name: 'imdb-seq-cnn: Embedding → Conv1D(same, relu) → MaxPooling1D → LSTM',
    scenario: 'imdb-seq-cnn',
    hp: { vocabSize: 40, seqLength: 10, embeddingDim: 4, units: 5 },
    samples: [paddedIds(40, 3, 7, 5)],
  },
  {
    name: 'imdb-seq-dropout: Embedding → Dropout → LSTM → Dropout',
    scenario: 'imdb-seq-dropout',
    hp: { vocabSize: 30, seqLength: 6, embeddingDim: 3, units: 4 },
    samples: [paddedIds(30, 2, 4, 6)],
  },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A tfjs-layers LSTM cell with the given weights [W, R, b]. */
function kerasCell(units: number, inputDim: number, activation: 'tanh' | 'relu', weights: tf.Tensor[]): tf.layers.RNNCell {
  const cell = tf.layers.lstmCell({ units, activation, recurrentActivation: 'sigmoid' }) as tf.layers.RNNCell;
  cell.build([null, inputDim]);
  cell.setWeights(weights);
  return cell;
}

/** [W, R, b] with the candidate's (block 2) kernels zeroed and bias 1; `openInput` also pins i to 1. */
function pinned(weights: tf.Tensor[], units: number, openInput: boolean): tf.Tensor[] {
  const [W, R, b] = weights.map((w) => w.arraySync()) as [number[][], number[][], number[]];
  const block = (j: number) => Math.floor(j / units);
  const zeroCandidate = (rows: number[][]) => rows.map((row) => row.map((v, j) => (block(j) === 2 || (openInput && block(j) === 0) ? 0 : v)));
  const bias = b.map((v, j) => (block(j) === 2 ? 1 : openInput && block(j) === 0 ? 30 : v));
  return [tf.tensor2d(zeroCandidate(W)), tf.tensor2d(zeroCandidate(R)), tf.tensor1d(bias)];
}

interface KerasStep { i: number[]; f: number[]; o: number[]; c: number[]; h: number[] }

/** One step of Keras' cell from (x_t, h, c), with every gate isolated as the header says. */
function kerasStep(cells: { plain: tf.layers.RNNCell; pinI: tf.layers.RNNCell; pinO: tf.layers.RNNCell }, act: (z: number) => number, x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D): KerasStep {
  return tf.tidy(() => {
    const run = (cell: tf.layers.RNNCell, cPrev: tf.Tensor2D) => cell.call([x, h, cPrev], {}) as tf.Tensor[];
    const row = (t: tf.Tensor) => Array.from(t.dataSync());
    const zeros = tf.zerosLike(c), ones = tf.onesLike(c);
    const [hT, , cT] = run(cells.plain, c);
    const f = tf.sub(run(cells.plain, ones)[2], run(cells.plain, zeros)[2]);
    const i = tf.div(run(cells.pinI, zeros)[2], act(1));
    const o = tf.div(run(cells.pinO, zeros)[0], act(act(1)));
    return { i: row(i), f: row(f), o: row(o), c: row(cT), h: row(hT) };
  });
}

function expectClose(got: number[][], want: number[][], what: string): void {
  expect(got.length, what).toBe(want.length);
  let worst = 0;
  got.forEach((row, t) => row.forEach((v, u) => (worst = Math.max(worst, Math.abs(v - want[t][u])))));
  expect(worst, what).toBeLessThan(TOLERANCE);
}

const cellsToFree: tf.layers.RNNCell[] = [];
afterAll(() => cellsToFree.forEach((c) => c.trainableWeights.forEach((v) => v.dispose())));

describe('inspectSample against Keras’ cell (tfjs-layers)', () => {
  it.each(CASES)('$name', ({ scenario, hp, samples }) => {
    const spec = tutorialSpec(scenario, hp);
    const weights = randomWeights(spec, 11);
    const model = referenceModel(spec, weights);
    // Ours: one call per sample, each starting from the last one's state.
    const parts: SampleInspection[] = [];
    let states: Map<number, LstmState> | undefined;
    for (const x of samples) {
      const part = inspectSample(model, x, states);
      parts.push(part);
      states = part.states;
    }
    const ours = joinInspections(parts);
    const lstmLayers = spec.layers.flatMap((l, k) => (l.kind === 'lstm' ? [k] : []));
    expect(ours.layers.map((l) => l.layer)).toEqual(lstmLayers);

    const keras = buildModel(spec, { seed: 1, weights, batchSize: 1 });
    try {
      const xs = samples.map((x) => tf.tensor([...Array.from(x)], [1, ...spec.inputShape], spec.inputDtype));
      // The output, from the whole tfjs model (a stateful one carries its state from call to call).
      samples.forEach((_, s) => {
        const p = tf.tidy(() => Array.from((keras.predict(xs[s]) as tf.Tensor).dataSync()));
        expectClose([parts[s].probabilities], [p], `probabilities after sample ${s}`);
      });
      for (const [k, layerIndex] of lstmLayers.entries()) {
        const lstmSpec = spec.layers[layerIndex] as Extract<(typeof spec.layers)[number], { kind: 'lstm' }>;
        const layer = keras.layers[layerIndex];
        const w = layer.getWeights();
        const inputDim = w[0].shape[0];
        const act = lstmSpec.activation === 'relu' ? (z: number) => Math.max(0, z) : Math.tanh;
        const [pinI, pinO] = [pinned(w, lstmSpec.units, false), pinned(w, lstmSpec.units, true)];
        const cells = {
          plain: kerasCell(lstmSpec.units, inputDim, lstmSpec.activation, w),
          pinI: kerasCell(lstmSpec.units, inputDim, lstmSpec.activation, pinI),
          pinO: kerasCell(lstmSpec.units, inputDim, lstmSpec.activation, pinO),
        };
        // `w` are the model's own variables' values: the model frees them.
        tf.dispose([...pinI, ...pinO]);
        cellsToFree.push(...Object.values(cells));
        const below = layerIndex === 0 ? null : tf.model({ inputs: keras.inputs, outputs: keras.layers[layerIndex - 1].output as tf.SymbolicTensor });
        const want: KerasStep[] = [];
        let h = tf.zeros([1, lstmSpec.units]) as tf.Tensor2D, c = tf.zeros([1, lstmSpec.units]) as tf.Tensor2D;
        for (const x of xs) {
          const input = below ? (below.predict(x) as tf.Tensor3D) : (x as tf.Tensor3D);
          const steps = input.shape[1];
          for (let t = 0; t < steps; t++) {
            const xt = tf.tidy(() => input.slice([0, t, 0], [1, 1, inputDim]).reshape([1, inputDim])) as tf.Tensor2D;
            const step = kerasStep(cells, act, xt, h, c);
            want.push(step);
            tf.dispose([xt, h, c]);
            h = tf.tensor2d([step.h]);
            c = tf.tensor2d([step.c]);
          }
          if (below) input.dispose();
          // A layer that is not stateful starts every sample from zeros.
          if (!lstmSpec.stateful) {
            tf.dispose([h, c]);
            h = tf.zeros([1, lstmSpec.units]);
            c = tf.zeros([1, lstmSpec.units]);
          }
        }
        tf.dispose([h, c]);
        const trace: LstmTrace = ours.layers[k];
        for (const key of ['i', 'f', 'o', 'c', 'h'] as const) {
          expectClose(trace[key]!, want.map((s) => s[key]), `${trace.name}.${key}`);
        }
      }
      tf.dispose(xs);
    } finally {
      keras.dispose();
    }
  });
});
