import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test('trend with two features: the card, the target line and the evaluation say what this data can give, and why', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=trend-two-features&epochs=2');
  await expect(lab.id('card.trend-two-features.expect')).toContainText('75');
  await expect(lab.id('card.trend-two-features.expect')).toContainText('the most this data allows');
  await lab.train();
  await lab.waitForState('done');
  await expect(lab.id('chart.acc.target')).toHaveAttribute('data-kind', 'ceiling');
  await expect(lab.id('chart.acc.target')).toContainText('75');
  await expect(lab.id('eval.ceiling')).toContainText(/Best this data allows: 75.*previous direction/);
  expect(lab.errors).toEqual([]);
});

test('trend: Try takes the user’s own series, and Inspect names the model’s two inputs in labels that do not overlap', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=trend-two-features&epochs=2');
  await lab.train();
  await lab.waitForState('done');
  const series = '0.1, 0.5, 0.3, 0.8, 0.9';

  // Try: a typed series, read step by step; a bad one gets its sentence; Generate still works.
  await lab.id('try.trend.input').fill(series);
  const result = lab.id('try.trend.result');
  await expect(result).toHaveAttribute('data-origin', 'typed');
  await expect(result).toHaveAttribute('data-steps', '3');
  await expect(result).toContainText('Your series');
  await lab.id('try.trend.input').fill('0.1, x, 0.3');
  await expect(lab.id('try.trend.error')).toHaveText('“x” is not a number.');
  await lab.id('try.trend.generate').click();
  await expect(result).toHaveAttribute('data-origin', 'generated');
  await expect(result).toHaveAttribute('data-steps', '40');
  await expect(lab.id('try.trend.error')).toHaveCount(0);

  // Inspect: the caption counts the inputs this model takes; each step is a row of its own.
  await lab.id('inspect.input').fill(series);
  await expect(lab.id('inspect.trend.caption')).toContainText('the last step’s two inputs: x_t = 0.9 and x_t−1 = 0.8');
  await expect(lab.id('inspect.trend.steps').locator('tbody tr')).toHaveCount(3);
  await expect(lab.id('inspect.trend.steps').locator('tbody tr').first()).toContainText(/1\s*0\.3\s*\d+\.\d%\s*turned/);

  // The column labels are whole and apart.
  const labels = lab.id('inspect.heatmap.h.steps').locator('li');
  await expect(labels).toHaveText(['x_t = 0.9', 'x_t−1 = 0.8']);
  const boxes = await labels.evaluateAll((items) =>
    items.map((li) => ({ ...li.getBoundingClientRect().toJSON(), clipped: li.scrollWidth > li.clientWidth || li.scrollHeight > li.clientHeight })),
  );
  expect(boxes.every((b) => !b.clipped), JSON.stringify(boxes)).toBe(true);
  expect(boxes[0].x + boxes[0].width).toBeLessThanOrEqual(boxes[1].x + 0.5);
  expect(lab.errors).toEqual([]);
});
