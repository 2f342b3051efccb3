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

describe('npm run train', () => {
  it('exits non-zero before training, with the message, for a model that cannot be shaped', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/train.ts', '--scenario', 'imdb-seq-cnn', '--seqLength', '1'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`error: ${POOL_OVER_ONE_STEP}`);
    // Nothing started: no backend line, no epoch.
    expect(run.stdout).toBe('');
  });
});
