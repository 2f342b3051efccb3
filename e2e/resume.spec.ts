import { expect, test } from '@playwright/test';
import { KeptState } from './pages/KeptState';
import { LabPage } from './pages/LabPage';

/**
 * Every wait here is on the app's state (status, banner, data attributes, what IndexedDB holds),
 * never on time: the reload happens while the run is paused, so however slow the machine, it cannot
 * finish first.
 */
test('reload mid-run, then Resume: the run finishes exactly as an uninterrupted one', async ({ page }) => {
  // Leaving a page that trains may ask first; the test means it.
  page.on('dialog', (d) => void d.accept());
  const lab = new LabPage(page);
  const kept = new KeptState(page);
  // The tutorial's 1,000 samples, not 256: the pause is clicked when the chart shows 2 points, and
  // on a loaded CI machine the chart lagged the worker by a whole 256-sample run (it finished first).
  const url = 'tutorial=trend&epochs=24&samples=1000&seed=5&dropout=0.1';

  await lab.open(url);
  await lab.train();
  await lab.waitForState('done');
  const uninterrupted = await lab.id('eval.result').getAttribute('data-accuracy');
  // A finished run leaves nothing to resume.
  expect(await kept.checkpoints()).toEqual([]);

  await lab.open(url);
  await lab.train();
  // The first checkpoint is taken after epoch 1's batches, before its validation pass: paused two
  // epochs on, the run holds one, and cannot end before the reload.
  await lab.pauseAtPoints('chart.loss', 2);
  await expect.poll(async () => (await kept.checkpoints()).length).toBe(1);
  await page.reload();

  const banner = lab.id('resume.banner');
  await expect(banner).toContainText(/stopped before it finished: after epoch \d+ of 24/);
  const runId = (await banner.getAttribute('data-run-id'))!;
  const epoch = (await banner.getAttribute('data-epoch'))!;
  // The Runs panel says the same: its row has as many epochs as the banner offers, and a Resume of its own.
  const row = lab.id('runs.item').and(page.locator(`[data-run-id="${runId}"]`));
  await expect(row).toHaveAttribute('data-outcome', 'running');
  await expect(row).toHaveAttribute('data-epochs', epoch);
  await expect(row.getByTestId('runs.resume')).toHaveAttribute('data-epoch', epoch);

  await lab.id('resume.start').click();
  await lab.waitForState('done');
  await expect(banner).toHaveCount(0);
  // Every epoch is on the chart, the earlier ones from the checkpoint, and the score is the same to the last digit.
  await lab.waitForPoints('chart.loss', 24);
  expect(await lab.points('chart.loss')).toBe(24);
  await expect(lab.id('eval.result')).toHaveAttribute('data-accuracy', uninterrupted!);
  // Into its own record, which is now complete; nothing is left to resume.
  await expect(row).toHaveAttribute('data-outcome', 'completed');
  await expect(row).toHaveAttribute('data-epochs', '24');
  await expect.poll(() => kept.checkpoints()).toEqual([]);
  expect(lab.errors).toEqual([]);
});

/** A quick, small IMDB run (the resume is what is tested, not the model): its resume needs the data files, which the test takes away (and the data cache with them). */
const QUICK_IMDB = 'tutorial=imdb-small-vocab&trainSubset=1024&epochs=12&seed=3&units=16&embeddingDim=16&seqLength=40';

test('a resume that fails offline leaves the run and its checkpoint as they were, says why, and works once online', async ({ page }) => {
  page.on('dialog', (d) => void d.accept());
  const lab = new LabPage(page);
  const kept = new KeptState(page);
  await lab.open(QUICK_IMDB);
  await lab.train();
  // Epoch 1 validated: its checkpoint (taken before that validation) is kept, and epoch 2 trains.
  await lab.pauseAtPoints('chart.loss', 1);
  await expect.poll(async () => (await kept.checkpoints()).length).toBe(1);

  // Offline, with the data cache cleared.
  let offline = true;
  await page.route(/\/data\/imdb\//, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
  await page.evaluate(async () => {
    for (const key of await caches.keys()) await caches.delete(key);
  });
  await page.reload();

  const banner = lab.id('resume.banner');
  await expect(banner).toBeVisible();
  const runId = (await banner.getAttribute('data-run-id'))!;
  const [before] = await kept.checkpoints();
  const record = await kept.record(runId);
  expect(before.runId).toBe(runId);
  expect(record?.outcome).toBe('running');

  await lab.id('resume.start').click();
  await lab.waitForState('error');
  await expect(lab.id('run.error')).toContainText(/Resuming “IMDB.*” (from epoch \d+|at epoch \d+’s validation) failed: .+\. The run and its checkpoint are kept as they were/);
  // Nothing changed: the record, the checkpoint, and the offer.
  expect(await kept.record(runId)).toEqual(record);
  expect(await kept.checkpoints()).toEqual([before]);
  await expect(banner).toHaveAttribute('data-run-id', runId);

  offline = false;
  await lab.id('resume.start').click();
  await lab.waitForState('done', 170_000);
  await expect.poll(() => kept.record(runId)).toMatchObject({ id: runId, outcome: 'completed', epochs: 12 });
  await expect.poll(() => kept.checkpoints()).toEqual([]);
  expect(lab.errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
});

test('damaged checkpoints are never offered: each is said in one sentence and can be discarded, and the page works', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=trend');
  const damaged: Record<string, unknown> = {
    'run-garbage-history': { config: { scenario: 'trend', hp: {} }, epoch: 3, history: 'garbage' },
    'run-no-config': { epoch: 2, history: [] },
    'run-unknown-tutorial': { config: { scenario: 'chess', hp: {} }, epoch: 1, history: [] },
    'run-negative-epoch': { config: { scenario: 'trend', hp: {} }, epoch: -5, history: [] },
    // The single slot of earlier versions, unreadable: dropped with a message.
    latest: { epoch: 'many' },
  };
  await expect
    .poll(() =>
      page.evaluate(
        (values) =>
          new Promise<boolean>((resolve) => {
            const open = indexedDB.open('lstm-lab-checkpoints');
            open.onupgradeneeded = () => open.transaction?.abort();
            open.onerror = () => resolve(false);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('checkpoints')) return resolve(false);
              const tx = db.transaction('checkpoints', 'readwrite');
              for (const [key, value] of Object.entries(values)) tx.objectStore('checkpoints').put(value, key);
              tx.oncomplete = () => (db.close(), resolve(true));
              tx.onerror = () => resolve(false);
            };
          }),
        damaged,
      ),
    )
    .toBe(true);
  await page.reload();

  const messages = lab.id('resume.damaged');
  await expect(messages).toHaveCount(4);
  for (const text of await messages.locator('.banner-body').allTextContents()) {
    expect(text).toMatch(/^The checkpoint of “an unfinished run” cannot be resumed: [^\n]+\.$/);
  }
  await expect(lab.id('engine.notice')).toContainText('A checkpoint left by an earlier version of the lab could not be used and was dropped');
  await expect(lab.id('resume.banner')).toHaveCount(0);
  await expect(lab.id('runs.resume')).toHaveCount(0);
  await expect(lab.id('run.start')).toBeEnabled();

  for (let left = 4; left > 0; left--) {
    await messages.first().getByTestId('resume.damaged.discard').click();
    await expect(messages).toHaveCount(left - 1);
  }
  await page.reload();
  await expect(lab.id('run.start')).toBeVisible();
  await expect(lab.id('resume.damaged')).toHaveCount(0);
  expect(await new KeptState(page).checkpoints()).toEqual([]);
  expect(lab.errors).toEqual([]);
});
