import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test('a worker crash is reported and the page keeps working', async ({ page }) => {
  const lab = new LabPage(page);
  // ≈400,000 steps: still training when the crash comes, even on the typed trainer.
  await lab.open('tutorial=alphabet&epochs=2000&samples=200');
  await lab.train();
  await lab.waitForPoints('chart.batch', 1);

  const [worker] = page.workers();
  expect(worker).toBeDefined();
  // Kill the worker the hard way: an uncaught error thrown from its global scope.
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash');
    });
  });
  await expect(lab.id('engine.notice')).toContainText(/crashed/i);
  await lab.waitForState('error');
  await expect(lab.id('run.error')).toContainText(/simulated crash|stopped unexpectedly/);

  // Train again: a fresh worker starts.
  await lab.field('epochs').fill('1');
  await lab.train();
  await lab.waitForState('done');
});

test('when the worker cannot start, training runs on the main thread and the UI says so', async ({ page }) => {
  await page.route(/training\.worker/, (route) => route.abort());
  const lab = new LabPage(page);
  await lab.open('tutorial=trend&epochs=2&samples=200');
  await lab.train();
  await expect(lab.id('engine.notice')).toContainText(/main thread/i);
  await lab.waitForState('done');
  await expect(lab.id('backend.badge')).toContainText(/main thread/i);
});
