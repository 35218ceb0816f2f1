/** drainEvents(max): the newest `max` undrained events, as a full drain would give them. */
import { describe, expect, it } from 'vitest';
import { createSimulation, type ResolvedScenario } from '.';
import { buildScenario } from '../scenarios/build';

const SCENARIOS: readonly [string, ResolvedScenario][] = [
  [
    'kinesis',
    buildScenario({
      seed: 4,
      durationSeconds: 60,
      source: { type: 'kinesis', ShardCount: 2 },
      mapping: {
        BatchSize: 10,
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
      },
      producers: [{ ratePerSecond: 50, keys: 5, failProbability: 0.05 }],
    }),
  ],
  [
    'sqs',
    buildScenario({
      seed: 4,
      durationSeconds: 60,
      source: { type: 'sqs', VisibilityTimeout: 5, RedrivePolicy: { maxReceiveCount: 2 } },
      function: { errorRate: 0.2 },
      producers: [{ ratePerSecond: 50 }],
    }),
  ],
];

describe.each(SCENARIOS)('drainEvents(max) on %s', (_name, scenario) => {
  it('returns the newest max events a full drain returns, and passes over the rest', () => {
    const full = createSimulation(scenario, { historyLimit: 20000 });
    const tail = createSimulation(scenario, { historyLimit: 20000 });
    for (const [t, max] of [
      [10, 100],
      [10.5, 1000],
      [30, 7],
      [30, 7],
      [45, 0],
      [60, 50],
    ] as const) {
      full.runUntil(t);
      tail.runUntil(t);
      const all = full.drainEvents();
      const newest = tail.drainEvents(max);
      expect(newest).toEqual(max === 0 ? [] : all.slice(-max));
      if (all.length > max) expect(newest.length).toBe(max);
    }
  });
});
