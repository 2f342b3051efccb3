/** Drops a file on a card, as a user dragging it from their desktop (what every card's drop zone reads). */
import type { Locator, Page } from '@playwright/test';

export async function dropFile(page: Page, target: Locator, name: string, content: string, type = 'text/csv'): Promise<void> {
  const transfer = await page.evaluateHandle(({ name, content, type }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], name, { type }));
    return dt;
  }, { name, content, type });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}
