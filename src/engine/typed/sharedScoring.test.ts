/**
 * Shared scoring against one thread alone: the same numbers whichever thread computed a chunk,
 * helpers that take work, and helpers that fail at loading or mid-way without losing a sample.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios';
import { weightShapes } from '../spec/model';
import type { ModelSpec } from '../spec/types';
import { createRng } from '../rng';
import { TypedPredictor } from './typedPredictor';
import { sharedPredict } from './sharedScoring';
import { inProcessHelper } from './testing';

/** Random weights of the right shapes: [kernel, recurrent, bias] per LSTM, [kernel, bias] for Dense. */
function randomWeights(spec: ModelSpec): Float32Array[][] {
  const rng = createRng(9);
  const random = (n: number) => Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * 0.3);
  let inputDim = spec.inputShape[spec.inputShape.length - 1];
  return spec.layers.map((l) => {
    if (l.kind === 'embedding') {
      inputDim = l.outputDim;
      return [random(l.inputDim * l.outputDim)];
    }
    if (l.kind === 'lstm') {
      const w = [random(inputDim * 4 * l.units), random(l.units * 4 * l.units), random(4 * l.units)];
      inputDim = l.units;
      return w;
    }
    if (l.kind === 'dense') return [random(inputDim * l.units), random(l.units)];
    return [];
  });
}

const yieldToHost = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('sharedPredict', () => {
  const spec = SCENARIOS.trend.model(SCENARIOS.trend.defaults); // float input: 3 steps × 1 feature
  const weights = randomWeights(spec);
  const n = 1000;
  const rng = createRng(4);
  const x = Float32Array.from({ length: n * 3 }, () => rng.next());
  const alone = new TypedPredictor(spec, weights).predict(x, n);

  it('gives exactly what one thread gives, with every helper taking chunks', async () => {
    const helpers = [inProcessHelper(), inProcessHelper()];
    const got = await sharedPredict(new TypedPredictor(spec, weights), helpers, spec, weights, x, n, { chunk: 50, yieldToHost });
    expect(got.probs).toEqual(alone);
    for (const h of helpers) expect(h.chunks).toBeGreaterThan(0);
    expect(got.threads).toBe(3);
  });

  it('loses nothing when a helper fails to load or crashes mid-way', async () => {
    const helpers = [inProcessHelper({ failLoad: true }), inProcessHelper({ failOnChunk: 2 }), inProcessHelper({ failOnChunk: 1 })];
    const got = await sharedPredict(new TypedPredictor(spec, weights), helpers, spec, weights, x, n, { chunk: 50, yieldToHost });
    expect(got.probs).toEqual(alone);
    expect(helpers[0].chunks).toBe(0);
  });

  it('does not wait forever for a helper that stops answering', async () => {
    const hung = inProcessHelper({ hangOnChunk: 2 });
    const got = await sharedPredict(new TypedPredictor(spec, weights), [hung], spec, weights, x, n, { chunk: 50, yieldToHost, minGraceMs: 50 });
    expect(got.probs).toEqual(alone);
    expect(hung.chunks).toBeGreaterThanOrEqual(2);
  });

  it('keeps a split of one or two chunks on the calling thread', async () => {
    const idle = inProcessHelper();
    const got = await sharedPredict(new TypedPredictor(spec, weights), [idle], spec, weights, x.subarray(0, 60 * 3), 60, { chunk: 50, yieldToHost });
    expect(got).toEqual({ probs: alone.slice(0, 60), threads: 1 });
    expect(idle.chunks).toBe(0);
  });
});

describe('sharedPredict on a masked Bidirectional model', () => {
  it('gives exactly what one thread gives: each chunk’s mask comes from its own reviews', async () => {
    const spec: ModelSpec = {
      inputShape: [10], inputDtype: 'int32', loss: 'binaryCrossentropy',
      layers: [
        { kind: 'embedding', inputDim: 20, outputDim: 4, maskZero: true },
        { kind: 'bidirectional', layer: { kind: 'lstm', units: 5, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false } },
        { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    };
    const rng = createRng(6);
    const weights = weightShapes(spec).map((layer) => layer.map((shape) => Float32Array.from({ length: shape.reduce((a, d) => a * d, 1) }, () => rng.next() - 0.5)));
    const n = 400;
    // Pre-padded reviews of 0–10 words.
    const x = Int32Array.from({ length: n * 10 }, (_, j) => (j % 10 < (Math.floor(j / 10) * 7) % 11 ? 0 : 1 + rng.int(0, 19)));
    const alone = new TypedPredictor(spec, weights).predict(x, n);
    const helpers = [inProcessHelper(), inProcessHelper()];
    const got = await sharedPredict(new TypedPredictor(spec, weights), helpers, spec, weights, x, n, { chunk: 30, yieldToHost });
    expect(got.probs).toEqual(alone);
    for (const h of helpers) expect(h.chunks).toBeGreaterThan(0);
  });
});
