/**
 * The stage-target contract (src/ui/stage/targets.ts): for each example
 * scenario, every target id that applies is carried by an element of the
 * stage, and a highlighted target gets its ring. The highlight is driven the
 * way a user drives it, with the presenter's pointer (no test hook).
 */
import { expect, test, type Page } from '@playwright/test';
import { openPreset, stage } from './stage-support';

async function targets(page: Page): Promise<string[]> {
  return stage(page)
    .locator('[data-stage-target]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-stage-target') ?? ''));
}

async function playUntil(page: Page, ok: () => Promise<boolean>): Promise<void> {
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(ok, { timeout: 20_000 }).toBe(true);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
}

const COMMON = ['source', 'pollers', 'function', 'concurrency', 'narration'];

test('streams: shard, batches, window, destination, discard and the rest are all there', async ({
  page,
}) => {
  await openPreset(page, 'Kinesis: a batch window gathers bigger batches');
  const ids = await targets(page);
  for (const id of [...COMMON, 'shard:0', 'batches:0', 'window:0', 'destination', 'discard'])
    expect(ids, id).toContain(id);
});

test('SQS standard: queue, in flight, DLQ and the fleet’s batching window', async ({ page }) => {
  await openPreset(page, 'SQS: a poison message moves to the dead-letter queue');
  const ids = await targets(page);
  for (const id of [...COMMON, 'queue', 'inflight', 'dlq', 'window']) expect(ids, id).toContain(id);
});

test('SQS FIFO: one target per message group row', async ({ page }) => {
  await openPreset(page, 'SQS FIFO: order is kept within each message group');
  await playUntil(page, async () => (await stage(page).getByRole('listitem').count()) >= 3);
  const ids = await targets(page);
  for (const id of [...COMMON, 'queue', 'dlq']) expect(ids, id).toContain(id);
  const groups = ids.filter((id) => id.startsWith('group:'));
  expect(groups.length).toBeGreaterThanOrEqual(3);
  for (const g of groups)
    await expect(
      stage(page).getByRole('listitem', { name: `Message group ${g.slice(6)}` }),
    ).toBeVisible();
});

test('a highlighted record (drawn on a canvas) gets a ringed mark over it', async ({ page }) => {
  await openPreset(page, 'Kinesis: a poison record blocks its shard');
  await playUntil(page, async () =>
    /[1-9] waiting/.test(
      (await stage(page).getByRole('listitem', { name: 'Shard 0' }).textContent()) ?? '',
    ),
  );
  await page.getByRole('button', { name: 'Presenter' }).click();
  await page.getByRole('button', { name: 'Point' }).click();
  const lane = stage(page).getByRole('group', { name: /Shard 0 records/ });
  const box = await lane.boundingBox();
  expect(box).not.toBeNull();
  if (box === null) return;
  // The first record sits at the lane's left end, under the caption line.
  const chip = Number(await lane.getAttribute('data-record-px'));
  await page.mouse.click(box.x + 8 + chip / 2, box.y + 16 + chip / 2);
  const mark = stage(page).locator('[data-stage-target^="record:"][data-highlighted="true"]');
  await expect(mark).toHaveCount(1);
  await expect(mark).toBeVisible();
  const m = await mark.boundingBox();
  expect(m?.x ?? 0).toBeGreaterThanOrEqual(box.x);
  expect(m?.x ?? 0).toBeLessThan(box.x + chip * 2 + 16);
  await page.screenshot({ path: 'test-results/screens/stage-record-target.png' });
});
