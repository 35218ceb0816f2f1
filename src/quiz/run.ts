/**
 * Running a template's scenarios with the engine, and reading the run
 * report: the only place answers come from.
 *
 * Every scenario a template builds goes through `parseScenario` (the same
 * validation the CLI and the app apply), so a question is always about a
 * scenario AWS would accept, and "Lambda rejects this" options quote the
 * validator's real words.
 */
import {
  createSimulation,
  REPORT_RUN_OPTIONS,
  type InvocationReport,
  type RecordId,
  type ResolvedScenario,
  type RunReport,
  type SimEvent,
  type StageSnapshot,
} from '../engine';
import type { ScenarioDraft } from '../scenarios/build';
import { parseScenario, type Problem } from '../scenarios/validate';

/** A scenario as a template writes it: JSON, as a user would (validated before it runs). */
export type Draft = ScenarioDraft & { readonly durationSeconds: number };

/** One run: the scenario as validated and what the engine reported. */
export interface Run {
  readonly scenario: ResolvedScenario;
  readonly report: RunReport;
}

/** A run that also kept the event log and the final stage snapshot. */
export interface DetailedRun extends Run {
  readonly events: readonly SimEvent[];
  readonly end: StageSnapshot;
}

/** A template built a scenario the validator rejects where it must not: a bug in the template. */
export class TemplateBug extends Error {
  override name = 'TemplateBug';
}

/**
 * The draw cannot make a good question (for example two options turned out
 * right in a single-answer question); the generator draws again from the
 * same seeded stream, so the result is still reproducible.
 */
export class Redraw extends Error {
  override name = 'Redraw';
}

/** Throws Redraw unless `ok`. */
export function need(ok: boolean, why: string): asserts ok {
  if (!ok) throw new Redraw(why);
}

/** What the validator says about a draft: the scenario, or AWS's words for what is wrong. */
export function validate(
  draft: Draft,
):
  | { readonly ok: true; readonly scenario: ResolvedScenario }
  | { readonly ok: false; readonly problems: readonly Problem[] } {
  return parseScenario({ format: 1, ...draft });
}

/** The validated scenario; a rejection is a template bug. */
export function scenarioOf(draft: Draft): ResolvedScenario {
  const v = validate(draft);
  if (!v.ok) {
    throw new TemplateBug(
      `Invalid scenario: ${v.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  }
  return v.scenario;
}

/** Runs a validated scenario to its end. */
export function runResolved(scenario: ResolvedScenario): Run {
  const sim = createSimulation(scenario, REPORT_RUN_OPTIONS);
  sim.runUntil(scenario.durationSeconds);
  return { scenario, report: sim.report() };
}

/** Validates and runs a draft. */
export function run(draft: Draft): Run {
  return runResolved(scenarioOf(draft));
}

/** Validates and runs a draft, keeping the event log and the final snapshot. */
export function runDetailed(draft: Draft): DetailedRun {
  const scenario = scenarioOf(draft);
  const sim = createSimulation(scenario, { historyLimit: null, keepEvents: true });
  sim.runUntil(scenario.durationSeconds);
  // historyLimit null keeps every event, so one drain at the end has them all.
  return { scenario, report: sim.report(), events: sim.drainEvents(), end: sim.snapshot() };
}

// ---------------------------------------------------------------------------
// Reading a report.
// ---------------------------------------------------------------------------

/** Invocations that reached the function (throttled attempts excluded). */
export function delivered(report: RunReport): InvocationReport[] {
  return report.invocations.filter((i) => i.result !== 'throttled');
}

/** Invocations that reached the function holding record `id`, in order. */
export function invocationsWith(report: RunReport, id: string): InvocationReport[] {
  return delivered(report).filter((i) => i.records.includes(id as RecordId));
}

/** The invocation numbered n (1-based). */
export function invocation(report: RunReport, n: number): InvocationReport {
  const inv = report.invocations[n - 1];
  if (inv === undefined || inv.n !== n) throw new TemplateBug(`No invocation #${n}`);
  return inv;
}

/** A record's status and deliveries. */
export function recordOf(report: RunReport, id: string): { status: string; deliveries: number } {
  const r = report.records[id];
  if (r === undefined) throw new TemplateBug(`No record ${id} in the report`);
  return r;
}

/** Ids of the records with this status, in put order. */
export function withStatus(report: RunReport, status: string): string[] {
  return Object.entries(report.records)
    .filter(([, r]) => r.status === status)
    .map(([id]) => id);
}

/** The most invocations running at once, when that first happened, and which ones ran then. */
export function peakConcurrency(report: RunReport): {
  readonly value: number;
  readonly at: number;
  readonly running: readonly number[];
} {
  const edges: { t: number; d: number; n: number }[] = [];
  for (const i of delivered(report)) {
    if (i.end <= i.start) continue;
    edges.push({ t: i.start, d: 1, n: i.n }, { t: i.end, d: -1, n: i.n });
  }
  // Ends before starts at the same instant: back-to-back invocations do not overlap.
  edges.sort((a, b) => a.t - b.t || a.d - b.d || a.n - b.n);
  const running = new Set<number>();
  let best = { value: 0, at: 0, running: [] as number[] };
  for (const e of edges) {
    if (e.d > 0) running.add(e.n);
    else running.delete(e.n);
    if (running.size > best.value) {
      best = { value: running.size, at: e.t, running: [...running].sort((a, b) => a - b) };
    }
  }
  return best;
}

/** Invocations running at simulated second t. */
export function runningAt(report: RunReport, t: number): InvocationReport[] {
  return delivered(report).filter((i) => i.start <= t && t < i.end);
}

/** The middle of an invocation: a moment at which "Show me" sees it in flight. */
export function midOf(inv: InvocationReport): number {
  return round3(inv.start + Math.max(0.001, (inv.end - inv.start) / 2));
}

/** Seconds rounded to milliseconds (stable text and links). */
export function round3(t: number): number {
  return Math.round(t * 1000) / 1000;
}

/** The index (0-based) of a shard id like "shardId-000000000001". */
export function shardIndex(shardId: string | null): number {
  if (shardId === null) return 0;
  const m = /(\d+)$/.exec(shardId);
  return m === null ? 0 : Number(m[1]);
}

/** The shard (index) each record was first delivered from. */
export function shardOfRecords(report: RunReport): Map<string, number> {
  const out = new Map<string, number>();
  for (const inv of delivered(report)) {
    for (const id of inv.records) if (!out.has(id)) out.set(id, shardIndex(inv.shardId));
  }
  return out;
}
