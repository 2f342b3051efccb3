import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { HyperParams } from '../config/hyperparams';
import type { RunConfig } from '../config/runConfig';
import { badModelCases } from '../engine/export/badModelFiles';
import { randomWeights } from '../engine/export/testing';
import type { EpochUpdate } from '../engine/types';
import { SCENARIOS, type ScenarioId } from '../scenarios';
import { buildFixture, memorySource, TINY_REVIEWS } from '../../scripts/imdb/fixture';
import { fileStem, historyCsv, historyJson, imdbVocabWords, LoadModelError, modelFiles, pickedFilesProblem, readModelFiles } from './modelFiles';

function model(scenario: ScenarioId, hp: Partial<HyperParams>) {
  const config: RunConfig = { scenario, hp: { ...SCENARIOS[scenario].defaults, ...hp } };
  return { config, weights: randomWeights(SCENARIOS[scenario].model(config.hp), 5), epoch: 3 };
}

describe('model files', () => {
  it.each([
    ['keras', 'alphabet', { units: 12 }],
    ['tfjs', 'alphabet', { units: 12 }],
    ['keras', 'alphabet-stateful', { units: 7 }],
    ['tfjs', 'trend', { units: 6, layers: 1 }],
  ] as const)('a %s download of %s loads back on its tutorial, with its sizes and weights', async (format, scenario, hp) => {
    const m = model(scenario, hp);
    const files = await modelFiles(m, format, 'my-run');
    // Named after the run, so two runs' downloads never collide; model.json names its weights file.
    expect(files.map((f) => f.name)).toEqual(format === 'keras' ? ['my-run.h5'] : ['my-run.json', 'my-run.weights.bin']);
    if (format === 'tfjs') expect(JSON.parse(new TextDecoder().decode(files[0].data)).weightsManifest[0].paths).toEqual(['my-run.weights.bin']);
    const loaded = await readModelFiles(files);
    expect(loaded.config.scenario).toBe(scenario);
    for (const [k, v] of Object.entries(hp)) expect(loaded.config.hp[k as keyof HyperParams]).toBe(v);
    expect(loaded.model.weights.map((w) => w.shape)).toEqual(m.weights.map((w) => w.shape));
    loaded.model.weights.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(m.weights[i].values)));
    expect(loaded.name).toBe(files[0].name);
  });

  it.each([
    [[{ name: 'notes.txt', data: new Uint8Array([1]) }], /Pick a Keras \.h5/],
    [[{ name: 'junk.h5', data: new Uint8Array(16) }], /junk\.h5: This is not an HDF5 file/],
    [[{ name: 'model.json', data: new TextEncoder().encode('{') }], /model\.json: The file is not valid JSON/],
  ])('refuses a file it cannot load, saying why (%#)', async (files, message) => {
    await expect(readModelFiles(files)).rejects.toThrow(message);
    await expect(readModelFiles(files)).rejects.toBeInstanceOf(LoadModelError);
  });

  it('asks for the weights file model.json names when it was not picked', async () => {
    const files = await modelFiles(model('alphabet', {}), 'tfjs', 'x');
    await expect(readModelFiles(files.slice(0, 1))).rejects.toThrow(/^x\.weights\.bin: Not among the picked files: pick it together with x\.json\.$/);
  });

  it('refuses a file larger than any model before reading it', () => {
    expect(pickedFilesProblem([{ name: 'a.h5', size: 1000 }])).toBeNull();
    expect(pickedFilesProblem([{ name: 'model.json', size: 10 }, { name: 'big.bin', size: 5e9 }])).toBe(
      'big.bin: The file is 5.0 GB, larger than any model this lab trains (at most 1 GB).',
    );
  });
});

await tf.setBackend('cpu');
const badCases = await badModelCases();

describe('bad model files picked in the page', () => {
  it.each(badCases.map((c) => [c.title, c] as const))('%s: refused with one sentence naming the file at fault', async (_title, c) => {
    const error = await readModelFiles(c.files).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(LoadModelError);
    const message = (error as Error).message;
    expect(message.startsWith(`${c.names}: `), message).toBe(true);
    expect(message.slice(c.names.length + 2)).toMatch(c.message);
  });
});

describe('history files', () => {
  const epochs: EpochUpdate[] = [
    { epoch: 1, epochs: 2, loss: 1.5, acc: 0.25, seconds: 0.5 },
    { epoch: 2, epochs: 2, loss: 1.25, acc: 0.5, valLoss: 1.4, valAcc: 0.375, seconds: 0.75 },
  ];
  it('CSV: Keras CSVLogger columns, empty cells where an epoch has no validation', () => {
    expect(historyCsv(epochs)).toBe('epoch,loss,accuracy,val_loss,val_accuracy,seconds\n1,1.5,0.25,,,0.5\n2,1.25,0.5,1.4,0.375,0.75\n');
  });
  it('JSON: the configuration, history lists as Keras names them, and the evaluation', () => {
    const config: RunConfig = { scenario: 'alphabet', hp: SCENARIOS.alphabet.defaults };
    const parsed = JSON.parse(historyJson(config, epochs, null));
    expect(parsed.tutorial).toBe('alphabet');
    expect(parsed.hyperparameters.units).toBe(SCENARIOS.alphabet.defaults.units);
    expect(parsed.history).toEqual({ loss: [1.5, 1.25], accuracy: [0.25, 0.5], val_loss: [null, 1.4], val_accuracy: [null, 0.375] });
    expect(parsed.evaluation).toBeNull();
  });
  it.each([['Alphabet, Dec 3, 08:30', 'alphabet-dec-3-08-30'], ['***', 'model']])('file stem of %s', (name, stem) => {
    expect(fileStem(name)).toBe(stem);
  });
});

describe('the IMDB words for a loaded model', () => {
  it('are the lab’s own word list, cut to the ids below the model’s vocabulary size', async () => {
    const built = await buildFixture(TINY_REVIEWS);
    const words = new TextDecoder().decode(built.files.find((f) => f.path === built.manifest.vocab.path)!.bytes).trim().split('\n');
    expect(words.length).toBeGreaterThan(3);
    expect(await imdbVocabWords(memorySource(built), 6)).toEqual(words.slice(0, 3));
    expect(await imdbVocabWords(memorySource(built), 10_000)).toEqual(words);
  });
});
