/**
 * Frame-rate benchmarks of the pipeline stage under load: Kinesis, 8 shards,
 * ParallelizationFactor 10, 1,000 records/s, at 10x, for ~10 s of wall time;
 * and compare mode (two stages in lock step, two workers) at 10x on each
 * source's default scenario. Measures requestAnimationFrame intervals
 * (median, p95, max) and long tasks (PerformanceObserver 'longtask') in the
 * page, and prints them with the machine's load. A benchmark, not a test of
 * timing: the only assertions are that the runs were set up and simulated
 * time advanced (in step, for compare mode).
 */
import { cpus, loadavg } from 'node:os';
import { expect, test, type Page } from '@playwright/test';

// Scenario files are served by page.route, which cannot see requests a service worker answers:
// once the lab's worker has precached the presets (it registers when the page goes idle), a
// preset would come from its cache instead. Offline behaviour has its own spec.
test.use({ serviceWorkers: 'block' });

const MEASURE_MS = 10_000;

async function simTime(page: Page): Promise<number> {
  const text =
    (await page
      .getByRole('region', { name: 'Playback', exact: true })
      .locator('output')
      .textContent()) ?? '';
  return Number(/t = ([\d.]+) s/.exec(text)?.[1] ?? Number.NaN);
}

/**
 * rAF intervals and long tasks in the page over `measureMs` of wall time,
 * and the renderer main thread's own work over the same window (CDP
 * Performance metrics: task, script, layout and style time), per frame: a CPU
 * figure that says what the page costs, whatever else the shared machine runs.
 */
async function measureFrames(page: Page, measureMs: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    );
  const before = await metrics();
  const frames = await page.evaluate(async (ms) => {
    const deltas: number[] = [];
    const longTasks: number[] = [];
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    try {
      obs.observe({ type: 'longtask', buffered: false });
    } catch {
      // longtask unsupported: reported as none observed
    }
    await new Promise<void>((resolve) => {
      const start = performance.now();
      let last = start;
      const tick = (now: number): void => {
        deltas.push(now - last);
        last = now;
        if (now - start < ms) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame((now) => {
        last = now;
        requestAnimationFrame(tick);
      });
    });
    obs.disconnect();
    const sorted = [...deltas].sort((a, b) => a - b);
    const q = (p: number): number =>
      sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    return {
      frames: deltas.length,
      medianMs: q(0.5),
      p95Ms: q(0.95),
      p99Ms: q(0.99),
      maxMs: sorted[sorted.length - 1] ?? 0,
      over50ms: deltas.filter((d) => d > 50).length,
      longTasks: longTasks.length,
      longTaskTotalMs: longTasks.reduce((a, b) => a + b, 0),
      longTaskMaxMs: longTasks.reduce((a, b) => Math.max(a, b), 0),
    };
  }, measureMs);
  const after = await metrics();
  await cdp.detach();
  const perFrame = (name: string): number =>
    (((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / Math.max(1, frames.frames);
  return {
    ...frames,
    cpuTaskMsPerFrame: perFrame('TaskDuration'),
    cpuScriptMsPerFrame: perFrame('ScriptDuration'),
    cpuLayoutStyleMsPerFrame: perFrame('LayoutDuration') + perFrame('RecalcStyleDuration'),
    // CPU time, not wall time: what the main thread and the whole renderer process (main thread,
    // simulation worker, compositor, raster) consumed a frame, however busy the machine is.
    cpuThreadMsPerFrame: perFrame('ThreadTime'),
    cpuProcessMsPerFrame: perFrame('ProcessTime'),
  };
}

/** "main thread 6.1 ms a frame (script 3.2, layout + style 1.1); CPU time a frame: …". */
function cpuLine(f: Awaited<ReturnType<typeof measureFrames>>): string {
  return `main thread ${f.cpuTaskMsPerFrame.toFixed(1)} ms a frame (script ${f.cpuScriptMsPerFrame.toFixed(1)}, layout + style ${f.cpuLayoutStyleMsPerFrame.toFixed(1)}); CPU time a frame: main thread ${f.cpuThreadMsPerFrame.toFixed(1)} ms, renderer process ${f.cpuProcessMsPerFrame.toFixed(1)} ms`;
}

/** The load: served in place of the Kinesis default preset, so it loads through the UI's own path. */
const BENCH_SCENARIO = {
  format: 1,
  title: 'bench:ui load',
  seed: 7,
  durationSeconds: 240,
  source: { type: 'kinesis', ShardCount: 8 },
  // A 1 s batching window gathers batches of up to 100 (kept so figures compare across runs).
  mapping: {
    StartingPosition: 'TRIM_HORIZON',
    BatchSize: 100,
    MaximumBatchingWindowInSeconds: 1,
    ParallelizationFactor: 10,
  },
  // 200 s of traffic: 200,000 records, well under the simulator's per-run limits.
  producers: [{ ratePerSecond: 1000, keys: 200, until: 200 }],
};

test('stage frame rate at 10x, 8 shards × factor 10, 1,000 records/s', async ({ page }) => {
  await page.route('**/scenarios/kinesis-happy-path.json', (route) =>
    route.fulfill({ json: BENCH_SCENARIO }),
  );
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: 'Lambda ESM Lab' })).toBeVisible();
  await page.getByRole('radio', { name: 'SQS standard' }).click();
  await expect(
    page.getByRole('region', { name: 'Pipeline stage' }).getByRole('heading', { level: 2 }),
  ).toContainText('SQS standard');
  await page.getByRole('radio', { name: 'Kinesis Data Streams' }).check();
  const stage = page.getByRole('region', { name: 'Pipeline stage' });
  await expect(stage.getByRole('heading', { level: 2 })).toContainText('bench:ui load');
  await expect(stage.getByRole('listitem', { name: 'Shard 7' })).toBeVisible();
  await expect(stage.locator('[data-factor="10"]').first()).toBeVisible();

  // 10x on the logarithmic slider (0.1x..100x): position 2/3, i.e. 667 of 1000.
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.evaluate((el, value) => {
    // React listens for 'input'; the native setter makes it see the change.
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setter?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, '667');
  const speedText = await speed.getAttribute('aria-valuetext');

  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(1500); // let traffic build up before measuring
  const t0 = await simTime(page);

  // BENCH_TRACE=<file.json>: a Chrome trace of the measured window, to see where the frame goes.
  const tracePath = process.env['BENCH_TRACE'];
  const browser = page.context().browser();
  if (tracePath !== undefined && browser !== null)
    await browser.startTracing(page, { path: tracePath, screenshots: false });
  const figures = await measureFrames(page, MEASURE_MS);
  if (tracePath !== undefined && browser !== null) await browser.stopTracing();
  const t1 = await simTime(page);
  const stats =
    (await page
      .getByRole('region', { name: 'Pipeline stage' })
      .locator('header p')
      .textContent()) ?? '';
  // What the load looks like (test-results/…/stage-8x10.png): to check a speed change by eye.
  const shot = test.info().outputPath('stage-8x10.png');
  await page.getByRole('region', { name: 'Pipeline stage' }).screenshot({ path: shot });

  const fmt = (n: number): string => n.toFixed(1);
  console.log(
    [
      `bench:ui — Kinesis, 8 shards × ParallelizationFactor 10, 1,000 records/s, speed ${speedText ?? '?'}`,
      `  wall ${MEASURE_MS / 1000} s, simulated ${fmt(t0)} s → ${fmt(t1)} s (${fmt(t1 - t0)} s)`,
      `  frames ${figures.frames} (${fmt(figures.frames / (MEASURE_MS / 1000))} fps)`,
      `  frame interval median ${fmt(figures.medianMs)} ms, p95 ${fmt(figures.p95Ms)} ms, p99 ${fmt(figures.p99Ms)} ms, max ${fmt(figures.maxMs)} ms, >50 ms: ${figures.over50ms}`,
      `  long tasks ${figures.longTasks} (total ${fmt(figures.longTaskTotalMs)} ms, longest ${fmt(figures.longTaskMaxMs)} ms)`,
      `  CPU: ${cpuLine(figures)}`,
      `  stage: ${stats}`,
      `  screenshot: ${shot}`,
      // The machine is shared: the load average says how much to trust the figures.
      `  machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1 / 5 / 15 min)`,
    ].join('\n'),
  );
  expect(speedText).toBe('10x');
  expect(t1).toBeGreaterThan(t0);
});

const SOURCES = [
  { radio: 'Kinesis Data Streams', name: 'Kinesis (kinesis-happy-path)' },
  { radio: 'DynamoDB Streams', name: 'DynamoDB Streams (dynamodb-stream-basics)' },
  { radio: 'SQS standard', name: 'SQS standard (sqs-happy-path)' },
  { radio: 'SQS FIFO', name: 'SQS FIFO (fifo-ordering)' },
] as const;
const COMPARE_MS = 6_000;

const runClock = async (page: Page, side: 'a' | 'b'): Promise<number> =>
  Number((await page.locator(`[data-run-clock="${side}"]`).getAttribute('data-sim-t')) ?? NaN);

test('compare mode frame rate at 10x on each source’s default scenario', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: 'Lambda ESM Lab' })).toBeVisible();
  const lines: string[] = [];
  for (const src of SOURCES) {
    if (page.url().includes('#')) await page.goto('./');
    const back = page.getByRole('button', { name: 'Back to the lab' });
    if (await back.isVisible()) await back.click();
    await page.getByRole('radio', { name: src.radio }).check();
    await expect(
      page.getByRole('region', { name: 'Pipeline stage' }).getByRole('heading', { level: 2 }),
    ).toContainText(src.radio);
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect(
      page.getByRole('region', { name: 'Run B stage' }).getByRole('heading', { level: 2 }),
    ).toContainText(src.radio);
    const speed = page.getByRole('slider', { name: 'Speed' });
    await speed.evaluate((el, value) => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      setter?.call(el, value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, '667');
    const speedText = await speed.getAttribute('aria-valuetext');
    await expect(page.locator('[data-run-clock][data-sim-t]')).toHaveCount(2);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.waitForTimeout(1000);
    const t0 = await runClock(page, 'a');
    const f = await measureFrames(page, COMPARE_MS);
    // A short default scenario may end during the measurement: then Play is showing already.
    const pauseButton = page.getByRole('button', { name: 'Pause', exact: true });
    if (await pauseButton.isVisible()) await pauseButton.click();
    await expect
      .poll(async () => (await runClock(page, 'a')) - (await runClock(page, 'b')))
      .toBe(0);
    const t1 = await runClock(page, 'a');
    const fmt = (n: number): string => n.toFixed(1);
    lines.push(
      `  ${src.name}, speed ${speedText ?? '?'}: simulated ${fmt(t0)} → ${fmt(t1)} s; frames ${f.frames} (${fmt(f.frames / (COMPARE_MS / 1000))} fps); median ${fmt(f.medianMs)} ms, p95 ${fmt(f.p95Ms)} ms, p99 ${fmt(f.p99Ms)} ms, max ${fmt(f.maxMs)} ms; long tasks ${f.longTasks} (longest ${fmt(f.longTaskMaxMs)} ms); ${cpuLine(f)}`,
    );
    expect(speedText).toBe('10x');
    expect(t1).toBeGreaterThan(t0);
    await page.getByRole('button', { name: 'Back to the lab' }).click();
  }
  console.log(
    [
      'bench:ui — compare mode (two runs in lock step, two workers), 10x, default scenarios:',
      ...lines,
      `  machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1 / 5 / 15 min)`,
    ].join('\n'),
  );
});
