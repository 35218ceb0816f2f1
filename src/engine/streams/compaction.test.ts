import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { longRunScenario } from '../../bench/longRuns';
import { buildScenario, type ScenarioDraft } from '../../scenarios/build';
import type { RunReport, Simulation } from '../types';
import { createStreamSimulation, restoreStreamSimulation } from './simulation';
import type { StreamState } from './state';
import { draftArb, structuredCopy } from './testUtil';

/** The internal state behind a simulation (through a saved copy). */
const stateOf = (sim: Simulation): StreamState => sim.saveState().data as StreamState;

/**
 * Two bounded runs of one scenario: `forgets` drops records from 20 put on
 * (compaction.ts), `keeps` never does. Everything either shows must agree.
 */
function pair(draft: ScenarioDraft, historyLimit: number) {
  const scenario = buildScenario(draft);
  return {
    scenario,
    forgets: createStreamSimulation(scenario, { historyLimit, recordsKeptWhole: 20 }),
    keeps: createStreamSimulation(scenario, { historyLimit, recordsKeptWhole: Infinity }),
  };
}

/** `forgets` lists some of the records `keeps` does, in the same order and alike; all else is equal. */
function expectSameReport(forgets: RunReport, keeps: RunReport): void {
  const kept = Object.keys(forgets.records);
  const all = new Set(Object.keys(keeps.records));
  expect(kept.filter((id) => all.has(id))).toEqual(kept);
  expect(Object.keys(keeps.records).filter((id) => id in forgets.records)).toEqual(kept);
  for (const id of kept) expect(forgets.records[id]).toEqual(keeps.records[id]);
  expect({ ...forgets, records: {} }).toEqual({ ...keeps, records: {} });
}

describe('bounded runs forget old records (compaction.ts)', () => {
  it('forgetting changes nothing a bounded run shows: events, stage, report, stories, payloads, replay', () => {
    let forgot = 0;
    fc.assert(
      fc.property(
        draftArb,
        fc.boolean(),
        fc.double({ min: 0, max: 90, noNaN: true }),
        (base, repartition, cut) => {
          // Also live edits: a ParallelizationFactor change (buffered records re-spread over
          // lanes), a poison record put, a faster producer and a forced failure.
          const draft: ScenarioDraft = repartition
            ? {
                ...base,
                actions: [
                  ...(base.actions ?? []),
                  { at: 25, mapping: { ParallelizationFactor: 3 } },
                  { at: 28, records: [{ id: 'live', key: 'key1', failDeliveries: -1 }] },
                  {
                    at: 30,
                    producers: [{ ratePerSecond: 30, keys: 5, from: 30, until: 60 }],
                    failNextInvocations: 2,
                  },
                ],
              }
            : base;
          const { scenario, forgets, keeps } = pair(draft, 40);
          let saved: ReturnType<Simulation['saveState']> | null = null;
          for (let t = 1; t <= scenario.durationSeconds; t++) {
            forgets.runUntil(t);
            keeps.runUntil(t);
            expect(forgets.drainEvents()).toEqual(keeps.drainEvents());
            expect(forgets.snapshot()).toEqual(keeps.snapshot());
            if (saved === null && t >= cut) saved = forgets.saveState();
          }
          const report = forgets.report();
          expectSameReport(report, keeps.report());
          const recent = forgets.report('recent');
          expectSameReport(recent, keeps.report('recent'));
          // Saving forgets all it can at once: read stories and payloads from such a copy too.
          const copy = restoreStreamSimulation(forgets.saveState());
          for (const id of Object.keys(report.records)) {
            const story = keeps.recordStory(id as never);
            expect(forgets.recordStory(id as never)).toEqual(story);
            expect(copy.recordStory(id as never)).toEqual(story);
          }
          for (const inv of report.invocations) {
            const payload = keeps.invocationEvent(inv.n);
            expect(forgets.invocationEvent(inv.n)).toEqual(payload);
            expect(copy.invocationEvent(inv.n)).toEqual(payload);
          }
          // A restored run (plain copy or JSON) reports exactly what the original does.
          for (const state of [structuredCopy(saved!), JSON.parse(JSON.stringify(saved))]) {
            const resumed = restoreStreamSimulation(state as typeof saved & object);
            resumed.runUntil(scenario.durationSeconds);
            expect(JSON.stringify(resumed.report())).toBe(JSON.stringify(report));
          }
          if (stateOf(forgets).rec.dropped > 0) forgot++;
        },
      ),
      { numRuns: 40, endOnFailure: true },
    );
    // The property means something only if most runs did forget.
    expect(forgot).toBeGreaterThan(20);
  }, 120_000);

  it('the benchmarks’ busy run keeps a small table, and its saved states own small copies', () => {
    // The Kinesis run bench:ui and bench host play for an hour (1,000 records/s), for 5 minutes.
    const { scenario, forgets, keeps } = pair(longRunScenario('kinesis', 300), 2000);
    forgets.runUntil(scenario.durationSeconds);
    keeps.runUntil(scenario.durationSeconds);
    const small = stateOf(forgets);
    const whole = stateOf(keeps);
    expect(whole.rec.n).toBeGreaterThan(299_000);
    expect(small.rec.dropped + small.rec.n).toBe(whole.rec.n);
    // 2,000 events (~2 s) and batches naming at most 2,000 records: a few thousand records stay.
    expect(small.rec.n).toBeLessThan(6_000);
    for (const sh of small.shards) expect(sh.recs.length).toBeLessThan(3_000);
    // The saved copy owns exact-size columns (no view of the live table).
    expect(small.rec.id.buffer.byteLength).toBe(small.rec.n * 8);
    expect(small.rec.tail).toBeUndefined();
    expectSameReport(forgets.report(), keeps.report());
    expect(forgets.snapshot()).toEqual(keeps.snapshot());
  }, 60_000);

  it('keeps every record until recordsKeptWhole have been put, so shorter runs report them all', () => {
    const draft: ScenarioDraft = {
      seed: 2,
      durationSeconds: 60,
      source: { type: 'kinesis', ShardCount: 2 },
      mapping: { BatchSize: 10, StartingPosition: 'TRIM_HORIZON' },
      producers: [{ ratePerSecond: 50, keys: 5, failProbability: 0 }],
    };
    const scenario = buildScenario(draft);
    const sim = createStreamSimulation(scenario, { historyLimit: 40, recordsKeptWhole: 10_000 });
    sim.runUntil(scenario.durationSeconds);
    expect(stateOf(sim).rec.dropped).toBe(0);
    expect(Object.keys(sim.report().records)).toHaveLength(sim.snapshot().totals.recordsPut);
  }, 60_000);

  it('DynamoDB keeps the previous image of a key written long ago (OldImage)', () => {
    const draft: ScenarioDraft = {
      seed: 9,
      durationSeconds: 60,
      source: { type: 'dynamodb', ShardCount: 1, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      mapping: { BatchSize: 10, StartingPosition: 'TRIM_HORIZON' },
      records: [
        { id: 'first', key: 'rare', at: 1, body: '{"v":1}' },
        { id: 'second', key: 'rare', at: 50, body: '{"v":2}' },
      ],
      producers: [{ ratePerSecond: 100, keys: 10, failProbability: 0 }],
    };
    const { forgets, keeps } = pair(draft, 40);
    // Until the batch with 'second' is sent (its invocation is then the newest kept).
    let sent: number | undefined;
    for (let t = 50; sent === undefined && t < 55; t += 0.05) {
      forgets.runUntil(t);
      keeps.runUntil(t);
      sent = forgets.report().invocations.find((i) => i.records.includes('second' as never))?.n;
    }
    // Nearly 5,000 records were forgotten, but not 'first': 'rare' was last written by it.
    expect(stateOf(forgets).rec.dropped).toBeGreaterThan(4_500);
    const n = sent!;
    // A saved copy forgets all it can: the image must survive that.
    const payload = JSON.stringify(restoreStreamSimulation(forgets.saveState()).invocationEvent(n));
    expect(payload).toContain('"OldImage"');
    expect(payload).toContain('{\\"v\\":1}');
    expect(payload).toBe(JSON.stringify(keeps.invocationEvent(n)));
  }, 60_000);

  it('forgotten records retention will still trim keep their arrival times (trimmed counts stay exact)', () => {
    const draft: ScenarioDraft = {
      seed: 6,
      durationSeconds: 60,
      source: { type: 'kinesis', ShardCount: 2 },
      mapping: { BatchSize: 10, StartingPosition: 'TRIM_HORIZON' },
      // Put almost 24 hours ago: retention trims them 2 to 40 seconds into the run.
      records: Array.from({ length: 20 }, (_, i) => ({
        id: `old${i}`,
        key: `k${i % 3}`,
        at: -86_398 + i * 2,
      })),
      producers: [{ ratePerSecond: 100, keys: 10, failProbability: 0 }],
    };
    const { scenario, forgets, keeps } = pair(draft, 40);
    for (let t = 1; t <= scenario.durationSeconds; t++) {
      forgets.runUntil(t);
      keeps.runUntil(t);
      expect(restoreStreamSimulation(forgets.saveState()).snapshot()).toEqual(keeps.snapshot());
    }
    const trimmed = (keeps.snapshot().shards ?? []).reduce((sum, sh) => sum + sh.trimmed, 0);
    expect(trimmed).toBeGreaterThanOrEqual(20);
    expect(stateOf(forgets).rec.dropped).toBeGreaterThan(4_000);
  }, 60_000);

  it('a run longer than a day forgets as it goes, and retention still trims exactly', () => {
    const draft: ScenarioDraft = {
      seed: 8,
      durationSeconds: 25 * 3600,
      source: { type: 'kinesis', ShardCount: 1 },
      mapping: { BatchSize: 100, StartingPosition: 'TRIM_HORIZON' },
      producers: [{ ratePerSecond: 2, keys: 3, failProbability: 0 }],
    };
    const { scenario, forgets, keeps } = pair(draft, 40);
    for (const t of [3600, 86_000, 86_500, 88_000, scenario.durationSeconds]) {
      forgets.runUntil(t);
      keeps.runUntil(t);
      expect(forgets.snapshot()).toEqual(keeps.snapshot());
      expect(restoreStreamSimulation(forgets.saveState()).snapshot()).toEqual(keeps.snapshot());
    }
    // A day's records were trimmed; the table holds a few hundred records, not 180,000.
    expect(keeps.snapshot().shards?.[0]?.trimmed).toBeGreaterThanOrEqual(2 * 3600);
    const state = stateOf(forgets);
    expect(state.rec.n).toBeLessThan(1_000);
    expect(state.rec.dropped + state.rec.n).toBe(forgets.snapshot().totals.recordsPut);
  }, 60_000);

  it('a poison record blocking its shard for minutes stays, with its story', () => {
    const draft: ScenarioDraft = {
      seed: 4,
      durationSeconds: 240,
      source: { type: 'kinesis', ShardCount: 2 },
      mapping: { BatchSize: 10, StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: -1 },
      records: [{ id: 'poison', key: 'k', at: 2, failDeliveries: -1 }],
      producers: [{ ratePerSecond: 100, keys: 10, failProbability: 0 }],
    };
    const { scenario, forgets, keeps } = pair(draft, 40);
    forgets.runUntil(scenario.durationSeconds);
    keeps.runUntil(scenario.durationSeconds);
    // The blocked shard's records wait behind the poison record; the other shard's are forgotten.
    const state = stateOf(forgets);
    expect(state.rec.dropped).toBeGreaterThan(8_000);
    expect(state.rec.n).toBeLessThan(16_000);
    const story = forgets.recordStory('poison' as never);
    expect(story?.status).toBe('pending');
    expect(story).toEqual(keeps.recordStory('poison' as never));
    expect(forgets.snapshot()).toEqual(keeps.snapshot());
  }, 60_000);
});
