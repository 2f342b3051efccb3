/** Shared by the inspect tests: a tutorial's model at a small size, with weights that are not Keras' tidy initial ones. */
import type { HyperParams } from '../../config/hyperparams';
import { SCENARIOS, type ScenarioId } from '../../scenarios';
import { createRng } from '../rng';
import { weightShapes } from '../spec/model';
import type { BidirectionalInner, LayerSpec, ModelSpec } from '../spec/types';
import type { ModelWeights } from '../weights';

export function tutorialSpec(scenario: ScenarioId, hp: Partial<HyperParams>): ModelSpec {
  return SCENARIOS[scenario].model({ ...SCENARIOS[scenario].defaults, ...hp });
}

/**
 * Every weight uniform in ±`scale`, biases included (Keras starts them at 0 and 1, which would
 * hide a bias read from the wrong gate).
 */
export function randomWeights(spec: ModelSpec, seed: number, scale = 0.5): ModelWeights {
  const rng = createRng(seed);
  return weightShapes(spec).flat().map((shape) => ({
    shape,
    values: Float32Array.from({ length: shape.reduce((a, d) => a * d, 1) }, () => (rng.next() * 2 - 1) * scale),
  }));
}

/** `words` random ids in 2…vocab−1 after `pad` zeros: a padded review. */
export function paddedIds(vocab: number, pad: number, words: number, seed: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length: pad + words }, (_, t) => (t < pad ? 0 : rng.int(2, vocab)));
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Keras' LSTM cell written out in float64 apart from the reference model: an Embedding's rows for
 * `ids` read by an LSTM of `units`, from weights `[embedding, W, R, b, …]` (Keras order, gates i f c o),
 * one step at a time. [t][unit] of each gate and state.
 */
export function kerasEmbeddedLstm(weights: ModelWeights, ids: ArrayLike<number>, units: number, embed: number) {
  const [embedding, W, R, b] = weights.map((w) => w.values);
  const u = units, at = (m: Float32Array, row: number, col: number) => m[row * 4 * u + col];
  let h = new Array<number>(u).fill(0), c = new Array<number>(u).fill(0);
  const out = { i: [] as number[][], f: [] as number[][], o: [] as number[][], c: [] as number[][], h: [] as number[][] };
  for (const id of Array.from(ids)) {
    const x = Array.from({ length: embed }, (_, k) => embedding[id * embed + k]);
    const z = Array.from({ length: 4 * u }, (_, j) => b[j] + x.reduce((a, v, k) => a + v * at(W, k, j), 0) + h.reduce((a, v, k) => a + v * at(R, k, j), 0));
    const i = z.slice(0, u).map(sigmoid), f = z.slice(u, 2 * u).map(sigmoid), g = z.slice(2 * u, 3 * u).map(Math.tanh), o = z.slice(3 * u).map(sigmoid);
    c = c.map((cPrev, k) => f[k] * cPrev + i[k] * g[k]);
    h = c.map((ck, k) => o[k] * Math.tanh(ck));
    out.i.push(i); out.f.push(f); out.o.push(o); out.c.push(c); out.h.push(h);
  }
  return out;
}

type Inner = BidirectionalInner;

/** A wrapped recurrent layer of `kind` for the tests' Bidirectionals (tanh unless asked). */
export function innerLayer(kind: Inner['kind'], units: number, returnSequences: boolean, activation: Inner['activation'] = 'tanh'): Inner {
  const common = { units, activation, returnSequences, dropout: 0, recurrentDropout: 0 };
  return kind === 'lstm' ? { kind, ...common, stateful: false } : { kind, ...common };
}

/**
 * Embedding(vocab, dim, mask_zero = `maskZero`) → `middle` → Dense(1, sigmoid) over `steps` word
 * ids: a text classifier of the shape Keras' Bidirectional and masking examples build.
 */
export function textSpec(steps: number, vocab: number, dim: number, maskZero: boolean, middle: LayerSpec[]): ModelSpec {
  return {
    inputShape: [steps], inputDtype: 'int32', loss: 'binaryCrossentropy',
    layers: [{ kind: 'embedding', inputDim: vocab, outputDim: dim, maskZero }, ...middle, { kind: 'dense', units: 1, activation: 'sigmoid' }],
  };
}
