/**
 * Inspect on the "Your series" card (issue #20, "Inspect (steps as timesteps)"): a tiny two-layer
 * model trained on a generated CSV of two columns, then a window picked from the data or a typed
 * series gives each layer's heatmaps with the steps' values (unscaled, as the file writes them) as
 * column labels, the answer after each step, and the model's answer, the same as Try's.
 */
import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { YourSeriesCard } from './pages/YourSeriesCard';

const ROWS = 60;
const level = (i: number) => +(4170 + 40 * Math.sin((2 * Math.PI * i) / 7) + (i % 5)).toFixed(2);
const flow = (i: number) => +(12 + (i % 9) * 0.5).toFixed(1);

function seriesCsv(): string {
  const lines = ['date,level,flow'];
  for (let i = 0; i < ROWS; i++) lines.push(`${new Date(Date.UTC(2023, 5, 1 + i)).toISOString().slice(0, 10)},${level(i)},${flow(i)}`);
  return lines.join('\n');
}

test('a trained series model is inspected step by step: heatmaps labelled with the values, the answer per step and Try’s answer', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourSeriesCard(page);
  await lab.open();
  await card.giveFile('levels.csv', seriesCsv());
  await card.setSmall(2, 6);
  await card.id('yourSeries.field.layers').fill('2');
  await expect(card.id('yourSeries.inspect.from.data')).toBeDisabled();
  await card.train();
  await card.waitForPhase('done');

  // At first, the data's last window: rows 55–60, each step's level · flow as the file writes them.
  const inspect = card.id('yourSeries.inspect');
  const result = card.id('yourSeries.inspect.result');
  await expect(card.id('yourSeries.inspect.end')).toHaveValue(String(ROWS));
  await expect(result).toBeVisible();
  const lastRows = Array.from({ length: 6 }, (_, t) => `${level(ROWS - 6 + t)} · ${flow(ROWS - 6 + t)}`);
  for (const q of ['i', 'f', 'o', 'c', 'h']) {
    const map = inspect.getByTestId(`inspect.heatmap.${q}`);
    await expect(map).toHaveAttribute('data-steps', '6');
    await expect(map).toHaveAttribute('data-units', '12');
  }
  const labels = inspect.getByTestId('inspect.heatmap.i.steps').locator('li');
  await expect(labels).toHaveText(lastRows);
  // Two LSTM layers, each with its own maps labelled the same way.
  await expect(inspect.getByTestId('inspect.layer').locator('option')).toHaveCount(2);
  await inspect.getByTestId('inspect.layer').selectOption({ index: 1 });
  await expect(labels).toHaveText(lastRows);
  const cells = card.id('yourSeries.inspect.output').locator('[data-values]');
  await expect(cells).toHaveCount(6);
  await expect(cells.first()).toContainText('2023-07-25');
  // "next value": answers in the level's units, not the scaler's 0–1.
  const answer = Number(await result.getAttribute('data-answer'));
  expect(answer).toBeGreaterThan(1000);
  expect(Number(await cells.last().getAttribute('data-answer'))).toBeCloseTo(answer, 6);

  // An earlier window, by its last row.
  await card.id('yourSeries.inspect.end').fill('10');
  await expect(labels).toHaveText(Array.from({ length: 6 }, (_, t) => `${level(4 + t)} · ${flow(4 + t)}`));
  await card.id('yourSeries.inspect.end').fill('3');
  await expect(card.id('yourSeries.inspect.error')).toHaveText('The window must end between row 6 and row 60 (the data has 60 rows and the model reads 6); choose a row in that range.');

  // A typed series: its last 6 steps read, labelled as typed; the model's answer is Try's.
  const typed = ['4100 10', '4120.5 10.5', '4150 11', '4180.25 11.5', '4200 12', '4210 12.5', '4190 13'];
  await card.id('yourSeries.inspect.from.typed').check();
  await card.id('yourSeries.inspect.input').fill(typed.join('\n'));
  await expect(labels).toHaveText(typed.slice(1).map((l) => l.replace(' ', ' · ')));
  await card.id('yourSeries.try').fill(typed.join('\n'));
  const tried = Number(await card.id('yourSeries.try.answer').getAttribute('data-answer'));
  expect(Number(await result.getAttribute('data-answer'))).toBeCloseTo(tried, 3);
  await card.id('yourSeries.inspect.input').fill('4100 10\n4120 x');
  await expect(card.id('yourSeries.inspect.error')).toHaveText('“x” is not a number; write numbers with a point for decimals.');
  expect(lab.errors).toEqual([]);
});

test('a GRU chosen on the card trains, saying who trains it, and Inspect shows its update and reset gates', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourSeriesCard(page);
  await lab.open();
  await card.giveFile('levels.csv', seriesCsv());
  await card.setSmall(2, 6);
  await card.id('yourSeries.field.cell').selectOption('gru');
  await card.train();
  await card.waitForPhase('done');
  await expect(card.id('yourSeries.plan')).toContainText(/^Trains on (CPU|GPU) · /);

  const inspect = card.id('yourSeries.inspect');
  await expect(card.id('yourSeries.inspect.result')).toBeVisible();
  for (const q of ['z', 'r', 'n', 'h']) {
    const map = inspect.getByTestId(`inspect.heatmap.${q}`);
    await expect(map).toHaveAttribute('data-steps', '6');
    await expect(map).toHaveAttribute('data-units', '12');
  }
  await expect(inspect.getByTestId('inspect.heatmap.f')).toHaveCount(0);
  await expect(inspect).toContainText('Update gate z');
  // Its steps are labelled with the rows' values, and each step has the answer the model would give there.
  await expect(inspect.getByTestId('inspect.heatmap.z.steps').locator('li')).toHaveText(Array.from({ length: 6 }, (_, t) => `${level(ROWS - 6 + t)} · ${flow(ROWS - 6 + t)}`));
  const cells = card.id('yourSeries.inspect.output').locator('[data-values]');
  await expect(cells).toHaveCount(6);
  for (const cell of await cells.all()) expect(Number(await cell.getAttribute('data-answer'))).toBeGreaterThan(1000);
  // Try answers in the level's units, and the Keras code builds the same GRU.
  await card.id('yourSeries.try').fill('4100 10\n4120 10.5\n4150 11\n4180 11.5\n4200 12\n4210 12.5');
  expect(Number(await card.id('yourSeries.try.answer').getAttribute('data-answer'))).toBeGreaterThan(1000);
  expect(lab.errors).toEqual([]);
});
