/**
 * Streams on the stage, driven by role and accessible name: a poison record
 * blocks its shard (badge, records waiting behind it), and bisect isolates it
 * so only the poison record reaches the on-failure destination.
 */
import { expect, test } from '@playwright/test';
import { openPreset, pause, screens, speedUp, stage } from './stage-support';

test('a poison record blocks its shard and the records behind it wait', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openPreset(page, 'Kinesis: a poison record blocks its shard');
  await screens(page, 'kinesis-start');
  await speedUp(page, 2);
  // Stop where the shard becomes blocked: the narration says so (on a loaded machine a later
  // failure would otherwise have replaced the sentence by the time it is read).
  const pauseOnBlock = page.getByRole('checkbox', { name: 'a shard becomes blocked' });
  await pauseOnBlock.check();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByText(/Shard 0 is blocked/)).toBeVisible({ timeout: 30_000 });
  await pauseOnBlock.uncheck();
  await page.getByRole('button', { name: 'Play', exact: true }).click();

  const shard = stage(page).getByRole('listitem', { name: 'Shard 0' });
  await expect(shard.getByRole('status')).toContainText(/Blocked — retry \d+ of ∞/, {
    timeout: 20_000,
  });
  // The "after-…" records arrive behind the poison record and wait (ordering per shard).
  await expect(shard).toContainText(/[1-9]\d* waiting/, { timeout: 20_000 });
  await pause(page);
  await screens(page, 'kinesis-blocked');

  // Follow the poison record: its story and the exact event its last invocation received.
  await page.getByRole('tab', { name: /^Record/ }).click();
  await page.getByRole('textbox', { name: 'Record id' }).fill('poison');
  await page.getByRole('button', { name: 'Follow', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Record details', exact: true });
  await expect(panel.getByRole('heading', { name: /Record poison/ })).toBeVisible();
  await expect(panel.getByRole('table').getByRole('row')).not.toHaveCount(1);
  await expect(panel.getByRole('table')).toContainText('Function error');
  const json = panel.getByRole('region', { name: 'Event JSON' });
  await expect(json).toContainText('"eventSource": "aws:kinesis"');
  await expect(json).toContainText('"Records"');
  await screens(page, 'kinesis-record-story');
  expect(errors).toEqual([]);
});

test('bisect splits the failing batch and only the poison record goes to the destination', async ({
  page,
}) => {
  await openPreset(page, 'Kinesis: split batch on error isolates the poison record');
  await speedUp(page, 3);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const destination = stage(page).getByRole('region', { name: 'On-failure destination' });
  await expect(destination).toContainText(/1\s+batch sent to the SQS queue/, { timeout: 30_000 });
  await pause(page);
  const entries = destination.getByRole('button');
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toHaveText(/^poison\b/);
  await screens(page, 'kinesis-bisect');

  await page.getByRole('tab', { name: /^Record/ }).click();
  await page.getByRole('textbox', { name: 'Record id' }).fill('poison');
  await page.getByRole('button', { name: 'Follow', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Record details', exact: true });
  await expect(panel).toContainText('Sent to the on-failure destination');
  await expect(panel).toContainText('Batch split in two');
  // Its batch-mates were processed normally once split away from it.
  await page.getByRole('textbox', { name: 'Record id' }).fill('r1');
  await page.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(panel.getByRole('heading', { name: /Record r1/ })).toBeVisible();
  await expect(panel).toContainText('Succeeded');
  // An id the run does not have gets an answer, not an endless lookup.
  await page.getByRole('textbox', { name: 'Record id' }).fill('r999');
  await page.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText(
    'No record or message “r999” at this moment',
  );
});

test('clicking a record on the lane follows it, and the lane is keyboard reachable', async ({
  page,
}) => {
  await openPreset(page, 'Kinesis: the happy path');
  // Paused, one step at a time, until a batch is in flight: its records are on shard 0's lane. A
  // fixed time of play could stop between batches, with every record done and none to choose.
  const shard0 = stage(page).getByRole('listitem', { name: 'Shard 0' });
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Step', exact: true }).click();
        return (await shard0.textContent()) ?? '';
      },
      { timeout: 20_000 },
    )
    .toMatch(/Invocation #\d+/);
  const lane = stage(page).getByRole('group', { name: /Shard 0 records/ });
  await lane.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: 'Record details', exact: true });
  await expect(panel.getByRole('heading', { name: /^Record / })).toBeVisible();
  await expect(panel).toContainText('Partition key');
  await screens(page, 'kinesis-follow');
});

test('four shards fit 1280 × 720: each shard’s batch slot sits beside its lane', async ({
  page,
}) => {
  await openPreset(page, 'Kinesis: the happy path');
  const shards = page.getByRole('textbox', { name: 'Shards' });
  await shards.fill('4');
  await shards.press('Enter');
  await expect(page.getByText(/restarted with 4/)).toBeVisible();
  // Step through the first batches: the stage must fit at every step, running slots included.
  const running = stage(page).getByText(/^Invocation #\d+$/);
  let sawRunning = 0;
  for (let i = 0; i < 16; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForTimeout(150);
    sawRunning = Math.max(sawRunning, await running.count());
    const overflow = await page
      .locator('#region-stage')
      .evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(overflow).toBeLessThanOrEqual(1);
  }
  expect(sawRunning).toBeGreaterThan(0);
  // Stepping moved time on: the narration no longer invites the reader to start.
  await expect(stage(page).getByText('Nothing has failed so far.')).toBeVisible();
  for (let i = 0; i < 4; i++) {
    const shard = stage(page).getByRole('listitem', { name: `Shard ${i}` });
    await expect(shard).toBeInViewport({ ratio: 1 });
  }
  await screens(page, 'kinesis-four-shards');
});
