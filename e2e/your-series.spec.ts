/**
 * "Your series" (issue #20, numeric series → sequence model): a CSV with a date column, generated
 * here, dropped on the card → its columns offered → trained → the plot shows the model's answers
 * over the series with its parts shaded, Try answers in the column's units; the "up" task answers
 * a probability; bad files (a non-numeric cell, too few rows for the window, ragged rows) get their
 * sentence and the next good file trains; Stop ends a run; the model files come with their data
 * file and load back into a fresh page, Try answering as before; nothing of the data goes out.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Request } from '@playwright/test';
import { expectAccessible } from './pages/axe';
import { LabPage } from './pages/LabPage';
import { YourSeriesCard } from './pages/YourSeriesCard';

/** Daily readings: a level around 4170 (a marker no request may carry) with a weekly swing, and a second column. */
function seriesCsv(rows: number, edit?: (cells: string[], i: number) => string[]): string {
  const lines = ['date,level,flow'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2023, 5, 1 + i)).toISOString().slice(0, 10);
    const cells = [day, (4170 + 40 * Math.sin((2 * Math.PI * i) / 7) + (i % 5)).toFixed(3), (12 + (i % 9) * 0.5).toFixed(1)];
    lines.push((edit ? edit(cells, i) : cells).join(','));
  }
  return lines.join('\n');
}

test('a dropped series CSV trains: the plot shows the model’s answers, Try answers the next value, the data is never sent', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourSeriesCard(page);
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  await lab.open();
  // The sidebar leads to the card, under the tutorials.
  await lab.id('yourSeries.link').click();
  await expect(card.panel).toBeInViewport();
  await card.dropFile('levels.csv', seriesCsv(120));
  await expect(card.id('yourSeries.column.level')).toBeChecked();
  await expect(card.id('yourSeries.column.flow')).toBeChecked();
  await expect(card.id('yourSeries.date')).toHaveValue('date');
  await expect(card.plot).toHaveAttribute('data-rows', '120');
  await card.id('yourSeries.column.flow').uncheck();
  await card.setSmall(3);
  await card.train();
  await card.waitForPhase('done');
  await expect(card.id('yourSeries.epoch')).toHaveAttribute('data-epoch', '3');
  await expect(card.id('yourSeries.epoch')).toContainText('MAE');
  // Who trained it and why, as the tutorials' badge says.
  await expect(card.id('yourSeries.plan')).toContainText(/^Trains on (CPU|GPU) · /);
  await expect(card.id('yourSeries.curve.metric')).toContainText('Mean absolute error');
  // 120 rows, windows of 6: 114 answers, one per row after a window.
  await expect(card.plot).toHaveAttribute('data-answers', '114');
  await expect(card.plot.locator('.recharts-reference-area')).toHaveCount(2);
  await card.id('yourSeries.try').fill('4170, 4200 4205 4190 4150 4140');
  const answer = card.id('yourSeries.try.answer');
  await expect(answer).toHaveAttribute('data-task', 'next');
  // Unscaled: in the level's units, not the scaler's 0–1.
  const value = Number(await answer.getAttribute('data-answer'));
  expect(value).toBeGreaterThan(1000);
  await card.id('yourSeries.try').fill('4170 4200');
  await expect(card.id('yourSeries.try.problem')).toHaveText('The model reads 6 steps and got 2; type at least 6 numbers.');
  // The Keras code reads the same file the same way: its column, the window, the scaler.
  await card.id('yourSeries.keras-code').locator('summary').click();
  await expect(card.id('yourSeries.keras-code.text')).toContainText('FILE = "levels.csv"');
  await expect(card.id('yourSeries.keras-code.text')).toContainText('LOOK_BACK = 6');
  // The model files: the .h5 and the data file that turns the CSV into the model's windows elsewhere.
  const saved: Record<string, Buffer> = {};
  page.on('download', async (d) => {
    const path = await d.path();
    saved[d.suggestedFilename()] = readFileSync(path!);
  });
  await card.id('yourSeries.save.keras').click();
  await expect.poll(() => Object.keys(saved).sort()).toEqual(['levels.data.json', 'levels.h5']);
  expect(JSON.parse(saved['levels.data.json'].toString('utf8'))).toMatchObject({
    format: 'lstm-lab-data', version: 1, kind: 'series', task: 'next', lookBack: 6, columns: ['level'], target: 'level', scaler: { kind: 'minmax' },
  });
  expect(saved['levels.h5'].subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
  await expectAccessible(page, 'your series trained');

  // Loaded back into a fresh page (no file, no run): Try gives the answer it gave before the download.
  await lab.open();
  const load = card.id('yourSeries.files.load');
  const file = (name: string) => ({ name, mimeType: 'application/octet-stream', buffer: saved[name] });
  await load.setInputFiles([file('levels.h5')]);
  await expect(card.id('yourSeries.files.load.error')).toHaveText(
    'levels.h5: a series model needs its data file (levels.data.json), which holds its columns, window and scaler; pick it together with the model.',
  );
  await load.setInputFiles([file('levels.h5'), file('levels.data.json')]);
  await expect(card.id('yourSeries.files.load.ok')).toHaveText('Loaded levels.h5: the next value of “level” from 6 rows of “level”. Try it above.');
  await card.id('yourSeries.try').fill('4170, 4200 4205 4190 4150 4140');
  await expect(card.id('yourSeries.try.answer')).toHaveAttribute('data-task', 'next');
  expect(Math.abs(Number(await card.id('yourSeries.try.answer').getAttribute('data-answer')) - value)).toBeLessThan(1e-3);
  await expect(card.id('yourSeries.try.answer')).toContainText('Next level');

  for (const r of requests) expect(`${r.url()} ${r.postData() ?? ''}`).not.toContain('4170.');
  expect(lab.errors).toEqual([]);
});

test('“will it go up?” answers a probability over two columns', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourSeriesCard(page);
  await lab.open();
  await card.giveFile('levels.csv', seriesCsv(90));
  await card.id('yourSeries.field.task').selectOption('up');
  await card.id('yourSeries.field.scaler').selectOption('standard');
  await card.setSmall(2, 4);
  await card.train();
  await card.waitForPhase('done');
  await expect(card.id('yourSeries.epoch')).toContainText('accuracy');
  await expect(card.plot).toHaveAttribute('data-answers', '86');
  await card.id('yourSeries.try').fill('4170 12\n4200 12.5\n4205 13\n4190 13.5');
  await expect(card.id('yourSeries.try.answer')).toHaveAttribute('data-task', 'up');
  await expect(card.id('yourSeries.try.answer')).toContainText('probability of a step up');
  expect(lab.errors).toEqual([]);
});

test('bad files get their sentence and train nothing; the next good file trains', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourSeriesCard(page);
  await lab.open();
  await card.setSmall(1);

  await card.giveFile('typo.csv', seriesCsv(60, (cells, i) => (i === 10 ? [cells[0], '41o0', cells[2]] : cells)));
  await expect(card.problem).toHaveText('typo.csv, row 12, column “level”: “41o0” is not a number in a column of numbers; write it as a number (a point for decimals, no thousands separators) or remove the row.');
  await card.train();
  await card.waitForPhase('failed');
  await expect(card.id('yourSeries.epoch')).toHaveCount(0);

  await card.giveFile('short.csv', seriesCsv(5));
  await card.train();
  await card.waitForPhase('failed');
  await expect(card.problem).toContainText(/^short\.csv: the series has 5 rows, too few for windows of 6 rows/);

  await card.giveFile('ragged.csv', seriesCsv(30, (cells, i) => (i === 3 ? [...cells, '7'] : cells)));
  await expect(card.problem).toContainText(/^ragged\.csv, row 5/);

  await card.giveFile('good.csv', seriesCsv(60));
  await expect(card.problem).toHaveCount(0);
  await card.train();
  await card.waitForPhase('done');
  await expect(card.plot).toHaveAttribute('data-answers', '54');
  expect(lab.errors).toEqual([]);
});

test('Stop ends a series run', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourSeriesCard(page);
  await lab.open();
  await card.giveFile('long.csv', seriesCsv(400));
  // Long enough that it cannot end by itself before Stop: 2000 epochs of a wider model over long windows.
  await card.setSmall(2000, 30);
  await card.id('yourSeries.field.units').fill('64');
  await card.train();
  await expect(card.id('yourSeries.epoch')).toBeVisible({ timeout: 120_000 });
  await card.id('yourSeries.stop').click();
  await card.waitForPhase('done');
  await expect(card.id('yourSeries.epoch')).toContainText('(stopped)');
  expect(lab.errors).toEqual([]);
});
