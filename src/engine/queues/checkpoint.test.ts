import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../scenarios/build';
import type { RecordId, Simulation } from '../types';
import { CHECKPOINT_TAIL } from './checkpoint';
import { createQueueSimulation, restoreQueueSimulation } from './simulation';
import { GONE, type QState } from './state';

/** 500 messages/s with poison and a DLQ: every history ring outgrows the checkpoint tail. */
function busyQueue(limit: number | null): Simulation {
  const scenario = buildScenario({
    seed: 3,
    durationSeconds: 90,
    source: { type: 'sqs', VisibilityTimeout: 20, RedrivePolicy: { maxReceiveCount: 2 } },
    mapping: { BatchSize: 10 },
    function: { durationSeconds: { base: 0.2, perRecord: 0.01, jitter: 0.5 } },
    producers: [{ ratePerSecond: 500, keys: 1, failProbability: 0.05 }],
  });
  return createQueueSimulation(scenario, { historyLimit: limit });
}

/** What the UI reads each frame, in the same order for both runs (metrics() raises gauges). */
function frame(sim: Simulation): string {
  return JSON.stringify([sim.now(), sim.snapshot(), sim.drainEvents(), sim.metrics(0)]);
}

describe('copyQueueState (saveState) in bounded mode', () => {
  it('keeps only a tail of the history rings, plus invocations that still hold a live message', () => {
    const sim = busyQueue(20_000);
    sim.runUntil(45);
    sim.drainEvents();
    const live = sim.saveState().data as QState;
    expect(live.finished.length).toBeLessThanOrEqual(CHECKPOINT_TAIL);
    expect(live.dlq.length).toBeLessThanOrEqual(CHECKPOINT_TAIL);
    const h = live.history;
    const isLive = (r: number): boolean => live.m.place[r] !== GONE;
    // Before the ring's tail: only invocations still holding a live message (or named by a kept event).
    const older = Array.from({ length: Math.max(0, h.count - CHECKPOINT_TAIL) }, (_, i) => i);
    const holdsLive = (i: number): boolean =>
      Array.from(h.pool.subarray(h.at[i]!, h.at[i]! + h.len[i]!)).some(isLive);
    expect(older.filter((i) => holdsLive(i)).length).toBeGreaterThan(0);
    // The event log keeps the tail and, before it, events about live records.
    expect(live.events.len).toBeLessThan(10_000);
    // The saved message table holds only the rows that copy still names, not every message put.
    expect(live.m.n).toBeLessThan(sim.snapshot().totals.recordsPut / 2);
    // The original's rings are far longer: the test would pass vacuously otherwise.
    const full = restoreQueueSimulation({ kind: 'queue', data: live });
    const before = sim.report().invocations.length;
    expect(before).toBeGreaterThan(2 * CHECKPOINT_TAIL);
    expect(full.report().invocations.length).toBeLessThan(before - CHECKPOINT_TAIL);
  }, 60_000);

  it('a restored run continues with the same snapshots, events and metrics as an uninterrupted one', () => {
    const sim = busyQueue(20_000);
    sim.runUntil(40);
    frame(sim);
    const saved = sim.saveState();
    const restored = restoreQueueSimulation(saved);
    // A record in flight at the checkpoint keeps its whole story.
    const onStage = sim.snapshot().queue?.inFlight[0]?.id as RecordId;
    expect(onStage).toBeDefined();
    expect(restored.recordStory(onStage)).toEqual(sim.recordStory(onStage));
    const n = sim.report().invocations.at(-1)!.n;
    expect(restored.invocationEvent(n)).toEqual(sim.invocationEvent(n));
    for (let t = 42.5; t <= 90; t += 2.5) {
      sim.runUntil(t);
      restored.runUntil(t);
      expect(frame(restored)).toBe(frame(sim));
    }
    // Restoring the same checkpoint again gives the same run.
    const again = restoreQueueSimulation(saved);
    again.runUntil(90);
    expect(JSON.stringify(again.snapshot())).toBe(JSON.stringify(sim.snapshot()));
  }, 60_000);

  it('without historyLimit (the CLI) a checkpoint keeps everything: the report is unchanged', () => {
    const sim = busyQueue(null);
    sim.runUntil(30);
    const restored = restoreQueueSimulation(sim.saveState());
    sim.runUntil(90);
    restored.runUntil(90);
    expect(JSON.stringify(restored.report())).toBe(JSON.stringify(sim.report()));
  }, 60_000);
});

describe('a bounded checkpoint while visible messages expire', () => {
  it('restores the visible heap in order: the restored run receives the same messages', () => {
    // A backlog older than MessageRetentionPeriod: the oldest visible messages expire while
    // later ones wait, so finished entries sit in the visible heap when the state is saved.
    const scenario = buildScenario({
      seed: 1,
      durationSeconds: 120,
      source: { type: 'sqs', MessageRetentionPeriod: 60, VisibilityTimeout: 5 },
      mapping: { BatchSize: 10, ScalingConfig: { MaximumConcurrency: 2 } },
      function: { durationSeconds: { base: 0.5, perRecord: 0.05, jitter: 0.5 } },
      producers: [{ ratePerSecond: 200, keys: 1, failProbability: 0.3 }],
    });
    const run = createQueueSimulation(scenario, { historyLimit: 2000 });
    run.runUntil(61);
    run.drainEvents();
    const restored = restoreQueueSimulation(run.saveState());
    expect(run.snapshot().totals.byStatus.expired).toBeGreaterThan(0);
    for (const t of [62, 65, 68, 71, 74]) {
      run.runUntil(t);
      restored.runUntil(t);
      expect(frame(restored)).toBe(frame(run));
    }
  }, 60_000);
});

describe('the log row lists of visibilityTimeoutExpired events', () => {
  it('a bounded log rebuilds the same events as an unbounded one while its lists are compacted', () => {
    const bounded = busyQueue(200);
    const unbounded = busyQueue(null);
    let expired = 0;
    let listed = 0;
    for (let t = 0.25; t <= 90; t += 0.25) {
      bounded.runUntil(t);
      unbounded.runUntil(t);
      const all = unbounded.drainEvents();
      const kept = bounded.drainEvents();
      const bySeq = new Map(all.map((e) => [e.seq, e]));
      expect(kept.length).toBeGreaterThan(0);
      for (const e of kept) expect(e).toEqual(bySeq.get(e.seq));
      for (const e of kept) {
        if (e.kind !== 'visibilityTimeoutExpired') continue;
        expired++;
        listed += 1 + e.recordIds.length;
      }
    }
    // The lists were compacted many times over: the column holds the bounded log's, not the run's.
    const s = (bounded as unknown as { s: QState }).s;
    expect(expired).toBeGreaterThan(500);
    expect(s.rowLists.length * 4).toBeLessThan(listed);
  }, 60_000);
});
