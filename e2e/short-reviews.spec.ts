import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './pages/axe';
import { LabPage } from './pages/LabPage';

/**
 * Opens a short-reviews card with a quick query, trains it to the end and checks what both cards
 * show: validation from the training reviews on the curves, the test set as the headline and the
 * short-review check, each read once at the end.
 */
async function trainQuickCard(page: Page, id: 'short-reviews' | 'short-reviews-conv', query: string): Promise<LabPage> {
  const lab = new LabPage(page);
  await lab.open(query);
  await expect(lab.id(`card.${id}.beyond`)).toContainText('Beyond the tutorials');
  await lab.train();
  await lab.waitForState('done', 170_000);
  await expect(lab.id('eval.result')).toContainText('accuracy on the test set (400 samples');
  await expect(lab.id('eval.check.short-reviews')).toContainText('short-review check (each test review cut to its last 10–25 words)');
  return lab;
}

/** The card's own model and data, small enough to train in seconds on software. */
const QUICK = 'tutorial=short-reviews&trainSubset=400&epochs=1&vocabSize=2000&embeddingDim=8&units=8&seqLength=120';

test('short reviews: a masked Bidirectional LSTM trains on windows, reads the test set and the short-review check at the end, and answers a one-line review without the short-text warning', async ({ page }) => {
  const lab = await trainQuickCard(page, 'short-reviews', QUICK);
  await expect(lab.id('summary.table')).toContainText('Bidirectional');

  await lab.id('try.review.input').fill('boring, too long, and the ending made no sense');
  await expect(lab.id('try.review.probability')).toContainText(/\d+(\.\d+)?\s*%/);
  // The model masks its padding: no warning for a short text.
  await expect(lab.id('try.review.short')).toHaveCount(0);

  // Inspect shows both directions of the Bidirectional layer, the padding masked.
  await lab.id('inspect.input').fill('a great film');
  await expect(lab.id('inspect.direction.forward')).toBeVisible();
  await expect(lab.id('inspect.direction.backward')).toContainText('reads right to left');
  await expect(lab.id('inspect.masked')).toBeVisible();
  await expectAccessible(page, 'short reviews: trained, tried and inspected');
  expect(lab.errors).toEqual([]);
});

/** The Conv1D card on the same data, as small. */
const CONV_QUICK = 'tutorial=short-reviews-conv&trainSubset=400&epochs=1&vocabSize=2000&embeddingDim=8&units=8&seqLength=120';

test('short reviews with a Conv1D front: an unmasked Conv1D → LSTM trains on the same cut rows, reads both checks at the end, and answers a one-line review without the short-text warning', async ({ page }) => {
  const lab = await trainQuickCard(page, 'short-reviews-conv', CONV_QUICK);
  await expect(lab.id('summary.table')).toContainText('Conv1D');
  await expect(lab.id('summary.table')).not.toContainText('Bidirectional');

  // Unmasked, but it learned short texts from the cut rows: no warning, as on the masked card.
  await lab.id('try.review.input').fill('boring, too long, and the ending made no sense');
  await expect(lab.id('try.review.probability')).toContainText(/\d+(\.\d+)?\s*%/);
  await expect(lab.id('try.review.short')).toHaveCount(0);

  // Inspect reads the LSTM after the front; nothing is masked.
  await lab.id('inspect.input').fill('a great film');
  await expect(lab.id('inspect.heatmap.h')).toBeVisible();
  await expect(lab.id('inspect.masked')).toHaveCount(0);
  await expectAccessible(page, 'short reviews with a Conv1D front: trained, tried and inspected');
  expect(lab.errors).toEqual([]);
});
