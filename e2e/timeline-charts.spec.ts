/**
 * Charts in a real browser: clicking the Errors spike seeks to that second
 * (the one a fresh engine run counts errors in), the crosshair is keyboard
 * operable, and each chart has an accessible name and text alternative.
 */
import { expect, test } from '@playwright/test';
import { createSimulation } from '../src/engine';
import { openPreset } from './stage-support';
import { freshRunAt, loadScenario, openApp, playUntil, simT } from './timeline-helpers';

const scenario = loadScenario('kinesis-poison-blocks-shard.json');

test('clicking the Errors chart spike seeks to it', async ({ page }) => {
  await openApp(page);
  await playUntil(page, 40);
  await page.getByRole('tab', { name: 'Metrics' }).click();
  const errors = freshRunAt(scenario, 40).snapshot;
  expect(errors.totals.errors).toBeGreaterThan(0);
  const chart = page.locator('[data-chart="Errors"]');
  await chart.scrollIntoViewIfNeeded();
  const plot = chart.getByRole('group', { name: 'Errors' });
  // The highest vertex of the line is the spike; its step starts at its second.
  const spike = await plot.locator('path[data-line="Errors"]').evaluate((el) => {
    const d = el.getAttribute('d') ?? '';
    const pts = [...d.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const top = pts.reduce((a, b) => (b[1]! < a[1]! ? b : a));
    const box = (el as SVGPathElement).ownerSVGElement!.getBoundingClientRect();
    return { x: box.left + top[0]! + 2, y: box.top + top[1]! };
  });
  const before = await simT(page);
  await page.mouse.click(spike.x, spike.y);
  // A frame already in flight when the run paused may move the clock a little first: wait for
  // the seek itself, which lands on a whole second.
  await expect
    .poll(async () => {
      const t = await simT(page);
      return t !== before && Number.isInteger(t - 1);
    })
    .toBe(true);
  const landed = await simT(page);
  // A seek lands at the end of the clicked second: every error counted in it has happened.
  const second = landed - 1;
  expect(Number.isInteger(second)).toBe(true);
  const sim = createSimulation(scenario, { historyLimit: 20000 });
  sim.runUntil(40);
  const counts = sim.metrics().series.Errors ?? [];
  expect(counts[second]).toBe(Math.max(...counts));
  // The log's newest entries are that second's failures.
  await page.getByRole('tab', { name: 'Event log' }).click();
  await expect(
    page
      .getByRole('list', { name: 'Events, oldest first' })
      .getByText(/failed: the function threw/)
      .last(),
  ).toBeVisible();
});

test('charts are focusable, read values with the arrow keys, and describe themselves', async ({
  page,
}) => {
  await openApp(page);
  await playUntil(page, 20);
  await page.getByRole('tab', { name: 'Metrics' }).click();
  const plot = page.getByRole('group', { name: 'ConcurrentExecutions' });
  await expect(plot).toHaveAttribute('aria-roledescription', 'chart');
  const description = page.locator(
    `#${await plot.getAttribute('aria-describedby')}`.replace(/:/g, '\\:'),
  );
  await expect(description).toContainText(/ConcurrentExecutions: \d+ now, peak \d+/);
  await plot.focus();
  await plot.press('Home');
  await expect(description).toContainText('At 0 s:');
  await plot.press('ArrowRight');
  await plot.press('ArrowRight');
  await expect(description).toContainText('At 2 s:');
  await plot.press('Enter');
  await expect.poll(() => simT(page)).toBe(3);
});

test('each line of a chart is drawn in its own colour, and its legend matches it', async ({
  page,
}) => {
  await openPreset(page, 'SQS: a poison message moves to the dead-letter queue');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('tab', { name: 'Metrics' }).click();
  // Visible and Not visible share one chart: two legend entries, two colours, neither the grid's.
  const legend = page.getByRole('list', { name: /NumberOfMessagesVisible.* lines/ });
  await expect(legend.getByRole('listitem')).toHaveCount(2);
  const strokes = await legend
    .locator('line')
    .evaluateAll((ls) => ls.map((l) => getComputedStyle(l).stroke));
  const grid = await page
    .locator('[data-chart] svg line')
    .first()
    .evaluate((l) => getComputedStyle(l).stroke);
  expect(new Set(strokes).size).toBe(2);
  for (const s of strokes) expect(s).not.toBe(grid);
  // Tick labels are filled text, not outlined by an inherited stroke.
  const tickStroke = await page
    .locator('[data-chart] svg text')
    .first()
    .evaluate((t) => getComputedStyle(t).stroke);
  expect(tickStroke).toBe('none');
});
