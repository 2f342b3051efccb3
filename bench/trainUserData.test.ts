import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHAR_TEXT_DEFAULTS } from '../src/engine/charText/charTextModel';
import { prepareUserData } from '../src/engine/data/user/prepareUserData';
import { problemOf } from '../src/engine/data/user/problem';
import { SERIES_DEFAULTS } from '../src/engine/seriesModel/seriesModel';
import { CLASSIFIER_STARTS } from '../src/engine/textClassifier/classifierModel';
import { labelledCsv, labelledSentences } from '../src/engine/textClassifier/testing';
import { parseUserDataArgs } from './trainUserData';

const dir = mkdtempSync(join(tmpdir(), 'train-user-data-'));
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

describe('parseUserDataArgs', () => {
  it('starts from the text defaults and takes the hyperparameters the flags name', () => {
    const { args, problems } = parseUserDataArgs(['--data', 'a.txt', '--task', 'text', '--units', '16', '--seqLength=20', '--step', '5', '--json']);
    expect(problems).toEqual([]);
    expect(args).toMatchObject({ file: 'a.txt', task: 'text', options: { step: 5, minCount: 1 }, json: true });
    expect(args!.config.hp).toEqual({ ...CHAR_TEXT_DEFAULTS, units: 16, seqLength: 20 });
  });

  it('starts a classifier from the IMDB model named, Keras’ names setting its words per text and words kept', () => {
    const { args, problems } = parseUserDataArgs(['--data', 'a.csv', '--task', 'classify', '--model', 'seq', '--maxlen', '30', '--numWords', '300', '--textColumn', 'review', '--labelColumn', 'stars', '--epochs', '2']);
    expect(problems).toEqual([]);
    expect(args).toMatchObject({ task: 'classify', options: { start: 'seq', textColumn: 'review', labelColumn: 'stars' } });
    expect(args!.config.hp).toEqual({ ...CLASSIFIER_STARTS.seq.defaults, seqLength: 30, vocabSize: 300, epochs: 2 });
    expect(parseUserDataArgs(['--data', 'a.csv', '--task', 'classify']).args!.config.hp).toEqual(CLASSIFIER_STARTS.small.defaults);
  });

  it.each<[string, string[], string]>([
    ['a tutorial as well', ['--data', 'a.txt', '--scenario', 'trend'], '--scenario does not go with --data: a run trains on a tutorial or on your file, not both.'],
    ['an unknown series task', ['--data', 'a.csv', '--task', 'series', '--seriesTask', 'down'], '--seriesTask: unknown value “down”; one of up, next.'],
    ['an unknown scaler', ['--data', 'a.csv', '--task', 'series', '--scaler', 'robust'], '--scaler: unknown value “robust”; one of minmax, standard, none.'],
    ['a look-back of 0', ['--data', 'a.csv', '--task', 'series', '--lookBack', '0'], '--lookBack: must be a whole number of at least 1 (got “0”).'],
    ['an unknown starting model', ['--data', 'a.csv', '--task', 'classify', '--model', 'big'], '--model: unknown model “big”; one of small, seq.'],
    ['a maxlen of 0', ['--data', 'a.csv', '--task', 'classify', '--maxlen', '0'], '--maxlen: must be a whole number of at least 1 (got “0”).'],
    ['no file', ['--task', 'classify'], '--data needs a file: the CSV or TSV file of labelled texts, or a folder with a folder of .txt files per label.'],
    ['an unknown task', ['--data', 'a.txt', '--task', 'poems'], '--task: unknown task “poems”; one of text, classify, series.'],
    ['a step of 0', ['--data', 'a.txt', '--step', '0'], '--step: must be a whole number of at least 1 (got “0”).'],
    ['a field out of range', ['--data', 'a.txt', '--units', '0'], '--units: LSTM units must be between 1 and 1024 (got 0).'],
    ['loading a model file', ['--data', 'a.txt', '--load', 'm.h5'], '--load does not go with --data: loading a model file and Inspect for your own data come later.'],
  ])('refuses %s in one sentence', (_name, argv, message) => {
    expect(parseUserDataArgs(argv)).toEqual({ problems: [message] });
  });
});

describe('npm run train -- --data FILE --task series', () => {
  /** Readings with a date column: a weekly swing and a second column. */
  const seriesCsv = (rows: number, bad?: number) => ['day,level,flow', ...Array.from({ length: rows }, (_, i) =>
    `2023-06-${String((i % 28) + 1).padStart(2, '0')},${i === bad ? 'n/a' : (50 + 10 * Math.sin(i / 2)).toFixed(2)},${(3 + (i % 4)).toFixed(1)}`)].join('\n');

  it('takes the series flags: lookBack is the model’s seqLength, the columns and scaler go to the data layer', () => {
    const { args, problems } = parseUserDataArgs(['--data', 'a.csv', '--task', 'series', '--seriesTask', 'up', '--lookBack', '7', '--columns', 'level,flow', '--target', 'flow', '--date', 'none', '--scaler', 'standard', '--activation', 'tanh']);
    expect(problems).toEqual([]);
    expect(args).toMatchObject({ task: 'series', options: { seriesTask: 'up', columns: ['level', 'flow'], target: 'flow', date: null, scaler: 'standard', activation: 'tanh' } });
    expect(args!.config.hp).toEqual({ ...SERIES_DEFAULTS, seqLength: 7 });
  });

  it('trains "next value" on MSE and names its metric mae, as Keras prints it', () => {
    const path = fixture('levels.csv', seriesCsv(60));
    const run = train(['--data', path, '--task', 'series', '--lookBack', '5', '--units', '8', '--layers', '1', '--epochs', '2', '--batchSize', '16']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^levels\.csv: 60 rows of “level”, “flow” by “day”; what is the next value of “level” from 5 rows, scaled minmax; 44 training and 11 validation windows$/m);
    expect(run.stdout).toMatch(/^epoch 2\/2 \S+s loss \d\.\d{4} mae \d\.\d{4} val_loss \d\.\d{4} val_mae \d\.\d{4}$/m);
    expect(run.stdout).toMatch(/^completed; validation mean absolute error \d\.\d{4}$/m);
  });

  it('refuses a non-numeric cell with the data layer’s sentence and exit code 2', () => {
    const path = fixture('typo.csv', seriesCsv(40, 6));
    const run = train(['--data', path, '--task', 'series', '--lookBack', '5']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('error: typo.csv, row 8, column “level”: “n/a” is not a number in a column of numbers; write it as a number (a point for decimals, no thousands separators) or remove the row.');
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

describe('npm run train -- --data FILE --task classify', () => {
  const flags = ['--task', 'classify', '--maxlen', '8', '--numWords', '40', '--embeddingDim', '8', '--units', '12', '--dropout', '0', '--recurrentDropout', '0', '--batchSize', '16', '--learningRate', '0.01', '--trainer', 'typed'];

  it('trains a classifier of three classes, one line per epoch, and prints the confusion matrix of the held-out texts', () => {
    const path = fixture('topics.csv', labelledCsv(labelledSentences(40)));
    const run = train(['--data', path, ...flags, '--epochs', '12']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^topics\.csv \(text “text”, label “label”\): 3 classes \(food 40, sport 40, weather 40\), \d+ distinct words; 96 training and 24 validation texts of 8 words$/m);
    expect(run.stdout.match(/^epoch \d+\/12 .* val_acc /gm)).toHaveLength(12);
    const matrix = run.stdout.slice(run.stdout.indexOf('confusion matrix on the validation texts:')).trim().split('\n');
    expect(matrix[1]).toMatch(/^actual \\ predicted\s+food\s+sport\s+weather$/);
    const rows = matrix.slice(2).map((l) => l.trim().split(/\s+/));
    expect(rows.map((r) => r[0])).toEqual(['food', 'sport', 'weather']);
    // Each class's 8 held-out texts, counted once in its row; a separable task is mostly on the diagonal.
    expect(rows.map((r) => r.slice(1).reduce((a, b) => a + Number(b), 0))).toEqual([8, 8, 8]);
    expect(rows.reduce((sum, r, i) => sum + Number(r[i + 1]), 0)).toBeGreaterThanOrEqual(20);
  });

  it('trains on a folder laid out like aclImdb (one folder per label), the matrix in its JSON record', () => {
    const root = join(dir, 'reviews');
    for (const [i, { text, label }] of labelledSentences(20, 2).entries()) {
      mkdirSync(join(root, label), { recursive: true });
      writeFileSync(join(root, label, `${i}.txt`), text);
    }
    writeFileSync(join(root, 'README'), 'not a sample');
    const run = train(['--data', root, ...flags, '--epochs', '2', '--json']);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string } & Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'data', file: 'reviews', classes: [{ name: 'food', count: 20 }, { name: 'sport', count: 20 }] });
    const confusion = lines.find((l) => l.type === 'confusion') as unknown as { type: string; classes: string[]; matrix: number[][] };
    expect(confusion).toMatchObject({ type: 'confusion', set: 'validation', classes: ['food', 'sport'] });
    expect(confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('saves the classifier with its data file: the tokenizer, maxlen and labels beside the .h5', () => {
    const h5 = join(dir, 'saved', 'topics.h5');
    const run = train(['--data', fixture('save.csv', labelledCsv(labelledSentences(10))), ...flags, '--epochs', '1', '--save-keras', h5, '--json']);
    expect(run.stderr).toBe('');
    const saved = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string }).filter((l) => l.type === 'saved');
    expect(saved).toEqual([{ type: 'saved', format: 'keras', path: h5 }, { type: 'saved', format: 'data', path: join(dir, 'saved', 'topics.data.json') }]);
    const data = JSON.parse(readFileSync(join(dir, 'saved', 'topics.data.json'), 'utf8')) as Record<string, unknown>;
    expect(data).toMatchObject({ format: 'lstm-lab-data', version: 1, kind: 'classify', maxlen: 8, labels: ['food', 'sport', 'weather'] });
    expect(JSON.parse(data.tokenizer as string)).toMatchObject({ class_name: 'Tokenizer', config: { num_words: 40, oov_token: '<OOV>' } });
  });

  it.each<[string, string, string]>([
    ['a single class', 'one.csv', 'text,label\n"a b c",x\n"d e f",x\n"g h i",x\n'],
    ['a missing label', 'gap.csv', 'text,label\n"a b c",x\n"d e f",\n"g h i",y\n'],
    ['ragged rows', 'ragged.csv', 'text,label\n"a b c",x\n"d e f",y,z\n"g h i",y\n'],
  ])('refuses %s with the data layer’s sentence and exit code 2', async (_name, file, content) => {
    const path = fixture(file, content);
    const run = train(['--data', path, '--task', 'classify']);
    expect(run.status).toBe(2);
    let sentence = '';
    try {
      await prepareUserData({ kind: 'file', file: { name: file, bytes: new TextEncoder().encode(content) } }, { kind: 'classify', maxlen: 80, validationSplit: 0.2 });
    } catch (e) {
      sentence = problemOf(e)!.message;
    }
    expect(sentence).toContain(file);
    expect(run.stderr).toBe(`error: ${sentence}\n`);
  });
});
