/**
 * The Keras script for a user's data (`userKerasScript.ts`): valid Python for every kind, naming the
 * user's file, columns and settings; for a text and a series, its data section, run with NumPy on
 * the same file, makes exactly the samples the tab trains on (the classifier's needs Keras' own
 * tokenizer, which this machine does not have: it is compiled and checked by name).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { charTextSource, CHAR_TEXT_DEFAULTS } from '../../src/engine/charText/charTextModel';
import { charWindows } from '../../src/engine/data/user/charText';
import { prepareUserData, type PreparedUserData, type UserTask } from '../../src/engine/data/user/prepareUserData';
import { DATA_BEGIN, DATA_END, userKerasDataOf, userKerasScript, type KerasRun } from '../../src/engine/export/userKerasScript';
import type { ModelSpec } from '../../src/engine/spec/types';
import { pythonWithH5py } from './python';

const dir = mkdtempSync(join(tmpdir(), 'lstm-lab-user-keras-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const python = pythonWithH5py();

const hp = { ...CHAR_TEXT_DEFAULTS, seed: 7, epochs: 3, batchSize: 16 };
const lstmSpec = (inputShape: number[], inputDtype: 'int32' | 'float32', first: ModelSpec['layers'], out: ModelSpec['layers'][number], loss: ModelSpec['loss']): ModelSpec => ({
  inputShape, inputDtype, loss,
  layers: [...first, { kind: 'lstm', units: 8, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0, stateful: false }, out],
});

async function scriptFor(name: string, content: string, task: UserTask, spec: ModelSpec) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const prepared = await prepareUserData({ kind: 'file', file: { name, bytes: new TextEncoder().encode(content) } }, task);
  const run: KerasRun = { spec, hp };
  return { prepared, script: userKerasScript(userKerasDataOf(task, prepared), run, 'notes.h5') };
}

function compiles(script: string, name: string): void {
  const file = join(dir, `${name}.py`);
  writeFileSync(file, script);
  const run = spawnSync(python ?? 'python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

/** The script holds each of `lines` (the user's names and settings). */
const expectLines = (script: string, lines: string[]) => lines.forEach((line) => expect(script).toContain(line));

/** Runs the script's data section alone (NumPy and the standard library) and returns its four arrays. */
function runData(script: string): { x_train: number[][]; y_train: number[][]; x_val: number[][]; y_val: number[][] } {
  const data = script.slice(script.indexOf(DATA_BEGIN), script.indexOf(DATA_END));
  const program = `import numpy as np, json\n${data}\nprint(json.dumps({k: np.asarray(v, dtype="float64").reshape(len(v), -1).tolist() for k, v in [("x_train", x_train), ("y_train", y_train), ("x_val", x_val), ("y_val", y_val)]}))\n`;
  const run = spawnSync(python!, ['-c', program], { encoding: 'utf8', cwd: dir, timeout: 30_000 });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

const rowsOf = (x: ArrayLike<number>, n: number) => Array.from({ length: n }, (_, i) => Array.from(x).slice((i * x.length) / n, ((i + 1) * x.length) / n));

describe('the Keras script for a user’s data', () => {
  it('text: compiles, names the file and settings, and its windows are the tab’s', async () => {
    // A BOM, Windows line ends, a rare character and a character outside the Basic Multilingual Plane.
    const content = `\uFEFFThe cat sat.\r\nThe dog ran §.\rA \u{1F600} ran.\r\n${'the end. '.repeat(12)}`;
    const task: UserTask = { kind: 'text', seqLength: 7, step: 3, validationSplit: 0.2, minCount: 2 };
    const { prepared, script } = await scriptFor('notes.txt', content, task, charTextSource(5).model({ ...hp, seqLength: 7 }));
    compiles(script, 'text');
    expectLines(script, ['FILE = "notes.txt"', 'SEQ_LENGTH, STEP, MIN_COUNT = 7, 3, 2', 'VALIDATION_SPLIT = 0.2', 'model.add(Embedding(', 'model.load_weights("notes.h5")']);
    const text = prepared as Extract<PreparedUserData, { kind: 'text' }>;
    const got = runData(script);
    const windows = { seqLength: text.seqLength, step: text.step };
    const train = charWindows(text.corpus, windows, 0, text.trainSamples);
    const val = charWindows(text.corpus, windows, text.trainSamples, text.trainSamples + text.validationSamples);
    expect(got.x_train).toEqual(rowsOf(train.x, text.trainSamples));
    expect(got.y_train).toEqual(rowsOf(train.y, text.trainSamples));
    expect(got.x_val).toEqual(rowsOf(val.x, text.validationSamples));
    expect(got.y_val).toEqual(rowsOf(val.y, text.validationSamples));
  });

  it.each(['minmax', 'standard', 'none'] as const)('series (%s): compiles, names the columns, and its scaled windows are the tab’s', async (scaler) => {
    const rows = Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},${(Math.sin(i) * 10 + i).toFixed(3)},${i % 7}`);
    const content = `date,temperature,wind\n${rows.join('\n')}\n`;
    const task: UserTask = { kind: 'series', task: 'next', lookBack: 4, scaler, validationSplit: 0.25, valueColumns: ['temperature', 'wind'], targetColumn: 'wind' };
    const { prepared, script } = await scriptFor(`weather-${scaler}.csv`, content, task, lstmSpec([4, 2], 'float32', [], { kind: 'dense', units: 1, activation: 'linear' }, 'meanSquaredError' as ModelSpec['loss']));
    compiles(script, `series-${scaler}`);
    expectLines(script, ['"temperature", "wind"; the model predicts "wind"', 'COLUMNS = [1, 2]', 'LOOK_BACK = 4']);
    const series = prepared as Extract<PreparedUserData, { kind: 'series' }>;
    const got = runData(script);
    const { train, validation } = series.dataset;
    const close = (a: number[][], b: number[][]) => a.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(b[i][k], 5)));
    close(got.x_train, rowsOf(train.x, series.trainSamples));
    close(got.y_train, rowsOf(train.y, series.trainSamples));
    close(got.x_val, rowsOf(validation!.x, series.validationSamples));
    close(got.y_val, rowsOf(validation!.y, series.validationSamples));
  });

  it('series (will it go up?): the targets are the tab’s', async () => {
    const content = `a;b\n${Array.from({ length: 20 }, (_, i) => `${(i * 7) % 11};${i}`).join('\n')}\n`;
    const task: UserTask = { kind: 'series', task: 'up', lookBack: 3, scaler: 'minmax', validationSplit: 0.2 };
    const { prepared, script } = await scriptFor('updown.csv', content, task, lstmSpec([3, 2], 'float32', [], { kind: 'dense', units: 1, activation: 'sigmoid' }, 'binaryCrossentropy'));
    compiles(script, 'series-up');
    expect(script).toContain('delimiter=";"');
    const series = prepared as Extract<PreparedUserData, { kind: 'series' }>;
    const got = runData(script);
    expect(got.y_train.flat()).toEqual(Array.from(series.dataset.train.y));
  });

  it('classify: compiles and reads the chosen columns with Keras’ Tokenizer as the tab did', async () => {
    const content = `id\treview\tstars\n${Array.from({ length: 24 }, (_, i) => `${i}\t"Film ${i}, ${i % 3 ? 'good' : 'bad'}!"\t${['one', 'two', 'three'][i % 3]}`).join('\n')}\n`;
    const task: UserTask = { kind: 'classify', maxlen: 12, validationSplit: 0.25, tokenizer: { numWords: 50, oovToken: '<OOV>' }, textColumn: 'review', labelColumn: 'stars' };
    const { script } = await scriptFor('reviews.tsv', content, task, lstmSpec([12], 'int32', [{ kind: 'embedding', inputDim: 50, outputDim: 4 }], { kind: 'dense', units: 3, activation: 'softmax' }, 'categoricalCrossentropy'));
    compiles(script, 'classify');
    expectLines(script, [
      'delimiter="\\t"', '# The text column "review" and the label column "stars".', 'texts = [r[1] for r in rows]',
      'names = [r[2].strip() for r in rows]', '"one", "three", "two"', 'MAXLEN = 12', 'np.flatnonzero(labels == c)',
      'Tokenizer(num_words=50, filters="!\\"#$%&()*+,-./:;<=>?@[\\\\]^_`{|}~\\t\\n", lower=True, split=" ", oov_token="<OOV>")',
    ]);
  });

  it('classify with masking and a Bidirectional layer: the model lines say mask_zero=True and Bidirectional(…)', async () => {
    const content = `text,label\n${Array.from({ length: 16 }, (_, i) => `"film ${i} was ${i % 2 ? 'fine' : 'dull'}",${i % 2 ? 'pos' : 'neg'}`).join('\n')}\n`;
    const task: UserTask = { kind: 'classify', maxlen: 6, validationSplit: 0.25, textColumn: 'text', labelColumn: 'label' };
    const spec: ModelSpec = {
      inputShape: [6], inputDtype: 'int32', loss: 'binaryCrossentropy',
      layers: [
        { kind: 'embedding', inputDim: 40, outputDim: 4, maskZero: true },
        { kind: 'bidirectional', layer: { kind: 'gru', units: 8, activation: 'tanh', returnSequences: false, dropout: 0, recurrentDropout: 0 } },
        { kind: 'dense', units: 1, activation: 'sigmoid' },
      ],
    };
    const { script } = await scriptFor('masked.csv', content, task, spec);
    compiles(script, 'classify-masked');
    expectLines(script, [
      'from tensorflow.keras.layers import Embedding, Bidirectional, GRU, Dense',
      'model.add(Embedding(40, 4, input_length=6, mask_zero=True))', 'model.add(Bidirectional(GRU(8)))',
    ]);
  });

  it('classify from a folder: walks it as the tab does, one folder per label', async () => {
    const files = ['pos', 'neg'].flatMap((label) => Array.from({ length: 6 }, (_, i) => ({
      name: `reviews/${label}/${i}.txt`, bytes: new TextEncoder().encode(`${label === 'pos' ? 'great' : 'awful'} film number ${i}`),
    })));
    const task: UserTask = { kind: 'classify', maxlen: 5, validationSplit: 0.2, validationOrder: 'last' };
    const prepared = await prepareUserData({ kind: 'folder', name: 'reviews', files }, task);
    const spec = lstmSpec([5], 'int32', [{ kind: 'embedding', inputDim: 20, outputDim: 4 }], { kind: 'dense', units: 1, activation: 'sigmoid' }, 'binaryCrossentropy');
    const script = userKerasScript(userKerasDataOf(task, prepared), { spec, hp });
    compiles(script, 'classify-folder');
    expectLines(script, ['FOLDER = "reviews"', 'os.walk(FOLDER)', '"neg", "pos"', 'y = labels.astype("float32")', 'for members in [np.arange(len(labels))]:', 'num_words=None', 'oov_token=None']);
  });
});
