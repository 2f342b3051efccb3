/**
 * GRU and SimpleRNN through the engine's paths beyond the layer itself (`tfjs/recurrentLayers.test.ts`,
 * `export/recurrentExport.test.ts`): the `cell` hyperparameter building each user-data model, the
 * tutorials refusing it, the page's predictor answering as tfjs does (the typed trainer's network
 * where the typed predictor has no such layer), and Inspect tracing a GRU's gates from the reference cell.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CELL_CHOICES } from '../config/hyperparams';
import { defaultConfig, validateConfig } from '../config/runConfig';
import { decodeConfig, encodeConfig } from '../url/codec';
import { charTextSource, CHAR_TEXT_DEFAULTS } from './charText/charTextModel';
import { inspectSample, TRACED } from './inspect/inspectSample';
import { pageForwardOf, pagePredictor } from './pagePredictor';
import { RECURRENT_KINDS } from './reference/recurrent';
import { referenceModel } from './reference/model';
import { SERIES_DEFAULTS, seriesSource } from './seriesModel/seriesModel';
import { classifierSource } from './textClassifier/classifierModel';
import { buildModel } from './tfjs/buildModel';
import { randomWeights } from './export/testing';
import { typedTrainerSupport } from './typed/support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => tf.disposeVariables());

describe('the cell hyperparameter', () => {
  it.each(CELL_CHOICES)('builds every user-data model with %s layers', (cell) => {
    const text = charTextSource(20).model({ ...CHAR_TEXT_DEFAULTS, cell, layers: 2 });
    expect(text.layers.slice(1, 3).map((l) => l.kind)).toEqual([cell, cell]);
    const classifier = classifierSource(3).model({ ...CHAR_TEXT_DEFAULTS, cell });
    expect(classifier.layers[1].kind).toBe(cell);
    const series = seriesSource({ task: 'next', features: 2, activation: 'relu' }).model({ ...SERIES_DEFAULTS, cell, layers: 2 });
    expect(series.layers.filter((l) => l.kind !== 'dropout' && l.kind !== 'dense').map((l) => l.kind)).toEqual([cell, cell]);
  });

  it('trains every kind on the typed trainer too (the plan times it against TensorFlow.js)', () => {
    for (const cell of CELL_CHOICES) expect(typedTrainerSupport(charTextSource(20).model({ ...CHAR_TEXT_DEFAULTS, cell, layers: 2 }))).toBeNull();
    // A recurrent layer returning sequences straight into Dense is refused whatever its kind.
    const spec = charTextSource(20).model({ ...CHAR_TEXT_DEFAULTS, cell: 'gru' });
    const seq = { ...spec, layers: spec.layers.map((l) => (l.kind === 'gru' ? { ...l, returnSequences: true } : l)) };
    expect(typedTrainerSupport(seq)).toBe('the Dense layer would see a sequence');
  });

  it('is refused on a tutorial, whose model is the LSTM it publishes, from the form or a link', () => {
    const config = defaultConfig('trend');
    expect(validateConfig({ ...config, hp: { ...config.hp, cell: 'gru' } })).toEqual([
      { field: 'cell', message: expect.stringMatching(/is an LSTM as its tutorial publishes it; GRU and SimpleRNN are for your own data/) },
    ]);
    const link = encodeConfig(config).replace('cell=lstm', 'cell=simpleRnn');
    expect(decodeConfig(link).problems.map((p) => p.field)).toContain('cell');
    expect(encodeConfig(config)).toContain('cell=lstm');
  });
});

describe('a GRU or SimpleRNN model on the page', () => {
  it.each(['gru', 'simpleRnn'] as const)('%s: pagePredictor answers on the typed network as the tfjs model does, in batches across its passes', async (cell) => {
    const spec = charTextSource(12).model({ ...CHAR_TEXT_DEFAULTS, cell, units: 6, embeddingDim: 4, seqLength: 5 });
    const weights = randomWeights(spec, 3);
    // 150 samples: three passes of the network's batch (64), the last one short.
    const n = 150;
    const ids = Int32Array.from({ length: n * 5 }, (_, i) => (i * 5 + Math.floor(i / 7)) % 12);
    expect(pageForwardOf(spec, weights).kind).toBe('typedNetwork');
    const { probs } = await pagePredictor(spec, weights).predict(ids, n);
    const model = buildModel(spec, { seed: 1, weights });
    const want = tf.tidy(() => (model.predict(tf.tensor2d(ids, [n, 5], 'int32')) as tf.Tensor).dataSync() as Float32Array);
    model.dispose();
    expect(probs).toHaveLength(want.length);
    probs.forEach((p, i) => expect(p).toBeCloseTo(want[i], 5));
  });

  it('an LSTM model answers on the typed predictor, and a stateful one on the reference model', () => {
    const lstm = charTextSource(12).model({ ...CHAR_TEXT_DEFAULTS, cell: 'lstm', units: 6, embeddingDim: 4, seqLength: 5 });
    expect(pageForwardOf(lstm, randomWeights(lstm, 1)).kind).toBe('typedPredictor');
    const stateful = { ...lstm, layers: lstm.layers.map((l) => (l.kind === 'lstm' ? { ...l, stateful: true } : l)) };
    expect(pageForwardOf(stateful, randomWeights(stateful, 1)).kind).toBe('reference');
  });

  it.each(['gru', 'simpleRnn'] as const)('%s: Inspect traces its quantities from the reference cell', (cell) => {
    const spec = charTextSource(12).model({ ...CHAR_TEXT_DEFAULTS, cell, units: 6, embeddingDim: 4, seqLength: 5 });
    const weights = randomWeights(spec, 4);
    const ids = [3, 1, 4, 1, 5];
    const inspection = inspectSample(referenceModel(spec, weights), ids);
    expect(inspection.layers).toHaveLength(1);
    const [trace] = inspection.layers;
    expect(trace).toMatchObject({ kind: cell, name: cell === 'gru' ? 'gru' : 'simple_rnn', units: 6 });
    expect(TRACED[cell].every((q) => trace[q]?.length === 5 && trace[q]!.every((row) => row.length === 6))).toBe(true);
    // The gates, recomputed from the reference cell over the embedded words.
    const table = weights[0].values, E = 4;
    const x = Float64Array.from(ids.flatMap((id) => Array.from(table.subarray(id * E, (id + 1) * E))));
    const [kernel, recurrentKernel, bias] = weights.slice(1, 4).map((w) => w.values);
    const run = RECURRENT_KINDS[cell].run(x, 1, 5, { inputDim: E, units: 6, kernel, recurrentKernel, bias }, { activation: 'tanh' });
    trace.h.forEach((row, t) => row.forEach((v, u) => expect(v).toBeCloseTo(run.forward.h[t][u], 12)));
    if (cell === 'gru') {
      // z, r and n are the gate blocks 0, 1, 2; z keeps the state (h = z·h_prev + (1 − z)·n).
      trace.z!.forEach((row, t) => row.forEach((v, u) => expect(v).toBeCloseTo(run.forward.gates![t][u], 12)));
      trace.n!.forEach((row, t) => row.forEach((v, u) => expect(v).toBeCloseTo(run.forward.gates![t][12 + u], 12)));
      const [z, n, h] = [trace.z![2], trace.n![2], trace.h];
      h[2].forEach((v, u) => expect(v).toBeCloseTo(z[u] * h[1][u] + (1 - z[u]) * n[u], 12));
    } else {
      expect(trace.f).toBeUndefined();
    }
  });
});
