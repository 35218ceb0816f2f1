/**
 * Time travel in a real browser: scrubbing back and forth lands on states
 * identical to a fresh engine run stopped at the same moment (stage totals,
 * each shard's waiting count, the newest log entry), and the scrubber is
 * keyboard operable.
 */
import { expect, test } from '@playwright/test';
import { describeEvent } from '../src/ui/log/describe';
import { categoryOf, DEFAULT_FILTER } from '../src/ui/log/filter';
import {
  expectedStageText,
  freshRunAt,
  loadScenario,
  openApp,
  playUntil,
  scrubTo,
  simT,
  stageText,
} from './timeline-helpers';

// The app's default scenario.
const scenario = loadScenario('kinesis-poison-blocks-shard.json');

test('scrubbing back and forth shows what a fresh run shows at that moment', async ({ page }) => {
  await openApp(page);
  await playUntil(page, 30);
  // Back, forward, back again: before the poison record, while it blocks the shard, and after.
  for (const t of [3, 14.2, 9.5, 25, 5.5, 14.2]) {
    await scrubTo(page, t);
    const fresh = freshRunAt(scenario, t);
    const want = expectedStageText(fresh.snapshot);
    await expect(
      page.getByRole('region', { name: 'Pipeline stage' }).getByText(want.totals),
    ).toBeVisible();
    const shown = await stageText(page);
    expect(
      shown.shards.map((line) => Number(/^([\d,]+) waiting/.exec(line)?.[1]?.replace(/,/g, ''))),
    ).toEqual(want.waiting);
    // The shard is blocked exactly while the fresh run says so.
    const blocked = (fresh.snapshot.shards ?? []).some((sh) => sh.lanes.some((l) => l.blocked));
    const badge = page.getByRole('list', { name: 'Shards' }).getByRole('status');
    if (blocked) await expect(badge).toBeVisible();
    else await expect(badge).toBeHidden();
  }
});

test('after a seek the event log ends with what a fresh run logged by then', async ({ page }) => {
  await openApp(page);
  await playUntil(page, 30);
  const log = page.getByRole('list', { name: 'Events, oldest first' });
  for (const t of [3, 14.2, 9.5, 25, 5.5]) {
    await scrubTo(page, t);
    const fresh = freshRunAt(scenario, t);
    const shown = fresh.events.filter((e) => !DEFAULT_FILTER.hidden.has(categoryOf(e.kind)));
    const last = shown.at(-1);
    if (!last) continue;
    const row = log.getByRole('listitem').last();
    await expect(row).toContainText(`${last.t.toFixed(2)} s`);
    await expect(row).toContainText(describeEvent(last).text);
    await expect(row).toHaveAttribute('aria-setsize', String(shown.length));
  }
});

test('the scrubber is keyboard operable and never goes past the furthest point', async ({
  page,
}) => {
  await openApp(page);
  await playUntil(page, 12);
  const furthest = await simT(page);
  const slider = page.getByRole('slider', { name: 'Simulated time' });
  await slider.focus();
  await slider.press('Home');
  await expect.poll(() => simT(page)).toBe(0);
  await slider.press('ArrowRight');
  await slider.press('ArrowRight');
  await expect.poll(() => simT(page)).toBeCloseTo(0.2, 5);
  await slider.press('End');
  // The native range snaps to its 0.1 s step, so End lands on the furthest point to within a step.
  await expect.poll(() => simT(page)).toBeCloseTo(furthest, 1);
  expect(await simT(page)).toBeLessThanOrEqual(furthest);
  await expect(slider).toHaveAttribute('aria-valuetext', /reached/);
});

test('an edit in the past forks the timeline and says so', async ({ page }) => {
  await openApp(page);
  await playUntil(page, 20);
  await scrubTo(page, 6);
  await page.getByRole('button', { name: 'Put record', exact: true }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'You changed the past at 6.0 s' }),
  ).toContainText('the old future was dropped');
  await expect(page.getByRole('slider', { name: 'Simulated time' })).toHaveAttribute(
    'aria-valuetext',
    /reached 6\.0 s/,
  );
});

test('"Run ended" shows when the run ends and goes at the next seek, the stage keeping its size', async ({
  page,
}) => {
  await openApp(page);
  await playUntil(page, scenario.durationSeconds);
  const ended = page.getByRole('region', { name: 'Playback', exact: true }).getByText('Run ended');
  await expect(ended).toBeVisible();
  const stage = page.getByRole('region', { name: 'Pipeline stage' });
  const before = await stage.boundingBox();
  await scrubTo(page, 20);
  await expect(ended).toBeHidden();
  // The note sits in the bar's row: ending and seeking back do not move the stage (a layout
  // shift there made the first seek after the end redraw every canvas twice).
  expect(await stage.boundingBox()).toEqual(before);
});
