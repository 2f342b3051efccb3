/**
 * Model files from elsewhere, in the page: bad files (generated here, never committed) are each
 * refused with their one sentence naming the file at fault, leaving the page and the current run
 * as they were and nothing on the console; then a good file of another tutorial loads, its card
 * comes into the picker's view, its summary shows, Train says "Train" and "Try the model" answers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { badModelCases, type BadModelCase } from '../src/engine/export/badModelFiles';
import { writeKerasH5 } from '../src/engine/export/kerasH5';
import { randomWeights, smallHp } from '../src/engine/export/testing';
import { SCENARIOS } from '../src/scenarios';
import { LabPage } from './pages/LabPage';
import { RunsPanel } from './pages/RunsPanel';

/** A short alphabet run: a few seconds on the typed trainer. */
const SHORT = 'tutorial=alphabet&epochs=3&samples=200&seed=5';

/** A representative subset of the unit tests' fuzz set: each way a file can fail in the page. */
const PICKED = [
  'truncated.h5', 'garbage.h5', 'huge-weight.h5', 'int64.h5', 'nan.h5', 'keras3.keras', 'no-class.h5',
  'malformed JSON', 'a path out of its folder', 'paths not a list', 'a missing weights file', 'a short weights file',
];

/** Writes a case's files to a folder of their own and returns their paths. */
function writeCase(c: BadModelCase, folder: string): string[] {
  mkdirSync(folder, { recursive: true });
  return c.files.map((f) => {
    const path = join(folder, f.name);
    writeFileSync(path, f.data);
    return path;
  });
}

test('bad model files are refused with their sentence, the page and its run unchanged; then a good one loads and answers', async ({ page }) => {
  await tf.setBackend('cpu');
  const cases = (await badModelCases()).filter((c) => PICKED.includes(c.title));
  expect(cases).toHaveLength(PICKED.length);
  const lab = new LabPage(page);
  const runs = new RunsPanel(page);
  const console: string[] = [];
  page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
  await lab.open(SHORT);

  // The current run: trained to its end, its answer, curves and address noted.
  await lab.train();
  await expect(lab.status).toContainText('Finished 3 epochs', { timeout: 120_000 });
  await lab.waitForState('done');
  await lab.id('try.letters.input').fill('ABC');
  await expect(lab.id('try.letters.result')).toContainText('ABC');
  const answer = await lab.id('try.letters.result').textContent();
  await expect(lab.id('chart.loss')).toHaveAttribute('data-points', '3');
  const url = page.url();

  for (const [k, c] of cases.entries()) {
    await runs.load(writeCase(c, test.info().outputPath(`bad-${k}`)));
    const named = `${c.names}: `;
    // Each case's sentence is its own, so a previous case's message never passes for this one's.
    await expect.poll(async () => {
      const [text] = await lab.id('files.load.error').allTextContents();
      return text !== undefined && text.startsWith(named) && c.message.test(text.slice(named.length));
    }, { message: c.title }).toBe(true);
    await expect(lab.id('files.load.ok')).toHaveCount(0);
    // The page and the run are as they were.
    await expect(lab.status).toHaveAttribute('data-state', 'done');
    await expect(lab.card('alphabet')).toHaveAttribute('aria-pressed', 'true');
    await expect(lab.id('chart.loss')).toHaveAttribute('data-points', '3');
    expect(page.url(), c.title).toBe(url);
  }
  await expect(lab.id('try.letters.result')).toHaveText(answer ?? '');
  await expect(runs.items).toHaveCount(1);
  // No raw library text anywhere: neither HDF5's diagnostics nor an error on the console.
  expect(console.filter((line) => /HDF5|error - name|^error:/i.test(line))).toEqual([]);
  expect(lab.errors).toEqual([]);

  // A good file of another tutorial, with the picker scrolled away from its card.
  const trend = SCENARIOS.trend;
  const spec = trend.model(smallHp(trend));
  const [good] = writeCase({
    title: 'good', load: 'trend-model.h5', names: 'trend-model.h5', message: /./,
    files: [{ name: 'trend-model.h5', data: await writeKerasH5({ spec, weights: randomWeights(spec, 3), learningRate: 0.001 }) }],
  }, test.info().outputPath('good'));
  await page.evaluate(() => {
    const scroller = document.querySelector('nav.picker')?.parentElement;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  });
  await runs.load([good]);
  await expect(lab.id('files.load.ok')).toContainText(`Loaded trend-model.h5: ${trend.title}`);
  await expect(lab.id('files.load.error')).toHaveCount(0);
  await expect(lab.card('trend')).toHaveAttribute('aria-pressed', 'true');
  await expect(lab.card('trend')).toBeInViewport();
  // Its summary, from the file's model; and nothing trained in this tab on it yet.
  await expect(lab.id('summary.table')).toBeVisible();
  await expect(lab.id('summary.total')).toHaveText(/\d/);
  await expect(lab.id('run.start')).toHaveText('Train');
  await lab.id('try.trend.generate').click();
  await expect(lab.id('try.trend.result')).toHaveAttribute('data-accuracy', /^\d/);
  expect(lab.errors).toEqual([]);
});
