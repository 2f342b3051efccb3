/**
 * Inspect on the "Your text" card (issue #20, "Inspect (characters or words as timesteps)"): a
 * tiny model trained on a pasted text, then a text typed into Inspect gives the LSTM's heatmaps
 * with the typed characters as their column labels, and the next character expected after each.
 */
import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { YourTextCard } from './pages/YourTextCard';

const TEXT = Array.from({ length: 160 }, (_, k) => ['the heron waits.', 'a clock hums softly.', 'the heron counts stars.'][k % 3]).join(' ');

test('a trained text model is inspected character by character: heatmaps labelled with the typed text, the next character per step', async ({ page }) => {
  const lab = new LabPage(page);
  const card = new YourTextCard(page);
  await lab.open();
  await card.paste(TEXT);
  await card.setSmall(1); // windows of 16 characters
  const input = card.panel.getByTestId('yourText.inspect.input');
  await expect(input).toBeDisabled();
  await card.train();
  await card.waitForPhase('done');

  // Shorter than a window: filled with spaces before it, dimmed and unlabelled.
  await input.fill('the heron');
  const result = card.panel.getByTestId('yourText.inspect.result');
  await expect(result).toHaveAttribute('data-input', 'the heron');
  for (const q of ['i', 'f', 'o', 'c', 'h']) {
    const map = card.panel.getByTestId(`inspect.heatmap.${q}`);
    await expect(map).toHaveAttribute('data-steps', '16');
    await expect(map).toHaveAttribute('data-units', '24');
  }
  const labels = card.panel.getByTestId('inspect.heatmap.i.steps').locator('li');
  await expect(labels).toHaveCount(16);
  // The 7 filling spaces are drawn as the axis draws padding.
  expect((await labels.allTextContents()).join('')).toBe('·······the␣heron');
  await expect(labels.first()).toHaveClass(/muted/);
  // Each typed character with the one expected after it; the vocabulary's characters only.
  const cells = card.panel.getByTestId('yourText.inspect.output').locator('[data-char]');
  await expect(cells).toHaveCount(9);
  expect(await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-char')).join(''))).toBe('the heron');
  const next = await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-next') ?? ''));
  expect(next.every((c) => c.length === 1 && TEXT.includes(c))).toBe(true);
  // Its answer after the last character is the one Try lists first.
  await card.id('yourText.try').fill('the heron');
  await expect(card.id('yourText.try.top').locator('li').first()).toHaveAttribute('data-char', next.at(-1)!);

  // Longer than a window: its last 16 characters.
  await input.fill('a clock hums softly. the');
  await expect(result).toHaveAttribute('data-input', 'hums softly. the');
  expect((await labels.allTextContents()).join('')).toBe('hums␣softly.␣the');

  // Characters the text never had: a sentence, nothing drawn.
  await input.fill('ZZZ');
  await expect(card.panel.getByTestId('yourText.inspect.error')).toContainText('Type a few characters of text');
  expect(lab.errors).toEqual([]);
});
