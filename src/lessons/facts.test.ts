import { describe, expect, it } from 'vitest';
import type { ScenarioDraft } from '../scenarios/build';
import { blocked, cmp, not, q, status } from './dsl';
import { holds, invocationsOf, quantity } from './facts';
import { StepRun } from './run';

/** Two shards, one poison record on shard 0 (key "dave"), two records on shard 1 ("bob"). */
const SCENARIO: ScenarioDraft = {
  format: 1,
  seed: 1,
  durationSeconds: 60,
  source: { type: 'kinesis', ShardCount: 2 },
  mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10 },
  function: { durationSeconds: { base: 0.5 } },
  records: [
    { id: 'poison', at: 0.5, key: 'dave', failDeliveries: -1 },
    { id: 'b1', at: 0.5, key: 'bob' },
    { id: 'b2', at: 5.5, key: 'bob' },
  ],
};

describe('facts read from the engine', () => {
  it('counts invocations and concurrency over the whole run or since the step', () => {
    const run = new StepRun(SCENARIO, 3);
    const at = run.atStep();
    // Both shards' first batches ran together at t = 1.
    expect(quantity(at, q.peakConcurrency())).toBe(2);
    expect(quantity(at, q.invocationsContaining('b1'))).toBe(1);
    const later = run.after(5);
    // After t = 3 only the poison retries and b2 ran; they may overlap, never three at once.
    expect(quantity(later, q.invocations('since'))).toBeGreaterThanOrEqual(2);
    expect(quantity(later, q.peakConcurrency('since'))).toBeLessThanOrEqual(2);
    expect(quantity(later, q.invocationsContaining('b2', 'since'))).toBe(1);
    expect(invocationsOf(later).every((i) => i.end >= i.start)).toBe(true);
  });

  it('tells a blocked shard from a free one', () => {
    const f = new StepRun(SCENARIO, 3).atStep();
    expect(holds(f, blocked(0))).toBe(true);
    expect(holds(f, blocked(1))).toBe(false);
    expect(holds(f, not(blocked(1)))).toBe(true);
    expect(holds(f, status('b1', 'succeeded'))).toBe(true);
    expect(holds(f, cmp(q.deliveries('poison'), '>', q.deliveries('b1')))).toBe(true);
  });

  it('names what a claim reads when the run does not have it', () => {
    const f = new StepRun(SCENARIO, 3).atStep();
    expect(() => holds(f, status('nobody', 'succeeded'))).toThrow(/no record "nobody"/);
    expect(() => quantity(f, q.fleetSize())).toThrow(/no queue/);
    expect(() => quantity(f, q.waiting(5))).toThrow(/no shard 5/);
  });

  it('refuses to go back in time', () => {
    const run = new StepRun(SCENARIO, 3);
    run.after(10);
    expect(() => run.atStep()).toThrow(/past/);
  });
});
