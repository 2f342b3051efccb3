import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test('a shared URL restores every value in the form', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=trend&units=24&layers=1&epochs=7&batchSize=16&learningRate=0.002&validationSplit=0.3&seed=99&shuffle=true&backend=wasm');
  await expect(lab.card('trend')).toHaveAttribute('aria-pressed', 'true');
  await expect(lab.field('units')).toHaveValue('24');
  await expect(lab.field('layers')).toHaveValue('1');
  await expect(lab.field('epochs')).toHaveValue('7');
  await expect(lab.field('batchSize')).toHaveValue('16');
  await expect(lab.field('learningRate')).toHaveValue('0.002');
  await expect(lab.field('validationSplit')).toHaveValue('0.3');
  await expect(lab.field('seed')).toHaveValue('99');
  await expect(lab.field('shuffle')).toBeChecked();
  await expect(lab.field('backend')).toHaveValue('wasm');
  await expect(lab.id('url.problems')).toHaveCount(0);

  // Editing the form rewrites the URL in place, without adding history entries.
  const historyLength = await page.evaluate(() => history.length);
  await lab.field('units').fill('31');
  await expect.poll(() => lab.query().get('units')).toBe('31');
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
});

test('bad URL values are reported, replaced by defaults, and the app still trains', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=trend&epochs=-5&units=lots&backend=quantum&bogus=1&samples=200');
  const banner = lab.id('url.problems');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Epochs');
  await expect(banner).toContainText('“lots” is not a number');
  await expect(banner).toContainText('quantum');
  await expect(banner).toContainText('Unknown parameter “bogus”');
  await expect(lab.field('epochs')).toHaveValue('200');
  await expect(lab.field('units')).toHaveValue('50');

  // An out-of-range edit gets a clear message and blocks Train without losing what was typed.
  await lab.field('epochs').fill('0');
  await expect(lab.fieldError('epochs')).toContainText(/between 1 and/);
  await expect(lab.field('epochs')).toHaveValue('0');
  await expect(lab.id('run.start')).toBeDisabled();
  await lab.field('epochs').fill('2');
  await expect(lab.id('run.start')).toBeEnabled();

  await lab.train();
  await lab.waitForState('done');
  await lab.waitForPoints('chart.loss', 2);
  await lab.id('try.trend.generate').click();
  await expect(lab.id('try.trend.result')).toContainText('%');
  expect(lab.errors).toEqual([]);
});

// Every name a plain object inherits: a table looked up by a link's key must not answer them.
const BUILT_IN_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];

test('links whose keys or values are built-in object property names get the unknown-key banner, and the page works', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const visit = async (query: string) => {
    await page.goto(`/?${query}`);
    await expect(lab.id('run.start')).toBeVisible();
  };
  // Every name in one link, alone and among a tutorial's own keys: each gets its own sentence.
  const keys = BUILT_IN_NAMES.map((name) => `${encodeURIComponent(name)}=1`).join('&');
  for (const [query, tutorial, epochs] of [[keys, 'alphabet', '500'], [`tutorial=trend&epochs=7&${keys}&units=9`, 'trend', '7']]) {
    await visit(query);
    for (const name of BUILT_IN_NAMES) await expect(lab.id('url.problems'), `${name} in ${query}`).toContainText(`Unknown parameter “${name}” was ignored.`);
    await expect(lab.card(tutorial), query).toHaveAttribute('aria-pressed', 'true');
    await expect(lab.field('epochs'), query).toHaveValue(epochs);
    if (tutorial === 'trend') await expect(lab.field('units'), query).toHaveValue('9');
  }
  // As a value where a name is looked up (the old lstmImpl key, the tutorial); the unit tests
  // take every name, a few here keep the page honest.
  for (const name of ['constructor', '__proto__', 'toString']) {
    await visit(`tutorial=trend&lstmImpl=${name}`);
    await expect(lab.id('url.problems')).toContainText(`(got “${name}”)`);
    await visit(`tutorial=${name}`);
    await expect(lab.id('url.problems')).toContainText(`Unknown tutorial “${name}”`);
  }
  // A page opened from such a link trains.
  await visit('tutorial=alphabet&epochs=2&constructor=1&__proto__=1');
  await lab.train();
  await lab.waitForState('done');
  await lab.waitForPoints('chart.loss', 2);
  expect(lab.errors).toEqual([]);
});

test('an unknown tutorial falls back to the default one', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=chess');
  await expect(lab.id('url.problems')).toContainText('Unknown tutorial “chess”');
  await expect(lab.card('alphabet')).toHaveAttribute('aria-pressed', 'true');
});

test('a model whose layers run out of timesteps is refused before anything is built, naming the field', async ({ page }) => {
  const lab = new LabPage(page);
  const message = 'MaxPooling1D(2) needs at least 2 timesteps (got 1). Set the sequence length to at least 2.';
  await lab.open('tutorial=imdb-seq-cnn&seqLength=1&trainSubset=200&epochs=1');
  // From a link: reported, and the tutorial's settings restored, as for the link's other combinations.
  await expect(lab.id('url.problems')).toContainText(message);
  await expect(lab.field('seqLength')).toHaveValue('500');
  await expect(lab.field('epochs')).toHaveValue('3');
  await expect(lab.id('run.start')).toBeEnabled();

  // Typed into the form: the message sits at the field and Train stays disabled until it is fixed.
  await lab.field('seqLength').fill('1');
  await expect(lab.fieldError('seqLength')).toHaveText(message);
  await expect(lab.id('run.start')).toBeDisabled();
  await lab.field('seqLength').fill('2');
  await expect(lab.fieldError('seqLength')).toHaveCount(0);
  await expect(lab.id('run.start')).toBeEnabled();
  expect(lab.errors).toEqual([]);
});

test('a model too large for the tab says so at once, with what to reduce', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=imdb-seq');
  await lab.field('batchSize').fill('1024');
  await expect(lab.fieldError('batchSize')).toContainText(/^This model needs about 2\.5 GB to train \(the limit is 2 GB\): reduce batch size, sequence length or LSTM units\.$/);
  await expect(lab.id('run.start')).toBeDisabled();
  expect(lab.errors).toEqual([]);
});

test('the Keras code view is the whole run as a script, and Copy puts it on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const lab = new LabPage(page);
  await lab.open('tutorial=imdb-small-vocab&epochs=4&seed=9');
  await lab.id('form.keras-code').locator('summary').click();
  const text = lab.id('form.keras-code.text');
  await expect(text).toContainText('imdb.load_data(num_words=2000)');
  await expect(text).toContainText('SEED = 9');
  await expect(text).toContainText('epochs=4, batch_size=32');
  await expect(text).toContainText('model.load_weights("lstm-lab-imdb-small-vocab.h5")');
  await lab.id('form.keras-code.copy').click();
  await expect(lab.id('form.keras-code.copy')).toContainText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await text.textContent());
});
