import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHAR_TEXT_DEFAULTS } from '../src/engine/charText/charTextModel';
import { prepareUserData } from '../src/engine/data/user/prepareUserData';
import { problemOf } from '../src/engine/data/user/problem';
import { parseTextArgs } from './trainText';

const dir = mkdtempSync(join(tmpdir(), 'train-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a fixture and returns its path. */
function fixture(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const train = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/train.ts', ...args], { encoding: 'utf8', timeout: 120_000 });

/** A small text with something to learn, generated here: words of a made-up language from a seeded walk. */
function generatedText(words: number): string {
  const vocabulary = ['lora', 'ven', 'ti', 'sumara', 'ko', 'belin', 'a'];
  let state = 7;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(vocabulary[state % vocabulary.length]);
  }
  return `${out.join(' ')}.\n`;
}

describe('parseTextArgs', () => {
  it('starts from the text defaults and takes the hyperparameters the flags name', () => {
    const { args, problems } = parseTextArgs(['--data', 'a.txt', '--task', 'text', '--units', '16', '--seqLength=20', '--step', '5', '--json']);
    expect(problems).toEqual([]);
    expect(args).toMatchObject({ file: 'a.txt', step: 5, minCount: 1, json: true });
    expect(args!.config.hp).toEqual({ ...CHAR_TEXT_DEFAULTS, units: 16, seqLength: 20 });
  });

  it.each<[string, string[], string]>([
    ['a tutorial as well', ['--data', 'a.txt', '--scenario', 'trend'], '--scenario does not go with --data: a run trains on a tutorial or on your file, not both.'],
    ['a task the command line does not train yet', ['--data', 'a.txt', '--task', 'classify'], '--task: labelled texts (--task classify) do not train from the command line yet; --task text does.'],
    ['an unknown task', ['--data', 'a.txt', '--task', 'poems'], '--task: unknown task “poems”; one of text, classify, series.'],
    ['a step of 0', ['--data', 'a.txt', '--step', '0'], '--step: must be a whole number of at least 1 (got “0”).'],
    ['a field out of range', ['--data', 'a.txt', '--units', '0'], '--units: LSTM units must be between 1 and 1024 (got 0).'],
    ['loading a model file', ['--data', 'a.txt', '--load', 'm.h5'], '--load does not go with --data: loading a model file and Inspect for your own text come later.'],
  ])('refuses %s in one sentence', (_name, argv, message) => {
    expect(parseTextArgs(argv)).toEqual({ problems: [message] });
  });
});

describe('npm run train -- --data FILE --task text', () => {
  it('trains a character model on the text and writes text at three temperatures after each epoch', () => {
    const path = fixture('made-up.txt', generatedText(300));
    const run = train(['--data', path, '--task', 'text', '--seqLength', '12', '--step', '2', '--units', '24', '--epochs', '2', '--batchSize', '32', '--sampleLength', '50', '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string } & Record<string, unknown>);
    expect(lines.map((l) => l.type)).toEqual(['data', 'plan', 'summary', 'epoch', 'samples', 'epoch', 'samples', 'result']);
    const data = lines[0] as unknown as { characters: number; vocabulary: number; trainSamples: number; validationSamples: number };
    // The made-up words' letters, space, "." and the line end.
    expect(data.vocabulary).toBe(new Set(generatedText(300)).size);
    expect(data.trainSamples + data.validationSamples).toBe(Math.ceil((data.characters - 12) / 2));
    // The default 10% held out, as Keras' `validation_split` counts it.
    const windows = data.trainSamples + data.validationSamples;
    expect(data.trainSamples).toBe(Math.floor(windows * 0.9));
    const epochs = lines.filter((l) => l.type === 'epoch') as unknown as { loss: number; valAcc: number }[];
    expect(epochs.every((e) => Number.isFinite(e.loss) && e.valAcc !== undefined)).toBe(true);
    const samples = lines.filter((l) => l.type === 'samples') as unknown as { epoch: number; seed: string; samples: { temperature: number; text: string }[] }[];
    expect(samples.map((s) => s.epoch)).toEqual([1, 2]);
    for (const s of samples) {
      expect(generatedText(300)).toContain(s.seed);
      expect(s.seed).toHaveLength(12);
      expect(s.samples.map((g) => [g.temperature, g.text.length])).toEqual([[0.2, 50], [0.5, 50], [1, 50]]);
    }
    expect(lines.at(-1)).toMatchObject({ type: 'result', reason: 'completed', epochsDone: 2, evaluation: { set: 'validation' } });
  });

  it('prints the samples as the Keras example does', () => {
    const path = fixture('plain.txt', generatedText(120));
    const run = train(['--data', path, '--seqLength', '8', '--units', '8', '--epochs', '1', '--sampleLength', '20']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^plain\.txt: \d+ characters, \d+ in the vocabulary; \d+ training and \d+ validation windows of 8 every 3$/m);
    expect(run.stdout).toMatch(/^----- Generating with seed: "[^]{8}"\n----- temperature: 0\.2\n[^]{28}\n----- temperature: 0\.5\n[^]{28}\n----- temperature: 1\.0\n[^]{28}\ncompleted/m);
  });

  /** The sentence the app's data layer gives for these bytes (the page shows the same one). */
  async function appSentence(name: string, bytes: Uint8Array, seqLength = CHAR_TEXT_DEFAULTS.seqLength): Promise<string> {
    try {
      await prepareUserData({ kind: 'file', file: { name, bytes } }, { kind: 'text', seqLength, step: 3, validationSplit: 0.1 });
    } catch (e) {
      return problemOf(e)!.message;
    }
    throw new Error(`${name} was not refused`);
  }

  it.each<[string, string, Uint8Array]>([
    ['an empty file', 'empty.txt', new Uint8Array()],
    ['a binary file', 'photo.txt', Uint8Array.from({ length: 512 }, (_, i) => (i * 37) % 256)],
    ['text that is not UTF-8', 'latin1.txt', Uint8Array.from([...new TextEncoder().encode('caf'), 0xe9, ...new TextEncoder().encode(' au lait '.repeat(20))])],
    ['a text shorter than the sequence length', 'short.txt', new TextEncoder().encode('too short to learn from')],
    ['a text of one character', 'same.txt', new TextEncoder().encode('z'.repeat(200))],
  ])('refuses %s with the data layer’s sentence and exit code 2', async (_name, file, bytes) => {
    const path = fixture(file, bytes);
    const run = train(['--data', path]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: ${await appSentence(file, bytes)}\n`);
  });

  it('refuses a file that is not there', () => {
    const path = join(dir, 'missing.txt');
    const run = train(['--data', path]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`error: ${path}: the file could not be read (there is no such file); give the path of a text file.\n`);
  });
});
