/**
 * "Your text" (issue #20, text → next character): a pasted text trains, the generated samples
 * appear after the epoch and Try answers; a bad file gets its sentence and the next good file
 * trains; nothing of the text goes out in any request.
 */
import { expect, test, type Request } from '@playwright/test';
import { expectAccessible } from './pages/axe';
import { LabPage } from './pages/LabPage';
import { generatedSentences, YourTextCard } from './pages/YourTextCard';

const generatedText = (sentences: number) => generatedSentences(sentences, 11);

test('a pasted text trains: the samples at three temperatures after the epoch, Try’s top 5, and the text never sent', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourTextCard(page);
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  await lab.open();
  await lab.id('yourText.link').click();
  const text = generatedText(120);
  await card.paste(text);
  await card.setSmall(1);
  await card.train();
  await card.waitForPhase('done');
  await expect(card.id('yourText.summary')).toContainText(`pasted text: ${text.length.toLocaleString('en')} characters`);
  await expect(card.samples).toHaveAttribute('data-epoch', '1');
  await expect(card.id('yourText.sample.text')).toHaveCount(3);
  await expect(card.id('yourText.sample.text').nth(0)).toHaveAttribute('data-temperature', '0.2');
  await expect(card.id('yourText.curve')).toHaveAttribute('data-batches', /^[1-9]\d*$/);
  await card.id('yourText.try').fill('the zorbling hu');
  await expect(card.id('yourText.try.top').locator('li')).toHaveCount(5);
  await expectAccessible(page, 'your text trained');
  // The text stayed in the page: no request carries its marker word.
  for (const r of requests) expect(`${r.url()} ${r.postData() ?? ''}`).not.toContain('zorbling');
  expect(lab.errors).toEqual([]);
});

test('a bad file gets its sentence and trains nothing; the next good file trains', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourTextCard(page);
  await lab.open();
  await card.setSmall(1);
  await card.giveFile('empty.txt', Buffer.alloc(0));
  await card.train();
  await card.waitForPhase('failed');
  await expect(card.problem).toContainText(/^empty\.txt: /);
  await expect(card.samples).toHaveCount(0);

  await card.giveFile('photo.txt', Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256)));
  await card.train();
  await expect(card.problem).toContainText(/^photo\.txt: /);
  await card.waitForPhase('failed');

  await card.giveFile('notes.txt', Buffer.from(generatedText(100), 'utf8'));
  await expect(card.problem).toHaveCount(0);
  await card.train();
  await card.waitForPhase('done');
  await expect(card.samples).toHaveAttribute('data-epoch', '1');
  await expect(card.id('yourText.summary')).toContainText('notes.txt:');
  expect(lab.errors).toEqual([]);
});

test('Stop ends a text run; closing the tab mid-run asks first', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourTextCard(page);
  await lab.open();
  await card.paste(generatedText(150));
  await card.setSmall(500);
  await card.train();
  await expect(card.id('yourText.epoch')).toHaveAttribute('data-epoch', /^[1-9]/, { timeout: 150_000 });
  await card.id('yourText.stop').click();
  await card.waitForPhase('done');
  await expect(card.id('yourText.epoch')).toContainText('(stopped)');

  await card.train();
  await expect(card.panel).toHaveAttribute('data-phase', 'training');
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const asked = await dialog;
  expect(asked.type()).toBe('beforeunload');
  await asked.accept();
});
