/**
 * A newcomer's first minutes (issue 12): switching tutorials, honest "try the model" answers, a
 * phone-sized screen, the keyboard, axe-core on every main view, dark mode, and the link banner.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible } from './pages/axe';
import { LabPage } from './pages/LabPage';

test('switching tutorials during a run asks first, then stops it and shows only the new tutorial', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=trend&epochs=2000');
  await lab.train();
  await lab.waitForPoints('chart.loss', 1);
  await expect(lab.id('summary.total')).toBeVisible();

  // Keep training: nothing changes.
  await lab.card('alphabet').click();
  await expect(lab.id('scenario.switch')).toBeVisible();
  await expectAccessible(page, 'the switch dialog');
  await lab.id('scenario.switch.cancel').click();
  await expect(lab.id('scenario.switch')).toHaveCount(0);
  await expect(lab.card('trend')).toHaveAttribute('aria-pressed', 'true');
  await lab.waitForState(/training|preparing/);

  // Stop and switch: the run ends and no panel shows the trend run any more.
  await lab.card('alphabet').click();
  await lab.id('scenario.switch.confirm').click();
  await expect(lab.card('alphabet')).toHaveAttribute('aria-pressed', 'true');
  await lab.waitForState('idle');
  await expect(lab.id('run.start')).toHaveText('Train');
  await expect(lab.id('progress.line')).toContainText('appears here once training starts');
  await expect(lab.id('summary.total')).toHaveCount(0);
  await expect(lab.id('try.panel')).toHaveAttribute('data-enabled', 'false');
  await expect(lab.id('chart.acc.target')).toContainText('98.9%');
  // Charts take new data twice a second.
  await expect.poll(() => lab.points('chart.loss')).toBe(0);
  // And it stays stopped: no late epoch of the trend run arrives.
  await page.waitForTimeout(1500);
  expect(await lab.points('chart.loss')).toBe(0);
  await lab.waitForState('idle');
  expect(lab.errors).toEqual([]);
});

test('try the model says which inputs the training data never held', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=alphabet-stateful&epochs=300');
  await expect(lab.id('try.letters.hint')).toContainText('start at “A”');
  await lab.train();
  await lab.waitForState('done');
  await expectAccessible(page, 'the stateful alphabet after training');

  await lab.id('try.letters.input').fill('ABC');
  await expect(lab.id('try.letters.result')).toHaveAttribute('data-seen', 'true');
  await expect(lab.id('try.letters.unseen')).toHaveCount(0);
  await lab.id('try.letters.input').fill('K');
  await expect(lab.id('try.letters.result')).toHaveAttribute('data-seen', 'false');
  await expect(lab.id('try.letters.unseen')).toContainText('never saw “K”');

  // The variable-length tutorial: "Z" and a lone "Y" never occur in its data.
  await lab.card('alphabet').click();
  await lab.field('epochs').fill('3');
  await lab.train();
  await lab.waitForState('done');
  for (const text of ['Z', 'Y']) {
    await lab.id('try.letters.input').fill(text);
    await expect(lab.id('try.letters.unseen')).toContainText(`never holds “${text}”`);
  }
  await lab.id('try.letters.input').fill('XY');
  await expect(lab.id('try.letters.result')).toHaveAttribute('data-seen', 'true');
  expect(lab.errors).toEqual([]);
});

test.describe('on a phone (390 × 844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('Train is on the first screen, the picker is a select, and nothing scrolls sideways', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open();
    const train = await lab.id('run.start').boundingBox();
    expect(train!.y + train!.height).toBeLessThanOrEqual(844);
    expect(await lab.sidewaysOverflow()).toBe(0);
    await expect(lab.card('alphabet')).toBeHidden();
    await expectAccessible(page, 'the phone layout');

    await lab.selectTutorial('trend');
    await expect(lab.id('form.field.layers')).toBeVisible();
    await lab.field('epochs').fill('2');
    await lab.train();
    await lab.waitForState('done');
    // Try it: the series, labels and probabilities as a plot that fits the screen, not a wide table.
    await lab.id('try.trend.generate').click();
    const plot = lab.id('try.trend.plot');
    await expect(plot).toBeVisible();
    await expect(lab.id('try.trend.result')).toHaveAttribute('data-steps', '40');
    const wrong = Number(await lab.id('try.trend.result').getAttribute('data-wrong'));
    await expect(plot.locator('[data-mismatch]')).toHaveCount(wrong);
    expect((await plot.boundingBox())!.width).toBeLessThanOrEqual(390);
    expect(await lab.id('try.panel').evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
    expect(await lab.sidewaysOverflow()).toBe(0);
    await expectAccessible(page, 'the phone layout after a trend run');
    // The badge's popover stays on the screen.
    await lab.id('plan.badge').locator('summary').first().click();
    const popover = await lab.id('plan.reason').boundingBox();
    expect(popover!.x).toBeGreaterThanOrEqual(0);
    expect(popover!.x + popover!.width).toBeLessThanOrEqual(390);
    expect(lab.errors).toEqual([]);
  });
});

test('the keyboard: a skip link to the settings, and invalid fields highlighted', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=trend');
  await page.keyboard.press('Tab');
  await expect(lab.id('skip.form')).toBeFocused();
  await page.keyboard.press('Enter');
  // Focus is on the settings' heading: the next Tabs walk the form, not the nine tutorial cards.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('form-title');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(lab.field('units')).toBeFocused();

  const border = (key: string) => lab.field(key).evaluate((el) => getComputedStyle(el).borderTopColor);
  const valid = await border('epochs');
  await lab.field('epochs').fill('0');
  await expect(lab.field('epochs')).toHaveAttribute('aria-invalid', 'true');
  expect(await border('epochs')).not.toBe(valid);
  expect(await border('units')).toBe(valid);
  await expect(lab.id('run.start')).toBeDisabled();
});

test('dark mode follows the system setting', async ({ page }) => {
  const lab = new LabPage(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await lab.open();
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const dark = await background();
  await expectAccessible(page, 'dark mode');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background()).not.toBe(dark);
  // Light is light and dark is dark (sum of the channels).
  const sum = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((a, b) => a + Number(b), 0);
  expect(sum(dark)).toBeLessThan(200);
  expect(sum(await background())).toBeGreaterThan(600);
});

test('the link banner: a 10 KB value does not widen the page, and says which value it kept', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(`tutorial=alphabet&units=${'x'.repeat(10_240)}&epochs=5&epochs=abc`);
  const banner = lab.id('url.problems');
  await expect(banner).toContainText('(10,240 characters)');
  await expect(banner).toContainText('Epochs: “abc” is not a number; kept the tutorial’s default, 500.');
  await expect(banner).toContainText('“epochs” appears 2 times; the last one counts');
  expect(await lab.sidewaysOverflow()).toBe(0);
  await expect(lab.field('epochs')).toHaveValue('500');
  await expectAccessible(page, 'the link banner');
});

test('the link banner: 1,000 unknown keys fold into a short banner', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open(Array.from({ length: 1000 }, (_, i) => `k${i}=1`).join('&'));
  const banner = lab.id('url.problems');
  await expect(banner.locator(':scope > .banner-body > ul > li')).toHaveCount(5);
  await expect(lab.id('url.problems.more')).toContainText('995 more');
  expect((await banner.boundingBox())!.height).toBeLessThan(300);
  await lab.id('url.problems.more').locator('summary').click();
  expect((await banner.boundingBox())!.height).toBeLessThan(600);
});

test('the main views pass axe-core: start, each family trained', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  await expectAccessible(page, 'the start page');
  await lab.card('trend').click();
  await lab.field('epochs').fill('2');
  await lab.train();
  await lab.waitForState('done');
  await lab.id('try.trend.generate').click();
  await expect(lab.id('try.trend.result')).toContainText('%');
  await lab.id('plan.badge').locator('summary').first().click();
  await expectAccessible(page, 'trend trained, badge open');
  // The badge speaks Keras; the engine's own reasons wait behind "Technical details".
  await expect(lab.id('plan.reason')).toBeVisible();
  const plain = await lab.id('plan.badge').evaluate((badge) => {
    const copy = badge.cloneNode(true) as HTMLElement;
    copy.querySelector('[data-testid="plan.details"]')?.remove();
    return copy.textContent ?? '';
  });
  expect(plain).not.toMatch(/typed[- ]arrays?|SIMD|relaxed|kernel|probe|dispatch/i);
  await expect(lab.id('plan.technical')).toBeHidden();
  await lab.id('plan.details').locator('summary').click();
  await expect(lab.id('plan.technical')).toBeVisible();
  // The published figure sits in the legend, not on the plot under the curve.
  await expect(lab.id('chart.acc')).toContainText('published 100.0% (validation)');
  await expect(lab.id('chart.acc').locator('.recharts-reference-line .recharts-label')).toHaveCount(0);

  await lab.card('imdb-small-vocab').click();
  await lab.field('trainSubset').fill('200');
  await lab.field('epochs').fill('1');
  await lab.train();
  await lab.waitForState('done', 170_000);
  await expect(lab.id('data.preview')).toBeVisible();
  await lab.id('try.review.input').fill('A wonderful film');
  await expect(lab.id('try.review.probability')).toContainText('%');
  await expectAccessible(page, 'IMDB trained, review typed');
  expect(lab.errors).toEqual([]);
});

test('focus moves to Stop when Train disables itself, and back to Train when the run ends', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=alphabet&epochs=2000');
  await lab.id('run.start').focus();
  await page.keyboard.press('Enter');
  await expect(lab.id('run.start')).toBeDisabled();
  await expect(lab.id('run.stop')).toBeFocused();
  await page.keyboard.press('Enter');
  await lab.waitForState(/done|idle/);
  await expect(lab.id('run.start')).toBeFocused();
  await expect(lab.status).toContainText(/Stopped after \d+ of 2,000 epochs/);
});

test('one epoch is “1 epoch”; the switch dialog says the run stays in Runs', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=alphabet&epochs=1');
  await lab.train();
  await lab.waitForState('done');
  await expect(lab.status).toHaveText('Finished 1 epoch');

  await lab.field('epochs').fill('2000');
  await lab.train();
  await lab.waitForState('training');
  await lab.card('trend').click();
  await expect(lab.id('scenario.switch')).toContainText('It stays in Runs');
  await expect(lab.id('scenario.switch')).not.toContainText('clears');
  await lab.id('scenario.switch.cancel').click();
  await lab.id('run.stop').click();
  await lab.waitForState(/done|idle/);
});

test('dark mode: Inspect’s input and menu take the page’s theme, as the form’s fields do', async ({ page }) => {
  const lab = new LabPage(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await lab.open('tutorial=alphabet&epochs=3&units=8');
  await lab.train();
  await lab.waitForState('done');
  await lab.id('inspect.input').fill('ABC');
  await expect(lab.id('inspect.sort')).toBeVisible();
  const form = await lab.colours(lab.field('epochs'));
  expect(await lab.colours(lab.id('inspect.input'))).toEqual(form);
  expect(await lab.colours(lab.id('inspect.sort'))).toEqual(form);
  expect(lab.errors).toEqual([]);
});

test.describe('Inspect on a phone (390 × 844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('nothing scrolls sideways, the followed unit included', async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open('tutorial=alphabet&epochs=3&units=8');
    await lab.train();
    await lab.waitForState('done');
    await lab.id('inspect.input').fill('ABC');
    await expect(lab.id('inspect.heatmap.h')).toHaveAttribute('data-steps', '5');
    await lab.id('inspect.heatmap.h').click({ position: { x: 3, y: 3 } });
    await expect(lab.id('inspect.unit')).toBeVisible();
    expect(await lab.id('inspect.panel').evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
    expect(await lab.sidewaysOverflow()).toBe(0);
  });
});
