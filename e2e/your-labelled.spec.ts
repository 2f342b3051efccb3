/**
 * "Your labelled texts" (issue #20, labelled texts → classifier): a CSV of labelled sentences
 * dropped on the card shows its columns and classes, trains, shows the N × N confusion matrix, and
 * classifies a typed sentence with its words shaded; a folder laid out like aclImdb trains; each bad
 * file gets its sentence and the next good file trains; nothing of the data goes out in any request.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Request } from '@playwright/test';
import { labelledCsv, labelledSentences } from '../src/engine/textClassifier/testing';
import { expectAccessible } from './pages/axe';
import { LabPage } from './pages/LabPage';
import { YourLabelledCard } from './pages/YourLabelledCard';

test('a dropped CSV of labelled sentences: its classes, training, the 3 × 3 matrix, a typed sentence classified with shading, nothing sent', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourLabelledCard(page);
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  await lab.open();
  // The sidebar leads to the card, under the tutorials.
  await lab.id('yourLabelled.link').click();
  await expect(card.panel).toBeInViewport();
  await card.setSmall(12);
  await card.dropFile('topics.csv', labelledCsv(labelledSentences(40)));
  await card.waitForPhase('ready');
  await expect(card.id('yourLabelled.textColumn')).toHaveValue('text');
  await expect(card.id('yourLabelled.labelColumn')).toHaveValue('label');
  await expect(card.classes).toHaveCount(3);
  for (const name of ['food', 'sport', 'weather']) await expect(card.panel.locator(`[data-class="${name}"][data-count="40"]`)).toHaveCount(1);
  await card.train();
  await card.waitForPhase('done');
  await expect(card.id('yourLabelled.epoch')).toHaveAttribute('data-epoch', '12');
  await expect(card.id('yourLabelled.chart.loss')).toHaveAttribute('data-points', '12');
  const cells = card.id('yourLabelled.confusion.cell');
  await expect(cells).toHaveCount(9);
  const counts = await cells.evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-count'))));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(24);
  await expect(card.id('yourLabelled.confusion')).toContainText('predicted weather');
  // The Keras code reads the same columns with Keras' Tokenizer.
  await card.id('yourLabelled.keras-code').locator('summary').click();
  await expect(card.id('yourLabelled.keras-code.text')).toContainText('FILE = "topics.csv"');
  await expect(card.id('yourLabelled.keras-code.text')).toContainText('tokenizer = Tokenizer(num_words=');

  // Two weather words and one food word: weather, its words pushing toward it more than the food word.
  await card.id('yourLabelled.try').fill('the storm and bread was rain');
  await expect(card.id('yourLabelled.try.answer')).toHaveAttribute('data-predicted', 'weather');
  await expect(card.id('yourLabelled.try.class')).toHaveCount(3);
  const share = async (word: string) => Number(await card.id('yourLabelled.try.tokens').locator('[data-status="ok"]', { hasText: word }).getAttribute('data-contribution'));
  expect(await share('storm')).toBeGreaterThan(await share('bread'));
  await expect(card.id('yourLabelled.try.tokens').locator('[data-status="ok"]', { hasText: 'storm' })).toHaveAttribute('style', /background/);
  // The model files: the .h5 and its data file, named after the data.
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  const dataFile = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.data.json'));
  const h5File = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.h5'));
  await card.id('yourLabelled.files.keras').click();
  const dataPath = await (await dataFile).path();
  const h5Path = await (await h5File).path();
  const saved = JSON.parse(readFileSync(dataPath, 'utf8')) as { kind: string; labels: string[]; maxlen: number };
  expect(saved).toMatchObject({ kind: 'classify', labels: ['food', 'sport', 'weather'], maxlen: 8 });
  await expect.poll(() => downloads.sort()).toEqual(['topics.data.json', 'topics.h5']);
  await expectAccessible(page, 'your labelled texts trained');
  // The sentences stayed in the page: no request carries a word of them.
  for (const r of requests) expect(`${r.url()} ${r.postData() ?? ''}`).not.toMatch(/cheese|storm/);
  expect(lab.errors).toEqual([]);

  // The files loaded back into a fresh page classify the sentence as the run did.
  const predicted = await card.id('yourLabelled.try.class').evaluateAll((li) => li.map((l) => Number(l.getAttribute('data-p'))));
  const fresh = await page.context().newPage();
  const again = new YourLabelledCard(fresh);
  await new LabPage(fresh).open();
  await again.id('yourLabelled.files.load').setInputFiles([
    { name: 'topics.h5', mimeType: 'application/x-hdf5', buffer: readFileSync(h5Path) },
    { name: 'topics.data.json', mimeType: 'application/json', buffer: readFileSync(dataPath) },
  ]);
  await expect(again.id('yourLabelled.files.load.ok')).toContainText('Loaded topics.h5: 3 classes (food, sport, weather)');
  await again.id('yourLabelled.try').fill('the storm and bread was rain');
  await expect(again.id('yourLabelled.try.answer')).toHaveAttribute('data-predicted', 'weather');
  const loaded = await again.id('yourLabelled.try.class').evaluateAll((li) => li.map((l) => Number(l.getAttribute('data-p'))));
  loaded.forEach((p, i) => expect(p).toBeCloseTo(predicted[i], 5));
});

test('a folder laid out like aclImdb (one folder per label) trains a two-class classifier', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'labelled-'));
  const folder = join(root, 'reviews');
  try {
    for (const [i, { text, label }] of labelledSentences(20, 2).entries()) {
      mkdirSync(join(folder, label), { recursive: true });
      writeFileSync(join(folder, label, `${i}.txt`), text);
    }
    const lab = new LabPage(page);
    const card = new YourLabelledCard(page);
    await lab.open();
    await card.setSmall(2);
    await card.giveFolder(folder);
    await card.waitForPhase('ready');
    await expect(card.id('yourLabelled.source')).toContainText('folder reviews, 40 files');
    await expect(card.id('yourLabelled.textColumn')).toHaveCount(0);
    await expect(card.classes).toHaveCount(2);
    await card.train();
    await card.waitForPhase('done');
    await expect(card.id('yourLabelled.confusion.cell')).toHaveCount(4);
    await expect(card.id('yourLabelled.confusion')).toContainText('actual food');
    expect(lab.errors).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('each bad file gets its sentence naming the file (and row or column) and trains nothing; the next good file trains', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourLabelledCard(page);
  await lab.open();
  await card.setSmall(1);
  const bad: [string, Buffer, RegExp][] = [
    ['empty.csv', Buffer.alloc(0), /^empty\.csv: /],
    ['photo.csv', Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256)), /^photo\.csv: /],
    ['latin1.csv', Buffer.from([...Buffer.from('text,label\n"caf'), 0xe9, ...Buffer.from('",a\n"tea",b\n')]), /^latin1\.csv: .*(line|byte)/],
    ['ragged.csv', Buffer.from('text,label\n"a b c",x\n"d e f",y,z\n"g h i",y\n'), /^ragged\.csv, row 3/],
    ['unlabelled.csv', Buffer.from('text,label\n"a b c",x\n"d e f",\n"g h i",y\n'), /^unlabelled\.csv, row 3, column “label”/],
    ['one-class.csv', Buffer.from('text,label\n"a b c",x\n"d e f",x\n"g h i",x\n'), /^one-class\.csv.*at least two classes/],
    ['two-rows.csv', Buffer.from('text,label\n"a b c",x\n"d e f",y\n'), /^two-rows\.csv: there are 2 samples, too few/],
  ];
  for (const [name, bytes, sentence] of bad) {
    await card.giveFile(name, bytes);
    await card.waitForPhase('failed');
    await expect(card.problem).toHaveText(sentence);
    await card.train();
    await card.waitForPhase('failed');
    await expect(card.problem).toHaveText(sentence);
    await expect(card.id('yourLabelled.evaluation')).toHaveCount(0);
  }
  await card.giveFile('good.csv', Buffer.from(labelledCsv(labelledSentences(10, 2))));
  await card.waitForPhase('ready');
  await expect(card.problem).toHaveCount(0);
  await card.train();
  await card.waitForPhase('done');
  await expect(card.id('yourLabelled.confusion.cell')).toHaveCount(4);
  expect(lab.errors).toEqual([]);
});

test('Stop ends a run on labelled texts', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourLabelledCard(page);
  await lab.open();
  // Long enough that no machine finishes before Stop is pressed.
  await card.setSmall(2000);
  await card.id('yourLabelled.field.units').fill('64');
  await card.giveFile('topics.csv', Buffer.from(labelledCsv(labelledSentences(200))));
  await card.waitForPhase('ready');
  await card.train();
  await card.stopAfterFirstEpoch();
  await card.waitForPhase('done');
  await expect(card.id('yourLabelled.epoch')).toContainText('(stopped)');
  expect(Number(await card.id('yourLabelled.epoch').getAttribute('data-epoch'))).toBeLessThan(2000);
  expect(lab.errors).toEqual([]);
});
