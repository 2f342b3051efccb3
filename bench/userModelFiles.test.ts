/**
 * `npm run train -- --data FILE --task text|classify|series --save-keras X.h5 --save-tfjs DIR`: for
 * every task, each model file with its data file beside it (`userModelFiles.ts`). The files load
 * back as the card loads them (`readUserModelFiles`, both formats to the same weights), and the
 * loaded model's answers (Try's, on the page's thread) are what `verify_export.py` computes from
 * the files alone in NumPy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { charModelPredictor } from '../src/engine/charText/charModel';
import { prefixWindow } from '../src/engine/charText/generateText';
import type { DataFileKind } from '../src/engine/export/dataFile';
import { loadedSeriesNext } from '../src/engine/seriesModel/loadedSeries';
import { classifierPredictor } from '../src/engine/textClassifier/loadedClassifier';
import { encodeSentence } from '../src/engine/textClassifier/encodeSentence';
import { labelledCsv, labelledSentences } from '../src/engine/textClassifier/testing';
import type { NamedBytes } from '../src/state/modelFiles';
import { readUserModelFiles, type LoadedModels } from '../src/state/userModelFiles';
import { pythonWithH5py } from './export/python';
import { expectVerified } from './export/verifyExportRun';

const dir = mkdtempSync(join(tmpdir(), 'user-model-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Readings with a date column (which the model does not read) and two columns of numbers. */
const SERIES_CSV = ['day,level,flow', ...Array.from({ length: 48 }, (_, i) =>
  `2023-06-${String((i % 28) + 1).padStart(2, '0')},${(500 + 100 * Math.sin(i / 2)).toFixed(2)},${(3 + (i % 4)).toFixed(1)}`)].join('\n');

/** Where the run's files went, for the verify case. */
interface Paths { h5: string; data: string; tfjs: string; source: string }

/** One task: its data file and flags, and the verify case of the model loaded back from its `.h5`. */
interface Row<K extends DataFileKind> {
  kind: K;
  file: string;
  content: string;
  flags: string[];
  verifyCase(model: LoadedModels[K], paths: Paths): Promise<object>;
}

const TEXT_PREFIXES = ['ab', 'ba abba', 'zz? baab'];
const CLASSIFY_TEXTS = ['The storm and the rain', 'spicy cheese soup, then bread', 'a zebra sang'];

const text: Row<'text'> = {
  kind: 'text', file: 'abba.txt', content: 'ab ba abba baab, abab! '.repeat(30),
  flags: ['--seqLength', '6', '--units', '6', '--sampleLength', '5'],
  async verifyCase(model, { h5, data }) {
    const windows = TEXT_PREFIXES.map((p) => prefixWindow(model.vocabulary, model.seqLength, p) as Int32Array);
    const x = new Int32Array(windows.flatMap((w) => Array.from(w)));
    const { probs } = await charModelPredictor(model).predict(x, windows.length);
    return { id: 'cli-text', kind: 'text', h5, data, prefixes: TEXT_PREFIXES, windows: windows.map((w) => Array.from(w)), probabilities: Array.from(probs) };
  },
};

const classify: Row<'classify'> = {
  kind: 'classify', file: 'topics.csv', content: labelledCsv(labelledSentences(12)),
  flags: ['--numWords', '40', '--maxlen', '8', '--embeddingDim', '6', '--units', '8'],
  async verifyCase(model, { h5, data, tfjs }) {
    const { tokenizer, maxlen } = model.reading;
    const sequences = CLASSIFY_TEXTS.flatMap((t) => Array.from(encodeSentence(t, tokenizer, maxlen).ids));
    const { probs } = await classifierPredictor(model).predict(Int32Array.from(sequences), CLASSIFY_TEXTS.length);
    return { id: 'cli-classify', kind: 'classify', h5, tfjs, dataFile: data, texts: CLASSIFY_TEXTS, sequences, predictions: Array.from(probs) };
  },
};

const series: Row<'series'> = {
  kind: 'series', file: 'levels.csv', content: SERIES_CSV,
  flags: ['--lookBack', '5', '--units', '6', '--layers', '2', '--activation', 'tanh', '--batchSize', '16'],
  async verifyCase(model, { h5, data, source }) {
    // Every window of the CSV typed into Try as its rows (a line per step), answered by the loaded model.
    const rows = SERIES_CSV.split('\n').slice(1).map((r) => r.split(',').slice(1).join(' '));
    const answers: number[] = [];
    for (let s = 0; s + model.data.lookBack < rows.length; s++) {
      const answer = await loadedSeriesNext(model, rows.slice(s, s + model.data.lookBack).join('\n'));
      if (answer.kind !== 'series') throw new Error(JSON.stringify(answer));
      answers.push(answer.answer);
    }
    return { id: 'cli-series', kind: 'series', h5, data, csv: source, answers };
  },
};

const read = (paths: string[]): NamedBytes[] => paths.map((p) => ({ name: p.split('/').pop()!, data: new Uint8Array(readFileSync(p)) }));

describe('the command line saves a model of your data with its data file, which the card loads back', () => {
  it.each([text, classify, series] as Row<DataFileKind>[])('--task $kind: X.h5 + X.data.json and DIR/model.json + DIR/model.data.json, verified in NumPy', async (row) => {
    const source = join(dir, row.file);
    writeFileSync(source, row.content);
    const h5 = join(dir, row.kind, 'run.h5');
    const tfjs = join(dir, row.kind, 'run-tfjs');
    const run = spawnSync(process.execPath, [
      '--import', 'tsx', 'bench/train.ts', '--data', source, '--task', row.kind, ...row.flags, '--epochs', '1', '--save-keras', h5, '--save-tfjs', tfjs, '--json',
    ], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const data = join(dir, row.kind, 'run.data.json');
    const saved = run.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'saved');
    expect(saved).toEqual([
      { type: 'saved', format: 'keras', path: h5 }, { type: 'saved', format: 'tfjs', path: join(tfjs, 'model.json') },
      { type: 'saved', format: 'data', path: data }, { type: 'saved', format: 'data', path: join(tfjs, 'model.data.json') },
    ]);
    expect(readFileSync(join(tfjs, 'model.data.json'))).toEqual(readFileSync(data));
    expect(JSON.parse(readFileSync(data, 'utf8'))).toMatchObject({ format: 'lstm-lab-data', version: 1, kind: row.kind });

    // Loaded back as the card loads them: the .h5 with its data file, and the TensorFlow.js folder.
    const fromH5 = await readUserModelFiles(row.kind, read([h5, data]));
    const fromTfjs = await readUserModelFiles(row.kind, read(readdirSync(tfjs).map((n) => join(tfjs, n))));
    expect(fromH5.name).toBe('run.h5');
    fromTfjs.model.weights.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(fromH5.model.weights[i].values)));

    const python = pythonWithH5py();
    expect(python, 'python3 with h5py and numpy (apt-get install python3-h5py python3-numpy)').toBeTruthy();
    const verifyCase = await row.verifyCase(fromH5.model, { h5, data, tfjs, source });
    const output = expectVerified(python!, [verifyCase], join(dir, `${row.kind}-cases.json`));
    expect(output).toMatch(/NumPy forward matches/);
  }, 180_000);

  it('refuses a series model picked with another kind’s data file, or with none, in one sentence naming the file', async () => {
    const h5 = join(dir, 'series', 'run.h5');
    await expect(readUserModelFiles('series', read([h5]))).rejects.toThrow(
      'run.h5: a series model needs its data file (run.data.json), which holds its columns, window and scaler; pick it together with the model.',
    );
    await expect(readUserModelFiles('series', read([h5, join(dir, 'text', 'run.data.json')]))).rejects.toThrow(
      'run.data.json: it is the data file of a text model; pick the one saved with the series model.',
    );
    await expect(readUserModelFiles('text', read([join(dir, 'text', 'run.h5'), join(dir, 'series', 'run.data.json')]))).rejects.toThrow(
      'run.data.json: it is the data file of a series model; pick the one saved with the text model.',
    );
  });
});
