import { describe, expect, it } from 'vitest';
import { buildScenario } from '../scenarios/build';
import { summarizeRun } from './summary';
import {
  asRecordId,
  asShardId,
  type InvocationReport,
  type InvocationResult,
  type RecordReport,
  type RecordStatus,
  type RunReport,
} from './types';

const S0 = asShardId('shardId-000000000000');

function inv(
  n: number,
  start: number,
  end: number,
  records: string[],
  result: InvocationResult = 'success',
  shard: string | null = S0,
): InvocationReport {
  return {
    n,
    start,
    end,
    shardId: shard === null ? null : asShardId(shard),
    records: records.map(asRecordId),
    result,
    reportedFailures: [],
  };
}

function report(
  invocations: InvocationReport[],
  records: Record<string, RecordStatus>,
  series: RunReport['metrics']['series'] = {},
): RunReport {
  const recs: Record<string, RecordReport> = {};
  for (const [id, status] of Object.entries(records)) {
    recs[id] = {
      status,
      deliveries: invocations.filter((i) => i.records.includes(asRecordId(id))).length,
    };
  }
  return {
    format: 1,
    seed: 1,
    endedAt: 60,
    invocations,
    records: recs,
    onFailureDestination: [],
    deadLetterQueue: [],
    metrics: { periodSeconds: 1, start: 0, series },
  };
}

const kinesis = (extra: Parameters<typeof buildScenario>[0] = { source: { type: 'kinesis' } }) =>
  buildScenario({ durationSeconds: 60, ...extra });

const check = (s: ReturnType<typeof summarizeRun>, name: string) => {
  const c = s.invariants.find((i) => i.name === name);
  if (!c) throw new Error(`no check ${name}`);
  return c;
};

describe('summarizeRun', () => {
  const scenario = kinesis({
    source: { type: 'kinesis', ShardCount: 1 },
    mapping: { BatchSize: 2 },
    records: [
      { id: 'r0', at: 0, key: 'a' },
      { id: 'r1', at: 1, key: 'a' },
      { id: 'r2', at: 2, key: 'a' },
    ],
  });

  it('counts records by status and invocations by result, and passes a clean run', () => {
    const s = summarizeRun(
      report(
        [
          inv(1, 0, 0.5, ['r0', 'r1'], 'functionError'),
          inv(2, 1, 1.5, ['r0', 'r1']),
          inv(3, 2, 2.5, ['r2']),
        ],
        { r0: 'succeeded', r1: 'succeeded', r2: 'succeeded' },
        { IteratorAge: [0, 1500, 200] },
      ),
      scenario,
      false,
    );
    expect(s.recordsByStatus.succeeded).toBe(3);
    expect(s.recordsByStatus.pending).toBe(0);
    expect(s.invocationsByResult).toMatchObject({ success: 2, functionError: 1, throttled: 0 });
    expect(s.maxIteratorAgeMs).toBe(1500);
    expect(s.maxOldestMessageAgeSeconds).toBeNull();
    expect(s.t).toBe(60);
    expect(s.invariants.map((i) => [i.name, i.passed])).toEqual([
      ['Records lost', true],
      ['No batch above BatchSize', true],
      ['Order per key kept', true],
      ['Concurrency within caps', true],
    ]);
    expect(s.invariants.every((i) => i.counterexample === null)).toBe(true);
  });

  it('reports a record put but missing from the report as lost', () => {
    const s = summarizeRun(
      report([inv(1, 0, 0.5, ['r0', 'r1'])], { r0: 'succeeded', r1: 'succeeded' }),
      scenario,
      false,
    );
    const c = check(s, 'Records lost');
    expect(c.passed).toBe(false);
    expect(c.counterexample).toBe('no final status for r2');
  });

  it('compares the RecordsPut metric with the report when history is complete', () => {
    const r = report(
      [inv(1, 0, 0.5, ['r0', 'r1']), inv(2, 2, 2.5, ['r2'])],
      {
        r0: 'succeeded',
        r1: 'succeeded',
        r2: 'succeeded',
      },
      { RecordsPut: [2, 1, 1] },
    );
    expect(check(summarizeRun(r, scenario, false), 'Records lost').counterexample).toBe(
      '1 put (RecordsPut) but absent from the report',
    );
    expect(check(summarizeRun(r, scenario, true), 'Records lost').passed).toBe(true);
  });

  it('flags a batch above the largest BatchSize in force, counting live edits', () => {
    const r = report([inv(1, 0, 0.5, ['r0', 'r1', 'r2'])], {
      r0: 'succeeded',
      r1: 'succeeded',
      r2: 'succeeded',
    });
    const c = check(summarizeRun(r, scenario, false), 'No batch above BatchSize');
    expect(c.passed).toBe(false);
    expect(c.counterexample).toBe('invocation 1 at 0.00 s held 3 records');
    const edited = kinesis({
      source: { type: 'kinesis' },
      mapping: { BatchSize: 2 },
      actions: [{ at: 10, mapping: { BatchSize: 3 } }],
    });
    expect(check(summarizeRun(r, edited, false), 'No batch above BatchSize').passed).toBe(true);
  });

  it('finds a shard delivered out of put order and names both records', () => {
    const r = report([inv(1, 0, 0.5, ['r1']), inv(2, 1, 1.5, ['r0', 'r2'])], {
      r0: 'succeeded',
      r1: 'succeeded',
      r2: 'succeeded',
    });
    const c = check(summarizeRun(r, scenario, false), 'Order per key kept');
    expect(c.passed).toBe(false);
    expect(c.counterexample).toBe(
      'shardId-000000000000: r0 (put 0.00 s) first delivered in invocation 2 at 1.00 s, after r1 (put 1.00 s) in invocation 1',
    );
  });

  it('ignores redeliveries: a retry of earlier records is not a reordering', () => {
    const r = report(
      [
        inv(1, 0, 0.5, ['r0', 'r1'], 'functionError'),
        inv(2, 1, 1.5, ['r0']),
        inv(3, 2, 2.5, ['r1', 'r2']),
      ],
      { r0: 'succeeded', r1: 'succeeded', r2: 'succeeded' },
    );
    expect(check(summarizeRun(r, scenario, false), 'Order per key kept').passed).toBe(true);
  });

  it('with ParallelizationFactor above 1 checks order per partition key, not per shard', () => {
    const pf = kinesis({
      source: { type: 'kinesis', ShardCount: 1 },
      mapping: { ParallelizationFactor: 2 },
      records: [
        { id: 'a0', at: 0, key: 'a' },
        { id: 'b0', at: 1, key: 'b' },
        { id: 'a1', at: 2, key: 'a' },
      ],
    });
    const ok = report([inv(1, 0, 2, ['b0']), inv(2, 1, 3, ['a0', 'a1'])], {
      a0: 'succeeded',
      b0: 'succeeded',
      a1: 'succeeded',
    });
    expect(check(summarizeRun(ok, pf, false), 'Order per key kept').passed).toBe(true);
    const bad = report([inv(1, 0, 2, ['a1']), inv(2, 1, 3, ['a0', 'b0'])], {
      a0: 'succeeded',
      b0: 'succeeded',
      a1: 'succeeded',
    });
    expect(check(summarizeRun(bad, pf, false), 'Order per key kept').counterexample).toMatch(
      /^key a: a0 \(put 0\.00 s\).*after a1/,
    );
  });

  it('resolves generated ids p<i>-<n> to their put time and round-robin key', () => {
    const prod = kinesis({
      source: { type: 'kinesis', ShardCount: 1 },
      mapping: { ParallelizationFactor: 2 },
      producers: [{ ratePerSecond: 2, keys: 2, from: 0, until: 10 }],
    });
    // p0-0 (k0, 0 s), p0-1 (k1, 0.5 s), p0-2 (k0, 1 s): keys interleave legally.
    const ok = report([inv(1, 0, 1, ['p0-1']), inv(2, 0, 1, ['p0-0', 'p0-2'])], {
      'p0-0': 'succeeded',
      'p0-1': 'succeeded',
      'p0-2': 'succeeded',
    });
    expect(check(summarizeRun(ok, prod, false), 'Order per key kept')).toMatchObject({
      passed: true,
      detail: 'Records of one partition key were first delivered in put order (3 checked).',
    });
    const bad = report([inv(1, 0, 1, ['p0-2']), inv(2, 1, 2, ['p0-0'])], {
      'p0-0': 'succeeded',
      'p0-2': 'succeeded',
    });
    expect(check(summarizeRun(bad, prod, false), 'Order per key kept').passed).toBe(false);
  });

  it('finds concurrency above shards × ParallelizationFactor', () => {
    const two = kinesis({ source: { type: 'kinesis', ShardCount: 2 } });
    const r = report(
      [inv(1, 0, 2, []), inv(2, 0.5, 1, []), inv(3, 0.7, 1.2, []), inv(4, 2, 3, [])],
      {},
    );
    const c = check(summarizeRun(r, two, false), 'Concurrency within caps');
    expect(c.passed).toBe(false);
    expect(c.detail).toBe('Peak 3 concurrent invocations; cap 2 (shards × ParallelizationFactor).');
    expect(c.counterexample).toBe(
      '3 invocations ran at once at 0.70 s (invocation 3 started then), cap 2',
    );
    // Back-to-back invocations (one ends as the next starts) are not concurrent; throttles never ran.
    const ok = report(
      [inv(1, 0, 1, []), inv(2, 1, 2, []), inv(3, 1.5, 2.5, []), inv(4, 1.6, 1.6, [], 'throttled')],
      {},
    );
    expect(check(summarizeRun(ok, two, false), 'Concurrency within caps').passed).toBe(true);
  });

  describe('FIFO', () => {
    const fifo = buildScenario({
      durationSeconds: 60,
      source: { type: 'sqs-fifo' },
      records: [
        { id: 'm0', at: 0, key: 'g1' },
        { id: 'm1', at: 0.1, key: 'g1' },
        { id: 'm2', at: 0.2, key: 'g2' },
      ],
    });
    const statuses = { m0: 'succeeded', m1: 'succeeded', m2: 'succeeded' } as const;

    it('passes when each group is served by one invocation at a time, in order', () => {
      const s = summarizeRun(
        report(
          [inv(1, 0, 1, ['m0', 'm1'], 'success', null), inv(2, 0.5, 1, ['m2'], 'success', null)],
          statuses,
          { ApproximateAgeOfOldestMessage: [0, 3, 1] },
        ),
        fifo,
        false,
      );
      expect(s.maxOldestMessageAgeSeconds).toBe(3);
      expect(s.maxIteratorAgeMs).toBeNull();
      expect(s.invariants.map((i) => [i.name, i.passed])).toEqual([
        ['Records lost', true],
        ['No batch above BatchSize', true],
        ['Order per key kept', true],
        ['FIFO groups never concurrent', true],
        ['Concurrency within caps', true],
      ]);
    });

    it('flags two overlapping invocations holding the same group', () => {
      const s = summarizeRun(
        report(
          [inv(1, 0, 1, ['m0'], 'success', null), inv(2, 0.5, 1.5, ['m1', 'm2'], 'success', null)],
          statuses,
        ),
        fifo,
        false,
      );
      expect(check(s, 'FIFO groups never concurrent').counterexample).toBe(
        'group g1: invocation 1 (0.00 s–1.00 s) and invocation 2 (0.50 s–1.50 s) both held its messages',
      );
      // Two groups allow at most two concurrent invocations; these two are within it.
      expect(check(s, 'Concurrency within caps').passed).toBe(true);
    });

    it('flags a group delivered out of send order', () => {
      const s = summarizeRun(
        report(
          [inv(1, 0, 1, ['m1'], 'success', null), inv(2, 1, 2, ['m0'], 'success', null)],
          statuses,
        ),
        fifo,
        false,
      );
      expect(check(s, 'Order per key kept').counterexample).toMatch(/^group g1: m0/);
    });
  });

  it('a standard queue has no ordering checks', () => {
    const sqs = buildScenario({ source: { type: 'sqs' }, records: [{ id: 'm0' }] });
    const s = summarizeRun(
      report([inv(1, 0, 1, ['m0'], 'success', null)], { m0: 'succeeded' }),
      sqs,
      false,
    );
    expect(s.invariants.map((i) => i.name)).toEqual([
      'Records lost',
      'No batch above BatchSize',
      'Concurrency within caps',
    ]);
  });
});
