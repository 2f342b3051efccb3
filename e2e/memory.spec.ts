import { expect, test } from '@playwright/test';
import { expectAccessible } from './pages/axe';
import { LabPage } from './pages/LabPage';
import { RunsPanel } from './pages/RunsPanel';

/** Short enough to train in seconds on software: 12 steps back at most, 600 sequences. */
const SHORT = 'tutorial=memory&seqLength=12&samples=600&epochs=3&units=12&learningRate=0.01';

test('why LSTM: the card says it is beyond the tutorials; LSTM and SimpleRNN train, Try and Inspect read a letter among digits, and Compare lays both runs over each other', async ({ page }) => {
  const lab = new LabPage(page);
  const runs = new RunsPanel(page);
  await lab.open(SHORT);
  await expect(lab.id('card.memory.beyond')).toContainText('Beyond the tutorials');
  await expect(lab.id('card.memory.expect')).toContainText('chance 25.0%');

  await lab.train();
  await lab.waitForState('done');
  await expect(lab.id('chart.acc.target')).toHaveAttribute('data-kind', 'chance');

  // Try: a random sequence of the trained length, a typed one, and a sentence for a bad one.
  await lab.id('try.memory.generate').click();
  await expect(lab.id('try.memory.input')).toHaveValue(/^[0-9]*[A-D][0-9]*$/);
  await expect(lab.id('try.memory.result')).toHaveAttribute('data-letter', /^[A-D]$/);
  await lab.id('try.memory.input').fill('1234567890C');
  await expect(lab.id('try.memory.result')).toContainText('C was 0 steps before the end');
  await expect(lab.id('try.memory.result')).toHaveAttribute('data-remembered', 'true');
  await lab.id('try.memory.input').fill('12AB');
  await expect(lab.id('try.memory.error')).toContainText('exactly one letter A–D');

  // Inspect: one strip per symbol, the forget gate among the LSTM's quantities.
  await lab.id('inspect.input').fill('12C456789');
  await expect(lab.id('inspect.output')).toHaveAttribute('data-top', /^[A-D]$/);
  await expect(lab.id('inspect.heatmap.f')).toHaveAttribute('data-steps', '12');
  await expect(lab.id('inspect.heatmap.h.steps')).toContainText(/1\s*2\s*C\s*4/);

  // The same card with a SimpleRNN, one click: the form shows the choice, and the run is named by it.
  await lab.id('run.start.simpleRnn').click();
  await expect(lab.field('cell')).toHaveValue('simpleRnn');
  // The second run is listed once it starts; then it finishes.
  await expect(runs.items).toHaveCount(2);
  await expect(runs.item(0).getByTestId('runs.name')).toContainText('Why LSTM · SimpleRNN');
  await lab.waitForState('done');
  await lab.id('inspect.input').fill('12C456789');
  await expect(lab.id('inspect.heatmap.h')).toHaveAttribute('data-steps', '12');
  await expect(lab.id('inspect.heatmap.f')).toHaveCount(0);

  await expect(runs.items).toHaveCount(2);
  await expect(runs.item(0).getByTestId('runs.name')).toContainText('Why LSTM · SimpleRNN');
  await expect(runs.item(1).getByTestId('runs.name')).toContainText('Why LSTM · LSTM');
  await expect(page.getByText('SimpleRNN units', { exact: true })).toBeVisible();
  await expect(lab.id('inspect.panel').getByRole('heading')).toHaveText('Inspect the SimpleRNN');
  // One click lays the newest run of each kind over the other.
  await lab.id('run.compareEachCell').click();
  await expect(lab.id('compare.panel')).toHaveAttribute('data-runs', '2');
  await expect(runs.item(0).getByTestId('runs.compare')).toBeChecked();
  await expect(runs.item(1).getByTestId('runs.compare')).toBeChecked();
  // Training and validation accuracy for each run.
  await expect(lab.id('compare.chart.acc').locator('.recharts-line')).toHaveCount(4);
  await expect(lab.id('compare.chart.acc').getByLabel('Legend')).toContainText('Why LSTM · SimpleRNN');
  await expect(lab.id('compare.diff.cell')).toContainText('SimpleRNN');
  await expectAccessible(page, 'why LSTM: two kinds trained and compared');
  expect(lab.errors).toEqual([]);
});
