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
  await expect(lab.id('plan.badge')).toContainText(/main thread/i);
});

/** Stop settles a run within 1 s (client.ts STOP_SETTLE_MS); the rest is rendering on a busy machine. */
const STOP_BOUND_MS = 1_500;

test('Stop while the run is still preparing settles within a second, and the next run trains', async ({ page }) => {
  // A slow network: one IMDB shard takes 8 s to arrive, so the run sits in "Preparing" (the
  // engine only sees Stop once the download is over).
  await page.route(/\/data\/imdb\/train-000\.bin$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    await route.continue();
  });
  const lab = new LabPage(page);
  await lab.open('tutorial=imdb-small-vocab&trainSubset=200&epochs=1');
  await lab.train();
  await expect(lab.id('data.progress')).toHaveAttribute('data-stage', 'download');
  await lab.waitForState('preparing');
  expect(await lab.stopAndTimeSettle()).toBeLessThan(STOP_BOUND_MS);
  await lab.waitForState(/done|idle/);

  await lab.card('alphabet').click();
  await lab.field('epochs').fill('2');
  await lab.field('samples').fill('200');
  await lab.train();
  await lab.waitForState('done');
  await expect(lab.status).toContainText('Finished 2 epochs');
  await lab.waitForPoints('chart.loss', 2);
});

test('Stop while the worker is stuck building a large model settles within a second, and the next run gets a fresh worker', async ({ page }) => {
  const lab = new LabPage(page);
  // LSTM(1024): building it runs an orthogonal initialiser (a QR decomposition) on 1024×4096
  // for tens of seconds, synchronously, so the worker hears nothing until it is done.
  await lab.open('tutorial=imdb-seq&units=1024&trainSubset=200&epochs=1');
  await lab.train();
  // The preview comes just before the model is built.
  await expect(lab.id('data.preview')).toBeVisible({ timeout: 120_000 });
  await page.waitForTimeout(500);
  await lab.waitForState('preparing');
  expect(await lab.stopAndTimeSettle()).toBeLessThan(STOP_BOUND_MS);
  await lab.waitForState(/done|idle/);
  await expect(lab.id('engine.notice')).toContainText(/did not respond to Stop.*restarted/);

  await lab.card('alphabet').click();
  await lab.field('epochs').fill('2');
  await lab.field('samples').fill('200');
  await lab.train();
  await lab.waitForState('done');
  await expect(lab.status).toContainText('Finished 2 epochs');
});
