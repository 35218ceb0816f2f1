/**
 * The app shell in a real Chromium: the page loads from a sub-path, the
 * simulation worker answers, the layout regions and theme work, the About
 * dialog is keyboard-operable, nothing leaves the origin, and axe finds no
 * serious or critical violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const REGIONS = [
  'Source and mapping settings',
  'Playback',
  'Pipeline stage',
  'Timeline',
  'Metrics',
  'Event log',
  'Record details',
];

/** Simulated seconds, read from the timeline scrubber (a range input named "Simulated time"). */
async function simSeconds(page: Page): Promise<number> {
  return Number(await page.getByRole('slider', { name: 'Simulated time' }).inputValue());
}

async function ready(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: 'Lambda ESM Lab' })).toBeVisible();
  // The first frame from the worker names the scenario's state.
  await expect(page.getByText(/^(Paused|Playing|Ended)$/).first()).toBeVisible();
}

test('loads from a sub-path, and the worker runs the simulation after Play', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await ready(page);
  expect(new URL(page.url()).pathname).toBe('/lab/');
  expect(await simSeconds(page)).toBe(0);
  // The example picker names the start-up scenario.
  await expect(
    page.getByRole('combobox', { name: 'Example scenario' }).locator('option:checked'),
  ).toHaveText('Kinesis: a poison record blocks its shard');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => simSeconds(page), { timeout: 10_000 }).toBeGreaterThan(0.5);
  const a = await simSeconds(page);
  await page.waitForTimeout(500);
  expect(await simSeconds(page)).toBeGreaterThan(a);
  expect(errors).toEqual([]);
});

test('shows every layout region with its accessible name', async ({ page }) => {
  await ready(page);
  for (const name of REGIONS) {
    // The log, metrics and record details share the side panel's tabs.
    const tab = page.getByRole('tab', { name: name === 'Record details' ? /^Record/ : name });
    if (await tab.count()) await tab.click();
    await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
});

test('at 1280 × 720 the lab fits the window: the page itself never scrolls', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await ready(page);
  // The settings column's last group, whose legend is visually hidden, is on the page.
  await expect(page.locator('legend', { hasText: 'Execution role policies' })).toBeAttached();
  // Regions scroll inside themselves. A visually hidden label positioned against the page (not
  // its scrolling region) once made the document 3,708 px tall: the wheel scrolled the lab away.
  const sizes = await page.evaluate(() => ({
    scroll: document.documentElement.scrollHeight,
    client: document.documentElement.clientHeight,
  }));
  expect(sizes.scroll).toBe(sizes.client);
});

test('the side panel tabs work with the keyboard, and following a record opens its tab', async ({
  page,
}) => {
  await ready(page);
  const tabs = page.getByRole('tablist', { name: 'Log, metrics and record' });
  const log = tabs.getByRole('tab', { name: 'Event log' });
  await expect(log).toHaveAttribute('aria-selected', 'true');
  await log.focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.getByRole('tab', { name: 'Metrics' })).toBeFocused();
  await expect(page.getByRole('region', { name: 'Metrics', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Event log', exact: true })).toBeHidden();
  await page.keyboard.press('End');
  await expect(tabs.getByRole('tab', { name: /^Record/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(log).toHaveAttribute('aria-selected', 'true');
  // Following a record on the stage shows its story; Escape goes back to the previous tab.
  await page.getByRole('tab', { name: 'Metrics' }).click();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const lane = page
    .getByRole('region', { name: 'Pipeline stage', exact: true })
    .getByRole('group', { name: /Shard 0 records/ });
  await lane.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(tabs.getByRole('tab', { name: /^Record/ })).toHaveAttribute('aria-selected', 'true');
  const record = page.getByRole('region', { name: 'Record details', exact: true });
  await expect(record).toBeVisible();
  await record.getByRole('textbox', { name: 'Record id' }).press('Escape');
  await expect(page.getByRole('tab', { name: 'Metrics' })).toBeFocused();
  await expect(record).toBeHidden();
  await page.getByRole('tab', { name: /^Record/ }).click();
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(record).toBeHidden();
});

test('the theme toggle switches light and dark, and the choice persists', async ({ page }) => {
  await ready(page);
  const theme = page.getByRole('group', { name: 'Theme' });
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await theme.getByRole('button', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const dark = await background();
  await theme.getByRole('button', { name: 'Light' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).not.toBe(dark);
  await theme.getByRole('button', { name: 'Dark' }).click();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(theme.getByRole('button', { name: 'Dark' })).toHaveAttribute('aria-pressed', 'true');
  await theme.getByRole('button', { name: 'System' }).click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.*/);
});

test('follows the system colour scheme by default', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await ready(page);
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(dark).not.toBe(light);
});

test('the About page opens and closes with the keyboard', async ({ page }) => {
  await ready(page);
  const about = page.getByRole('button', { name: 'About this model' });
  await about.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'About this model' });
  await expect(dialog).toBeVisible();
  // The current SQS scaling rule, and the lecture-era one it replaced.
  await expect(dialog.getByText(/adds up to 300 per minute/)).toBeVisible();
  await expect(dialog.getByText(/\+60 per minute up to 1,000/)).toBeVisible();
  await expect(dialog.getByRole('heading', { name: /Stand-ins/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(about).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).press('Enter');
  await expect(dialog).toBeHidden();
});

test('no request leaves the origin', async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? '').origin;
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) {
      foreign.push(r.url());
    }
  });
  await ready(page);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('button', { name: 'About this model' }).click();
  await page.keyboard.press('Escape');
  await page.waitForTimeout(1000);
  expect(foreign).toEqual([]);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violations (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await ready(page);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.screenshot({ path: `test-results/screens/app-${scheme}.png` });
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const summary = bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(summary).toEqual([]);
  });
}

test('the layout collapses the settings column on a tablet', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await ready(page);
  const settings = page.getByRole('region', { name: 'Source and mapping settings' });
  await expect(settings).toBeHidden();
  const toggle = page.getByRole('button', { name: 'Settings' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(settings).toBeVisible();
  await expect(page.getByRole('region', { name: 'Pipeline stage' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/app-tablet.png', fullPage: true });
});

test('on a phone the page is as wide as the screen, with every header tool and the shards on it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await ready(page);
  // A page wider than the screen makes a phone zoom the whole lab out.
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: window.innerWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.screen);
  const header = page.getByRole('banner');
  for (const name of ['Settings', 'Lessons', 'Practice', 'Share', 'About this model']) {
    const box = await header.getByRole('button', { name, exact: false }).first().boundingBox();
    expect(box, name).not.toBeNull();
    expect(box!.x, name).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, name).toBeLessThanOrEqual(390);
  }
  // The stage's side columns leave the shards room to show their records.
  const shard = await page.locator('[data-stage-target="shard:0"]').boundingBox();
  expect(shard?.width ?? 0).toBeGreaterThanOrEqual(80);
  await page.screenshot({ path: 'test-results/screens/app-phone.png', fullPage: true });
});
