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
