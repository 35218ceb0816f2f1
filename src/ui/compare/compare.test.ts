import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../scenarios/build';
import type { EditableConfig } from '../../scenarios/fields';
import { differences, figuresOf, p95 } from './diff';
import { describeSide, sideProblems, sideScenario, suggestions, type Change } from './changes';
import type { StageSnapshot } from '../../engine/types';

const scenario = buildScenario({
  title: 'k',
  seed: 42,
  durationSeconds: 60,
  source: { type: 'kinesis', ShardCount: 1 },
  mapping: { BatchSize: 10, StartingPosition: 'TRIM_HORIZON' },
  producers: [{ ratePerSecond: 5, keys: 3 }],
});
const cfg: EditableConfig = {
  source: scenario.source,
  mapping: scenario.mapping,
  function: scenario.function,
  producers: scenario.producers,
};

describe('compare setup', () => {
  it('builds two runs of the same scenario that differ only in the chosen settings', () => {
    const changes: Change[] = [
      { fieldId: 'mapping.BisectBatchOnFunctionError', a: false, b: true },
      { fieldId: 'mapping.MaximumBatchingWindowInSeconds', a: 0, b: 5 },
    ];
    const a = sideScenario(scenario, cfg, changes, 'a');
    const b = sideScenario(scenario, cfg, changes, 'b');
    expect(a.seed).toBe(42);
    expect(b.seed).toBe(42);
    expect(a.producers).toEqual(b.producers);
    expect(a.mapping.BisectBatchOnFunctionError).toBe(false);
    expect(b.mapping.BisectBatchOnFunctionError).toBe(true);
    expect(b.mapping.MaximumBatchingWindowInSeconds).toBe(5);
    expect({
      ...a.mapping,
      BisectBatchOnFunctionError: true,
      MaximumBatchingWindowInSeconds: 5,
    }).toEqual(b.mapping);
    expect(describeSide('kinesis', changes, 'b')).toMatch(/: on · .*: 5/);
  });
  it('refuses a setting AWS refuses, with AWS’s message, and accepts it with what it needs', () => {
    // SQS standard: a batch above 10 messages needs a batching window (AWS).
    const sqs = buildScenario({
      title: 'q',
      seed: 1,
      durationSeconds: 60,
      source: { type: 'sqs' },
    });
    const qcfg: EditableConfig = {
      source: sqs.source,
      mapping: sqs.mapping,
      function: sqs.function,
      producers: sqs.producers,
    };
    const alone: Change[] = [{ fieldId: 'mapping.BatchSize', a: 10, b: 50 }];
    expect(sideProblems('sqs', qcfg, alone, 'a')).toEqual([]);
    expect(sideProblems('sqs', qcfg, alone, 'b').join(' ')).toMatch(
      /Maximum batch window in seconds must be greater than 0/,
    );
    const together: Change[] = [
      ...alone,
      { fieldId: 'mapping.MaximumBatchingWindowInSeconds', a: 0, b: 1 },
    ];
    expect(sideProblems('sqs', qcfg, together, 'b')).toEqual([]);
    expect(
      sideProblems(
        'kinesis',
        cfg,
        [{ fieldId: 'mapping.ParallelizationFactor', a: 1, b: 11 }],
        'b',
      ),
    ).not.toEqual([]);
  });
  it('checks restart-only settings as a new scenario would be', () => {
    const shards: Change[] = [{ fieldId: 'source.ShardCount', a: 1, b: 4 }];
    expect(sideProblems('kinesis', cfg, shards, 'b')).toEqual([]);
    expect(sideScenario(scenario, cfg, shards, 'b').source).toMatchObject({ ShardCount: 4 });
    expect(
      sideProblems('kinesis', cfg, [{ fieldId: 'source.ShardCount', a: 1, b: 0 }], 'b'),
    ).not.toEqual([]);
  });
  it('suggests comparisons that differ from each other', () => {
    for (const c of suggestions('kinesis', cfg)) expect(c.a).not.toEqual(c.b);
    expect(suggestions('kinesis', cfg).map((c) => c.fieldId)).toContain(
      'mapping.BisectBatchOnFunctionError',
    );
  });
});

describe('difference summary', () => {
  it('takes the nearest-rank 95th percentile', () => {
    expect(p95([])).toBeNull();
    expect(p95([5])).toBe(5);
    expect(p95(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(95);
  });
  it('computes figures from a run and says which run comes out better', () => {
    const snap = (errors: number, discarded: number, t: number): StageSnapshot =>
      ({
        t,
        shards: [],
        queue: null,
        totals: {
          invocations: 10 + errors,
          errors,
          recordsPut: 100,
          throttles: 0,
          duplicates: 0,
          byStatus: {
            succeeded: 90,
            sentToOnFailureDestination: 1,
            discarded,
            movedToDlq: 0,
            filtered: 0,
            expired: 2,
            skipped: 0,
            pending: 0,
          },
        },
      }) as unknown as StageSnapshot;
    const metrics = {
      periodSeconds: 1 as const,
      start: 0,
      series: { IteratorAge: [0, 1000, 3000, 2000, 0] },
    };
    const a = figuresOf(snap(6, 3, 4), metrics);
    expect(a).toEqual({ invocations: 16, errors: 6, lost: 5, handedAway: 1, p95AgeSeconds: 3 });
    const b = figuresOf(snap(1, 0, 4), {
      ...metrics,
      series: { IteratorAge: [0, 500, 500, 0, 0] },
    });
    const rows = differences(a, b, false);
    expect(rows.find((r) => r.label === 'Errors')).toMatchObject({
      delta: 'B: 5 fewer',
      better: 'b',
    });
    expect(rows.find((r) => r.label === 'Records lost')).toMatchObject({
      a: '5',
      b: '2',
      better: 'b',
    });
    expect(rows.find((r) => r.label === 'p95 IteratorAge')).toMatchObject({
      a: '3.0 s',
      b: '0.5 s',
      delta: 'B: 2.5 s lower',
    });
    expect(rows.find((r) => r.label === 'Invocations')?.better).toBeNull();
  });
});
