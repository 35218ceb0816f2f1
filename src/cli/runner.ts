/**
 * The CLI's runner: runScenario's simulation (full history, no event log),
 * run in slices of simulated time with a memory check between slices. The
 * generated-records cap bounds records, not invocations: a poison record
 * retried forever on many lanes for days makes millions of invocations from a
 * handful of records. Without the check such a run grows until V8 aborts the
 * process (exit 134, a native stack trace, minutes later); with it, the run
 * stops early with one clear line on stderr and exit 1.
 */
import { getHeapStatistics } from 'node:v8';
import { createSimulation, REPORT_RUN_OPTIONS, writeReportJson } from '../engine/index';
import type { ResolvedScenario, RunReport, Simulation } from '../engine/types';
import type { ReportSource } from './run';

/** Simulated seconds between memory checks. */
export const SLICE_SECONDS = 60;

/**
 * Stop once the live heap passes this share of V8's heap limit: building the
 * report needs about as much again as the state it reads (measured with
 * src/bench/cliBench.ts), so past half the limit the run cannot finish.
 */
export const HEAP_SHARE = 0.5;

export interface MemoryGuard {
  /** Bytes the heap may use before the run stops. */
  readonly maxHeapBytes: number;
  /** The heap in use now. */
  heapUsed(): number;
}

const processGuard = (): MemoryGuard => ({
  maxHeapBytes: getHeapStatistics().heap_size_limit * HEAP_SHARE,
  heapUsed: () => getHeapStatistics().used_heap_size,
});

const gb = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GB`;

/** Runs a scenario to its end and returns the full run report; throws when memory runs short. */
export function runScenarioGuarded(
  scenario: ResolvedScenario,
  guard: MemoryGuard = processGuard(),
): RunReport {
  return runGuarded(scenario, guard).report();
}

/**
 * What simulate.ts runs: the run as runScenarioGuarded does it, its report
 * written as JSON straight from the simulation (never built as one object).
 */
export function reportSourceGuarded(
  scenario: ResolvedScenario,
  guard: MemoryGuard = processGuard(),
): ReportSource {
  const sim = runGuarded(scenario, guard);
  return { writeJson: (sink, byteSink) => writeReportJson(sim, sink, byteSink) };
}

/** Runs a scenario to its end in slices, checking memory between them. */
function runGuarded(scenario: ResolvedScenario, guard: MemoryGuard): Simulation {
  const sim = createSimulation(scenario, REPORT_RUN_OPTIONS);
  const end = scenario.durationSeconds;
  for (let t = Math.min(SLICE_SECONDS, end); ; t = Math.min(t + SLICE_SECONDS, end)) {
    sim.runUntil(t);
    const used = guard.heapUsed();
    if (used > guard.maxHeapBytes) {
      throw new Error(
        `the run needs more memory than the headless runner has (${gb(used)} in use at ` +
          `simulated second ${t} of ${end}, the limit is ${gb(guard.maxHeapBytes)}); ` +
          'shorten the run, lower the traffic, or bound the retries',
      );
    }
    if (t >= end) break;
  }
  return sim;
}
