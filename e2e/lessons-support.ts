/**
 * Shared steps of the lessons e2e specs: open a step by its link, wait until
 * the stage shows it, read the simulated time, and locate the lesson panel.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The lesson panel: a region named by its step ("Step 3 of 8: Limit the retry attempts"). */
export const lessonPanel = (page: Page): Locator =>
  page.getByRole('region', { name: /^Step \d+ of \d+: / });

/** Simulated seconds from the timeline scrubber. */
export async function simSeconds(page: Page): Promise<number> {
  return Number(await page.getByRole('slider', { name: 'Simulated time' }).inputValue());
}

/** Waits until the stage shows the open step (the panel says so once the run reached its time). */
export async function stepShown(page: Page): Promise<void> {
  await expect(lessonPanel(page)).toHaveAttribute('data-arrived', 'true', { timeout: 20_000 });
  await expect(lessonPanel(page)).not.toContainText('Reading the run');
}

/** Opens `#lesson/<id>/<step>` as a fresh page load. */
export async function openStepLink(page: Page, lessonId: string, step: number): Promise<void> {
  await page.goto(`./#lesson/${lessonId}/${step}`);
  await stepShown(page);
}

/** Clicks an empty spot so keys go to the page, not to a control. */
export async function focusPage(page: Page): Promise<void> {
  await page.locator('body').click({ position: { x: 2, y: 700 } });
}

/** Saves the page in light and dark into test-results/screens/ for review. */
export async function lessonScreens(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `test-results/screens/lessons-${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
