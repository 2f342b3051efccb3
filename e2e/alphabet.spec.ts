import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test('alphabet: train from a URL, watch curves stream, then predict the next letter', async ({ page }) => {
  const lab = new LabPage(page);
  // Long enough (≈100,000 steps: several seconds even on the typed trainer) that the run is
  // still going when the test reads the progress line.
  await lab.open('tutorial=alphabet&epochs=100&samples=1000&seed=11');
  await expect(lab.card('alphabet')).toHaveAttribute('aria-pressed', 'true');
  await expect(lab.field('epochs')).toHaveValue('100');

  await lab.train();
  await lab.waitForState(/preparing|training/);
  await lab.waitForPoints('chart.batch', 2);
  const firstLine = await lab.id('progress.line').textContent();
  await expect(lab.id('progress.line')).not.toHaveText(firstLine ?? '', { timeout: 60_000 });
  await expect(lab.id('progress.line')).toContainText(/Epoch \d+\/100/);
  await lab.waitForPoints('chart.loss', 1);

  // The badge names the backend in use and why, and that this tiny model trains on typed arrays.
  // No GPU here but software ones, which the plan leaves out: the CPU trainer is the only way, so nothing is timed.
  await expect(lab.id('plan.badge')).toHaveAttribute('data-trainer', 'typed');
  await expect(lab.id('plan.badge')).toHaveAttribute('data-basis', 'only');
  await expect(lab.id('plan.badge')).toContainText(/CPU · 1 thread/);

  await lab.waitForState('done');
  await lab.waitForPoints('chart.loss', 5);
  await expect(lab.id('chart.acc.target')).toHaveCount(1);
  await expect(lab.id('summary.total')).toContainText('5,210');

  await lab.id('try.letters.input').fill('ABC');
  await expect(lab.id('try.letters.result')).toContainText(/[A-Z]/);
  await expect(lab.id('try.letters.result')).toContainText('%');

  await lab.id('try.letters.input').fill('AB1');
  await expect(lab.id('try.letters.error')).toContainText(/A–Z|letters/i);
  await lab.id('try.letters.input').fill('ABCDEFG');
  await expect(lab.id('try.letters.error')).toBeVisible();

  expect(lab.errors).toEqual([]);
});

test('pause, resume, then stop a run', async ({ page }) => {
  const lab = new LabPage(page);
  // ≈400,000 steps: still running when Stop is pressed, whichever trainer runs it.
  await lab.open('tutorial=alphabet&epochs=2000&samples=200');
  await lab.train();
  await lab.waitForPoints('chart.batch', 2);

  await lab.id('run.pause').click();
  await lab.waitForState('paused');
  // Updates the worker sent before it saw the pause may still be landing (the UI coalesces them
  // for up to ~100 ms); once they have, no step runs: the progress line stays put.
  await page.waitForTimeout(500);
  const paused = await lab.id('progress.line').textContent();
  await page.waitForTimeout(1500);
  await expect(lab.id('progress.line')).toHaveText(paused ?? '');

  await lab.id('run.resume').click();
  await lab.waitForState('training');
  await expect(lab.id('progress.line')).not.toHaveText(paused ?? '', { timeout: 30_000 });

  await lab.id('run.stop').click();
  await lab.waitForState(/done|idle/);
  await expect(lab.status).toContainText(/stop/i);
  // Stopping keeps the page usable: a new run starts.
  await lab.train();
  await lab.waitForState(/preparing|training/);
  await lab.id('run.stop').click();
  await lab.waitForState(/done|idle/);
  expect(lab.errors).toEqual([]);
});

test('try the model while it trains: answers come from the latest epoch’s weights, not after the run', async ({ page }) => {
  const lab = new LabPage(page);
  // ≈500,000 steps: far from done when the question is asked.
  await lab.open('tutorial=alphabet&epochs=500&samples=1000&seed=3');
  await lab.train();
  await lab.waitForPoints('chart.loss', 1);
  await lab.id('try.letters.input').fill('ABC');
  await expect(lab.id('try.letters.result')).toContainText('%');
  await expect(lab.id('run.status')).toHaveAttribute('data-state', 'training');
  await lab.id('run.stop').click();
  await lab.waitForState('done');
  // The stopped run's weights keep answering.
  await lab.id('try.letters.input').fill('ABCD');
  await expect(lab.id('try.letters.result')).toContainText('%');
  expect(lab.errors).toEqual([]);
});
