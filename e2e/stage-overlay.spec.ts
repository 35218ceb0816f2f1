/**
 * The flow overlay (the canvas that draws batches moving and resting) follows the stage's
 * layout while the run is paused: a batch resting in its batch slot is drawn where the slot's
 * tray is now, not where it was before the stage changed size.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './timeline-helpers';

/** The overlay's alpha at the centre of an element's box (0: nothing drawn there). */
async function overlayAlphaAt(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const target = document.querySelector(sel);
    const canvas = document.querySelector<HTMLCanvasElement>('canvas[class*="overlay"]');
    const ctx = canvas?.getContext('2d');
    if (!target || !canvas || !ctx) throw new Error('no overlay or no target');
    const box = target.getBoundingClientRect();
    const c = canvas.getBoundingClientRect();
    const x = ((box.left + box.width / 2 - c.left) * canvas.width) / c.width;
    const y = ((box.top + box.height / 2 - c.top) * canvas.height) / c.height;
    return ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data[3] ?? 0;
  }, selector);
}

const TRAY = '[data-anchor="batch:0:0"]';

test('a resting batch is drawn in its slot, and again there when the paused stage changes size', async ({
  page,
}) => {
  await openApp(page);
  // The default scenario: a poison record blocks shard 0, its batch retrying in the batch slot.
  await page.getByRole('checkbox', { name: 'a shard becomes blocked' }).check();
  await page.getByRole('slider', { name: 'Speed' }).press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Paused at' })).toBeVisible();
  await expect(page.locator('[data-state="blocked"]').first()).toBeVisible();
  await expect.poll(() => overlayAlphaAt(page, TRAY)).toBeGreaterThan(0);
  const before = await page.locator(TRAY).boundingBox();

  // A lower window takes height from the stage: the tray moves.
  await page.setViewportSize({ width: 1280, height: 600 });
  await expect.poll(async () => (await page.locator(TRAY).boundingBox())?.y).not.toBe(before?.y);
  await expect.poll(() => overlayAlphaAt(page, TRAY)).toBeGreaterThan(0);
});
