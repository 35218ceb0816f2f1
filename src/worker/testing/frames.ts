/**
 * Frames as the host posts them around real snapshots, for the wire codec's
 * tests (src/worker/wire.test.ts, src/bench/wireSize.test.ts).
 */
import { createSimulation, type ResolvedScenario } from '../../engine';
import type { StageSnapshot } from '../../engine/types';
import { buildScenario } from '../../scenarios/build';
import type { FrameMessage } from '../protocol';

/** A frame as the host posts it, around a snapshot. */
export function frameOf(snapshot: StageSnapshot): FrameMessage {
  return {
    type: 'frame',
    runId: 1,
    frameNo: 7,
    t: snapshot.t,
    status: 'playing',
    speed: 10,
    snapshot,
    reset: false,
    events: [],
    eventsDropped: 0,
    metrics: { periodSeconds: 1, start: 0, series: {} },
    timeline: { furthest: snapshot.t, duration: 600, forkedAt: null },
    pausedAt: null,
    story: null,
    storyFor: null,
    actions: null,
  };
}

export function snapshotAt(scenario: ResolvedScenario, t: number): StageSnapshot {
  const sim = createSimulation(scenario, { historyLimit: 20000 });
  sim.runUntil(t);
  return sim.snapshot();
}

/** The stage bench's load (e2e/bench/stage.bench.ts): Kinesis, 8 shards × 10, 1,000 records/s. */
export const BENCH = buildScenario({
  seed: 7,
  durationSeconds: 240,
  source: { type: 'kinesis', ShardCount: 8 },
  mapping: {
    StartingPosition: 'TRIM_HORIZON',
    BatchSize: 100,
    MaximumBatchingWindowInSeconds: 1,
    ParallelizationFactor: 10,
  },
  producers: [{ ratePerSecond: 1000, keys: 200, until: 200 }],
});
