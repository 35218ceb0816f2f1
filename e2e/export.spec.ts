/**
 * Exports in a real Chromium: the infrastructure dialog (tabs by keyboard,
 * a changed setting written in every format, Copy and Download), each chart
 * as PNG and CSV, the event log as CSV and JSON lines (as filtered), and the
 * followed record's event JSON copied, with the fallback when the browser
 * refuses the clipboard. Axe and screenshots of the dialog, light and dark.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Download, type Page } from '@playwright/test';
import { exportDialog, openShare, screens } from './share-support';
import { openApp, playUntil } from './timeline-helpers';

// Several page loads, worker runs and downloads per test: on a loaded 2-core machine one
// can take a minute. The specs wait for states, never for time.
test.describe.configure({ timeout: 120_000 });

async function saved(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; bytes: Buffer }> {
  const waiting = page.waitForEvent('download');
  await click();
  const d: Download = await waiting;
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

/** Width, height and one pixel's colour of a PNG (read from its header and, for the colour, by the browser). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the infrastructure export writes a changed setting in every format, with Copy and Download', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  const batchSize = page.getByRole('textbox', { name: 'Batch size' });
  await batchSize.fill('7');
  await batchSize.press('Enter');
  await expect(page.getByRole('slider', { name: 'Batch size' })).toHaveAttribute(
    'aria-valuetext',
    /^7 records$/,
  );
  const share = await openShare(page);
  await share.getByRole('button', { name: 'Export as infrastructure…' }).click();
  const dialog = exportDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('list', { name: 'Settings written' })).toContainText('BatchSize 7');

  const expected: Record<string, RegExp> = {
    'AWS CLI': /--batch-size 7 \\/,
    CloudFormation: /BatchSize: 7\n/,
    SAM: /BatchSize: 7\n/,
    Terraform: /batch_size\s+= 7\n/,
    'AWS CDK': /batchSize: 7,/,
  };
  const tabs = dialog.getByRole('tab');
  await expect(tabs).toHaveCount(5);
  await tabs.first().focus();
  for (const [label, pattern] of Object.entries(expected)) {
    await expect(dialog.getByRole('tab', { name: label })).toHaveAttribute('aria-selected', 'true');
    await expect(dialog.getByRole('tab', { name: label })).toBeFocused();
    const code = dialog.getByRole('tabpanel').locator('pre');
    await expect(code).toHaveText(pattern);
    await page.keyboard.press('ArrowRight');
  }
  // Wrapped round to the first tab; Copy and Download give the text shown.
  await expect(dialog.getByRole('tab', { name: 'AWS CLI' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await dialog.getByRole('tab', { name: 'Terraform' }).click();
  const text = await dialog.getByRole('tabpanel').locator('pre').textContent();
  await dialog.getByRole('button', { name: 'Copy Terraform' }).click();
  await expect(dialog.getByText('Terraform copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
  const file = await saved(page, () =>
    dialog.getByRole('button', { name: /^Download esm-lab\.tf$/ }).click(),
  );
  expect(file.name).toBe('esm-lab.tf');
  expect(file.bytes.toString('utf8')).toBe(text);

  await screens(page, 'export');
  const axe = await new AxeBuilder({ page }).include('dialog').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual(
    [],
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('each chart downloads as PNG (in the theme) and CSV; the log as CSV and JSON lines', async ({
  page,
}) => {
  await openApp(page);
  await playUntil(page, 20);
  await page.getByRole('tab', { name: 'Metrics' }).click();
  const metrics = page.getByRole('region', { name: 'Metrics' });
  const csv = await saved(page, () =>
    metrics.getByRole('button', { name: 'Download Invocations as CSV' }).click(),
  );
  expect(csv.name).toMatch(/^esm-lab-.*\.csv$/);
  const rows = csv.bytes.toString('utf8').trim().split('\r\n');
  expect(rows[0]).toMatch(/^second,/);
  expect(rows.length).toBeGreaterThan(15);

  const pngIn = async (scheme: 'light' | 'dark') => {
    await page.emulateMedia({ colorScheme: scheme });
    const png = await saved(page, () =>
      metrics.getByRole('button', { name: 'Download IteratorAge as PNG' }).click(),
    );
    expect(png.name).toBe('esm-lab-IteratorAge.png');
    writeFileSync(`test-results/screens/share-chart-png-${scheme}.png`, png.bytes);
    const size = pngSize(png.bytes);
    expect(size.width).toBeGreaterThan(400);
    // The background, as the browser decodes the file.
    const corner = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx?.drawImage(img, 0, 0);
      return [...(ctx?.getImageData(2, 2, 1, 1).data ?? [])];
    }, png.bytes.toString('base64'));
    return corner;
  };
  const light = await pngIn('light');
  const dark = await pngIn('dark');
  expect(light[0]).toBeGreaterThan(200);
  expect(dark[0]).toBeLessThan(60);
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByRole('tab', { name: 'Event log' }).click();
  const log = page.getByRole('region', { name: 'Event log' });
  const all = await saved(page, () => log.getByRole('button', { name: /as CSV$/ }).click());
  expect(all.name).toBe('esm-lab-events.csv');
  const allRows = all.bytes.toString('utf8').trim().split('\r\n');
  expect(allRows[0]).toBe('seq,time_s,kind,label,shard,records,text');
  // With a filter, only the events shown are saved.
  await log.getByText('Filter the log').click();
  await log.getByRole('searchbox', { name: 'Record id' }).fill('poison');
  const lines = await saved(page, () =>
    log.getByRole('button', { name: /as JSON lines$/ }).click(),
  );
  expect(lines.name).toBe('esm-lab-events.jsonl');
  const events = lines.bytes
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { recordIds?: string[]; recordId?: string });
  expect(events.length).toBeGreaterThan(0);
  expect(events.length).toBeLessThan(allRows.length - 1);
  for (const e of events) expect(JSON.stringify(e)).toContain('poison');
});

test('the followed record’s event JSON is copied, or selected with a message when copying is refused', async ({
  page,
}) => {
  await page.addInitScript(() => {
    // A browser that refuses the clipboard both ways.
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new Error('denied')) },
    });
    document.execCommand = () => false;
  });
  await openApp(page);
  await playUntil(page, 15);
  await page.getByRole('tab', { name: 'Record' }).click();
  const panel = page.getByRole('region', { name: 'Record details' });
  await panel.getByRole('textbox', { name: 'Record id' }).fill('before-1');
  await panel.getByRole('button', { name: 'Follow', exact: true }).click();
  const json = panel.getByRole('region', { name: 'Event JSON' });
  await expect(json.locator('pre')).toContainText('"eventSource": "aws:kinesis"');
  await json.getByRole('button', { name: 'Copy JSON' }).click();
  await expect(json.getByRole('status')).toHaveText(/did not allow copying\. The JSON is selected/);
  const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
  expect(JSON.parse(selected)).toHaveProperty('Records');
});
