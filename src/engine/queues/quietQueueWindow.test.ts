/**
 * esm-semantics.md §1 on SQS: "On a quiet SQS queue with a window set, Lambda may wait up to
 * 20 s even if the window is shorter" (GH22 with-sqs). AWS gives no rule for how long; the model's
 * stand-in (README "Empty windows", About page "SQS batching window on a quiet queue"): a window
 * that elapsed with nothing gathered restarts at the first message received, so a message on a
 * quiet queue waits one full window — never sent the instant it arrives, never more than 20 s.
 */
import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../scenarios/build';
import { createQueueSimulation } from './simulation';

function run(window: number, at: number) {
  const scenario = buildScenario({
    source: { type: 'sqs' },
    durationSeconds: 120,
    mapping: { BatchSize: 100, MaximumBatchingWindowInSeconds: window },
    records: [{ id: 'm', at }],
  });
  const sim = createQueueSimulation(scenario, { historyLimit: null });
  sim.runUntil(scenario.durationSeconds);
  return sim.report();
}

describe('§1 SQS batching window on a quiet queue (GH22 with-sqs)', () => {
  it.each([
    [1, 30],
    [5, 30],
    [20, 47.5],
  ])(
    'window %i s, one message at t = %d on a queue quiet until then: sent one window later',
    (w, at) => {
      const report = run(w, at);
      expect(report.invocations).toHaveLength(1);
      const inv = report.invocations[0]!;
      expect(inv.start).toBeCloseTo(at + w, 9);
      expect(inv.start - at).toBeLessThanOrEqual(20);
      expect(report.records.m!.status).toBe('succeeded');
    },
  );
});
