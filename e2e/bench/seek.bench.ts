/**
 * Seek benchmark (issue 6, "Done when"): a 10-minute Kinesis run at 1,000
 * records/s is played to its end, then the scrubber seeks to 25 pseudo-random
 * moments (fixed seed). Each answer time runs from the slider's input event
 * until the page shows that moment (the scrubber's data-sim-t), so it covers
 * the UI's frame coalescing, the worker's checkpoint restore + replay and
 * the render. Prints the figures; the target (≤ 200 ms) is not asserted.
 */
import { expect, test } from '@playwright/test';

const DURATION = 600;
const SEEKS = 25;

/** The run to seek in: served in place of the app's default scenario. */
const SCENARIO = {
  format: 1,
  title: 'Seek benchmark: 10 minutes at 1,000 records/s',
  seed: 7,
  durationSeconds: DURATION,
  source: { type: 'kinesis', ShardCount: 4 },
  mapping: { BatchSize: 100, MaximumBatchingWindowInSeconds: 1, StartingPosition: 'TRIM_HORIZON' },
  function: { durationSeconds: { base: 0.05, perRecord: 0.0005 } },
  producers: [
    // 400/s passes the loader's 250,000-record guard; a live edit below raises it to 1,000/s.
    { ratePerSecond: 400, keys: 100, from: 0, until: DURATION, failProbability: 0 },
  ],
};

test('seek answer times in a 10-minute run at 1,000 records/s', async ({ page }) => {
  test.setTimeout(900_000);
  await page.route('**/scenarios/kinesis-poison-blocks-shard.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(SCENARIO) }),
  );
  await page.goto('./');
  await expect(page.getByText('Seek benchmark').first()).toBeVisible();
  const root = page.locator('[data-sim-t]');
  const rate = page.getByRole('textbox', { name: 'Records per second', exact: true });
  await rate.fill('1000');
  await rate.press('Enter');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('slider', { name: 'Speed' }).press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const playStart = Date.now();
  await expect
    .poll(async () => Number(await root.getAttribute('data-sim-t')), {
      timeout: 720_000,
      intervals: [1000],
    })
    .toBeGreaterThanOrEqual(DURATION);
  const playWall = (Date.now() - playStart) / 1000;
  const totals =
    (await page
      .getByRole('region', { name: 'Pipeline stage' })
      .getByText(/\d+ put · /)
      .textContent()) ?? '';

  const times = await page.evaluate(
    async ({ n, duration }) => {
      const slider = document.querySelector<HTMLInputElement>('input[aria-label="Simulated time"]');
      const rootEl = document.querySelector<HTMLElement>('[data-sim-t]');
      if (!slider || !rootEl) throw new Error('scrubber not found');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      let seed = 12345;
      const rand = (): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      const out: { t: number; ms: number }[] = [];
      for (let i = 0; i < n; i++) {
        const t = Math.round(rand() * duration * 10) / 10;
        const answered = new Promise<number>((resolve) => {
          const start = performance.now();
          const obs = new MutationObserver(() => {
            if (Number(rootEl.dataset.simT) === t) {
              obs.disconnect();
              resolve(performance.now() - start);
            }
          });
          obs.observe(rootEl, { attributes: true, attributeFilter: ['data-sim-t'] });
          setter?.call(slider, String(t));
          slider.dispatchEvent(new Event('input', { bubbles: true }));
          slider.dispatchEvent(new Event('change', { bubbles: true }));
        });
        out.push({ t, ms: await answered });
        // Let the page settle between seeks, as a person scrubbing in steps would.
        await new Promise((r) => setTimeout(r, 100));
      }
      return out;
    },
    { n: SEEKS, duration: DURATION },
  );

  const sorted = times.map((x) => x.ms).sort((a, b) => a - b);
  const q = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const f = (ms: number): string => `${ms.toFixed(0)} ms`;
  console.log(
    [
      `bench:ui — seek in a ${DURATION / 60}-minute Kinesis run at 1,000 records/s (4 shards, BatchSize 100)`,
      `  played to ${DURATION} s in ${playWall.toFixed(1)} s of wall time at top speed; stage: ${totals}`,
      `  ${SEEKS} seeks: median ${f(q(0.5))}, p95 ${f(q(0.95))}, max ${f(sorted.at(-1) ?? 0)} (target ≤ 200 ms)`,
      `  each: ${times.map((x) => `${x.t.toFixed(1)} s → ${f(x.ms)}`).join(', ')}`,
    ].join('\n'),
  );
  expect(times).toHaveLength(SEEKS);
});
