/**
 * A series model's files checked by an independent reader: a run trained here on a generated CSV
 * (both tasks: "next" on MSE with min-max scaling, "up" on binary cross-entropy with standard
 * scores), its `.h5` and `.data.json` written as the card writes them, then `verify_export.py`
 * reads the data file, cuts the CSV into scaled windows, runs the `.h5` in NumPy and matches the
 * app's answers over the series within 1e-5.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { userDataConfig } from '../../src/config/runConfig';
import { prepareUserData } from '../../src/engine/data/user/prepareUserData';
import type { ScalerKind } from '../../src/engine/data/user/scaler';
import type { SeriesTask } from '../../src/engine/data/user/series';
import { seriesDataFileOf } from '../../src/engine/export/dataFile/series';
import { SERIES_DEFAULTS, seriesSource } from '../../src/engine/seriesModel/seriesModel';
import { TrainingSession } from '../../src/engine/session';
import type { ModelSnapshot, PredictResult } from '../../src/engine/types';
import { writeUserModelFiles } from '../../src/state/userModelFiles';
import { pythonWithH5py, runVerifyExport } from './python';

const dir = mkdtempSync(join(tmpdir(), 'lstm-lab-series-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Hourly readings in large units (so unscaling matters), with a timestamp column and a second column. */
const CSV = ['time,load,temperature', ...Array.from({ length: 70 }, (_, i) =>
  `2024-02-01T${String(i % 24).padStart(2, '0')}:00,${(1500 + 300 * Math.sin(i / 3) + 17 * (i % 5)).toFixed(2)},${(4 + 3 * Math.cos(i / 7)).toFixed(2)}`)].join('\n');

async function exportedCase(id: string, task: SeriesTask, scaler: ScalerKind) {
  const prepared = await prepareUserData(
    { kind: 'file', file: { name: `${id}.csv`, bytes: new TextEncoder().encode(CSV) } },
    { kind: 'series', task, lookBack: 6, scaler, validationSplit: 0.2, targetColumn: 'load' },
  );
  if (prepared.kind !== 'series') throw new Error('not a series');
  const hp = { ...SERIES_DEFAULTS, seqLength: 6, units: 6, layers: 2, epochs: 2, batchSize: 16, learningRate: 0.01, trainer: 'typed' as const };
  const session = new TrainingSession({ assets: { fetchBytes: async (p) => { throw new Error(`unexpected read of ${p}`); } }, backendEnv: { host: 'node' } });
  let last: ModelSnapshot | undefined;
  const result = await session.train(userDataConfig(hp), { onSnapshot: (s) => (last = s) }, { data: { kind: 'series', series: prepared, activation: 'tanh' } }).done;
  expect(result.reason).toBe('completed');
  const fit = await session.predict({ kind: 'seriesFit' }) as Extract<PredictResult, { kind: 'seriesFit' }>;
  const spec = seriesSource({ task, features: 2, activation: 'tanh' }).model(hp);
  const files = await writeUserModelFiles<'series'>({ spec, weights: last!.weights, learningRate: hp.learningRate }, seriesDataFileOf(prepared), 'keras', id);
  expect(files.map((f) => f.name)).toEqual([`${id}.h5`, `${id}.data.json`]);
  for (const f of files) writeFileSync(join(dir, f.name), f.data);
  writeFileSync(join(dir, `${id}.csv`), CSV);
  session.dispose();
  return { id, kind: 'series', h5: join(dir, `${id}.h5`), data: join(dir, `${id}.data.json`), csv: join(dir, `${id}.csv`), answers: fit.answers };
}

describe('a series model’s files, read by h5py and run in NumPy', () => {
  it('the data file’s scaler and windows with the .h5 give the app’s answers within 1e-5, for both tasks', async () => {
    const python = pythonWithH5py();
    expect(python, 'python3 with h5py and numpy (apt-get install python3-h5py python3-numpy)').toBeTruthy();
    const cases = [await exportedCase('load-next', 'next', 'minmax'), await exportedCase('load-up', 'up', 'standard')];
    expect(Math.max(...cases[0].answers)).toBeGreaterThan(100);
    const run = runVerifyExport(python!, cases, join(dir, 'cases.json'));
    expect(run.failed, run.stderr).toEqual([]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('2 models, 0 failed checks');
    expect(run.stdout).toMatch(/load-next series: task next: Dense linear, loss mse/);
  });

  it('fails when the data file’s scaler is not the one the model was trained with', async () => {
    const python = pythonWithH5py();
    const c = await exportedCase('load-bad', 'next', 'minmax');
    const file = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(c.data, 'utf8')));
    file.scaler.scale[0] *= 1.5;
    writeFileSync(c.data, JSON.stringify(file));
    const run = runVerifyExport(python!, [c], join(dir, 'bad.json'));
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/FAIL.*load-bad series: NumPy forward matches/);
  });
});
