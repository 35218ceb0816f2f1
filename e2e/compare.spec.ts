/**
 * Compare mode: two runs of the current scenario with the same seed and one
 * setting changed, side by side; one Play / Pause / Step drives both and
 * their clocks match; the difference summary is computed from the runs; a
 * value AWS refuses shows AWS's message and does not run; axe is clean in
 * both themes, and in presenter mode.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openPreset } from './stage-support';

const runClock = (page: Page, side: 'a' | 'b'): Promise<number> =>
  page
    .locator(`[data-run-clock="${side}"]`)
    .getAttribute('data-sim-t')
    .then((t) => Number(t ?? Number.NaN));

async function openCompare(page: Page): Promise<void> {
  await openPreset(page, 'Kinesis: split batch on error isolates the poison record');
  await page.getByRole('button', { name: 'Compare' }).click();
  const view = page.getByRole('region', { name: 'Compare runs' });
  await expect(view).toBeVisible();
  for (const side of ['A', 'B'])
    await expect(
      page.getByRole('region', { name: `Run ${side} stage` }).getByRole('heading', { level: 2 }),
    ).toContainText('Kinesis Data Streams');
}

async function expectSameClock(page: Page): Promise<number> {
  await expect.poll(async () => (await runClock(page, 'a')) - (await runClock(page, 'b'))).toBe(0);
  return runClock(page, 'a');
}

test('two runs side by side in lock step: one Play, Pause and Step, the same clock', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openCompare(page);
  // The first quick pick: split batch on error off (A) vs on (B).
  await expect(page.getByRole('region', { name: 'Run A stage' })).toContainText(
    'Split batch on error: off',
  );
  await expect(page.getByRole('region', { name: 'Run B stage' })).toContainText(
    'Split batch on error: on',
  );

  // 4x (+ doubles the speed of both runs), so a loaded machine still gets there soon.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await expect(page.getByRole('slider', { name: 'Speed' })).toHaveAttribute('aria-valuetext', '4x');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => runClock(page, 'a'), { timeout: 60_000 }).toBeGreaterThan(14);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const t = await expectSameClock(page);
  expect(t).toBeGreaterThan(14);

  // Step: the next meaningful event of either run, both there.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => runClock(page, 'a')).toBeGreaterThan(t);
  await expectSameClock(page);
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect.poll(() => runClock(page, 'a')).toBeLessThanOrEqual(t + 1e-9);
  await expectSameClock(page);

  // The summary comes from the runs: bisect sends only the poison record on, not whole batches.
  const diff = page.getByRole('table', { name: 'Difference between the runs' });
  await expect(diff.getByRole('columnheader', { name: 'Sent to the destination' })).toBeVisible();
  await expect(diff.getByRole('columnheader', { name: 'p95 IteratorAge' })).toBeVisible();
  await expect(diff.getByRole('row', { name: /^B / })).toContainText(/fewer/);
  await page.screenshot({ path: 'test-results/screens/compare-bisect-light.png' });

  await page.getByRole('button', { name: 'Back to the lab' }).click();
  await expect(page.getByRole('region', { name: 'Pipeline stage', exact: true })).toBeVisible();
});

test('the changed setting is checked with AWS’s rules before anything runs', async ({ page }) => {
  await openCompare(page);
  await page.getByRole('button', { name: 'Change settings' }).click();
  const setup = page.getByRole('form', { name: 'What the two runs differ in' });
  await setup
    .getByRole('combobox', { name: 'Add a setting' })
    .selectOption({ label: 'Concurrent batches per shard' });
  const factor = setup.getByRole('textbox', { name: 'Concurrent batches per shard, run B' });
  await factor.fill('11');
  await expect(setup.getByRole('alert')).toContainText(
    'Member must have value less than or equal to 10',
  );
  await setup.getByRole('button', { name: 'Run both' }).click();
  // Refused: the runs keep their settings.
  await expect(page.getByRole('region', { name: 'Run B stage' })).not.toContainText(
    'Concurrent batches per shard',
  );
  await factor.fill('abc');
  await expect(setup.getByRole('alert')).toContainText('is not a number');
  await factor.fill('4');
  await setup.getByRole('button', { name: 'Run both' }).click();
  await expect(page.getByRole('region', { name: 'Run B stage' })).toContainText(
    'Concurrent batches per shard: 4',
  );
  await expect(page.getByRole('region', { name: 'Run A stage' })).toContainText(
    'Concurrent batches per shard: 1',
  );
});

for (const scheme of ['light', 'dark'] as const) {
  test(`compare mode: axe finds no serious or critical violations, normal and presenter (${scheme})`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: scheme });
    await openCompare(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => runClock(page, 'a'), { timeout: 30_000 }).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expectSameClock(page);
    const check = async (): Promise<void> => {
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(bad).toEqual([]);
    };
    await page.screenshot({ path: `test-results/screens/compare-${scheme}.png` });
    await check();
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('p');
    await expect(page.getByRole('toolbar', { name: 'Presenter tools' })).toBeVisible();
    await page.screenshot({ path: `test-results/screens/compare-presenter-${scheme}.png` });
    await check();
  });
}
