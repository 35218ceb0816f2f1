/**
 * Shared steps of the share, export and offline specs: open the app, the
 * Share dialog and the export dialog, read the address bar's state link,
 * import a file through the picker or a drop, and save light and dark
 * screenshots into test-results/screens/ for review.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { scrubberRoot } from './timeline-helpers';

/** The Share dialog. */
export const shareDialog = (page: Page): Locator =>
  page.getByRole('dialog', { name: 'Share and export' });

/** The infrastructure export dialog. */
export const exportDialog = (page: Page): Locator =>
  page.getByRole('dialog', { name: 'Export as infrastructure' });

/** Waits until the app shows a run (first frame arrived). */
export async function showsRun(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Lambda ESM Lab' })).toBeVisible();
  await expect(scrubberRoot(page)).toHaveAttribute('data-sim-t', /.+/);
  await expect(page.getByText(/\d+ put · \d+ invocations/)).toBeVisible();
}

/** Waits until the address bar holds a state link (`#s/…`) and returns the page's URL. */
export async function stateLink(page: Page): Promise<string> {
  await expect.poll(() => new URL(page.url()).hash, { timeout: 10_000 }).toMatch(/^#s\/1\./);
  return page.url();
}

/** Opens the Share dialog from the header. */
export async function openShare(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = shareDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Imports a scenario file through the Share dialog's file picker. */
export async function importThroughPicker(
  page: Page,
  name: string,
  text: string,
): Promise<Locator> {
  const dialog = await openShare(page);
  await dialog
    .getByLabel('Scenario file to open')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  return dialog;
}

/** Drops a file on the page as a user dragging it from the desktop would. */
export async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name: n, text: t }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: 'application/json' }));
      return dt;
    },
    { name, text },
  );
  const target = page.getByRole('region', { name: 'Pipeline stage', exact: true });
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await expect(page.getByText('Drop the scenario file to open it')).toBeVisible();
  await target.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByText('Drop the scenario file to open it')).toBeHidden();
}

/** Saves the page in light and dark. */
export async function screens(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `test-results/screens/share-${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
