import { expect, test, type Page } from '@playwright/test';
import { KeptState } from './pages/KeptState';
import { LabPage } from './pages/LabPage';

const row = (page: Page, runId: string) => page.getByTestId('runs.item').and(page.locator(`[data-run-id="${runId}"]`));

/**
 * Two tabs of one origin share IndexedDB: each run's checkpoint is its own, a run trains in one
 * tab at a time, and a reloaded tab offers and resumes its own run, into its own record.
 */
test('two tabs: tab 1 reloads and resumes its own alphabet run; tab 2’s trend run and record are untouched', async ({ context }) => {
  const one = await context.newPage();
  const two = await context.newPage();
  for (const p of [one, two]) p.on('dialog', (d) => void d.accept());
  const lab1 = new LabPage(one);
  const lab2 = new LabPage(two);
  const kept = new KeptState(one);

  // Long runs: they are stopped at the end, and cannot finish while the test looks.
  await lab1.open('tutorial=alphabet&epochs=2000&seed=2');
  await lab1.train();
  await lab2.open('tutorial=trend&epochs=2000&seed=3');
  await lab2.train();
  await expect.poll(async () => (await kept.checkpoints()).map((c) => c.scenario).sort(), { timeout: 120_000 }).toEqual(['alphabet', 'trend']);
  const checkpoints = await kept.checkpoints();
  const alphabetId = checkpoints.find((c) => c.scenario === 'alphabet')!.runId;
  const trendId = checkpoints.find((c) => c.scenario === 'trend')!.runId;
  const trendRecord = await kept.record(trendId);
  expect(trendRecord).toMatchObject({ scenario: 'trend', outcome: 'running' });

  // Tab 1 pauses, so its run cannot end first, and reloads.
  await lab1.id('run.pause').click();
  await lab1.waitForState('paused');
  await one.reload();

  const banner = lab1.id('resume.banner');
  await expect(banner).toHaveAttribute('data-run-id', alphabetId);
  await expect(banner).toContainText('Alphabet');
  // Tab 2's run trains there: it is never offered here, and its row says where it is.
  await expect(row(one, trendId).getByTestId('runs.elsewhere')).toBeVisible();
  await expect(row(one, trendId).getByTestId('runs.resume')).toHaveCount(0);

  const before = (await kept.record(alphabetId))!.epochs;
  await lab1.id('resume.start').click();
  await lab1.waitForState('training');
  await expect(lab1.id('form.field.epochs')).toHaveValue('2000');
  // It goes on in its own record: more epochs than before the reload, still one record per run.
  await expect.poll(async () => (await kept.record(alphabetId))?.epochs ?? 0, { timeout: 60_000 }).toBeGreaterThan(before);
  expect((await kept.records()).map((r) => r.id).sort()).toEqual([alphabetId, trendId].sort());
  expect((await kept.record(alphabetId))?.scenario).toBe('alphabet');
  // Tab 2 trains on, in its own record, which no one else wrote.
  await expect(lab2.status).toHaveAttribute('data-state', 'training');
  await expect.poll(async () => (await kept.record(trendId))?.epochs ?? 0).toBeGreaterThanOrEqual(trendRecord!.epochs);
  expect((await kept.record(trendId))?.scenario).toBe('trend');

  // Stopping each tab's run ends its own record only.
  await lab1.id('run.stop').click();
  await lab1.waitForState(/done|idle/);
  await expect.poll(() => kept.record(alphabetId)).toMatchObject({ scenario: 'alphabet', outcome: 'stopped' });
  expect((await kept.record(trendId))?.outcome).toBe('running');
  await lab2.id('run.stop').click();
  await lab2.waitForState(/done|idle/);
  await expect.poll(() => kept.record(trendId)).toMatchObject({ scenario: 'trend', outcome: 'stopped' });
  await expect.poll(() => kept.checkpoints()).toEqual([]);
  expect([...lab1.errors, ...lab2.errors]).toEqual([]);
});
