/**
 * What the page meets in its run database when another version of the app (or anything else on
 * this origin) wrote there, and when the browser clears it under an open tab: the page always
 * renders, good runs stay usable, bad ones are listed as damaged to export or delete, and runs
 * are kept again after site data was cleared.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { defaultConfig } from '../src/config/runConfig';
import { expectAccessible } from './pages/axe';
import { LabPage } from './pages/LabPage';
import { RunsPanel } from './pages/RunsPanel';
import { ALPHABET_WEIGHT_BYTES, storedModel, storedRun } from './pages/storedRuns';

/** Records a version of the app that knows other tutorials or fields, or a hand edit, could leave: [id, value, what the page says]. */
const DAMAGED: [string, Record<string, unknown>, RegExp][] = [
  ['unknown-tutorial', { ...storedRun('unknown-tutorial', 10), scenario: 'alphabet-v9' }, /scenario is “alphabet-v9”, which is not one of/],
  ['no-epochs', (({ epochs: _, ...r }) => r)(storedRun('no-epochs', 11)), /epochs is missing/],
  ['started-as-text', { ...storedRun('started-as-text', 12), startedAt: 'yesterday' }, /startedAt should be a number, not text/],
  ['name-object', { ...storedRun('name-object', 13), name: { en: 'x' } }, /name should be text, not an object/],
  ['only-id', { id: 'only-id' }, /is missing/],
  ['garbage-history', { ...storedRun('garbage-history', 14), epochs: 'lots', batches: [null] }, /epochs should be a list, not text/],
  ['bad-plan', { ...storedRun('bad-plan', 15), plan: { candidate: 42 } }, /plan\.candidate is none of the forms/],
  ['bad-config', { ...storedRun('bad-config', 16), config: { scenario: 'alphabet', hp: { ...defaultConfig('alphabet').hp, units: 'many' } } }, /config\.hp\.units is out of bounds/],
];

test('bad stored records never blank the page: good runs open and train, damaged ones are listed to export or delete', async ({ page }) => {
  const lab = new LabPage(page);
  const runs = new RunsPanel(page);
  await lab.open('tutorial=alphabet');
  await expect(runs.panel).toHaveAttribute('data-count', '0');
  await runs.seed(
    [
      storedRun('good-curves', 2000, { name: 'Good, curves only', modelGone: 'freed' }),
      storedRun('good-bad-model', 1000, { name: 'Good, damaged model', hasModel: true, modelBytes: ALPHABET_WEIGHT_BYTES }),
      ...DAMAGED.map(([, r]) => r),
    ],
    [['good-bad-model', { ...storedModel(), weights: storedModel().weights.map((w, i) => (i === 1 ? { ...w, values: w.values.map(() => Number.NaN) } : w)) }]],
  );
  await page.reload();

  // The page renders: tutorial cards, the form, Train; no panel failed.
  await expect(lab.card('alphabet')).toBeVisible();
  await expect(lab.field('epochs')).toBeVisible();
  await expect(lab.id('run.start')).toBeEnabled();
  await expect(lab.id('panel.failed')).toHaveCount(0);

  // Good runs listed as runs, the rest as damaged, each with its sentence.
  await expect(runs.items).toHaveCount(2);
  await expect(runs.damaged).toHaveCount(DAMAGED.length);
  for (const [id, , sentence] of DAMAGED) {
    const item = runs.damaged.and(page.locator(`[data-run-id="${id}"]`));
    await expect(item).toContainText('damaged');
    await expect(item.getByTestId('runs.damaged.problem')).toHaveText(sentence);
    // Export and Delete, nothing else.
    await expect(item.getByRole('button')).toHaveText(['Export', 'Delete']);
  }
  await expect(runs.items.filter({ hasText: 'Good, curves only' })).toContainText('curves only (model removed by Free space)');
  await expectAccessible(page, 'runs panel with damaged records');
  await runs.panel.screenshot({ path: test.info().outputPath('runs-damaged.png') });

  // Export hands over the record as it was stored.
  const damagedItem = (id: string) => runs.damaged.and(page.locator(`[data-run-id="${id}"]`));
  const download = page.waitForEvent('download');
  await damagedItem('name-object').getByTestId('runs.damaged.export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('damaged-run-name-object.json');
  expect(JSON.parse(await readFile(await file.path(), 'utf8'))).toMatchObject({ id: 'name-object', name: { en: 'x' }, startedAt: 13 });

  // Delete removes it, from storage too.
  await damagedItem('only-id').getByTestId('runs.damaged.delete').click();
  await damagedItem('only-id').getByTestId('runs.damaged.delete.confirm').click();
  await expect(runs.damaged).toHaveCount(DAMAGED.length - 1);
  expect(await runs.storedKeys()).not.toContain('only-id');

  // A good run opens: its curves come back, and it says why there is no model to try.
  await runs.items.filter({ hasText: 'Good, curves only' }).getByTestId('runs.open').click();
  await expect(lab.id('chart.loss')).toHaveAttribute('data-points', '4');
  await expect(lab.id('try.missing')).toHaveText(/removed by Free space; its curves are kept/);
  await expect(lab.id('inspect.missing')).toHaveText(/removed by Free space/);
  // One whose kept model holds NaN opens with its curves, and says the model cannot be used.
  await runs.items.filter({ hasText: 'Good, damaged model' }).getByTestId('runs.open').click();
  await expect(lab.id('chart.loss')).toHaveAttribute('data-points', '4');
  await expect(lab.id('try.missing')).toHaveText(/kept model cannot be used \(.*weights\[1\]\.values hold NaN or infinite numbers\)/);
  await expect(lab.id('try.panel')).toHaveAttribute('data-enabled', 'false');

  // And the page still trains.
  await lab.open('tutorial=alphabet&epochs=2&samples=200&seed=5');
  await lab.train();
  await expect(lab.status).toContainText('Finished 2', { timeout: 120_000 });
  await lab.waitForState('done');
  await expect(runs.items).toHaveCount(3);
  await expect(runs.damaged).toHaveCount(DAMAGED.length - 1);
  await expect(lab.id('panel.failed')).toHaveCount(0);
  expect(lab.errors).toEqual([]);
});

test('site data cleared with the tab open: the page says what went, and the next run is kept', async ({ page, baseURL }) => {
  const lab = new LabPage(page);
  const runs = new RunsPanel(page);
  await lab.open('tutorial=alphabet&epochs=2&samples=200&seed=6');
  await runs.seed([storedRun('before-a', 1000, { name: 'Kept before' }), storedRun('before-b', 2000, { name: 'Also kept before' })]);
  await page.reload();
  await expect(runs.items).toHaveCount(2);

  // What "Clear site data" does: the browser deletes the database and closes the page's connection.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(baseURL!).origin, storageTypes: 'indexeddb' });
  await expect(runs.problem('lost')).toContainText(/cleared while this page was open: 2 kept runs are gone \(“Also kept before”, “Kept before”\)/);
  await expect(runs.items).toHaveCount(0);

  await lab.train();
  await expect(lab.status).toContainText('Finished 2', { timeout: 120_000 });
  await lab.waitForState('done');
  await expect(runs.items).toHaveCount(1);
  await expect(runs.item(0)).toHaveAttribute('data-has-model', 'true');
  // The notice stays until dismissed.
  await expect(runs.problem('lost')).toBeVisible();
  await runs.problem('lost').getByTestId('runs.problem.dismiss').click();
  await expect(runs.problems).toHaveCount(0);

  await page.reload();
  await expect(runs.items).toHaveCount(1);
  await expect(runs.item(0)).toHaveAttribute('data-outcome', 'completed');
  await expect(runs.item(0)).toHaveAttribute('data-has-model', 'true');
  expect(lab.errors).toEqual([]);
});

test('a panel that throws is replaced by a box naming it; the rest of the page works, and Try again brings it back', async ({ page }) => {
  // The Runs panel writes each run's date with toLocaleString: make that throw until told not to.
  await page.addInitScript(() => {
    const real = Date.prototype.toLocaleString;
    (window as unknown as { breakDates: boolean }).breakDates = true;
    Date.prototype.toLocaleString = function toLocaleString(this: Date, ...args: Parameters<Date['toLocaleString']>) {
      if ((window as unknown as { breakDates: boolean }).breakDates) throw new TypeError('dates are broken today');
      return real.apply(this, args);
    };
  });
  const lab = new LabPage(page);
  const runs = new RunsPanel(page);
  await lab.open('tutorial=alphabet&epochs=2&samples=200&seed=7');
  await runs.seed([storedRun('kept', 1000, { name: 'Kept run' })]);
  await page.reload();

  const failed = page.locator('[data-testid="panel.failed"][data-panel="Runs"]');
  await expect(failed).toBeVisible();
  await expect(failed.getByTestId('panel.failed.error')).toHaveText('TypeError: dates are broken today');
  await expect(runs.panel).toHaveCount(0);
  await failed.screenshot({ path: test.info().outputPath('panel-failed.png') });
  // Everything else is there and trains.
  await expect(lab.card('alphabet')).toBeVisible();
  await lab.train();
  await expect(lab.status).toContainText('Finished 2', { timeout: 120_000 });
  await expect(lab.id('chart.loss')).toHaveAttribute('data-points', '2');

  await page.evaluate(() => ((window as unknown as { breakDates: boolean }).breakDates = false));
  await failed.getByTestId('panel.retry').click();
  await expect(failed).toHaveCount(0);
  await expect(runs.items).toHaveCount(2);
  // The boundary said what failed in the console, for a bug report; nothing else went wrong.
  expect(lab.errors.filter((e) => !e.includes('dates are broken today'))).toEqual([]);
});
