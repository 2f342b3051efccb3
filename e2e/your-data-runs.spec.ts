/**
 * Runs of a user's data kept, listed, opened, compared, paused and shared (issue #20), for the
 * text, series and labelled-texts kinds: a run is listed by its data's name, survives a reload,
 * opens back into its card with Try answering from the kept weights (a series with its plot;
 * labelled texts with their model files); two runs compare; its dataset is listed and removable on
 * its own; a link carries the settings and the data's name and hash, and asks for the file (or the
 * folder).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './pages/axe';
import { LabPage } from './pages/LabPage';
import { RunsPanel } from './pages/RunsPanel';
import { labelledCsv, labelledSentences } from '../src/engine/textClassifier/testing';
import { YourLabelledCard } from './pages/YourLabelledCard';
import { YourSeriesCard } from './pages/YourSeriesCard';
import { YourTextCard } from './pages/YourTextCard';

/** A text generated here: made-up sentences, `seed` varies them. */
function generatedText(sentences: number, seed = 11): string {
  const who = ['the zorbling', 'a quiet heron', 'my neighbour', 'the old clock'];
  const did = ['hums', 'waits', 'sings softly', 'counts the stars'];
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  return Array.from({ length: sentences }, () => `${who[next(4)]} ${did[next(4)]}.`).join(' ');
}

async function trainFile(card: YourTextCard, name: string, text: string, epochs = 1): Promise<void> {
  await card.giveFile(name, Buffer.from(text));
  await card.setSmall(epochs);
  await card.train();
  await card.waitForPhase('done');
}

/** The link a card's Copy link button puts on the clipboard. */
async function copiedLink(page: Page, testId: string): Promise<string> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId(testId).click();
  return page.evaluate(() => navigator.clipboard.readText());
}

async function openLab(page: Page): Promise<{ lab: LabPage; card: YourTextCard; runs: RunsPanel }> {
  const lab = new LabPage(page);
  await lab.open();
  return { lab, card: new YourTextCard(page), runs: new RunsPanel(page) };
}

test('a text run is kept: listed by its data, opened after a reload with Try from the kept weights; its dataset listed and removable on its own', async ({ page }) => {
  const { lab, card, runs } = await openLab(page);
  await trainFile(card, 'zorbling.txt', generatedText(120));
  await expect(runs.item(0).getByTestId('runs.title')).toHaveText('Your text: zorbling.txt');
  await expect(runs.item(0)).toHaveAttribute('data-outcome', 'completed');
  await expect(runs.item(0)).toHaveAttribute('data-has-model', 'true');
  await expect(lab.id('datasets.item')).toHaveCount(1);
  await expect(lab.id('datasets.name')).toHaveText('zorbling.txt');
  await expectAccessible(page, 'runs with a kept dataset');

  await page.reload();
  await expect(lab.id('run.start')).toBeVisible();
  await expect(runs.items).toHaveCount(1);
  await expect(lab.id('datasets.usedBy')).toContainText('Used by “zorbling.txt, ');
  await runs.open(0);
  await expect(card.id('yourText.opened')).toHaveAttribute('data-dataset', 'kept');
  await expect(card.panel).toHaveAttribute('data-phase', 'done');
  await expect(card.id('yourText.epoch')).toHaveAttribute('data-epoch', '1');
  await expect(card.id('yourText.curve')).toHaveAttribute('data-batches', /^[1-9]\d*$/);
  await expect(card.id('yourText.source')).toContainText('zorbling.txt');
  // The text it wrote after its epoch is kept with it.
  await expect(card.samples).toHaveAttribute('data-epoch', '1');
  await expect(card.id('yourText.sample.text')).toHaveCount(3);
  await card.id('yourText.try').fill('the zorbling hu');
  await expect(card.id('yourText.try.top').locator('li')).toHaveCount(5);

  // The dataset goes on its own: the run still opens its curves, and says its text is gone.
  await lab.id('datasets.remove').click();
  await expect(lab.id('datasets.item')).toHaveCount(0);
  await page.reload();
  await expect(runs.items).toHaveCount(1);
  await runs.open(0);
  await expect(card.id('yourText.opened')).toHaveAttribute('data-dataset', 'gone');
  await expect(card.id('yourText.opened.dataGone')).toContainText('“zorbling.txt” is no longer kept');
  await expect(card.id('yourText.epoch')).toHaveAttribute('data-epoch', '1');
  await card.id('yourText.try').fill('the zorbling hu');
  await expect(card.id('yourText.try.top').locator('li')).toHaveCount(5);
  expect(lab.errors).toEqual([]);
});

test('two text runs compare: their curves overlaid, what they trained on told apart; a run pauses and resumes', async ({ page }) => {
  const { lab, card, runs } = await openLab(page);
  await trainFile(card, 'herons.txt', generatedText(120, 5));
  await trainFile(card, 'clocks.txt', generatedText(120, 29));
  await expect(runs.items).toHaveCount(2);
  await runs.item(0).getByTestId('runs.compare').check();
  await runs.item(1).getByTestId('runs.compare').check();
  await expect(lab.id('compare.panel')).toHaveAttribute('data-runs', '2');
  await expect(lab.id('compare.chart.batch')).toHaveAttribute('data-points', /^[1-9]\d*$/);
  await expect(lab.id('compare.diff.scenario')).toContainText('Your text: clocks.txt');
  await expect(lab.id('compare.diff.scenario')).toContainText('Your text: herons.txt');

  // Pause holds the run (no epoch ends while paused); Resume lets it finish. Enough epochs that the
  // run cannot end between Pause becoming enabled and the click.
  await card.setSmall(20);
  await card.train();
  await expect(card.id('yourText.pause')).toBeEnabled({ timeout: 60_000 });
  await card.id('yourText.pause').click();
  await expect(card.id('yourText.resume')).toBeVisible();
  const batches = await card.id('yourText.curve').getAttribute('data-batches').catch(() => null);
  await page.waitForTimeout(1500);
  expect(await card.id('yourText.curve').getAttribute('data-batches').catch(() => null)).toBe(batches);
  await expect(card.panel).toHaveAttribute('data-phase', 'training');
  await card.id('yourText.resume').click();
  await card.waitForPhase('done');
  await expect(card.id('yourText.epoch')).toHaveAttribute('data-epoch', '20');
  expect(lab.errors).toEqual([]);
});

test('a link carries the settings and the data’s name and hash, never the text: it asks for the file and checks it', async ({ page, context }) => {
  const { lab, card } = await openLab(page);
  const text = generatedText(120, 7);
  await trainFile(card, 'zorbling.txt', text);
  const link = await copiedLink(page, 'yourText.copyLink');
  const params = new URL(link).searchParams;
  expect(params.get('data')).toBe('text');
  expect(params.get('dataName')).toBe('zorbling.txt');
  expect(params.get('dataHash')).toMatch(/^[0-9a-f]{64}$/);
  expect(params.get('seqLength')).toBe('16');
  expect(link).not.toContain('zorbling%20');
  expect(link).not.toContain('heron');

  const other = await context.newPage();
  const otherLab = new LabPage(other);
  const otherCard = new YourTextCard(other);
  await otherLab.open(new URL(link).search.slice(1));
  await expect(otherCard.id('yourText.link.prompt')).toContainText('zorbling.txt');
  await expect(otherCard.id('yourText.field.seqLength')).toHaveValue('16');
  await otherCard.id('yourText.link.file').setInputFiles({ name: 'zorbling.txt', mimeType: 'text/plain', buffer: Buffer.from(`${text} And one more.`) });
  await expect(otherCard.id('yourText.link.differs')).toContainText('“zorbling.txt” is not the file this link was made with');
  await expectAccessible(other, 'a text link asking for its file');
  await otherCard.id('yourText.link.file').setInputFiles({ name: 'zorbling.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(otherCard.id('yourText.link.match')).toContainText('ready to train');
  await otherCard.train();
  await otherCard.waitForPhase('done');
  expect(otherLab.errors).toEqual([]);

  // A bad data parameter gets the link banner, as any bad parameter does.
  const bad = await context.newPage();
  const badLab = new LabPage(bad);
  await badLab.open('data=text&dataName=a.txt&dataHash=nothex');
  await expect(bad.getByText(/dataHash: “nothex” is not a SHA-256 hash/)).toBeVisible();
  await expect(new YourTextCard(bad).id('yourText.link.prompt')).toHaveCount(0);
  expect(lab.errors).toEqual([]);
});

test('a text run cut off by a reload is listed interrupted and resumes from its checkpoint, continuing its kept record', async ({ page }) => {
  const { lab, card, runs } = await openLab(page);
  await card.giveFile('long.txt', Buffer.from(generatedText(600, 3)));
  // Enough epochs that the run cannot end between its first kept checkpoint and the reload.
  await card.setSmall(40);
  await card.train();
  await expect.poll(() => lab.savedCheckpointEpoch(), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  await card.id('yourText.pause').click();
  await expect(runs.item(0)).toContainText('training');
  await expect(runs.item(0).getByTestId('runs.elsewhere')).toHaveCount(0);
  await page.reload();
  await expect(runs.items).toHaveCount(1);
  await expect(runs.item(0)).toHaveAttribute('data-outcome', 'running');
  await expect(runs.item(0)).toContainText('interrupted');
  const resume = runs.item(0).getByTestId('runs.resume');
  await expect(resume).toBeVisible();
  const from = Number(await resume.getAttribute('data-epoch'));
  expect(from).toBeGreaterThanOrEqual(1);
  await resume.click();
  await expect(card.panel).toHaveAttribute('data-phase', 'training');
  await expect(runs.item(0)).toContainText('training');
  await card.waitForPhase('done');
  await expect(card.id('yourText.epoch')).toHaveAttribute('data-epoch', '40');
  await expect(runs.items).toHaveCount(1);
  await expect(runs.item(0)).toHaveAttribute('data-outcome', 'completed');
  await expect(runs.item(0)).toHaveAttribute('data-epochs', '40');
  await expect(runs.item(0).getByTestId('runs.resume')).toHaveCount(0);
  expect(await lab.savedCheckpointEpoch()).toBe(0);
  expect(lab.errors).toEqual([]);
});

/** Daily readings with a weekly swing (a level around 4170, a marker no link may carry) and a second column. */
function seriesCsv(rows: number, shift = 0): string {
  const lines = ['date,level,flow'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2023, 5, 1 + i)).toISOString().slice(0, 10);
    lines.push([day, (4170 + shift + 40 * Math.sin((2 * Math.PI * i) / 7) + (i % 5)).toFixed(3), (12 + (i % 9) * 0.5).toFixed(1)].join(','));
  }
  return lines.join('\n');
}

test('a series run is kept: listed by its data, opened after a reload with its plot and Try from the kept weights; paused and resumed', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourSeriesCard(page);
  const runs = new RunsPanel(page);
  await lab.open();
  await card.giveFile('levels.csv', seriesCsv(120));
  await card.id('yourSeries.column.flow').uncheck();
  await card.setSmall(2);
  await card.train();
  await card.waitForPhase('done');
  await expect(runs.item(0).getByTestId('runs.title')).toHaveText('Your series: levels.csv');
  await expect(runs.item(0)).toHaveAttribute('data-has-model', 'true');
  await expect(lab.id('datasets.name')).toHaveText('levels.csv');
  await card.id('yourSeries.try').fill('4170, 4200 4205 4190 4150 4140');
  const before = Number(await card.id('yourSeries.try.answer').getAttribute('data-answer'));
  const inspected = card.id('yourSeries.inspect.result');
  await expect(inspected).toBeVisible();
  const inspectedBefore = Number(await inspected.getAttribute('data-answer'));

  await page.reload();
  await expect(runs.items).toHaveCount(1);
  await runs.open(0);
  await expect(card.id('yourSeries.opened')).toHaveAttribute('data-dataset', 'kept');
  await expect(card.panel).toHaveAttribute('data-phase', 'done');
  await expect(card.id('yourSeries.epoch')).toHaveAttribute('data-epoch', '2');
  await expect(card.id('yourSeries.source')).toContainText('levels.csv');
  await expect(card.plot).toHaveAttribute('data-answers', '114');
  await expect(card.id('yourSeries.column.flow')).not.toBeChecked();
  await card.id('yourSeries.try').fill('4170, 4200 4205 4190 4150 4140');
  const after = Number(await card.id('yourSeries.try.answer').getAttribute('data-answer'));
  expect(after).toBeCloseTo(before, 2);
  // Look inside reads the kept weights on the page's thread: the data's last window, as the run's worker read it.
  await expect(inspected).toBeVisible();
  expect(Number(await inspected.getAttribute('data-answer'))).toBeCloseTo(inspectedBefore, 2);
  await expectAccessible(page, 'a kept series run opened');

  // Pause holds the run; Resume lets it finish.
  await card.setSmall(30);
  await card.train();
  await expect(card.id('yourSeries.pause')).toBeEnabled({ timeout: 60_000 });
  await card.id('yourSeries.pause').click();
  await expect(card.id('yourSeries.resume')).toBeVisible();
  await expect(card.panel).toHaveAttribute('data-phase', 'training');
  await card.id('yourSeries.resume').click();
  await card.waitForPhase('done');
  await expect(card.id('yourSeries.epoch')).toHaveAttribute('data-epoch', '30');
  await expect(runs.items).toHaveCount(2);

  // Compared, two runs on the next value overlay their mean absolute errors (not a percent axis);
  // with a tutorial's run beside them, the figures share no axis and only the losses are drawn.
  await runs.compare(0, 1);
  await expect(lab.id('compare.chart.acc')).toContainText('Mean absolute error per epoch');
  await lab.open('tutorial=alphabet&epochs=1&samples=100');
  await lab.train();
  await lab.waitForState('done');
  await expect(runs.items).toHaveCount(3);
  await runs.compare(0, 1);
  await expect(lab.id('compare.chart.acc.mixed')).toContainText('accuracy and mean absolute error');
  await expect(lab.id('compare.chart.loss')).toBeVisible();
  expect(lab.errors).toEqual([]);
});

test('a series link carries the settings, the columns and the data’s name and hash, never the rows: it asks for the file and checks it', async ({ page, context }) => {
  const lab = new LabPage(page);
  const card = new YourSeriesCard(page);
  await lab.open();
  const csv = seriesCsv(90);
  await card.giveFile('levels.csv', csv);
  await card.id('yourSeries.column.flow').uncheck();
  await card.setSmall(1, 7);
  await card.train();
  await card.waitForPhase('done');
  const link = await copiedLink(page, 'yourSeries.copyLink');
  const params = new URL(link).searchParams;
  expect(params.get('data')).toBe('series');
  expect(params.get('dataName')).toBe('levels.csv');
  expect(params.get('columns')).toBe('["level"]');
  expect(params.get('seqLength')).toBe('7');
  expect(link).not.toContain('4170');

  const other = await context.newPage();
  const otherLab = new LabPage(other);
  const otherCard = new YourSeriesCard(other);
  await otherLab.open(new URL(link).search.slice(1));
  await expect(otherCard.id('yourSeries.link.prompt')).toContainText('levels.csv');
  await expect(otherCard.id('yourSeries.field.lookBack')).toHaveValue('7');
  await otherCard.id('yourSeries.link.file').setInputFiles({ name: 'levels.csv', mimeType: 'text/csv', buffer: Buffer.from(seriesCsv(90, 1)) });
  await expect(otherCard.id('yourSeries.link.differs')).toContainText('“levels.csv” is not the file this link was made with');
  await otherCard.id('yourSeries.link.file').setInputFiles({ name: 'levels.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(otherCard.id('yourSeries.link.match')).toContainText('ready to train');
  await expect(otherCard.id('yourSeries.column.flow')).not.toBeChecked();
  await expectAccessible(other, 'a series link asking for its file');
  await otherCard.train();
  await otherCard.waitForPhase('done');
  expect(otherLab.errors).toEqual([]);
  expect(lab.errors).toEqual([]);
});

const probabilities = (card: YourLabelledCard) =>
  card.id('yourLabelled.try.class').evaluateAll((els) => els.map((e) => ({ name: e.getAttribute('data-class'), p: Number(e.getAttribute('data-p')) })));
const cells = (card: YourLabelledCard) => card.id('yourLabelled.confusion.cell').allTextContents();

test('a labelled-texts run is kept: listed by its data, opened after a reload with its N × N matrix and Try from the kept weights', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourLabelledCard(page);
  const runs = new RunsPanel(page);
  await lab.open();
  await card.giveFile('topics.csv', Buffer.from(labelledCsv(labelledSentences(30))));
  await card.setSmall(2);
  await card.train();
  await card.waitForPhase('done');
  await expect(runs.item(0).getByTestId('runs.title')).toHaveText('Your labelled texts: topics.csv');
  await expect(runs.item(0)).toHaveAttribute('data-has-model', 'true');
  await expect(lab.id('datasets.name')).toHaveText('topics.csv');
  await expect(card.id('yourLabelled.confusion')).toHaveAttribute('data-classes', '3');
  const matrix = await cells(card);
  await card.id('yourLabelled.try').fill('the spicy soup and cheese bread');
  await expect(card.id('yourLabelled.try.class')).toHaveCount(3);
  const before = await probabilities(card);

  await page.reload();
  await expect(runs.items).toHaveCount(1);
  await runs.open(0);
  await expect(card.id('yourLabelled.opened')).toHaveAttribute('data-dataset', 'kept');
  await expect(card.panel).toHaveAttribute('data-phase', 'done');
  await expect(card.id('yourLabelled.epoch')).toHaveAttribute('data-epoch', '2');
  await expect(card.id('yourLabelled.source')).toContainText('topics.csv');
  await expect(card.id('yourLabelled.field.seqLength')).toHaveValue('8');
  await expect(card.id('yourLabelled.confusion')).toHaveAttribute('data-classes', '3');
  expect(await cells(card)).toEqual(matrix);
  await card.id('yourLabelled.try').fill('the spicy soup and cheese bread');
  await expect(card.id('yourLabelled.try.class')).toHaveCount(3);
  const after = await probabilities(card);
  expect(after.map((c) => c.name)).toEqual(before.map((c) => c.name));
  after.forEach((c, k) => expect(c.p).toBeCloseTo(before[k].p, 4));
  await expectAccessible(page, 'a kept labelled-texts run opened');

  // Its model files, from the kept weights: named after its data, loaded into a fresh page, Try answers the same.
  const { lab: freshLab, card: again } = await card.loadedInFreshPage('topics', await card.downloadKeras('topics'));
  await expect(again.id('yourLabelled.files.load.ok')).toContainText('Loaded topics.h5: 3 classes');
  await again.id('yourLabelled.try').fill('the spicy soup and cheese bread');
  await expect(again.id('yourLabelled.try.class')).toHaveCount(3);
  const loaded = await probabilities(again);
  expect(loaded.map((c) => c.name)).toEqual(before.map((c) => c.name));
  loaded.forEach((c, k) => expect(c.p).toBeCloseTo(before[k].p, 4));
  expect(lab.errors).toEqual([]);
  expect(freshLab.errors).toEqual([]);
});

test('a labelled-texts link carries the settings, the columns and the data’s name and hash, never the texts: it asks for the file and checks it', async ({ page, context }) => {
  const lab = new LabPage(page);
  const card = new YourLabelledCard(page);
  await lab.open();
  const csv = labelledCsv(labelledSentences(30)).replace(/^text,label\n/, 'sentence,topic\n');
  await card.giveFile('topics.csv', Buffer.from(csv));
  await card.setSmall(1);
  await card.train();
  await card.waitForPhase('done');
  const link = await copiedLink(page, 'yourLabelled.copyLink');
  const params = new URL(link).searchParams;
  expect(params.get('data')).toBe('classify');
  expect(params.get('dataName')).toBe('topics.csv');
  expect(params.get('textColumn')).toBe('sentence');
  expect(params.get('labelColumn')).toBe('topic');
  expect(params.get('seqLength')).toBe('8');
  expect(link).not.toMatch(/soup|food/);

  const other = await context.newPage();
  const otherLab = new LabPage(other);
  const otherCard = new YourLabelledCard(other);
  await otherLab.open(new URL(link).search.slice(1));
  await expect(otherCard.id('yourLabelled.link.prompt')).toContainText('topics.csv');
  await expect(otherCard.id('yourLabelled.field.seqLength')).toHaveValue('8');
  await otherCard.id('yourLabelled.link.file').setInputFiles({ name: 'topics.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace('sentence,topic\n', 'sentence,topic\nan extra line of soup,food\n')) });
  await expect(otherCard.id('yourLabelled.link.differs')).toContainText('“topics.csv” is not the file this link was made with');
  await otherCard.id('yourLabelled.link.file').setInputFiles({ name: 'topics.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(otherCard.id('yourLabelled.link.match')).toContainText('ready to train');
  await expect(otherCard.id('yourLabelled.textColumn')).toHaveValue('sentence');
  await expectAccessible(other, 'a labelled-texts link asking for its file');
  await otherCard.train();
  await otherCard.waitForPhase('done');
  expect(otherLab.errors).toEqual([]);
  expect(lab.errors).toEqual([]);
});

test('a link to a labelled-texts run on a folder asks for the folder and checks it: a changed folder differs, the same one matches and trains', async ({ page, context }) => {
  const root = mkdtempSync(join(tmpdir(), 'folder-link-'));
  const writeFolder = (name: string, count: number) => {
    const folder = join(root, name);
    for (const [i, { text, label }] of labelledSentences(count, 2).entries()) {
      mkdirSync(join(folder, label), { recursive: true });
      writeFileSync(join(folder, label, `${i}.txt`), text);
    }
    return folder;
  };
  try {
    const lab = new LabPage(page);
    const card = new YourLabelledCard(page);
    await lab.open();
    await card.setSmall(1);
    await card.giveFolder(writeFolder('reviews', 20));
    await card.waitForPhase('ready');
    await card.train();
    await card.waitForPhase('done');
    const link = await copiedLink(page, 'yourLabelled.copyLink');
    const params = new URL(link).searchParams;
    expect(params.get('dataName')).toBe('reviews');
    expect(params.get('folder')).toBe('1');
    expect(params.has('textColumn')).toBe(false);

    const other = await context.newPage();
    const otherLab = new LabPage(other);
    const otherCard = new YourLabelledCard(other);
    await otherLab.open(new URL(link).search.slice(1));
    await expect(otherCard.id('yourLabelled.link.prompt')).toContainText('choose the folder on this machine');
    await expect(otherCard.id('yourLabelled.link.file')).toHaveCount(0);
    // The same name, one text more: not the folder the link was made with.
    await otherCard.id('yourLabelled.link.folder').setInputFiles(writeFolder('changed/reviews', 21));
    await expect(otherCard.id('yourLabelled.link.differs')).toContainText('“reviews” is not the folder this link was made with');
    await otherCard.id('yourLabelled.link.folder').setInputFiles(join(root, 'reviews'));
    await expect(otherCard.id('yourLabelled.link.match')).toContainText('reviews is the folder this link was made with: ready to train');
    await expect(otherCard.id('yourLabelled.source')).toContainText('folder reviews, 40 files');
    await expectAccessible(other, 'a labelled-texts link asking for its folder');
    await otherCard.train();
    await otherCard.waitForPhase('done');
    expect(otherLab.errors).toEqual([]);
    expect(lab.errors).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a labelled-texts run cut off by a reload is listed interrupted and resumes from its checkpoint, continuing its kept record', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourLabelledCard(page);
  const runs = new RunsPanel(page);
  await lab.open();
  await card.giveFile('topics.csv', Buffer.from(labelledCsv(labelledSentences(300))));
  // Enough epochs that the run lasts past its first kept checkpoint (one every 2 s at most) and cannot end before the reload.
  await card.setSmall(150);
  // A wider LSTM: epochs slow enough on a fast machine that Pause lands well before the end.
  await card.id('yourLabelled.field.units').fill('96');
  await card.id('yourLabelled.field.batchSize').fill('8');
  await card.train();
  await expect.poll(() => lab.savedCheckpointEpoch(), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  await card.id('yourLabelled.pause').click();
  await expect(runs.item(0)).toContainText('training');
  await page.reload();
  await expect(runs.items).toHaveCount(1);
  await expect(runs.item(0)).toContainText('interrupted');
  const resume = runs.item(0).getByTestId('runs.resume');
  await expect(resume).toBeVisible();
  await resume.click();
  await expect(card.panel).toHaveAttribute('data-phase', 'training');
  await card.waitForPhase('done');
  await expect(card.id('yourLabelled.epoch')).toHaveAttribute('data-epoch', '150');
  await expect(card.id('yourLabelled.confusion')).toHaveAttribute('data-classes', '3');
  await expect(runs.items).toHaveCount(1);
  await expect(runs.item(0)).toHaveAttribute('data-outcome', 'completed');
  await expect(runs.item(0)).toHaveAttribute('data-epochs', '150');
  expect(await lab.savedCheckpointEpoch()).toBe(0);
  expect(lab.errors).toEqual([]);
});
