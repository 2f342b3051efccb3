/**
 * Reading a big text (issue #20: "a 50 MB file must not freeze the page … a progress bar"): while
 * the text card reads a 20 MB file in the parse worker, a progress bar says which stage it is at,
 * and it is gone once the text is read. (How long the page's tasks are is measured in the speed
 * benchmark, `parse-text-50mb`, not here.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { YourTextCard } from './pages/YourTextCard';

test('a 20 MB text shows a progress bar while it is read, and trains', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourTextCard(page);
  await lab.open();
  const line = 'the river ran slow past the mill, and the miller watched the water turn the wheel.\n';
  const path = join(mkdtempSync(join(tmpdir(), 'your-text-')), 'river.txt');
  writeFileSync(path, line.repeat(Math.ceil(20e6 / line.length)));
  await card.id('yourText.file').setInputFiles(path);
  await expect(card.id('yourText.source')).toContainText('river.txt');
  // Windows far apart, so the 20 MB text's windows fit and it goes on to train.
  await card.id('yourText.field.step').fill('500');
  await card.train();
  const bar = card.id('yourText.progress');
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('data-stage', /^(start|read|hash|samples)$/);
  await expect(bar.locator('progress')).toHaveAttribute('aria-label', /./);
  await expect(card.panel).toHaveAttribute('data-phase', 'training', { timeout: 120_000 });
  await expect(bar).toHaveCount(0);
  await expect(card.id('yourText.summary')).toContainText('river.txt');
  await card.id('yourText.stop').click();
  expect(lab.errors).toEqual([]);
});
