import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

/** A quick IMDB run: tutorial 1 on a small subset (1,024 reviews: enough test reviews to share scoring), one epoch, all through the URL. */
const QUICK_IMDB = 'tutorial=imdb-small-vocab&trainSubset=1024&epochs=1&seed=3';

test('IMDB: load the shards, train a quick run, classify a typed review', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(QUICK_IMDB);
  await expect(lab.field('trainSubset')).toHaveValue('1024');
  await lab.train();

  await expect(lab.id('data.preview')).toBeVisible({ timeout: 120_000 });
  await expect(lab.id('data.histogram')).not.toHaveAttribute('data-points', '0');
  await lab.waitForPoints('chart.batch', 1);
  await lab.waitForState('done', 170_000);
  await lab.waitForPoints('chart.loss', 1);
  await expect(lab.id('summary.total')).toContainText('387,713');
  await expect(lab.id('eval.confusion')).toBeVisible();
  // Without a real GPU the typed trainer trains (each batch split across a helper worker per
  // extra core) and the test set is scored by its predictor, shared the same way: the badge
  // and the panel say how many threads took part.
  const trainer = await lab.id('plan.badge').getAttribute('data-trainer');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  if (trainer === 'typed' && cores > 1) {
    const threads = String(Math.min(4, cores));
    await expect(lab.id('plan.badge')).toHaveAttribute('data-threads', threads);
    await expect(lab.id('plan.badge')).toContainText(`CPU · ${threads} threads`);
    await expect(lab.id('eval.result')).toHaveAttribute('data-threads', threads);
    await expect(lab.id('eval.result')).toContainText(/scored on \d threads/);
  }

  await lab.id('try.review.input').fill('This movie was wonderful, I loved every minute');
  await expect(lab.id('try.review.probability')).toContainText(/\d+(\.\d+)?\s*%/);
  await expect(lab.id('try.review.tokens')).toContainText('wonderful');
  // A review far shorter than the tutorial's 80-word window is answered with a warning.
  await expect(lab.id('try.review.short')).toContainText('80-word windows');
  await expect(lab.id('try.review.short')).toContainText('your 8 words come after 71 padding steps');
  // The words can be shaded by integrated gradients instead of occlusion, and back.
  await lab.id('try.review.shading').getByLabel('integrated gradients').check();
  await expect(lab.id('try.review.tokens')).toHaveAttribute('data-shading', 'gradients', { timeout: 60_000 });
  const shaded = lab.id('try.review.tokens').locator('[data-status="ok"]').first();
  await expect(shaded).toHaveAttribute('title', /: [+-]\d/);
  await lab.id('try.review.shading').getByLabel('leaving the word out').check();
  await expect(lab.id('try.review.tokens')).toHaveAttribute('data-shading', 'occlusion');

  // Awkward input never breaks the box.
  for (const text of ['', '<b>great</b> 👍🎬 отличный фильм 素晴らしい', 'bad '.repeat(25_000)]) {
    await lab.id('try.review.input').fill(text);
    await expect(lab.id('try.review.input')).toBeEditable();
  }
  await expect(lab.id('try.review.probability')).toContainText('%');
  await expect(lab.id('try.review.short')).toHaveCount(0);

  // A 1 MB paste is cut to the box's cap: laid out whole, it froze the page for ~0.4 s on every
  // keystroke (bench:speed, paste-1mb).
  await lab.id('try.review.input').fill('');
  await lab.id('try.review.input').focus();
  await page.keyboard.insertText('great '.repeat(170_000));
  await expect(lab.id('try.review.capped')).toBeVisible();
  expect((await lab.id('try.review.input').inputValue()).length).toBe(100_000);
  await expect(lab.id('try.review.probability')).toContainText('%');

  // The short-text warning leads to the card built for short reviews.
  await lab.id('try.review.input').fill('boring and too long');
  await lab.id('try.review.shortCard').click();
  await expect(lab.id('scenario.card.short-reviews')).toHaveAttribute('aria-pressed', 'true');
  await expect(lab.field('seqLength')).toHaveValue('400');
  expect(lab.errors).toEqual([]);
});

test('IMDB: a corrupt shard gets a clear message naming the file, and Retry recovers', async ({ page }) => {
  let corrupt = true;
  await page.route(/\/data\/imdb\/train-001\.bin$/, async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    if (corrupt) body[body.length >> 1] ^= 0xff;
    await route.fulfill({ response, body });
  });
  const lab = new LabPage(page);
  await lab.open(QUICK_IMDB);
  await lab.train();

  const error = lab.id('data.error');
  await expect(error).toBeVisible({ timeout: 120_000 });
  await expect(error).toContainText('train-001.bin');
  await expect(error).toContainText(/npm run data:imdb/);
  await lab.waitForState('error');
  // Nothing was trained on the bad data.
  expect(await lab.points('chart.batch')).toBe(0);

  corrupt = false;
  await lab.id('data.retry').click();
  await lab.waitForPoints('chart.batch', 1, 120_000);
  await lab.id('run.stop').click();
  await lab.waitForState(/done|idle/);
});
