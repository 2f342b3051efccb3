/**
 * The exported files checked by an independent reader: for every tutorial's model (small sizes,
 * random weights), writes the Keras `.h5` and the TensorFlow.js files with the app's predictions,
 * then runs `verify_export.py` (Debian's python3-h5py and python3-numpy, no Keras), which checks
 * Keras' names, attributes and shapes and runs each model forward in NumPy; and predictions that
 * ignore the mask (the whole model's, or the pooling's alone) must fail it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKerasH5, writeKerasH5 } from '../../src/engine/export/kerasH5';
import { appPredictions, exportCases, maskedCases, recurrentKindsCase, type ExportCase } from '../../src/engine/export/testing';
import { writeTfjsLayers } from '../../src/engine/export/tfjsLayers';
import { forwardModel, referenceModel } from '../../src/engine/reference/model';
import { pythonWithH5py, runVerifyExport } from './python';
import { expectVerified } from './verifyExportRun';

const KERAS_STYLE = join(import.meta.dirname, 'keras_style_h5.py');

let dir = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'lstm-lab-export-'));
});
afterAll(() => {
  tf.disposeVariables();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a case's `.h5` and TensorFlow.js folder, and returns it as `verify_export.py` takes it. */
async function writeCase(c: Pick<ExportCase, 'saved' | 'inputs' | 'samples' | 'predictions'> & { id: string }) {
  const h5 = join(dir, `${c.id}.h5`);
  writeFileSync(h5, await writeKerasH5(c.saved));
  const tfjs = join(dir, `${c.id}-tfjs`);
  rmSync(tfjs, { recursive: true, force: true });
  mkdirSync(tfjs);
  for (const file of await writeTfjsLayers(c.saved)) writeFileSync(join(tfjs, file.name), file.data);
  return { id: c.id, h5, tfjs, inputs: c.inputs, samples: c.samples, predictions: c.predictions };
}

describe('exported models, read by h5py and run in NumPy', () => {
  it('every tutorial: Keras names, attributes and shapes, and the app’s predictions within 1e-5', async () => {
    const python = pythonWithH5py();
    expect(python, 'python3 with h5py and numpy (apt-get install python3-h5py python3-numpy)').toBeTruthy();
    const cases = [];
    for (const c of exportCases()) {
      const h5 = join(dir, `${c.id}.h5`);
      writeFileSync(h5, await writeKerasH5(c.saved));
      const tfjs = join(dir, `${c.id}-tfjs`);
      mkdirSync(tfjs);
      for (const file of await writeTfjsLayers(c.saved)) writeFileSync(join(tfjs, file.name), file.data);
      cases.push({ id: c.id, h5, tfjs, inputs: c.inputs, samples: c.samples, predictions: c.predictions });
    }
    expectVerified(python!, cases, join(dir, 'cases.json'));
  });

  it('GRU (reset_after=True) and SimpleRNN: Keras names, config keys and shapes, and the app’s predictions within 1e-5', async () => {
    const python = pythonWithH5py();
    expect(python).toBeTruthy();
    const c = recurrentKindsCase();
    const h5 = join(dir, `${c.id}.h5`);
    writeFileSync(h5, await writeKerasH5(c.saved));
    const tfjs = join(dir, `${c.id}-tfjs`);
    mkdirSync(tfjs);
    for (const file of await writeTfjsLayers(c.saved)) writeFileSync(join(tfjs, file.name), file.data);
    const out = expectVerified(python!, [{ id: c.id, h5, tfjs, inputs: c.inputs, samples: c.samples, predictions: c.predictions }], join(dir, 'recurrent.json'));
    expect(out).toContain('gru/gru_cell/kernel:0');
    expect(out).toMatch(/GRU gru has Keras' config keys/);
    expect(out).toMatch(/SimpleRNN simple_rnn has Keras' config keys/);
  });

  it('Embedding(mask_zero=True), Bidirectional (LSTM, GRU) and GlobalAveragePooling1D: Keras names and config keys, and the app’s predictions on pre-padded rows within 1e-5', async () => {
    const python = pythonWithH5py();
    expect(python).toBeTruthy();
    const cases = [];
    for (const c of maskedCases()) cases.push(await writeCase(c));
    const out = expectVerified(python!, cases, join(dir, 'masked.json'));
    expect(out).toContain('bidirectional/forward_lstm/lstm_cell/kernel:0');
    expect(out).toContain('bidirectional_1/backward_gru/gru_cell/bias:0');
    expect(out).toMatch(/Bidirectional bidirectional wraps LSTM lstm with Keras' config keys/);
    expect(out).toMatch(/Embedding embedding has Keras' config keys/);
    expect(out).toMatch(/masked-bidirectional tfjs: bidirectional\/backward\/kernel/);
    expect(out).toMatch(/masked-pooling \.h5: GlobalAveragePooling1D global_average_pooling1d has Keras' config keys/);
    expect(out).toMatch(/masked-pooling tfjs: NumPy forward matches the app's predictions/);
  });

  it('the NumPy forward pass reads the mask: the predictions of the same weights without it fail', async () => {
    const python = pythonWithH5py();
    expect(python).toBeTruthy();
    const c = maskedCases().find((m) => m.id === 'masked-bidirectional')!;
    const unmasked = { ...c.saved, spec: { ...c.saved.spec, layers: c.saved.spec.layers.map((l) => (l.kind === 'embedding' ? { ...l, maskZero: false } : l)) } };
    const written = await writeCase({ ...c, predictions: appPredictions(unmasked, c.inputs, c.samples) });
    const run = runVerifyExport(python!, [written], join(dir, 'unmasked.json'));
    expect(run.status).toBe(1);
    expect(run.failed.join('\n')).toMatch(/masked-bidirectional \.h5: NumPy forward matches the app's predictions/);
  });

  it('the NumPy GlobalAveragePooling1D reads the mask: predictions that average the padding in fail', async () => {
    const python = pythonWithH5py();
    expect(python).toBeTruthy();
    const c = maskedCases().find((m) => m.id === 'masked-pooling')!;
    // The same model with only the pooling unmasked: the Bidirectional's sequence (masked as the
    // app runs it, zeros at padding) averaged over every step, then the Dense(1, sigmoid).
    const reference = referenceModel(c.saved.spec, c.saved.weights);
    const run = forwardModel(reference, c.inputs, c.samples);
    const pooling = c.saved.spec.layers.findIndex((l) => l.kind === 'globalAveragePooling1d');
    const [T, F] = reference.layers[pooling].shapes.inShape;
    const sequence = run.inputs[pooling];
    const [kernel, bias] = reference.layers[reference.layers.length - 1].weights.map((w) => w.values);
    const unmaskedPooling = Array.from({ length: c.samples }, (_, b) => {
      let z = bias[0];
      for (let f = 0; f < F; f++) {
        let sum = 0;
        for (let t = 0; t < T; t++) sum += sequence[(b * T + t) * F + f];
        z += (sum / T) * kernel[f];
      }
      return 1 / (1 + Math.exp(-z));
    });
    // The masked reference itself passes: only the pooling's mask is missing from the other.
    expectVerified(python!, [await writeCase({ ...c, id: 'masked-pooling-reference', predictions: Array.from(run.output) })], join(dir, 'pooled.json'));
    const written = await writeCase({ ...c, predictions: unmaskedPooling });
    const failed = runVerifyExport(python!, [written], join(dir, 'unmasked-pooling.json'));
    expect(failed.status).toBe(1);
    expect(failed.failed.join('\n')).toMatch(/masked-pooling \.h5: NumPy forward matches the app's predictions/);
    expect(failed.failed.join('\n')).toMatch(/masked-pooling tfjs: NumPy forward matches the app's predictions/);
  });

  it('every tutorial: a file stored as Keras stores it through h5py reads back the same model', async () => {
    const python = pythonWithH5py();
    expect(python).toBeTruthy();
    for (const c of exportCases()) {
      const ours = join(dir, `${c.id}-ours.h5`);
      const keras = join(dir, `${c.id}-keras.h5`);
      writeFileSync(ours, await writeKerasH5(c.saved));
      const run = spawnSync(python!, [KERAS_STYLE, ours, keras], { encoding: 'utf8', timeout: 30_000 });
      expect(run.status, run.stderr).toBe(0);
      const read = await readKerasH5(new Uint8Array(readFileSync(keras)));
      expect(read.spec, c.id).toEqual(c.saved.spec);
      read.weights.forEach((w, i) => expect(Array.from(w.values), `${c.id} weight ${i}`).toEqual(Array.from(c.saved.weights[i].values)));
    }
  });
});
