import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/runConfig';
import { parseArgs } from './cli';

const POOL_OVER_ONE_STEP = 'MaxPooling1D(2) needs at least 2 timesteps (got 1). Set the sequence length to at least 2.';

describe('parseArgs', () => {
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
});

const train = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/train.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('npm run train', () => {
  it('with --json prints JSON lines only on stdout, and nothing on stderr (no tfjs banner)', () => {
    const run = train(['--scenario', 'alphabet-stateful', '--epochs', '2', '--json']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['backend', 'summary', 'epoch', 'epoch', 'result']);
    expect(run.stdout).not.toMatch(/not found in registry/);
    expect(run.stderr).toBe('');
  });

  it('--help lists the flags and exits 0 before any training', () => {
    const run = train(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/--learningRate +0\.00001–1 +0\.001 /);
    expect(run.stderr).toBe('');
  });

  it('exits 2 before training on a bad flag', () => {
    const run = train(['--epochs', 'abc']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('error: --epochs: Epochs: “abc” is not a number.');
    expect(run.stdout).toBe('');
  });

  it('exits non-zero before training, with the message, for a model that cannot be shaped', () => {
    const run = train(['--scenario', 'imdb-seq-cnn', '--seqLength', '1']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`error: ${POOL_OVER_ONE_STEP}`);
    // Nothing started: no backend line, no epoch.
    expect(run.stdout).toBe('');
  });
});
