import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../scenarios/build';
import { createStreamSimulation, restoreStreamSimulation } from './simulation';
import type { StreamState } from './state';

/** A busy bounded run: 2 shards, 200 records/s, a short history so the invocation pool compacts. */
const scenario = buildScenario({
  seed: 3,
  durationSeconds: 120,
  source: { type: 'kinesis', ShardCount: 2 },
  mapping: { BatchSize: 50, MaximumBatchingWindowInSeconds: 1, StartingPosition: 'TRIM_HORIZON' },
  producers: [{ ratePerSecond: 200, keys: 20, failProbability: 0 }],
});

describe('stream checkpoints share settled records', () => {
  it('a saved state copies only the unsettled records and the kept pool, and stays valid as the run goes on', () => {
    const live = createStreamSimulation(scenario, { historyLimit: 30 });
    live.runUntil(60);
    const saved = live.saveState();
    const data = saved.data as StreamState;
    const tail = data.rec.tail;
    // Most of the 12,000 records are settled: their status and deliveries are shared, not copied.
    expect(data.rec.n).toBeGreaterThan(11_000);
    expect(tail).toBeDefined();
    expect(tail!.from).toBeGreaterThan(data.rec.n - 2_000);
    expect(data.rec.status.length).toBe(tail!.from);
    expect(tail!.status.length).toBe(data.rec.n - tail!.from);
    expect(data.rec.status.buffer.byteLength).toBeGreaterThan(data.rec.status.length);
    // The pool is a view of the live one (shared), the slots are cut to the 30 kept.
    expect(data.invocations.pool.length).toBe(data.invocations.poolEnd - data.invocations.poolBase);
    expect(data.invocations.start.length).toBe(30);

    const before = JSON.stringify(saved);
    live.runUntil(scenario.durationSeconds);
    expect(JSON.stringify(saved)).toBe(before);

    const whole = createStreamSimulation(scenario, { historyLimit: 30 });
    whole.runUntil(scenario.durationSeconds);
    const expected = JSON.stringify(whole.report());
    expect(JSON.stringify(live.report())).toBe(expected);
    for (const state of [saved, JSON.parse(JSON.stringify(saved)) as typeof saved]) {
      const resumed = restoreStreamSimulation(state);
      expect(resumed.snapshot()).toEqual(restoreStreamSimulation(saved).snapshot());
      resumed.runUntil(scenario.durationSeconds);
      expect(JSON.stringify(resumed.report())).toBe(expected);
    }
    // Saved before the invocation log is full, it shares the slots; the log wrapping later leaves it intact.
    const early = createStreamSimulation(scenario, { historyLimit: 30 });
    early.runUntil(3);
    const young = early.saveState();
    const log = (young.data as StreamState).invocations;
    expect(log.total).toBeLessThan(30);
    expect(log.start.buffer.byteLength).toBeGreaterThan(log.start.byteLength);
    const youngJson = JSON.stringify(young);
    early.runUntil(scenario.durationSeconds);
    expect(JSON.stringify(young)).toBe(youngJson);
    const fromYoung = restoreStreamSimulation(young);
    fromYoung.runUntil(scenario.durationSeconds);
    expect(JSON.stringify(fromYoung.report())).toBe(expected);
    // A restored run saves again (from its own columns), and that state restores too.
    const again = restoreStreamSimulation(saved);
    again.runUntil(90);
    const resaved = again.saveState();
    again.runUntil(scenario.durationSeconds);
    const last = restoreStreamSimulation(resaved);
    last.runUntil(scenario.durationSeconds);
    expect(JSON.stringify(last.report())).toBe(expected);
  });
});
