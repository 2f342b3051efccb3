/**
 * Inspect on the "Your labelled texts" card (issue #20, "Inspect (words as timesteps)"): a tiny
 * classifier trained on a generated CSV of two classes, then a typed sentence gives the LSTM's
 * heatmaps with its words as column labels (the padding before them blank), each class's
 * probability — Try's — and each word's share; the model's files loaded into a fresh page are
 * inspected the same way on the page's thread.
 */
import { expect, test, type Page } from '@playwright/test';
import { labelledCsv, labelledSentences } from '../src/engine/textClassifier/testing';
import { LabPage } from './pages/LabPage';
import { YourLabelledCard } from './pages/YourLabelledCard';

const SENTENCE = 'the team was very zebra';
/** seqLength 8 (`setSmall`): three steps of padding (shown as dots), then the five words (zebra as the OOV word). */
const LABELS = ['·', '·', '·', 'the', 'team', 'was', 'very', 'zebra'];

const probabilities = (card: YourLabelledCard, testId: string) =>
  card.id(testId).evaluateAll((els) => els.map((e) => ({ name: e.getAttribute('data-class'), p: Number(e.getAttribute('data-p')) })));

async function expectWordsInspected(page: Page, card: YourLabelledCard): Promise<void> {
  const inspect = card.id('yourLabelled.inspect');
  await card.id('yourLabelled.inspect.input').fill(SENTENCE);
  await expect(card.id('yourLabelled.inspect.result')).toHaveAttribute('data-input', SENTENCE);
  for (const q of ['i', 'f', 'o', 'c', 'h']) {
    const map = inspect.getByTestId(`inspect.heatmap.${q}`);
    await expect(map).toHaveAttribute('data-steps', '8');
    await expect(map).toHaveAttribute('data-units', '12');
  }
  const labels = inspect.getByTestId('inspect.heatmap.i.steps').locator('li');
  await expect(labels).toHaveText(LABELS);
  await expect(labels.nth(0)).toHaveClass(/muted/);
  await expect(labels.nth(3)).not.toHaveClass(/muted/);
  // The same sentence in Try: the same classes and probabilities (Inspect on float64, Try on float32).
  await card.id('yourLabelled.try').fill(SENTENCE);
  await expect(card.id('yourLabelled.try.class')).toHaveCount(2);
  const tried = await probabilities(card, 'yourLabelled.try.class');
  const inspected = await probabilities(card, 'yourLabelled.inspect.class');
  expect(inspected.map((c) => c.name)).toEqual(tried.map((c) => c.name));
  inspected.forEach((c, k) => expect(c.p).toBeCloseTo(tried[k].p, 4));
  await expect(card.id('yourLabelled.inspect.output')).toHaveAttribute('data-predicted', await card.id('yourLabelled.try.answer').getAttribute('data-predicted') ?? '');
  // Two classes: each word's share in the second class, once typing settles; "team" is a sport word.
  await expect(card.id('yourLabelled.inspect.attributions')).toHaveAttribute('data-complete', 'true');
  const share = async (word: string) => Number(await card.id('yourLabelled.inspect.tokens').locator('[data-status]', { hasText: word }).first().getAttribute('data-attribution'));
  const [first, second] = inspected.map((c) => c.name);
  expect([first, second]).toEqual(['food', 'sport']);
  expect(await share('team')).toBeGreaterThan(0);
  await expect(card.id('yourLabelled.inspect.legend')).toContainText('pushes toward sport');
  void page;
}

test('a trained classifier is inspected word by word: heatmaps labelled with the words, Try’s answer, each word’s share; its files inspected in a fresh page', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourLabelledCard(page);
  await lab.open();
  await card.setSmall(10);
  await card.giveFile('topics.csv', Buffer.from(labelledCsv(labelledSentences(40, 2))));
  await card.waitForPhase('ready');
  await expect(card.id('yourLabelled.inspect.input')).toBeDisabled();
  await card.train();
  await card.waitForPhase('done');
  await expectWordsInspected(page, card);
  await card.id('yourLabelled.inspect.input').fill(' ,.; ');
  await expect(card.id('yourLabelled.inspect.error')).toHaveText('Type a sentence with at least one word to classify.');
  expect(lab.errors).toEqual([]);

  // The model files loaded back: Look inside reads them on the page's thread, as Try does.
  const { lab: freshLab, card: again } = await card.loadedInFreshPage('topics', await card.downloadKeras('topics'));
  await expectWordsInspected(freshLab.page, again);
  expect(freshLab.errors).toEqual([]);
});
