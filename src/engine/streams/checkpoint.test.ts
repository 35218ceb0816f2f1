import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../scenarios/build';
import { createStreamSimulation, restoreStreamSimulation } from './simulation';
import type { StreamState } from './state';

/** A busy run: 2 shards, 200 records/s. */
const scenario = buildScenario({
  seed: 3,
  durationSeconds: 120,
  source: { type: 'kinesis', ShardCount: 2 },
  mapping: { BatchSize: 50, MaximumBatchingWindowInSeconds: 1, StartingPosition: 'TRIM_HORIZON' },
  producers: [{ ratePerSecond: 200, keys: 20, failProbability: 0 }],
});

describe('stream checkpoints share settled records (history unlimited: the CLI)', () => {
  it('a saved state copies only the unsettled records, and stays valid as the run goes on', () => {
    const live = createStreamSimulation(scenario, { historyLimit: null });
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
    // The pool and the slots are views of the live ones (shared).
    expect(data.invocations.pool.length).toBe(data.invocations.poolEnd - data.invocations.poolBase);
    expect(data.invocations.pool.buffer.byteLength).toBeGreaterThan(
      data.invocations.pool.byteLength,
    );
    expect(data.invocations.start.length).toBe(data.invocations.total);

    const before = JSON.stringify(saved);
    live.runUntil(scenario.durationSeconds);
    expect(JSON.stringify(saved)).toBe(before);

    const whole = createStreamSimulation(scenario, { historyLimit: null });
    whole.runUntil(scenario.durationSeconds);
    const expected = JSON.stringify(whole.report());
    expect(JSON.stringify(live.report())).toBe(expected);
    for (const state of [saved, JSON.parse(JSON.stringify(saved)) as typeof saved]) {
      const resumed = restoreStreamSimulation(state);
      expect(resumed.snapshot()).toEqual(restoreStreamSimulation(saved).snapshot());
      resumed.runUntil(scenario.durationSeconds);
      expect(JSON.stringify(resumed.report())).toBe(expected);
    }
    // A restored run saves again (from its own columns), and that state restores too.
    const again = restoreStreamSimulation(saved);
    again.runUntil(90);
    const resaved = again.saveState();
    again.runUntil(scenario.durationSeconds);
    const last = restoreStreamSimulation(resaved);
    last.runUntil(scenario.durationSeconds);
    expect(JSON.stringify(last.report())).toBe(expected);
  }, 60_000);

  it('with history bounded (the app) a saved state owns its data and shares nothing', () => {
    const live = createStreamSimulation(scenario, { historyLimit: 30 });
    live.runUntil(60);
    const saved = live.saveState();
    const data = saved.data as StreamState;
    expect(data.rec.tail).toBeUndefined();
    for (const column of [
      data.rec.id,
      data.rec.status,
      data.invocations.pool,
      data.invocations.start,
    ]) {
      expect(column.buffer.byteLength).toBe(column.byteLength);
    }
    // The log keeps the last 30 invocations naming at most 30 records: with batches of ~50, the newest.
    expect(data.invocations.total - data.invocations.first).toBe(1);
    const before = JSON.stringify(saved);
    live.runUntil(scenario.durationSeconds);
    expect(JSON.stringify(saved)).toBe(before);
    const resumed = restoreStreamSimulation(saved);
    resumed.runUntil(scenario.durationSeconds);
    expect(JSON.stringify(resumed.report())).toBe(JSON.stringify(live.report()));
  }, 60_000);
});
