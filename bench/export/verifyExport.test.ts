/**
 * The exported files checked by an independent reader: for every tutorial's model (small sizes,
 * random weights), writes the Keras `.h5` and the TensorFlow.js files with the app's predictions,
 * then runs `verify_export.py` (Debian's python3-h5py and python3-numpy, no Keras), which checks
 * Keras' names, attributes and shapes and runs each model forward in NumPy.
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

  it('Embedding(mask_zero=True) and Bidirectional (LSTM, GRU): Keras names and config keys, and the app’s predictions on pre-padded rows within 1e-5', async () => {
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
