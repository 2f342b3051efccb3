/**
 * The sidebar's "Your data" links lead to their cards even when clicked before the lazy your-data
 * panels have arrived: each panel, as it mounts, scrolls the card the link named back into view
 * (`src/ui/HashTargetInView.tsx`). The panels' code is held back here, so the click always comes
 * first: without that re-scroll the card is not there to scroll to, or is pushed away by a panel
 * that arrives above it.
 */
import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test('a your-data link clicked before the panels load still lands on its card', async ({ page }) => {
  const held = new Map<string, () => void>();
  await page.route(/\/assets\/Your(Text|Labelled|Series)Panel-[^/]+\.js$/, async (route) => {
    const panel = /Your(Text|Labelled|Series)Panel/.exec(route.request().url())![1];
    await new Promise<void>((resolve) => held.set(panel, resolve));
    await route.continue();
  });
  const lab = new LabPage(page);
  await lab.open();
  await lab.id('yourSeries.link').click();
  await expect.poll(() => held.size).toBe(3);
  // The card's own panel first, then the two above it, each pushing it down as it arrives.
  for (const panel of ['Series', 'Text', 'Labelled']) {
    held.get(panel)!();
    await expect(lab.id(`your${panel}.panel`)).toBeAttached();
  }
  await expect(lab.id('yourSeries.panel')).toBeInViewport();
});
