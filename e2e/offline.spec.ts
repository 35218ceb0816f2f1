/**
 * Offline and installable: after one visit the service worker has cached the
 * build, so a reload with the network off shows the lab, runs the simulation
 * and opens a shared link; the web manifest names the icons an install needs.
 * Served from a sub-path (/lab/), as every e2e spec is.
 */
import { expect, test } from '@playwright/test';
import { showsRun, stateLink } from './share-support';
import { openApp, simT } from './timeline-helpers';

// Several page loads, worker runs and downloads per test: on a loaded 2-core machine one
// can take a minute. The specs wait for states, never for time.
test.describe.configure({ timeout: 90_000 });

test('after one visit, a reload works offline (and a shared link opens)', async ({
  page,
  context,
}) => {
  await openApp(page);
  // The worker registers a few seconds after start-up (src/pwa/register.ts), then controls
  // the page.
  const scope = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.scope;
  });
  expect(new URL(scope).pathname).toBe('/lab/');
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
  const link = await stateLink(page);

  await context.setOffline(true);
  await page.reload();
  await showsRun(page);
  await expect(
    page.getByRole('combobox', { name: 'Example scenario' }).locator('option:checked'),
  ).toHaveText('Kinesis: a poison record blocks its shard');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => simT(page)).toBeGreaterThan(0);

  // Lazy parts load from the cache too: the Share dialog and a shared link.
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Share and export' })).toBeVisible();
  const other = await context.newPage();
  await other.goto(link);
  await showsRun(other);
  await expect(other.getByRole('alert')).toHaveCount(0);
  await context.setOffline(false);
});

test('the web manifest makes the lab installable from its folder', async ({ page, request }) => {
  await page.goto('./');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('./manifest.webmanifest');
  const manifest = (await (await request.get(`./manifest.webmanifest`)).json()) as {
    start_url: string;
    scope: string;
    display: string;
    icons: { src: string; sizes: string; purpose?: string }[];
  };
  expect(manifest.start_url).toBe('./');
  expect(manifest.scope).toBe('./');
  expect(manifest.display).toBe('standalone');
  const sizes = manifest.icons.map(
    (i) => `${i.sizes}${i.purpose === 'maskable' ? ' maskable' : ''}`,
  );
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512', '512x512 maskable']));
  for (const icon of manifest.icons) {
    const res = await request.get(icon.src);
    expect(res.ok()).toBe(true);
  }
});
