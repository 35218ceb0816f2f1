/**
 * The stage at scale on a 1280×720 projector: eight shards, eight FIFO
 * message groups and a 10,000-message queue fit without scrolling and say
 * where records are counted rather than drawn one by one.
 */
import { expect, test, type Page } from '@playwright/test';
import { openPreset, pause, screens, stage } from './stage-support';

// Scenario files are served by page.route, which cannot see requests a service worker answers:
// once the lab's worker has precached the presets (it registers when the page goes idle), a
// preset would come from its cache instead. Offline behaviour has its own spec.
test.use({ serviceWorkers: 'block' });

/** Serves `json` in place of an example file, so it loads through the picker. */
async function serve(page: Page, file: string, json: object): Promise<void> {
  await page.route(`**/scenarios/${file}`, (route) => route.fulfill({ json }));
}

async function stageFits(page: Page): Promise<void> {
  const overflow = await page
    .locator('#region-stage')
    .evaluate((el) => el.scrollHeight - el.clientHeight);
  expect(overflow).toBeLessThanOrEqual(1);
  const flowOverflow = await stage(page)
    .locator('[data-kind]')
    .evaluate((el) => el.scrollHeight - el.clientHeight);
  expect(flowOverflow).toBeLessThanOrEqual(1);
}

test('eight shards fit 720p, every shard row in view', async ({ page }) => {
  await serve(page, 'kinesis-happy-path.json', {
    format: 1,
    title: 'Kinesis: the happy path',
    seed: 3,
    durationSeconds: 60,
    source: { type: 'kinesis', ShardCount: 8 },
    mapping: {
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
    },
    producers: [{ ratePerSecond: 400, keys: 40 }],
  });
  await openPreset(page, 'Kinesis: the happy path');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(stage(page).getByRole('listitem', { name: 'Shard 7' })).toContainText(
    /[1-9]\d* waiting|age/,
  );
  await expect
    .poll(async () => (await stage(page).textContent())?.match(/(\d[\d,]*) put/)?.[1] ?? '0')
    .not.toBe('0');
  await pause(page);
  await stageFits(page);
  for (let i = 0; i < 8; i++)
    await expect(stage(page).getByRole('listitem', { name: `Shard ${i}` })).toBeInViewport({
      ratio: 1,
    });
  await screens(page, 'eight-shards');
});

test('eight FIFO message groups fit 720p; more are counted and said so', async ({ page }) => {
  await serve(page, 'fifo-ordering.json', {
    format: 1,
    title: 'SQS FIFO: order is kept within each message group',
    seed: 1,
    durationSeconds: 60,
    source: { type: 'sqs-fifo' },
    function: { durationSeconds: { base: 0.8 } },
    producers: [{ ratePerSecond: 20, keys: 10 }],
  });
  await openPreset(page, 'SQS FIFO: order is kept within each message group');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const groups = stage(page).getByRole('list', { name: 'Message groups' }).getByRole('listitem');
  await expect(groups).toHaveCount(8, { timeout: 20_000 });
  await expect(stage(page).getByText(/\+2 more message groups, not drawn/)).toBeVisible();
  await pause(page);
  await stageFits(page);
  for (let i = 0; i < 8; i++) await expect(groups.nth(i)).toBeInViewport({ ratio: 1 });
  await screens(page, 'fifo-eight-groups');
});

test('a 10,000-message queue is drawn in part and counted exactly, and says so', async ({
  page,
}) => {
  await serve(page, 'sqs-happy-path.json', {
    format: 1,
    title: 'SQS: the happy path',
    seed: 1,
    durationSeconds: 60,
    source: { type: 'sqs' },
    mapping: { BatchSize: 10, ScalingConfig: { MaximumConcurrency: 2 } },
    function: { durationSeconds: { base: 2 } },
    producers: [{ ratePerSecond: 2000, keys: 1, until: 6 }],
  });
  await openPreset(page, 'SQS: the happy path');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const note = stage(page).getByText(
    /^\d{2},\d{3} messages: the first \d+ are drawn, the rest counted\.$/,
  );
  await expect(note.first()).toBeVisible({ timeout: 20_000 });
  await pause(page);
  await expect(stage(page).getByRole('region', { name: 'Queue', exact: true })).toContainText(
    /1\d,\d{3} visible/,
  );
  await stageFits(page);
  await screens(page, 'sqs-ten-thousand');
});
