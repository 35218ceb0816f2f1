/**
 * Queues on the stage: a failed SQS message returns with receive count 2 and
 * reaches the DLQ; FIFO groups never run two batches at once (locked groups,
 * concurrency = locked groups ≤ active groups).
 */
import { expect, test } from '@playwright/test';
import { openPreset, pause, screens, speedUp, stage } from './stage-support';

test('a failing SQS message returns with receive count 2 and moves to the DLQ', async ({
  page,
}) => {
  await openPreset(page, 'SQS: a poison message moves to the dead-letter queue');
  await speedUp(page, 2);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const dlq = stage(page).getByRole('region', { name: 'Dead-letter queue' });
  await expect(dlq).toContainText(/1\s+moved after 2 receives/, { timeout: 40_000 });
  await pause(page);
  await expect(
    page.getByText(/Message poison moved to the dead-letter queue after 2 receives/),
  ).toBeVisible({
    timeout: 5_000,
  });
  await dlq.getByRole('button', { name: /poison · received 2 times/ }).click();
  const panel = page.getByRole('region', { name: 'Record details', exact: true });
  await expect(panel.getByRole('heading', { name: /Message poison/ })).toBeVisible();
  await expect(panel).toContainText('Moved to the dead-letter queue');
  const facts = panel.locator('dl');
  await expect(facts).toContainText(/Receive count\s*2/);
  // It was received twice: two batches, both failed.
  await expect(panel.getByRole('table').getByRole('row', { name: /Function error/ })).toHaveCount(
    2,
  );
  await expect(panel.getByRole('region', { name: 'Event JSON' })).toContainText(
    '"eventSource": "aws:sqs"',
  );
  await screens(page, 'sqs-dlq');
});

test('FIFO: a group is locked while its batch is in flight, never two batches per group', async ({
  page,
}) => {
  await openPreset(page, 'SQS FIFO: concurrency is bounded by the number of message groups');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(2500);
  await pause(page);
  const groups = stage(page).getByRole('list', { name: 'Message groups' });
  const fleet = stage(page).getByRole('region', { name: 'Poller fleet' });
  let sawLocked = 0;
  for (let i = 0; i < 12; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForTimeout(150);
    const text = (await fleet.textContent()) ?? '';
    const m = /(\d+) of (\d+) groups? busy/.exec(text);
    expect(m, text).not.toBeNull();
    const running = Number(m?.[1]);
    const active = Number(m?.[2]);
    const locked = await groups.getByText('locked', { exact: true }).count();
    // One batch per group: invocations in flight = locked groups, never more than active groups.
    expect(running).toBeLessThanOrEqual(active);
    expect(running).toBe(locked);
    sawLocked = Math.max(sawLocked, locked);
  }
  expect(sawLocked).toBeGreaterThan(0);
  // Three busy groups, four invocation bars: the stage still fits 1280 × 720 (a projector) without scrolling.
  const overflow = await page
    .locator('#region-stage')
    .evaluate((el) => el.scrollHeight - el.clientHeight);
  expect(overflow).toBeLessThanOrEqual(1);
  await screens(page, 'fifo-locked');
});

test('SQS standard: the poller fleet and in-flight messages are drawn', async ({ page }) => {
  await openPreset(page, 'SQS: the happy path');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(4000);
  await pause(page);
  await expect(stage(page).getByRole('region', { name: 'Poller fleet' })).toContainText(
    /\d+ of [\d,]+ pollers/,
  );
  await expect(stage(page).getByRole('region', { name: 'Deleted messages' })).toContainText(
    /[1-9]\d*\s+messages deleted/,
  );
  await screens(page, 'sqs-happy');
});
