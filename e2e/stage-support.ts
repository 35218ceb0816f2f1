/**
 * Shared steps of the stage e2e specs: open a preset by its title, speed up,
 * read the simulated clock, and save light + dark screenshots at 1280×720
 * into test-results/screens/ for review.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The stage region. */
export const stage = (page: Page): Locator =>
  page.getByRole('region', { name: 'Pipeline stage', exact: true });

/** Loads the app and then the example scenario with this title. */
export async function openPreset(page: Page, title: string): Promise<void> {
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: 'Lambda ESM Lab' })).toBeVisible();
  const picker = page.getByRole('combobox', { name: 'Example scenario' });
  await expect(picker.locator('option', { hasText: title })).toHaveCount(1);
  await picker.selectOption({ label: title });
  await expect(stage(page).getByRole('heading', { level: 2 })).toContainText(title);
}

/** Presses + until the speed reaches `x` (each press doubles it). */
export async function speedUp(page: Page, presses: number): Promise<void> {
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  for (let i = 0; i < presses; i++) await page.keyboard.press('+');
}

/** Simulated seconds from the playback bar's clock ("t = 12.3 s"). */
export async function simTime(page: Page): Promise<number> {
  const text =
    (await page
      .getByRole('region', { name: 'Playback', exact: true })
      .locator('output')
      .textContent()) ?? '';
  const m = /t = ([\d.]+) s/.exec(text);
  return m?.[1] !== undefined ? Number(m[1]) : Number.NaN;
}

/** Pauses if playing. */
export async function pause(page: Page): Promise<void> {
  const btn = page.getByRole('button', { name: 'Pause', exact: true });
  if (await btn.isVisible()) await btn.click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
}

/** Saves the page in light and dark (system scheme emulated; the app follows it by default). */
export async function screens(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `test-results/screens/stage-${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
