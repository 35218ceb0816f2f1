/**
 * Presenter mode by key (P) and by button: the stage fills at least 80% of a
 * 1280×720 screen with records ≥ 28 px and labels ≥ 20 px, playback stays in
 * reach, a clicker's PageDown / PageUp step, B blanks (any key comes back),
 * the pointer rings what it clicks, the QR code and the teacher-notes window
 * work (or say why not), and axe is clean in both themes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openPreset, simTime, stage } from './stage-support';

async function stageShare(page: Page): Promise<number> {
  const box = await stage(page).boundingBox();
  const vp = page.viewportSize();
  if (box === null || vp === null) return 0;
  return (box.width * box.height) / (vp.width * vp.height);
}

async function expectPresenter(page: Page): Promise<void> {
  await expect(page.getByRole('toolbar', { name: 'Presenter tools' })).toBeVisible();
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('region', { name: 'Source and mapping settings' })).toBeHidden();
  await expect(page.getByRole('region', { name: 'Event log' })).toBeHidden();
  // Playback stays in reach.
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect.poll(() => stageShare(page)).toBeGreaterThanOrEqual(0.8);
}

test('P and the header button switch presenter mode; the stage fills the screen, large', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await openPreset(page, 'Kinesis: the happy path');
  const shards = page.getByRole('textbox', { name: 'Shards' });
  await shards.fill('4');
  await shards.press('Enter');
  await expect(page.getByText(/restarted with 4/)).toBeVisible();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => simTime(page)).toBeGreaterThan(3);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  expect(await stageShare(page)).toBeLessThan(0.8);

  // By key.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('p');
  await expectPresenter(page);
  for (let i = 0; i < 4; i++) {
    const lane = stage(page).getByRole('group', {
      name: `Shard ${i} records. Use the arrow keys to choose a record and Enter to follow it.`,
    });
    await expect
      .poll(async () => Number(await lane.getAttribute('data-record-px')))
      .toBeGreaterThanOrEqual(28);
  }
  const px = (loc: ReturnType<Page['locator']>) =>
    loc.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(await px(stage(page).getByText('Shard 0', { exact: true }))).toBeGreaterThanOrEqual(20);
  expect(
    await px(stage(page).getByRole('heading', { name: 'Checkpointed' })),
  ).toBeGreaterThanOrEqual(20);
  expect(
    await px(
      stage(page)
        .getByText(/^\d[\d,]* waiting/)
        .first(),
    ),
  ).toBeGreaterThanOrEqual(20);
  await page.screenshot({ path: 'test-results/screens/presenter-kinesis-light.png' });
  await page.keyboard.press('p');
  await expect(page.getByRole('banner')).toBeVisible();

  // By button, and out again by the bar's button.
  await page.getByRole('button', { name: 'Presenter' }).click();
  await expectPresenter(page);
  await page.getByRole('button', { name: 'Exit presenter mode' }).click();
  await expect(page.getByRole('region', { name: 'Source and mapping settings' })).toBeVisible();

  // P does nothing while typing in a field.
  const batch = page.getByRole('textbox', { name: 'Batch size' });
  await batch.click();
  await page.keyboard.press('p');
  await expect(page.getByRole('toolbar', { name: 'Presenter tools' })).toHaveCount(0);
});

test('clicker keys step forward and back; B blanks and any key brings the stage back', async ({
  page,
}) => {
  await openPreset(page, 'Kinesis: a poison record blocks its shard');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('P');
  await expectPresenter(page);
  // PageDown steps to the next meaningful event; several share an instant, so step until time moves.
  await expect(async () => {
    await page.keyboard.press('PageDown');
    expect(await simTime(page)).toBeGreaterThan(1);
  }).toPass({ timeout: 15_000 });
  const t = await simTime(page);
  await page.keyboard.press('PageUp');
  await expect.poll(() => simTime(page)).toBeLessThan(t);

  await page.keyboard.press('b');
  const blank = page.getByRole('dialog', { name: 'Screen blanked' });
  await expect(blank).toBeVisible();
  const before = await simTime(page);
  // The key that unblanks does nothing else (no step).
  await page.keyboard.press('PageDown');
  await expect(blank).toBeHidden();
  expect(await simTime(page)).toBe(before);
  await page.keyboard.press('b');
  await expect(blank).toBeVisible();
  await page.keyboard.press('b');
  await expect(blank).toBeHidden();
  await expectPresenter(page);
});

test('the pointer rings what it clicks; the QR code and the teacher notes open', async ({
  page,
  context,
}) => {
  test.setTimeout(60_000);
  await openPreset(page, 'Kinesis: a poison record blocks its shard');
  await page.getByRole('button', { name: 'Presenter' }).click();
  const point = page.getByRole('button', { name: 'Point' });
  await point.click();
  await expect(point).toHaveAttribute('aria-pressed', 'true');
  await stage(page).getByText('Shard 0', { exact: true }).click();
  const ringed = stage(page).locator('[data-stage-target="shard:0"][data-highlighted="true"]');
  await expect(ringed).toHaveCount(1);
  // Clicking it again clears the ring; leaving the pointer clears it too.
  await stage(page).getByText('Shard 0', { exact: true }).click();
  await expect(ringed).toHaveCount(0);
  await stage(page).getByRole('heading', { name: 'Discarded' }).click();
  await expect(
    stage(page).locator('[data-stage-target="discard"][data-highlighted="true"]'),
  ).toHaveCount(1);
  await point.click();
  await expect(stage(page).locator('[data-highlighted="true"]')).toHaveCount(0);

  await page.getByRole('button', { name: 'QR code' }).click();
  const qr = page.getByRole('dialog', { name: 'Open this moment on your laptop' });
  await expect(
    qr.getByRole('img', { name: /QR code of the link to this moment: http/ }),
  ).toBeVisible();
  await qr.getByRole('button', { name: 'Close' }).click();
  await expect(qr).toBeHidden();

  const [notes] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: 'Teacher notes' }).click(),
  ]);
  await expect(notes.getByRole('heading', { name: 'Teacher notes' })).toBeVisible();
  await expect(notes.getByRole('heading', { name: 'What just happened' })).toBeVisible();
  await expect(notes.getByRole('status').first()).toContainText('presenter mode');
  // Its Step button drives the lab's run, and the notes follow the lab.
  await notes.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => simTime(page)).toBeGreaterThan(0);
  await expect(notes.getByRole('status').first()).toContainText(/t = [1-9]/);
  await notes.close();
});

test('a blocked pop-up is reported, with a link instead, and nothing breaks', async ({ page }) => {
  await page.addInitScript(() => {
    window.open = () => null;
  });
  await openPreset(page, 'Kinesis: the happy path');
  await page.getByRole('button', { name: 'Presenter' }).click();
  await page.getByRole('button', { name: 'Teacher notes' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'blocked the notes window' });
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('link', { name: 'Teacher notes' })).toHaveAttribute(
    'href',
    '#notes/',
  );
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toBeHidden();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`presenter mode: axe finds no serious or critical violations (${scheme})`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openPreset(page, 'SQS: a poison message moves to the dead-letter queue');
    await page.getByRole('button', { name: 'Presenter' }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => simTime(page)).toBeGreaterThan(2);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.screenshot({ path: `test-results/screens/presenter-sqs-${scheme}.png` });
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(bad).toEqual([]);
  });
}
