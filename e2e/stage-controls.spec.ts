/**
 * Controls and playback by role and accessible name: AWS's message for a
 * rejected combination while the run keeps its settings and keeps going,
 * extreme values, settings not offered per source, restart-only settings,
 * fault injection, keyboard shortcuts and reduced motion.
 */
import { expect, test } from '@playwright/test';
import { openPreset, pause, screens, simTime, speedUp, stage } from './stage-support';

test('BatchSize 50 with window 0 on SQS standard shows AWS’s message and the run keeps going', async ({
  page,
}) => {
  // The window rule is SQS standard's only: streams accept any BatchSize without a window.
  await openPreset(page, 'SQS: the happy path');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const batchSize = page.getByRole('textbox', { name: 'Batch size' });
  await batchSize.fill('50');
  await batchSize.press('Enter');
  const alert = page
    .getByRole('alert')
    .filter({ hasText: 'Maximum batch window in seconds must be greater than 0' });
  await expect(alert).toBeVisible();
  await expect(batchSize).toHaveAttribute(
    'aria-describedby',
    new RegExp(`${await alert.getAttribute('id')}`),
  );
  const t0 = await simTime(page);
  await expect.poll(() => simTime(page), { timeout: 10_000 }).toBeGreaterThan(t0 + 0.5);
  // The mapping kept its last valid BatchSize.
  await expect(page.getByRole('slider', { name: 'Batch size' })).toHaveAttribute(
    'aria-valuetext',
    /^50 records$/,
  );
  await batchSize.press('Escape');
  await expect(page.getByRole('slider', { name: 'Batch size' })).toHaveAttribute(
    'aria-valuetext',
    /^10 records$/,
  );
  await pause(page);
  await batchSize.fill('50');
  await alert.scrollIntoViewIfNeeded();
  await screens(page, 'controls-rejected');

  // Extreme or nonsense values are refused with a message, never a crash.
  await batchSize.fill('1e9');
  await batchSize.press('Enter');
  await expect(page.getByRole('alert').first()).toBeVisible();
  await batchSize.fill('abc');
  await expect(page.getByRole('alert').filter({ hasText: 'is not a number' })).toBeVisible();
  await batchSize.press('Escape');

  // A valid live edit goes through and the engine logs it.
  const windowBox = page.getByRole('textbox', { name: 'Batch window' });
  await windowBox.fill('2');
  await windowBox.press('Enter');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByText(/Change applied: .*MaximumBatchingWindowInSeconds/)).toBeVisible({
    timeout: 8_000,
  });
});

test('Kinesis accepts BatchSize 500 with no batching window (the rule is SQS-only)', async ({
  page,
}) => {
  await openPreset(page, 'Kinesis: the happy path');
  const batchSize = page.getByRole('textbox', { name: 'Batch size' });
  await batchSize.fill('500');
  await batchSize.press('Enter');
  await expect(page.getByRole('slider', { name: 'Batch size' })).toHaveAttribute(
    'aria-valuetext',
    /^500 records$/,
  );
  await expect(page.getByRole('textbox', { name: 'Batch window' })).toHaveValue('0');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Maximum batch window in seconds' }),
  ).toHaveCount(0);
});

test('settings that do not apply are listed with the reason, and Shards restarts the run', async ({
  page,
}) => {
  await openPreset(page, 'Kinesis: the happy path');
  const picker = page.getByRole('combobox', { name: 'Example scenario' });
  await expect(picker.locator('option:checked')).toHaveText('Kinesis: the happy path');
  await page.getByRole('radio', { name: 'SQS FIFO' }).check();
  await expect(stage(page).getByRole('heading', { level: 2 })).toContainText('SQS FIFO');
  // The picker follows the run: switching source loads that source's default example.
  await expect(picker.locator('option:checked')).toHaveText(/^SQS FIFO/);
  await expect(page.getByRole('textbox', { name: 'Batch window' })).toHaveCount(0);
  const notOffered = page.getByText(/^Not offered for SQS FIFO/);
  await notOffered.click();
  await expect(page.getByText(/SQS FIFO has no batching window/)).toBeVisible();

  await page.getByRole('radio', { name: 'Kinesis Data Streams' }).check();
  await expect(stage(page).getByRole('heading', { level: 2 })).toContainText(
    'Kinesis Data Streams',
  );
  const shards = page.getByRole('textbox', { name: 'Shards' });
  await shards.fill('3');
  await shards.press('Enter');
  await expect(page.getByText(/restarted with 3/)).toBeVisible();
  await expect(stage(page).getByRole('listitem', { name: 'Shard 2' })).toBeVisible();
});

test('fault injection: a poison record blocks the shard and the event is logged', async ({
  page,
}) => {
  await openPreset(page, 'Kinesis: the happy path');
  await speedUp(page, 1);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Put poison record' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Poison record put/ })).toBeVisible();
  await expect(stage(page).getByText(/Blocked — retry/)).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Throttle function' }).click();
  await expect(page.getByRole('button', { name: 'Throttle function' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.getByRole('button', { name: 'Throttle function' }).click();
  await expect(page.getByRole('button', { name: 'Throttle function' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await pause(page);
  await screens(page, 'fault-poison');
});

test('keyboard: Space, arrows, + and ? — but not while typing', async ({ page }) => {
  await openPreset(page, 'Kinesis: the happy path');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const t0 = await simTime(page);
  // → steps to the next meaningful event; several can share an instant, so step until time moves.
  await expect(async () => {
    await page.keyboard.press('ArrowRight');
    expect(await simTime(page)).toBeGreaterThan(t0);
  }).toPass({ timeout: 10_000 });
  await page.keyboard.press('+');
  await expect(page.getByRole('slider', { name: 'Speed' })).toHaveAttribute('aria-valuetext', '2x');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await screens(page, 'shortcuts');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // Typing in a field never triggers a shortcut.
  await page.getByRole('tab', { name: /^Record/ }).click();
  const input = page.getByRole('textbox', { name: 'Record id' });
  await input.click();
  await page.keyboard.type(' +?');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(page.getByRole('slider', { name: 'Speed' })).toHaveAttribute('aria-valuetext', '2x');
  await expect(dialog).toBeHidden();
});

test('reduced motion shows the same states without movement', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openPreset(page, 'Kinesis: a poison record blocks its shard');
  await speedUp(page, 2);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(stage(page).getByText(/Blocked — retry/)).toBeVisible({ timeout: 20_000 });
  await pause(page);
  await stage(page).getByText('Legend').click();
  await expect(stage(page).getByText(/Shard blocked: the failed batch retries/)).toBeVisible();
  await screens(page, 'reduced-motion-legend');
});
