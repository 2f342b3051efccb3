import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/runConfig';
import { badModelCases } from '../src/engine/export/badModelFiles';
import { ModelFileError } from '../src/engine/export/kerasConfig';
import { parseArgs } from './cli';
import { readModelFile } from './modelFiles';

const POOL_OVER_ONE_STEP = 'MaxPooling1D(2) needs at least 2 timesteps (got 1). Set the sequence length to at least 2.';

describe('parseArgs', () => {
  it('takes the model file flags apart from the hyperparameters', () => {
    const { files, problems } = parseArgs(['--scenario', 'alphabet', '--save-keras', 'a.h5', '--save-tfjs=out/a', '--load', 'b.h5']);
    expect(problems).toEqual([]);
    expect(files).toEqual({ 'save-keras': 'a.h5', 'save-tfjs': 'out/a', load: 'b.h5' });
  });

  it('takes every hyperparameter as a flag', () => {
    const { config, problems, flags } = parseArgs(['--scenario', 'imdb-seq-cnn', '--seqLength', '40', '--json']);
    expect(problems).toEqual([]);
    expect(flags.has('json')).toBe(true);
    expect(config).toEqual({ scenario: 'imdb-seq-cnn', hp: { ...defaultConfig('imdb-seq-cnn').hp, seqLength: 40 } });
  });

  it.each<[string, string[], string | RegExp]>([
    ['a model whose pooling runs out of timesteps', ['--scenario', 'imdb-seq-cnn', '--seqLength', '1'], POOL_OVER_ONE_STEP],
    [
      'a model past the memory limit',
      ['--scenario', 'imdb-seq', '--vocabSize', '100000', '--embeddingDim', '1024', '--units', '1024', '--seqLength', '1000', '--batchSize', '1024'],
      /^This model needs about 6\d GB to train \(the limit is 2 GB\): reduce batch size, sequence length or LSTM units\.$/,
    ],
    ['the stateful tutorial with a batch', ['--scenario', 'alphabet-stateful', '--batchSize', '4'], /needs batch size 1/],
  ])('refuses %s with the check’s own sentence', (_name, argv, message) => {
    const { problems } = parseArgs(argv);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    // A command line stops; nothing was "restored".
    expect(problems[0]).not.toMatch(/Restored/);
  });
});

describe('bad flags', () => {
  it.each<[string, string[], string]>([
    ['a value that is not a number', ['--epochs', 'abc'], '--epochs: Epochs: “abc” is not a number.'],
    ['a value out of range', ['--units', '0'], '--units: LSTM units must be between 1 and 1024 (got 0).'],
    ['an unknown flag', ['--colour', 'blue'], 'Unknown flag “--colour”; `--help` lists them all.'],
    ['an unknown tutorial', ['--scenario', 'chess'], expect.stringMatching(/^--scenario: unknown tutorial “chess”; one of alphabet, /) as unknown as string],
  ])('reports %s without promising a default', (_name, argv, message) => {
    const { problems } = parseArgs(argv);
    expect(problems).toEqual([message]);
    expect(problems[0]).not.toMatch(/default|ignored|instead/i);
  });

  // Flags become URL keys, so a built-in object property as a flag name must meet the same Map.
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('reports --%s as an unknown flag', (name) => {
    expect(parseArgs([`--${name}`, '1']).problems).toEqual([`Unknown flag “--${name}”; \`--help\` lists them all.`]);
    expect(parseArgs(['--scenario', 'trend', '--lstmImpl', name]).problems).toEqual([`--trainer: Trainer must be one of auto, typed, fused, layers (got “${name}”).`]);
  });
});

const spawnTrain = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/train.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('npm run train', () => {
  it('with --json prints JSON lines only on stdout, and nothing on stderr (no tfjs banner)', () => {
    const run = spawnTrain(['--scenario', 'alphabet-stateful', '--epochs', '2', '--json']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['plan', 'summary', 'epoch', 'epoch', 'result']);
    expect(run.stdout).not.toMatch(/not found in registry/);
    expect(run.stderr).toBe('');
  });

  it('--help lists the flags and exits 0 before any training', () => {
    const run = spawnTrain(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/--learningRate +0\.00001–1 +0\.001 /);
    expect(run.stderr).toBe('');
  });

  it('exits 2 before training on a bad flag', () => {
    const run = spawnTrain(['--epochs', 'abc']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('error: --epochs: Epochs: “abc” is not a number.');
    expect(run.stdout).toBe('');
  });

  it('exits non-zero before training, with the message, for a model that cannot be shaped', () => {
    const run = spawnTrain(['--scenario', 'imdb-seq-cnn', '--seqLength', '1']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`error: ${POOL_OVER_ONE_STEP}`);
    // Nothing started: no plan line, no epoch.
    expect(run.stdout).toBe('');
  });
});

/** Runs `npm run train` with `args`; JSON lines parsed. */
function train(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/train.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return { status: run.status, stderr: run.stderr, lines, result: lines.find((l) => l.type === 'result') };
}

describe('npm run train with model files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-lab-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const h5 = join(dir, 'out', 'alphabet.h5');
  const tfjs = join(dir, 'out', 'alphabet-tfjs');
  // A small alphabet run that learns something in three epochs.
  const DATA = ['--samples', '100', '--seed', '3', '--json'];

  it('saves both formats, and --load of either starts from the same trained weights', async () => {
    const saved = train(['--scenario', 'alphabet', '--units', '8', '--epochs', '3', '--learningRate', '0.01', ...DATA, '--save-keras', h5, '--save-tfjs', tfjs]);
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.lines.filter((l) => l.type === 'saved')).toEqual([
      { type: 'saved', format: 'keras', path: h5 },
      { type: 'saved', format: 'tfjs', path: join(tfjs, 'model.json') },
    ]);
    // tfjs' file:// layout: model.json names weights.bin beside it.
    expect(JSON.parse(readFileSync(join(tfjs, 'model.json'), 'utf8')).weightsManifest[0].paths).toEqual(['weights.bin']);
    const fromKeras = await readModelFile(h5);
    const fromTfjs = await readModelFile(tfjs);
    expect(fromKeras.spec).toEqual(fromTfjs.spec);
    fromKeras.weights.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(fromTfjs.weights[i].values)));
    const trainedLoss = saved.result.evaluation.loss;
    // It learnt: below the loss of a uniform guess over 26 letters.
    expect(trainedLoss).toBeLessThan(Math.log(26) - 0.2);

    // One full-batch step at the smallest learning rate barely moves the weights, so the
    // evaluation after it is the saved model's; the tutorial and LSTM(8) come from the file.
    const resume = ['--batchSize', '100', '--epochs', '1', '--learningRate', '0.00001', ...DATA];
    const runs = [h5, tfjs, join(tfjs, 'model.json')].map((file) => train(['--load', file, ...resume]));
    for (const [k, run] of runs.entries()) {
      expect(run.status, run.stderr).toBe(0);
      // Before training, one line says what was loaded.
      expect(run.lines[0]).toEqual({ type: 'loaded', file: [h5, tfjs, join(tfjs, 'model.json')][k], scenario: 'alphabet', sizes: { units: 8, seqLength: 5 }, weights: 5, parameters: saved.lines.find((l) => l.type === 'summary').totalParams });
      expect(run.lines.find((l) => l.type === 'summary').totalParams).toBe(saved.lines.find((l) => l.type === 'summary').totalParams);
      expect(Math.abs(run.result.evaluation.loss - trainedLoss)).toBeLessThan(1e-3);
      // Both formats hold the same weights: the same run to the last digit.
      expect(run.result.evaluation).toEqual(runs[0].result.evaluation);
    }
    // A fresh model with the same flags is nowhere near.
    const fresh = train(['--scenario', 'alphabet', '--units', '8', ...resume]);
    expect(fresh.result.evaluation.loss - trainedLoss).toBeGreaterThan(0.1);
  }, 120_000);

  it.each<[string, (files: { h5: string }) => string[], RegExp]>([
    ['a file that is not a model', () => ['--load', 'README.md'], /^error: README\.md: This is not an HDF5 file\.$/],
    ['a missing file', () => ['--load', join(dir, 'none.h5')], /none\.h5: No such file\.$/],
    ['a folder without model.json', () => ['--load', dir], /model\.json: No such file\.$/],
    ['a model another tutorial builds', ({ h5 }) => ['--load', h5, '--scenario', 'trend'], /^error: \S+alphabet\.h5: The file's model \(LSTM\(8\) → Dense\(26, activation='softmax'\)\) is not this run's/],
    ['other sizes than the file’s', ({ h5 }) => ['--load', h5, '--units', '9'], /is not this run's \(LSTM\(9\)/],
  ])('refuses %s with exit code 2 before training', (_name, args, message) => {
    const run = train(args({ h5 }));
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toMatch(message);
    expect(run.lines).toEqual([]);
  });
});

await tf.setBackend('cpu');
const badCases = await badModelCases();

/** Runs `npm run train -- --load <path> --json` without waiting on the others' CPU. */
function trainAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/train.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('npm run train --load with a bad file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-lab-bad-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** Each case in its own folder, beside a folder with a good model's weights that `../` would reach. */
  const folders = badCases.map((c, i) => {
    const folder = join(dir, String(i));
    mkdirSync(folder);
    for (const f of c.files) writeFileSync(join(folder, f.name), f.data);
    return folder;
  });
  mkdirSync(join(dir, 'tfjs-ok'));
  writeFileSync(join(dir, 'tfjs-ok', 'weights.bin'), new Uint8Array(2000));

  it.each(badCases.map((c, i) => [c.title, c, i] as const))('%s: readModelFile refuses it with one sentence naming the file', async (_title, c, i) => {
    const error = await readModelFile(join(folders[i], c.load)).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    const message = (error as Error).message;
    const named = `${join(folders[i], c.names)}: `;
    expect(message.startsWith(named), message).toBe(true);
    expect(message.slice(named.length)).toMatch(c.message);
  });

  // The command line turns every refusal into its sentence the same way (the test above holds each
  // sentence): one file of each kind through a real process, where 30 processes took 80 s of CI.
  const sampled = [...new Map(badCases.map((c, i) => [c.load.split('.').pop(), i] as const)).values()];

  it('one of each file kind: its sentence on stderr, exit code 2, nothing trained', async () => {
    expect(sampled.length).toBeGreaterThanOrEqual(2);
    const results = await Promise.all(sampled.map((i) => trainAsync(['--load', join(folders[i], badCases[i].load), '--epochs', '1', '--json'])));
    results.forEach((run, k) => {
      const i = sampled[k];
      const c = badCases[i];
      expect(run.status, `${c.title}: ${run.stderr}`).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines, c.title).toHaveLength(1);
      const named = `error: ${join(folders[i], c.names)}: `;
      expect(lines[0].startsWith(named), lines[0]).toBe(true);
      expect(lines[0].slice(named.length), c.title).toMatch(c.message);
      expect(run.stdout, c.title).toBe('');
    });
  }, 300_000);
});
