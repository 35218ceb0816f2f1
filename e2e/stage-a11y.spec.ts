/**
 * Accessibility of the stage, controls, playback and record panel in their
 * busy states (blocked shard, followed record, FIFO locks): axe finds no
 * serious or critical violations, and every control has a visible focus ring.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openPreset, pause, speedUp } from './stage-support';

const REGIONS = ['Pipeline stage', 'Source and mapping settings', 'Playback', 'Record details'];

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include(REGIONS.map((name) => `section[aria-label="${name}"]`))
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious axe violations on a blocked shard with a followed record (${scheme})`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openPreset(page, 'Kinesis: a poison record blocks its shard');
    await speedUp(page, 2);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(page.getByText(/Blocked — retry/)).toBeVisible({ timeout: 20_000 });
    await pause(page);
    await page.getByRole('tab', { name: /^Record/ }).click();
    await page.getByRole('textbox', { name: 'Record id' }).fill('poison');
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Event JSON' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('no serious axe violations on FIFO groups', async ({ page }) => {
  await openPreset(page, 'SQS FIFO: concurrency is bounded by the number of message groups');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(2000);
  await pause(page);
  expect(await seriousViolations(page)).toEqual([]);
});

test('keyboard focus is visible on stage and control elements', async ({ page }) => {
  await openPreset(page, 'Kinesis: the happy path');
  for (const target of [
    page.getByRole('button', { name: 'Put poison record' }),
    page.getByRole('textbox', { name: 'Batch size' }),
    page.getByRole('group', { name: /Shard 0 records/ }),
    page.getByRole('button', { name: 'Step', exact: true }),
  ]) {
    await target.focus();
    const outline = await target.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
  }
});
