/**
 * Pause-on breakpoints: the run stops at the first matching event, at the
 * moment a fresh engine run logs it, and the notice names the breakpoint.
 */
import { expect, test } from '@playwright/test';
import { BREAKPOINT_EVENTS } from '../src/store/types';
import { describeEvent } from '../src/ui/log/describe';
import { freshRunAt, loadScenario, openApp, simT } from './timeline-helpers';

const scenario = loadScenario('kinesis-poison-blocks-shard.json');

for (const [label, kind, happened] of [
  ['a batch fails', 'batchFailed', 'a batch failed'],
  ['a shard becomes blocked', 'shardBlocked', 'a shard became blocked'],
] as const) {
  test(`"Pause when ${label}" stops the run at the first such event`, async ({ page }) => {
    const first = freshRunAt(scenario, scenario.durationSeconds).events.find(
      BREAKPOINT_EVENTS[kind],
    );
    if (!first) throw new Error(`the scenario never triggers ${kind}`);
    await openApp(page);
    await page.getByRole('checkbox', { name: label }).check();
    await page.getByRole('slider', { name: 'Speed' }).press('End');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Paused at' });
    await expect(notice).toContainText(
      `Paused at ${first.t.toFixed(2)} s because ${happened}: ${describeEvent(first).text}`,
    );
    await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    expect(await simT(page)).toBeCloseTo(first.t, 6);
    // It stays paused there.
    await page.waitForTimeout(500);
    expect(await simT(page)).toBeCloseTo(first.t, 6);
  });
}

test('breakpoints offered follow the source type', async ({ page }) => {
  await openApp(page);
  const toggles = page.getByRole('group', { name: 'Pause when' }).getByRole('checkbox');
  await expect(toggles).toHaveCount(3);
  await expect(page.getByRole('checkbox', { name: 'a message reaches the DLQ' })).toHaveCount(0);
});
