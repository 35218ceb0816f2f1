/**
 * Test helpers for the stream engine (imported by *.test.ts only).
 */
import { buildScenario, type ScenarioDraft } from '../../scenarios/build';
import type { RunReport, SimEvent, Simulation } from '../types';
import { createStreamSimulation } from './simulation';

export const SQS_DESTINATION = 'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures';

/** Builds and runs a stream scenario to its end with full history. */
export function runStream(
  draft: Omit<ScenarioDraft, 'source'> & { source?: ScenarioDraft['source'] },
): { sim: Simulation; report: RunReport; events: readonly SimEvent[] } {
  const scenario = buildScenario({
    durationSeconds: 120,
    ...draft,
    source: draft.source ?? { type: 'kinesis', ShardCount: 1 },
  });
  const sim = createStreamSimulation(scenario, { historyLimit: null });
  sim.runUntil(scenario.durationSeconds);
  return { sim, report: sim.report(), events: sim.drainEvents() };
}

/** Invocations as compact tuples: [records joined, result]. */
export function calls(report: RunReport): string[] {
  return report.invocations.map((i) => `${i.records.join(',')}:${i.result}`);
}

/** Record statuses as "id=status/deliveries". */
export function statuses(report: RunReport): string[] {
  return Object.entries(report.records).map(([id, r]) => `${id}=${r.status}/${r.deliveries}`);
}

/** structuredClone (not declared in the engine's DOM-free lib, present in Node and workers). */
export function structuredCopy<T>(value: T): T {
  const g = globalThis as unknown as { structuredClone: (v: unknown) => unknown };
  return g.structuredClone(value) as T;
}
