/**
 * Inspect on a Bidirectional layer and behind `Embedding(mask_zero=True)`: both directions traced
 * (the forward layer in the input's order, the backward one in the order it read, each step
 * labelled with the input it read), and masked steps marked, with the state held over them. The
 * traces are held to the reference layers (`../reference/bidirectional.ts`), which
 * `bidirectional.test.ts` holds to Keras'.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/runConfig';
import { createVocab } from '../data/imdb/vocab';
import { bidirectionalForward, type BidirectionalForward } from '../reference/bidirectional';
import type { LstmForward } from '../reference/lstm';
import { referenceModel } from '../reference/model';
import type { RecurrentWeights } from '../reference/recurrent';
import { maskOfIds } from '../reference/sequence';
import { embed } from '../reference/testing';
import type { BidirectionalInner, ModelSpec } from '../spec/types';
import type { ModelWeights } from '../weights';
import { describeLayers } from './describeLayers';
import { inspect, type InspectSource } from './inspect';
import { inspectSample, joinInspections } from './inspectSample';
import { stepOutputs } from './stepOutputs';
import { innerLayer, randomWeights, textSpec } from './testing';
import type { InspectResult, StepLabel } from './types';

const T = 7, VOCAB = 15, E = 3, U = 3;
/** Three steps of padding, then four words. */
const IDS = [0, 0, 0, 4, 9, 2, 7];

/** Row 0's [steps][units] of a [1, u] per step. */
const rows = (steps: readonly Float64Array[]) => steps.map((s) => Array.from(s));

/** The reference Bidirectional on the model's embedded ids: what Inspect must show. */
function reference(inner: BidirectionalInner, weights: ModelWeights, maskZero: boolean): BidirectionalForward {
  const w = weights.map((v) => v.values);
  const one = (k: number): RecurrentWeights => ({ inputDim: E, units: U, kernel: w[k], recurrentKernel: w[k + 1], bias: w[k + 2] });
  return bidirectionalForward(inner.kind, embed(IDS, w[0], E), 1, T, { forward: one(1), backward: one(4) }, {
    activation: inner.activation, returnSequences: inner.returnSequences, stepMask: maskZero ? maskOfIds(IDS) : undefined,
  });
}

const specOf = (inner: BidirectionalInner, maskZero: boolean): ModelSpec => textSpec(T, VOCAB, E, maskZero, [{ kind: 'bidirectional', layer: inner }]);

describe('inspectSample on a Bidirectional layer', () => {
  it.each([true, false])('traces both directions as the reference runs them, LSTM (mask_zero %s)', (maskZero) => {
    const inner = innerLayer('lstm', U, false), spec = specOf(inner, maskZero), weights = randomWeights(spec, 2, 1);
    const { layers } = inspectSample(referenceModel(spec, weights), IDS);
    const want = reference(inner, weights, maskZero);
    expect(layers).toHaveLength(1);
    const [layer] = layers;
    expect(layer).toMatchObject({ layer: 1, name: 'bidirectional', kind: 'lstm', units: U });
    expect(layer.h).toEqual(rows(want.forward.h));
    expect(layer.c).toEqual(rows((want.forward as LstmForward).c));
    expect(layer.f).toEqual(want.forward.gates!.map((g) => Array.from(g.subarray(U, 2 * U))));
    const backward = layer.backward!;
    expect(backward.h).toEqual(rows(want.backward.h));
    expect(backward.c).toEqual(rows((want.backward as LstmForward).c));
    expect(backward.o).toEqual(want.backward.gates!.map((g) => Array.from(g.subarray(3 * U, 4 * U))));
    // The backward layer read the last word first.
    expect(backward.read).toEqual([6, 5, 4, 3, 2, 1, 0]);
  });

  it('traces a GRU’s z, r and candidate in both directions', () => {
    const inner = innerLayer('gru', U, true, 'relu'), spec = specOf(inner, true), weights = randomWeights(spec, 3, 1);
    const [layer] = inspectSample(referenceModel(spec, weights), IDS).layers;
    const want = reference(inner, weights, true);
    expect(layer.kind).toBe('gru');
    expect(layer.i).toBeUndefined();
    for (const [q, block] of [['z', 0], ['r', 1], ['n', 2]] as const) {
      expect(layer[q]).toEqual(want.forward.gates!.map((g) => Array.from(g.subarray(block * U, (block + 1) * U))));
      expect(layer.backward![q]).toEqual(want.backward.gates!.map((g) => Array.from(g.subarray(block * U, (block + 1) * U))));
    }
    expect(layer.backward!.h).toEqual(rows(want.backward.h));
  });

  it('marks the masked padding, over which both directions hold their state', () => {
    const spec = specOf(innerLayer('lstm', U, false), true);
    const [layer] = inspectSample(referenceModel(spec, randomWeights(spec, 4, 1)), IDS).layers;
    const padding = [true, true, true, false, false, false, false];
    expect(layer.masked).toEqual(padding);
    expect(layer.backward!.masked).toEqual([...padding].reverse());
    // Forwards, the padding comes first: the state stays at zeros, and no gate acts.
    for (let t = 0; t < 3; t++) {
      expect(layer.h[t]).toEqual([0, 0, 0]);
      expect(layer.i![t]).toEqual([0, 0, 0]);
    }
    // Backwards, it comes last: the state after the first word holds to the end.
    const back = layer.backward!;
    for (let s = 4; s < T; s++) {
      expect(back.h[s]).toEqual(back.h[3]);
      expect(back.c![s]).toEqual(back.c![3]);
    }
    expect(back.h[3]).not.toEqual([0, 0, 0]);
  });

  it('without a mask, marks nothing', () => {
    const spec = specOf(innerLayer('simpleRnn', U, false), false);
    const [layer] = inspectSample(referenceModel(spec, randomWeights(spec, 4, 1)), IDS).layers;
    expect(layer.masked).toBeUndefined();
    expect(layer.backward!.masked).toBeUndefined();
  });

  it('joins samples read one after another, the backward steps read within each', () => {
    const spec = specOf(innerLayer('gru', U, false), true), model = referenceModel(spec, randomWeights(spec, 5));
    const parts = [inspectSample(model, IDS), inspectSample(model, [...IDS].reverse())];
    const [joined] = joinInspections(parts).layers;
    expect(joined.h).toHaveLength(2 * T);
    expect(joined.backward!.read).toEqual([6, 5, 4, 3, 2, 1, 0, 13, 12, 11, 10, 9, 8, 7]);
    expect(joined.backward!.z).toEqual([...parts[0].layers[0].backward!.z!, ...parts[1].layers[0].backward!.z!]);
    expect(joined.masked).toEqual([...parts[0].layers[0].masked!, ...parts[1].layers[0].masked!]);
  });

  it('gives no answer per step (the backward layer has read the steps after each)', () => {
    const spec = specOf(innerLayer('lstm', U, false), false), model = referenceModel(spec, randomWeights(spec, 5));
    expect(stepOutputs(model, inspectSample(model, IDS).layers)).toBeUndefined();
  });
});

describe('describeLayers on a Bidirectional layer', () => {
  it('labels the backward steps with the input each read, and splits the output weights between the directions', () => {
    const spec = specOf(innerLayer('lstm', U, false), true), weights = randomWeights(spec, 6);
    const model = referenceModel(spec, weights);
    const labels: StepLabel[] = IDS.map((id) => (id === 0 ? { label: '', padding: true } : { label: `w${id}`, padding: false }));
    const [layer] = describeLayers(model, weights, inspectSample(model, IDS), labels);
    expect(layer.steps).toEqual(labels);
    expect(layer.backward!.steps.map((l) => (l.padding ? '·' : l.label))).toEqual(['w7', 'w2', 'w9', 'w4', '·', '·', '·']);
    // Dense's kernel [2u, 1]: the forward layer's units' rows, then the backward layer's.
    const kernel = Array.from(weights[7].values);
    expect(layer.outputWeight).toEqual(kernel.slice(0, U));
    expect(layer.backward!.outputWeight).toEqual(kernel.slice(U));
  });
});

function ok<K extends Exclude<InspectResult['kind'], 'invalid'>>(r: InspectResult, kind: K): Extract<InspectResult, { kind: K }> {
  if (r.kind !== kind) throw new Error(`expected ${kind}, got ${JSON.stringify(r)}`);
  return r as Extract<InspectResult, { kind: K }>;
}

describe('inspect a review with a masked Bidirectional model', () => {
  it('shows the backward layer reading the review last word to first, the padding dimmed, and attributes nothing to it', () => {
    const config = defaultConfig('imdb-seq');
    config.hp = { ...config.hp, vocabSize: 9, seqLength: 8 };
    const spec = textSpec(8, 9, E, true, [{ kind: 'bidirectional', layer: innerLayer('lstm', U, false) }]);
    const source: InspectSource = { spec, weights: randomWeights(spec, 7, 1), config, vocab: createVocab(['the', 'film', 'was', 'great', 'bad', 'plot']) };
    const r = ok(inspect(source, { kind: 'review', text: 'The film was great' }), 'review');
    const [layer] = r.layers;
    const shown = (steps: StepLabel[]) => steps.map((l) => (l.padding ? '·' : l.label));
    expect(shown(layer.steps)).toEqual(['·', '·', '·', '<START>', 'the', 'film', 'was', 'great']);
    expect(shown(layer.backward!.steps)).toEqual(['great', 'was', 'film', 'the', '<START>', '·', '·', '·']);
    expect(layer.masked).toEqual([true, true, true, false, false, false, false, false]);
    const a = r.attributions!;
    expect(a.complete).toBe(true);
    expect(a.atInput).toBeCloseTo(r.probabilities[0], 12);
    expect(a.words.some((v) => v !== 0)).toBe(true);
  });
});
