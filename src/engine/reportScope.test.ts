/**
 * report('recent'): the last RECENT_REPORT_INVOCATIONS invocations and only the
 * records they (and destinations / the DLQ) name, for summaries of long runs;
 * and summarizeRun from the engine's counts for such a report.
 */
import { describe, expect, it } from 'vitest';
import { buildScenario } from '../scenarios/build';
import { createSimulation } from './index';
import { summarizeRun } from './summary';
import { RECENT_REPORT_INVOCATIONS, RECORD_STATUSES, type RunReport } from './types';

function namedBy(r: RunReport): Set<string> {
  const ids = new Set<string>();
  for (const inv of r.invocations) for (const id of inv.records) ids.add(id);
  for (const d of r.deadLetterQueue) ids.add(d.id);
  for (const o of r.onFailureDestination) for (const id of o.records) ids.add(id);
  return ids;
}

const sources = [
  {
    name: 'Kinesis',
    scenario: buildScenario({
      seed: 5,
      durationSeconds: 300,
      source: { type: 'kinesis', ShardCount: 2 },
      mapping: { BatchSize: 10, StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 1 },
      producers: [{ ratePerSecond: 200, keys: 20, failProbability: 0.001 }],
    }),
  },
  {
    name: 'SQS standard',
    scenario: buildScenario({
      seed: 5,
      durationSeconds: 300,
      source: { type: 'sqs', VisibilityTimeout: 5, RedrivePolicy: { maxReceiveCount: 2 } },
      producers: [{ ratePerSecond: 200, keys: 1, failProbability: 0.002 }],
    }),
  },
] as const;

describe.each(sources)("report('recent') on $name", ({ scenario }) => {
  const sim = createSimulation(scenario, { historyLimit: 20000 });
  sim.runUntil(scenario.durationSeconds);
  const full = sim.report();
  const recent = sim.report('recent');

  it('keeps the last invocations of the full report, unchanged', () => {
    expect(full.invocations.length).toBeGreaterThan(RECENT_REPORT_INVOCATIONS);
    expect(recent.invocations).toEqual(full.invocations.slice(-RECENT_REPORT_INVOCATIONS));
  });

  it('lists exactly the records those invocations, destinations and the DLQ name, as the full report has them', () => {
    // Bounded history: a name may point at a record the full report no longer keeps either.
    const named = new Set([...namedBy(recent)].filter((id) => id in full.records));
    for (const inv of recent.invocations)
      for (const id of inv.records) expect(named.has(id)).toBe(true);
    expect(new Set(Object.keys(recent.records))).toEqual(named);
    for (const id of named) expect(recent.records[id]).toEqual(full.records[id]);
    expect(Object.keys(recent.records).length).toBeLessThan(Object.keys(full.records).length);
    // Same order as the full report (put order).
    const order = Object.keys(full.records).filter((id) => named.has(id));
    expect(Object.keys(recent.records)).toEqual(order);
  });

  it('summarized with the engine totals, gives the full run statuses and passes every check', () => {
    const totals = sim.snapshot().totals;
    const fromFull = summarizeRun(full, scenario, true);
    const fromRecent = summarizeRun(recent, scenario, true, totals);
    // Exact run totals, whatever the bounded history still lists.
    expect(fromRecent.recordsByStatus).toEqual(totals.byStatus);
    const counted = Object.values(fromRecent.recordsByStatus).reduce((a, b) => a + b, 0);
    expect(counted).toBe(totals.recordsPut);
    expect(totals.recordsPut).toBe(scenario.durationSeconds * 200);
    expect(fromRecent.invariants.every((c) => c.passed)).toBe(true);
    expect(fromRecent.invariants.map((c) => c.name)).toEqual(
      fromFull.invariants.map((c) => c.name),
    );
  });
});

describe("report('recent') on Kinesis with an on-failure destination", () => {
  const scenario = buildScenario({
    seed: 9,
    durationSeconds: 300,
    source: { type: 'kinesis', ShardCount: 2 },
    mapping: {
      BatchSize: 10,
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: 0,
      DestinationConfig: {
        OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures' },
      },
    },
    producers: [{ ratePerSecond: 200, keys: 20, failProbability: 0.005 }],
  });
  const sim = createSimulation(scenario, { historyLimit: 20000 });
  sim.runUntil(scenario.durationSeconds);
  const full = sim.report();
  const recent = sim.report('recent');

  it('lists the on-failure entries given up since its first invocation started, as the full report has them', () => {
    const since = recent.invocations[0]!.start;
    expect(since).toBeGreaterThan(0);
    const expected = full.onFailureDestination.filter((o) => o.at >= since);
    // Entries on both sides of the span: the test can tell a cut from none.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(full.onFailureDestination.length);
    expect(recent.onFailureDestination).toEqual(expected);
  });

  it('names in records the records of those entries and invocations only', () => {
    const named = new Set([...namedBy(recent)].filter((id) => id in full.records));
    expect(new Set(Object.keys(recent.records))).toEqual(named);
    const older = full.onFailureDestination.filter((o) => o.at < recent.invocations[0]!.start);
    const onlyOlder = older
      .flatMap((o) => o.records)
      .filter((id) => !recent.invocations.some((i) => i.records.includes(id)));
    expect(onlyOlder.length).toBeGreaterThan(0);
    for (const id of onlyOlder) expect(id in recent.records).toBe(false);
  });
});

describe('summarizeRun from counts', () => {
  it('reports records whose count does not add up as lost, with the numbers', () => {
    const scenario = buildScenario({ durationSeconds: 10, source: { type: 'sqs' } });
    const sim = createSimulation(scenario, { historyLimit: null });
    sim.runUntil(10);
    const byStatus = Object.fromEntries(RECORD_STATUSES.map((s) => [s, 0])) as Record<
      (typeof RECORD_STATUSES)[number],
      number
    >;
    byStatus.succeeded = 7;
    const totals = { ...sim.snapshot().totals, recordsPut: 9, byStatus };
    const lost = summarizeRun(sim.report('recent'), scenario, true, totals).invariants.find(
      (c) => c.name === 'Records lost',
    );
    expect(lost?.passed).toBe(false);
    expect(lost?.counterexample).toBe('9 put, but 7 have a status (2 unaccounted for)');
  });
});
