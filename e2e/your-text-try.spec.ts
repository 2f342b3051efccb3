/**
 * "Your text"'s Try (issue #20): the temperature slider, "Write on" growing a continuation one
 * character at a time, Stop ending it at once, a new prefix ending the old continuation; and the
 * model downloaded (.h5 + data file), loaded back into a fresh page, answering with the same top 5.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { expectAccessible } from './pages/axe';
import { LabPage } from './pages/LabPage';
import { generatedSentences, YourTextCard } from './pages/YourTextCard';

const generatedText = (sentences: number) => generatedSentences(sentences, 5);

async function trained(page: Page): Promise<{ lab: LabPage; card: YourTextCard }> {
  const lab = new LabPage(page);
  const card = new YourTextCard(page);
  await lab.open();
  await card.paste(generatedText(120));
  await card.setSmall(1);
  await card.train();
  await card.waitForPhase('done');
  await expect(card.id('yourText.tryPanel')).toHaveAttribute('data-model', 'run');
  return { lab, card };
}

/** The five choices as the list shows them, with their exact probabilities. */
const topFive = (card: YourTextCard) =>
  card.id('yourText.try.top').locator('li').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-char')} ${li.getAttribute('data-p')} ${li.textContent}`));

test('Write on grows a continuation at the slider’s temperature, Stop ends it at once, a new prefix ends it too', async ({ page }) => {
  const { lab, card } = await trained(page);
  await card.id('yourText.try').fill('the quiet');
  await expect(card.id('yourText.try.top').locator('li')).toHaveCount(5);
  // The slider by keyboard: 0.5 → 0.8.
  const slider = card.id('yourText.temperature');
  await expect(card.id('yourText.temperature.value')).toHaveText('0.5');
  await slider.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(card.id('yourText.temperature.value')).toHaveText('0.8');

  await card.id('yourText.writeOn').click();
  const continuation = card.id('yourText.continuation');
  await expect(continuation).toHaveAttribute('data-state', 'writing');
  await expect(continuation).not.toHaveAttribute('data-length', '0');
  await card.id('yourText.writeOn.stop').click();
  await expect(continuation).toHaveAttribute('data-state', 'stopped');
  const stoppedAt = await continuation.getAttribute('data-length');
  expect(Number(stoppedAt)).toBeLessThan(400);
  await page.waitForTimeout(300);
  await expect(continuation).toHaveAttribute('data-length', stoppedAt!);
  await expect(continuation).toContainText(`Stopped after ${stoppedAt} characters.`);

  // A new prefix ends the continuation of the old one.
  await card.id('yourText.writeOn').click();
  await expect(continuation).toHaveAttribute('data-state', 'writing');
  await card.id('yourText.try').fill('my neighbour');
  await expect(continuation).toHaveCount(0);

  // The same prefix, temperature and model write the same continuation (seeded): run to its end
  // twice, the first time watched growing (several lengths seen on the way).
  await card.id('yourText.writeOn').click();
  const seen = new Set<string>();
  await expect.poll(async () => {
    seen.add((await continuation.getAttribute('data-length')) ?? '');
    return continuation.getAttribute('data-state');
  }, { intervals: [10], timeout: 60_000 }).toBe('done');
  expect(seen.size).toBeGreaterThan(3);
  await expect(continuation).toHaveAttribute('data-length', '400');
  const first = await continuation.locator('pre').textContent();
  expect(first).toMatch(/^my neighbour/);
  await card.id('yourText.try').fill('my neighbou');
  await card.id('yourText.try').fill('my neighbour');
  await card.id('yourText.writeOn').click();
  await expect(continuation).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(await continuation.locator('pre').textContent()).toBe(first);
  // The Keras code reads the same text the same way.
  await card.id('yourText.keras-code').locator('summary').click();
  await expect(card.id('yourText.keras-code.text')).toContainText('FILE = "pasted text"');
  await expect(card.id('yourText.keras-code.text')).toContainText('SEQ_LENGTH, STEP, MIN_COUNT = 16, 3, 1');
  await expectAccessible(page, 'your text: write on');
  expect(lab.errors).toEqual([]);
});

test('the model downloaded as .h5 with its data file, loaded back into a fresh page, gives the same top 5', async ({ page }, testInfo) => {
  const { card } = await trained(page);
  await card.id('yourText.try').fill('the zorbling co');
  await expect(card.id('yourText.try.top').locator('li')).toHaveCount(5);
  const before = await topFive(card);

  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await card.id('yourText.files.keras').click();
  await expect.poll(() => downloads.length).toBe(2);
  const saved = await Promise.all(downloads.map(async (d) => {
    const path = testInfo.outputPath(d.suggestedFilename());
    await d.saveAs(path);
    return { name: d.suggestedFilename(), mimeType: 'application/octet-stream', buffer: readFileSync(path) };
  }));
  expect(saved.map((f) => f.name).sort()).toEqual(['pasted-text.data.json', 'pasted-text.h5']);

  await page.reload();
  const fresh = new YourTextCard(page);
  await expect(fresh.id('yourText.try')).toBeDisabled();
  // The model alone is refused with its sentence; with its data file it loads.
  await fresh.id('yourText.files.load').setInputFiles(saved.filter((f) => f.name.endsWith('.h5')));
  await expect(fresh.id('yourText.files.load.error')).toHaveText('pasted-text.h5: a text model needs its data file (pasted-text.data.json), which holds its characters; pick it together with the model.');
  // A data file of another model: its table one character wider than the model's Embedding and Dense.
  const data = saved.find((f) => f.name.endsWith('.data.json'))!;
  const wider = JSON.parse(data.buffer.toString('utf8')) as { chars: (string | null)[] };
  const width = wider.chars.length;
  wider.chars.unshift('\u0001');
  await fresh.id('yourText.files.load').setInputFiles([saved.find((f) => f.name.endsWith('.h5'))!, { ...data, name: 'other.data.json', buffer: Buffer.from(JSON.stringify({ ...wider, otherIndex: wider.chars.indexOf(null) >= 0 ? wider.chars.indexOf(null) : null })) }]);
  await expect(fresh.id('yourText.files.load.error')).toHaveText(`other.data.json: its vocabulary has ${width + 1} characters, but pasted-text.h5 reads ${width} and writes ${width}; pick the .data.json file saved with this model.`);
  await expect(fresh.id('yourText.tryPanel')).toHaveAttribute('data-model', 'none');
  await fresh.id('yourText.files.load').setInputFiles(saved);
  await expect(fresh.id('yourText.files.load.ok')).toContainText('Loaded pasted-text.h5');
  await expect(fresh.id('yourText.tryPanel')).toHaveAttribute('data-model', 'file');
  await fresh.id('yourText.try').fill('the zorbling co');
  await expect(fresh.id('yourText.try.top').locator('li')).toHaveCount(5);
  expect(await topFive(fresh)).toEqual(before);
  // Look inside reads the loaded model on the page's thread: the window Try reads, and Try's first choice after it.
  await fresh.id('yourText.inspect.input').fill('the zorbling co');
  await expect(fresh.id('yourText.inspect.result')).toHaveAttribute('data-input', /the zorbling/);
  const first = (await fresh.id('yourText.try.top').locator('li').first().getAttribute('data-char'))!;
  await expect(fresh.id('yourText.inspect.output')).toHaveAttribute('data-next', first);
  await fresh.id('yourText.writeOn').click();
  await expect(fresh.id('yourText.continuation')).toHaveAttribute('data-state', /writing|done/);
});
