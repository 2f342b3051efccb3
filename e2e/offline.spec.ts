import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { RunsPanel } from './pages/RunsPanel';

// The one spec that lets the app's service worker in (playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: 'allow' });

/** A short alphabet run: a few seconds on the typed trainer. */
const SHORT = 'tutorial=alphabet&epochs=3&samples=400&seed=5';

async function trainToEnd(lab: LabPage, epochs: number): Promise<void> {
  await lab.train();
  await expect(lab.status).toContainText(`Finished ${epochs} epoch`, { timeout: 120_000 });
  await lab.waitForState('done');
}

/** Whether the service worker controls the page (it does once it has precached everything). */
const controlled = (page: Page) => page.evaluate(() => navigator.serviceWorker.controller !== null);
const isolated = (page: Page) => page.evaluate(() => crossOriginIsolated);

test('after the first load, everything works offline: export .h5 and TF.js, load the .h5 back, reload and train', async ({ page, context }) => {
  const lab = new LabPage(page);
  const runs = new RunsPanel(page);
  await lab.open(SHORT);
  // Trained online, so the test does not hang on whether the workers this page started before the
  // service worker took over are its clients; the reload below starts new ones under it.
  await trainToEnd(lab, 3);
  await expect.poll(() => controlled(page), { timeout: 60_000 }).toBe(true);
  await context.setOffline(true);

  // The model files' writers and reader are chunks the page loads only now.
  const [h5] = await runs.download('files.keras');
  expect(h5.suggestedFilename()).toMatch(/\.h5$/);
  const h5Path = test.info().outputPath(h5.suggestedFilename());
  await h5.saveAs(h5Path);
  expect(await h5.failure()).toBeNull();
  const tfjs = await runs.download('files.tfjs', 2);
  expect(tfjs.map((d) => d.suggestedFilename().replace(/^.*\./, '')).sort()).toEqual(['bin', 'json']);
  for (const d of tfjs) expect(await d.failure()).toBeNull();
  await runs.load([h5Path]);
  await expect(lab.id('files.load.ok')).toContainText('Alphabet');

  // A reload with the network gone is served by the worker, still cross-origin isolated (so the
  // WASM backend keeps its threads), and trains.
  await page.reload();
  await expect(lab.id('run.start')).toBeVisible();
  expect(await controlled(page)).toBe(true);
  expect(await isolated(page)).toBe(true);
  await lab.field('epochs').fill('2');
  await trainToEnd(lab, 2);
  await lab.id('try.letters.input').fill('ABC');
  await expect(lab.id('try.letters.result')).toContainText('ABC');
  expect(lab.errors).toEqual([]);
});

test('a page served by the worker online is cross-origin isolated too', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(SHORT);
  expect(await isolated(page)).toBe(true);
  await expect.poll(() => controlled(page), { timeout: 60_000 }).toBe(true);
  await page.reload();
  await expect(lab.id('run.start')).toBeVisible();
  expect(await controlled(page)).toBe(true);
  expect(await isolated(page)).toBe(true);
  expect(lab.errors).toEqual([]);
});

test.describe('where the browser refuses service workers', () => {
  test.use({ serviceWorkers: 'block' });

  test('the page works online as before, with no notice and no error', async ({ page }) => {
    const lab = new LabPage(page);
    const warned = page.waitForEvent('console', (m) => m.type() === 'warning' && m.text().startsWith('LSTM Lab is not kept for offline use'));
    await lab.open(SHORT);
    await warned;
    await trainToEnd(lab, 3);
    await expect(lab.id('engine.notice')).toHaveCount(0);
    expect(lab.errors).toEqual([]);
  });
});
