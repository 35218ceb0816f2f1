/**
 * Test helpers for the stream engine (imported by *.test.ts only).
 */
import fc from 'fast-check';
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

const recordArb = fc.record({
  at: fc.integer({ min: -30, max: 50 }),
  key: fc.integer({ min: 0, max: 6 }),
  failDeliveries: fc.constantFrom(0, 0, 0, 0, 1, 2, -1),
  failAs: fc.constantFrom('error' as const, 'error' as const, 'timeout' as const),
});

/** Random stream scenarios: explicit records, a producer, most mapping settings, an Enabled toggle. */
export const draftArb: fc.Arbitrary<ScenarioDraft> = fc
  .record({
    type: fc.constantFrom('kinesis' as const, 'dynamodb' as const),
    shards: fc.integer({ min: 1, max: 4 }),
    factor: fc.integer({ min: 1, max: 10 }),
    batchSize: fc.integer({ min: 1, max: 12 }),
    window: fc.constantFrom(0, 0, 1, 3),
    retries: fc.constantFrom(-1, 0, 1, 3),
    maxAge: fc.constantFrom(-1, -1, 60),
    bisect: fc.boolean(),
    rbif: fc.boolean(),
    failureMode: fc.constantFrom('throw' as const, 'reportBatchItemFailures' as const),
    destination: fc.boolean(),
    tumbling: fc.constantFrom(0, 0, 0, 10),
    start: fc.constantFrom('TRIM_HORIZON' as const, 'LATEST' as const),
    reserved: fc.constantFrom(null, null, 1, 2, 5),
    errorRate: fc.constantFrom(0, 0, 0.1),
    jitter: fc.constantFrom(0, 0.5),
    records: fc.array(recordArb, { maxLength: 40 }),
    producer: fc.option(
      fc.record({
        ratePerSecond: fc.integer({ min: 1, max: 20 }),
        keys: fc.integer({ min: 1, max: 8 }),
        failProbability: fc.constantFrom(0, 0.05),
        keyMode: fc.constantFrom('roundRobin' as const, 'random' as const),
      }),
      { nil: undefined },
    ),
    toggle: fc.boolean(),
    seed: fc.integer({ min: 1, max: 1000 }),
  })
  .map((g) => ({
    seed: g.seed,
    durationSeconds: 90,
    source: { type: g.type, ShardCount: g.shards },
    mapping: {
      StartingPosition: g.start,
      ParallelizationFactor: g.factor,
      BatchSize: g.batchSize,
      MaximumBatchingWindowInSeconds: g.window,
      MaximumRetryAttempts: g.retries,
      MaximumRecordAgeInSeconds: g.maxAge,
      BisectBatchOnFunctionError: g.bisect,
      FunctionResponseTypes: g.rbif ? ['ReportBatchItemFailures' as const] : [],
      TumblingWindowInSeconds: g.tumbling,
      DestinationConfig: g.destination ? { OnFailure: { Destination: SQS_DESTINATION } } : null,
    },
    function: {
      Timeout: 2,
      ReservedConcurrentExecutions: g.reserved,
      failureMode: g.failureMode,
      errorRate: g.errorRate,
      durationSeconds: { base: 0.2, perRecord: 0.01, jitter: g.jitter },
    },
    records: g.records.map((r, i) => ({ id: `r${i}`, ...r, key: `key${r.key}` })),
    producers: g.producer ? [{ ...g.producer, from: 0, until: 40 }] : [],
    actions: g.toggle
      ? [
          { at: 20, mapping: { Enabled: false } },
          { at: 35, mapping: { Enabled: true } },
        ]
      : [],
  }));
