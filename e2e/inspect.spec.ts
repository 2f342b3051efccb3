import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

/** A heatmap's pixels, to see that it changed. */
const pixels = (lab: LabPage, q: string) => lab.id(`inspect.heatmap.${q}`).evaluate((c: HTMLCanvasElement) => c.toDataURL());

test('inspect: letters show five heatmaps that follow the input and refresh at epoch ends while training', async ({ page }) => {
  const lab = new LabPage(page);
  // Far longer than the test: it is stopped once the view has refreshed during training.
  await lab.open('tutorial=alphabet&epochs=2000&samples=1000&units=12&seed=3');
  await lab.train();
  await expect(lab.id('inspect.panel')).toHaveAttribute('data-enabled', 'true', { timeout: 120_000 });

  await lab.id('inspect.input').fill('ABC');
  for (const q of ['i', 'f', 'o', 'c', 'h']) {
    await expect(lab.id(`inspect.heatmap.${q}`)).toHaveAttribute('data-steps', '5');
    await expect(lab.id(`inspect.heatmap.${q}`)).toHaveAttribute('data-units', '12');
  }
  await expect(lab.id('inspect.heatmap.h.steps')).toHaveText(/A\s*B\s*C/);
  await expect(lab.id('inspect.output')).toHaveAttribute('data-top', /[A-Z]/);

  // While training, the view is asked again after each epoch: the cell state changes with the weights.
  await expect(lab.status).toHaveAttribute('data-state', 'training');
  const before = await pixels(lab, 'c');
  await expect.poll(() => pixels(lab, 'c'), { timeout: 60_000 }).not.toBe(before);

  await lab.id('run.stop').click();
  await lab.waitForState(/done|idle/);
  const abc = await pixels(lab, 'h');
  await lab.id('inspect.input').fill('KLM');
  await expect.poll(() => pixels(lab, 'h')).not.toBe(abc);
  await expect(lab.id('inspect.heatmap.h.steps')).toHaveText(/K\s*L\s*M/);

  // Hover reads a cell; a click follows its unit as a line.
  const map = lab.id('inspect.heatmap.f');
  const box = (await map.boundingBox())!;
  // `position` is within the padding box: 1 px inside the right border is the last step.
  const lastStep = { position: { x: box.width - 6, y: 3 } };
  await map.hover(lastStep);
  await expect(lab.id('inspect.hover')).toContainText(/Forget gate f · unit \d+ · step 5 “M” · \d\.\d{4}/);
  await map.click(lastStep);
  await expect(lab.id('inspect.unit')).toBeVisible();

  // The followed unit's line has axes: steps across, values up, with ticks.
  await expect(lab.id('inspect.unit.xaxis')).toContainText('step');
  await expect(lab.id('inspect.unit.yaxis')).toContainText('value');
  await expect(lab.id('inspect.unit.xaxis').locator('text')).not.toHaveCount(1);

  // Letters the training data never held get Try's note, in Try's words.
  await lab.id('inspect.input').fill('hello');
  await expect(lab.id('inspect.result')).toHaveAttribute('data-input', 'HELLO');
  await expect(lab.id('inspect.unseen')).toContainText('Not in the training data. The training data never holds “HELLO”');
  await lab.id('try.letters.input').fill('hello');
  await expect(lab.id('try.letters.unseen')).toHaveText((await lab.id('inspect.unseen').textContent())!);
  await lab.id('inspect.input').fill('KLM');
  await expect(lab.id('inspect.result')).toHaveAttribute('data-input', 'KLM');
  await expect(lab.id('inspect.unseen')).toHaveCount(0);

  await lab.id('inspect.input').fill('AB1');
  await expect(lab.id('inspect.error')).toContainText(/A–Z/);
  expect(lab.errors).toEqual([]);
});

test('inspect: a review gets word attributions that change with the words', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('tutorial=imdb-small-vocab&epochs=1&trainSubset=256&seqLength=40&units=16&embeddingDim=16&batchSize=32');
  await lab.train();
  await lab.waitForState('done', 180_000);
  await lab.id('inspect.input').fill('a wonderful film with great acting');
  await expect(lab.id('inspect.attributions')).toHaveAttribute('data-complete', 'true', { timeout: 60_000 });
  await expect(lab.id('inspect.heatmap.c')).toHaveAttribute('data-steps', '40');

  // The columns say which words they are, ending with the last one the model read.
  const words = lab.id('inspect.heatmap.h.steps');
  await expect(words.locator('li').last()).toHaveText('acting');
  await expect(words).toContainText('great');

  // One colour scale with "Try the model": the same legend, and a word's tint means the same sign in both.
  await lab.id('try.review.input').fill('a wonderful film with great acting');
  await expect(lab.id('try.review.tokens')).toHaveAttribute('data-count', '6');
  for (const sign of ['positive', 'negative']) {
    const swatch = (panel: string) => lab.id(panel).locator(`[data-sign="${sign}"]`).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await swatch('try.review.legend')).toBe(await swatch('inspect.legend'));
  }
  const hue = (rgba: string) => {
    const [r, , b] = (rgba.match(/[\d.]+/g) ?? []).map(Number);
    return b > r ? 'blue' : 'red';
  };
  const legendBlue = hue(await lab.id('inspect.legend').locator('[data-sign="positive"]').evaluate((el) => getComputedStyle(el).backgroundColor));
  expect(legendBlue).toBe('blue');
  await expect(lab.id('inspect.legend')).toContainText('pushes positive');

  // Hovering the lowest heatmap: the readout sits beside the pointer, inside the window.
  const lowest = lab.id('inspect.heatmap.h');
  await lowest.scrollIntoViewIfNeeded();
  const box = (await lowest.boundingBox())!;
  await page.mouse.move(box.x + box.width - 4, box.y + box.height - 3);
  await expect(lab.id('inspect.hover')).toContainText(/Hidden state h · unit \d+ · step 40 “acting”/);
  const readout = await lab.boxInWindow(lab.id('inspect.hover'));
  expect(readout.inside, JSON.stringify(readout.box)).toBe(true);
  expect(Math.abs(readout.box.y - (box.y + box.height))).toBeLessThan(80);

  const first = await lab.id('inspect.output').getAttribute('data-probability');
  await lab.id('inspect.input').fill('a dull boring film with terrible acting');
  await expect(lab.id('inspect.output')).not.toHaveAttribute('data-probability', first ?? '');
  await expect(lab.id('inspect.attributions')).toHaveAttribute('data-complete', 'true');
  expect(lab.errors).toEqual([]);
});
