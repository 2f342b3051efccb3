import { describe, expect, it, vi } from 'vitest';
import { TrainingSession } from '../../../engine/session';
import { createParseClient } from '../../../worker/parseClient';
import { readUserModelFiles } from '../../../state/userModelFiles';
import { writeUserModelFiles } from '../../../state/userModelFiles';
import { createSeriesRunStore, SERIES_CARD_SETTINGS, type SeriesSettings } from './seriesRunStore';

function store() {
  const session = new TrainingSession({
    assets: { fetchBytes: async (path) => { throw new Error(`unexpected read of ${path}`); } },
    backendEnv: { host: 'node' },
  });
  const parse = createParseClient({ createWorker: null });
  return createSeriesRunStore({ engine: () => session, parse: () => parse });
}

const csv = (rows: number, bad?: { row: number; cell: string }) => {
  const lines = ['day,sales,price'];
  for (let i = 0; i < rows; i++) {
    const sales = bad?.row === i ? bad.cell : (100 + 30 * Math.sin(i / 3) + (i % 4)).toFixed(1);
    lines.push(`2024-03-${String((i % 28) + 1).padStart(2, '0')},${sales},${(5 + (i % 7) / 10).toFixed(2)}`);
  }
  return { name: 'shop.csv', bytes: new TextEncoder().encode(lines.join('\n')) };
};

const small: Partial<SeriesSettings> = { lookBack: 5, units: 8, epochs: 2, batchSize: 16 };

function configure(s: ReturnType<typeof store>, settings: Partial<SeriesSettings> = small) {
  for (const [k, v] of Object.entries(settings)) s.getState().setSetting(k as keyof SeriesSettings, v as never);
}

describe('the series card’s run', () => {
  it('offers the file’s columns as soon as it is given: the numeric ones, the date for the x axis', async () => {
    const s = store();
    await s.getState().setSource(csv(60));
    expect(s.getState()).toMatchObject({
      phase: 'idle', problem: null,
      layout: { numeric: ['sales', 'price'], dates: ['day'], rows: 60 },
      columns: { values: ['sales', 'price'], target: 'sales', date: 'day' },
    });
    expect(s.getState().plot).toMatchObject({ target: 'sales', dates: expect.arrayContaining(['2024-03-01']) });
  });

  it('trains on the chosen columns, plots the model’s answers over the series after each epoch, and answers Try', async () => {
    const s = store();
    await s.getState().setSource(csv(60));
    configure(s);
    s.getState().setColumns({ values: ['sales'], target: 'sales', date: 'day' });
    await s.getState().train();
    expect(s.getState().problem).toBeNull();
    expect(s.getState()).toMatchObject({ phase: 'done', canTry: true, result: { reason: 'completed', epochsDone: 2 } });
    expect(s.getState().epochs).toHaveLength(2);
    expect(s.getState().plot).toMatchObject({ lookBack: 5, trainSamples: 44, validationSamples: 11, task: 'next' });
    await vi.waitFor(() => expect(s.getState().answers).toHaveLength(55));
    // The model files' makings: the run's spec (one column in, a linear unit out) with its last weights, and the data file's fields.
    expect(s.getState().trained).toMatchObject({
      epoch: 2, saved: { spec: { inputShape: [5, 1], loss: 'meanSquaredError' }, learningRate: 0.01 },
      data: { kind: 'series', task: 'next', lookBack: 5, columns: ['sales'], target: 'sales', scaler: { kind: 'minmax' } },
    });
    const next = await s.getState().tryNext('100, 110 120 125 130');
    expect(next).toMatchObject({ kind: 'series', task: 'next', last: 130 });
    expect(await s.getState().tryNext('1 2')).toEqual({ kind: 'invalid', message: 'The model reads 5 steps and got 2; type at least 5 numbers.' });
  });

  it('says what is wrong with a bad file, trains nothing, and the next good file trains', async () => {
    const s = store();
    configure(s);
    await s.getState().setSource(csv(60, { row: 7, cell: 'n/a' }));
    expect(s.getState()).toMatchObject({ phase: 'failed', problem: 'shop.csv, row 9, column “sales”: “n/a” is not a number in a column of numbers; write it as a number (a point for decimals, no thousands separators) or remove the row.' });
    await s.getState().train();
    expect(s.getState().problem).toMatch(/^shop\.csv, row 9, column “sales”/);
    expect(s.getState().epochs).toEqual([]);
    expect(await s.getState().tryNext('1 2 3 4 5')).toEqual({ kind: 'invalid', message: 'Train on a series first.' });

    await s.getState().setSource(csv(5));
    await s.getState().train();
    expect(s.getState().problem).toMatch(/^shop\.csv: the series has 5 rows, too few for windows of 5 rows/);

    await s.getState().setSource(csv(40));
    await s.getState().train();
    expect(s.getState()).toMatchObject({ phase: 'done', problem: null, canTry: true });
  });

  it('refuses a setting out of bounds and a target the model does not read, before reading anything', async () => {
    const s = store();
    await s.getState().train();
    expect(s.getState().problem).toBe('Drop a CSV file of numbers, or choose one, first.');
    await s.getState().setSource(csv(30));
    s.getState().setColumns({ values: ['price'], target: 'sales', date: null });
    await s.getState().train();
    expect(s.getState().problem).toBe('The column to predict, “sales”, is not among the columns the model reads; tick it or choose another.');
    s.getState().setColumns({ values: ['sales'], target: 'sales', date: null });
    configure(s, { ...small, units: 0 });
    await s.getState().train();
    expect(s.getState().problem).toMatch(/LSTM units/);
    expect(SERIES_CARD_SETTINGS.task).toBe('next');
  });

  it('loads a model’s downloaded files back into a fresh card: Try gives the answer it gave before the download, until the next Train', async () => {
    const s = store();
    await s.getState().setSource(csv(60));
    configure(s, { ...small, task: 'up', scaler: 'standard', activation: 'tanh' });
    await s.getState().train();
    const typed = '100 1\n104 2\n98 3\n120 4\n101 5\n99 6';
    const before = await s.getState().tryNext(typed);
    expect(before).toMatchObject({ kind: 'series', task: 'up', last: 99 });
    const { saved, data } = s.getState().trained!;
    for (const format of ['keras', 'tfjs'] as const) {
      const fresh = store();
      expect(await fresh.getState().tryNext(typed)).toEqual({ kind: 'invalid', message: 'Train on a series first.' });
      const { model, name } = await readUserModelFiles('series', await writeUserModelFiles<'series'>(saved, data, format, 'shop'));
      fresh.getState().loadModel(model, name);
      expect(fresh.getState()).toMatchObject({ canTry: true, loaded: { name: format === 'keras' ? 'shop.h5' : 'shop.json' } });
      const after = await fresh.getState().tryNext(typed);
      expect(after).toMatchObject({ kind: 'series', task: 'up', last: 99 });
      expect((after as { answer: number }).answer).toBeCloseTo((before as { answer: number }).answer, 6);
      expect(await fresh.getState().tryNext('1 2\n3 4')).toEqual({ kind: 'invalid', message: 'The model reads 5 steps and got 2; type at least 5 lines.' });
      // Look inside reads the loaded model on this thread: its answer is Try's.
      const inspected = await fresh.getState().inspect({ kind: 'series', window: { from: 'typed', text: typed } });
      expect(inspected).toMatchObject({ kind: 'series', task: 'up' });
      expect((inspected as { answer: number }).answer).toBeCloseTo((before as { answer: number }).answer, 6);
    }
    // A data file of another shape or task names itself, and nothing is loaded.
    const [h5] = await writeUserModelFiles<'series'>(saved, data, 'keras', 'shop');
    const other = async (changed: typeof data) => readUserModelFiles('series', [h5, (await writeUserModelFiles<'series'>(saved, changed, 'keras', 'shop'))[1]]);
    await expect(other({ ...data, lookBack: 7 })).rejects.toThrow('shop.data.json: it says windows of 7 rows of 2 column(s), but shop.h5 reads 5 rows of 2; pick the .data.json file saved with this model.');
    await expect(other({ ...data, task: 'next' })).rejects.toThrow('shop.data.json: it is for “What is the next value?”, which ends in Dense(1, linear), but shop.h5 ends in Dense(1, sigmoid); pick the .data.json file saved with this model.');
    // A Train of the card's own file replaces the loaded model.
    s.getState().loadModel((await readUserModelFiles('series', await writeUserModelFiles<'series'>(saved, data, 'keras', 'shop'))).model, 'shop.h5');
    await s.getState().train();
    expect(s.getState().loaded).toBeNull();
  });
});
