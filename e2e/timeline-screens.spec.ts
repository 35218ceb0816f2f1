/**
 * Screenshots of the charts, event log and timeline (scrubbed back, a
 * breakpoint hit, the run summary open) in light and dark at 1280×720, into
 * test-results/screens/ for review.
 */
import { expect, test } from '@playwright/test';
import { openApp, playUntil, scrubTo } from './timeline-helpers';

for (const scheme of ['light', 'dark'] as const) {
  test(`timeline, charts and log in ${scheme}`, async ({ page }) => {
    // Plays a minute of simulated time at top speed: give a busy 2-core machine room.
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page);
    await page.getByRole('checkbox', { name: 'a shard becomes blocked' }).check();
    await page.getByRole('slider', { name: 'Speed' }).press('End');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Paused at' })).toBeVisible();
    await page.getByRole('checkbox', { name: 'a shard becomes blocked' }).uncheck();
    await playUntil(page, 60);
    await scrubTo(page, 30);
    await page.getByText('Run summary').click();
    await page.getByRole('tab', { name: 'Metrics' }).click();
    await expect(page.getByRole('list', { name: 'Invariant checks' })).toBeVisible();
    const plot = page.getByRole('group', { name: 'IteratorAge' });
    const box = await plot.boundingBox();
    if (box) await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    const dir = 'test-results/screens';
    await page.screenshot({ path: `${dir}/timeline-app-${scheme}.png` });
    await page
      .getByRole('region', { name: 'Timeline' })
      .screenshot({ path: `${dir}/timeline-region-${scheme}.png` });
    await page.getByRole('tab', { name: 'Event log' }).click();
    await page
      .getByRole('region', { name: 'Event log' })
      .screenshot({ path: `${dir}/timeline-log-${scheme}.png` });
    await page.setViewportSize({ width: 1280, height: 1300 });
    await page.getByRole('tab', { name: 'Metrics' }).click();
    await page
      .getByRole('region', { name: 'Metrics' })
      .screenshot({ path: `${dir}/timeline-metrics-${scheme}.png` });
  });
}
