import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test('reload mid-run, then Resume: the run finishes exactly as an uninterrupted one', async ({ page }) => {
  // Leaving a page that trains may ask first; the test means it.
  page.on('dialog', (d) => void d.accept());
  const lab = new LabPage(page);
  const url = 'tutorial=trend&epochs=150&seed=5&dropout=0.1';

  await lab.open(url);
  await lab.train();
  await lab.waitForState('done');
  const uninterrupted = await lab.id('eval.result').getAttribute('data-accuracy');
  // A finished run leaves nothing to resume.
  expect(await lab.savedCheckpointEpoch()).toBe(0);

  await lab.open(url);
  await lab.train();
  await lab.waitForPoints('chart.loss', 30);
  await expect.poll(() => lab.savedCheckpointEpoch()).toBeGreaterThan(0);
  await page.reload();

  await expect(lab.id('resume.banner')).toContainText(/stopped after epoch \d+ of 150 before it finished/);
  await lab.id('resume.start').click();
  await lab.waitForState('done');
  await expect(lab.id('resume.banner')).toHaveCount(0);
  // Every epoch is on the chart, the earlier ones from the checkpoint, and the score is the same to the last digit.
  await lab.waitForPoints('chart.loss', 150);
  expect(await lab.points('chart.loss')).toBe(150);
  await expect(lab.id('eval.result')).toHaveAttribute('data-accuracy', uninterrupted!);
  expect(await lab.savedCheckpointEpoch()).toBe(0);
  expect(lab.errors).toEqual([]);
});
