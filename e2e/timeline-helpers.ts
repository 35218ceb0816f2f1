/**
 * Shared steps for the timeline e2e specs: load the app, drive the clock,
 * seek with the scrubber, read what the stage and log show, and compute the
 * same moment with a fresh engine run in Node (the ground truth).
 */
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { createSimulation } from '../src/engine';
import type { ResolvedScenario, SimEvent, StageSnapshot } from '../src/engine/types';
import { parseScenario } from '../src/scenarios/validate';

/** A scenario from public/scenarios, validated as the app validates it. */
export function loadScenario(file: string): ResolvedScenario {
  const json: unknown = JSON.parse(
    readFileSync(new URL(`../public/scenarios/${file}`, import.meta.url), 'utf8'),
  );
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return parsed.scenario;
}

/** A fresh run of the scenario up to t: its snapshot and every event logged. */
export function freshRunAt(
  scenario: ResolvedScenario,
  t: number,
): { snapshot: StageSnapshot; events: SimEvent[] } {
  const sim = createSimulation(scenario, { historyLimit: 20000 });
  const events: SimEvent[] = [];
  // Run in slices so the drained events stay in order without holding a huge buffer.
  for (let at = 0; at < t; at = Math.min(t, at + 5)) {
    sim.runUntil(Math.min(t, at + 5));
    events.push(...sim.drainEvents());
  }
  sim.runUntil(t);
  events.push(...sim.drainEvents());
  return { snapshot: sim.snapshot(), events };
}

/** Opens the app and waits for the first frame of the default scenario. */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Lambda ESM Lab' })).toBeVisible();
  await expect(scrubberRoot(page)).toHaveAttribute('data-sim-t', /.+/);
  await expect(page.getByText(/\d+ put · \d+ invocations/)).toBeVisible();
}

/** The scrubber's wrapper, whose data-sim-t is the snapshot's simulated time. */
export function scrubberRoot(page: Page) {
  return page.locator('[data-sim-t]');
}

/** The simulated time of the last frame. */
export async function simT(page: Page): Promise<number> {
  return Number(await scrubberRoot(page).getAttribute('data-sim-t'));
}

/** Plays at top speed until simulated time reaches `t`, then pauses. */
export async function playUntil(page: Page, t: number): Promise<void> {
  await page.getByRole('slider', { name: 'Speed' }).press('End');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => simT(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(t);
  // On a busy machine the run can reach its end (and stop by itself) before the click lands.
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  // (and between the check and the click: a short timeout, else the click waits for a gone button).
  if (await pause.isVisible()) await pause.click({ timeout: 2_000 }).catch(() => undefined);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
}

/** Seeks with the scrubber and waits until the stage shows that moment. */
export async function scrubTo(page: Page, t: number): Promise<void> {
  await page.getByRole('slider', { name: 'Simulated time' }).fill(String(t));
  await expect(scrubberRoot(page)).toHaveAttribute('data-sim-t', String(t));
}

/** What the stage shows as text: the run totals line and each shard's line. */
export async function stageText(page: Page): Promise<{ totals: string; shards: string[] }> {
  const stage = page.getByRole('region', { name: 'Pipeline stage' });
  const totals = (await stage.getByText(/\d+ put · \d+ invocations/).textContent()) ?? '';
  const shards = await stage
    .getByRole('list', { name: 'Shards' })
    .getByText(/waiting · age/)
    .allTextContents();
  return { totals, shards };
}

/** The stage's text lines as a fresh run's snapshot says they should read. */
export function expectedStageText(s: StageSnapshot): { totals: RegExp; waiting: number[] } {
  const n = (v: number) => v.toLocaleString('en-US');
  return {
    totals: new RegExp(
      `${n(s.totals.recordsPut)} put · ${n(s.totals.invocations)} invocations · ` +
        `${n(s.totals.errors)} errors · ${n(s.totals.throttles)} throttles`,
    ),
    waiting: (s.shards ?? []).map((sh) => sh.waiting),
  };
}
