/**
 * Black-box audit of the queue engine against esm-semantics.md (§3, §4, §11), through the
 * public scenario API only. Each test names the rule and its source tag.
 */
import { describe, expect, it } from 'vitest';
import { buildScenario, type ScenarioDraft } from '../../scenarios/build';
import type { RunReport } from '../types';
import { createQueueSimulation } from './simulation';

function run(draft: Omit<ScenarioDraft, 'source'> & { source?: ScenarioDraft['source'] }) {
  const scenario = buildScenario({ source: { type: 'sqs' }, durationSeconds: 120, ...draft });
  const sim = createQueueSimulation(scenario, { historyLimit: null });
  sim.runUntil(scenario.durationSeconds);
  return { sim, report: sim.report() };
}

const calls = (r: RunReport) =>
  r.invocations.map((i) => `${i.start}:${i.records.join(',')}:${i.result}`);

interface SqsEvent {
  Records: { messageId: string; body: string; attributes: { ApproximateReceiveCount: string } }[];
}

describe('§11 observed on AWS: SQS', () => {
  const draft = {
    durationSeconds: 100,
    source: { type: 'sqs' as const, VisibilityTimeout: 10, RedrivePolicy: { maxReceiveCount: 2 } },
    mapping: { BatchSize: 3 },
    records: [
      { id: 'good1', body: 'g1' },
      { id: 'bad', body: 'poison', failDeliveries: -1 },
      { id: 'good2', body: 'g2' },
    ],
  };

  it('when the function raises, every message of the batch returns, the good ones too (SQS-E)', () => {
    const { report } = run(draft);
    expect(calls(report)).toEqual([
      '0:good1,bad,good2:functionError',
      '10:good1,bad,good2:functionError',
    ]);
    expect(Object.values(report.records).map((r) => r.status)).toEqual([
      'movedToDlq',
      'movedToDlq',
      'movedToDlq',
    ]);
  });

  it('a message moved to the DLQ keeps the messageId and body the function saw (SQSDG)', () => {
    const { sim, report } = run(draft);
    const first = sim.invocationEvent(1) as SqsEvent;
    const second = sim.invocationEvent(2) as SqsEvent;
    expect(first.Records.map((r) => r.body)).toEqual(['g1', 'poison', 'g2']);
    expect(first.Records.map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['1', '1', '1']);
    expect(second.Records.map((r) => r.attributes.ApproximateReceiveCount)).toEqual([
      '2',
      '2',
      '2',
    ]);
    expect(second.Records.map((r) => r.messageId)).toEqual(first.Records.map((r) => r.messageId));
    expect(report.deadLetterQueue.map((d) => [d.id, d.messageId, d.receiveCount])).toEqual(
      first.Records.map((r, i) => [['good1', 'bad', 'good2'][i], r.messageId, 2]),
    );
  });
});

describe('§3 SQS standard scaling (WN23, SQS-S)', () => {
  it('starts at 5, adds 300 concurrent invokes per minute, and stops at the default account quota of 1,000', () => {
    const { report } = run({
      durationSeconds: 320,
      source: { type: 'sqs', VisibilityTimeout: 900 },
      mapping: { BatchSize: 1 },
      function: { Timeout: 900, durationSeconds: { base: 600, perRecord: 0 } },
      producers: [{ ratePerSecond: 100, keys: 1, from: 0, until: 300 }],
    });
    const c = report.metrics.series.ConcurrentExecutions!;
    expect(c[0]).toBe(5);
    expect(c[60]! - c[0]!).toBe(300);
    expect(c[120]! - c[60]!).toBe(300);
    expect(Math.max(...c)).toBe(1000);
  });
});

describe('§4 SQS FIFO (SQS-S, SQSDG)', () => {
  const fifo = {
    type: 'sqs-fifo' as const,
    VisibilityTimeout: 30,
    ContentBasedDeduplication: true,
  };

  it('concurrency is at most the number of active message groups: 6 groups, MaximumConcurrency 10 → 6', () => {
    const { report } = run({
      durationSeconds: 60,
      source: fifo,
      mapping: { BatchSize: 1, ScalingConfig: { MaximumConcurrency: 10 } },
      function: { durationSeconds: { base: 2, perRecord: 0 } },
      records: [0, 1, 2, 3, 4, 5].flatMap((g) =>
        [0, 1, 2, 3, 4].map((i) => ({ id: `g${g}-${i}`, key: `g${g}`, body: `g${g}-${i}` })),
      ),
    });
    expect(Math.max(...report.metrics.series.ConcurrentExecutions!)).toBe(6);
    expect(Object.values(report.records).every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('ReportBatchItemFailures returns the first failure and every unprocessed message after it', () => {
    const { report } = run({
      source: fifo,
      mapping: { BatchSize: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] },
      function: { failureMode: 'reportBatchItemFailures' },
      records: [0, 1, 2, 3, 4].map((i) => ({
        id: `m${i}`,
        key: 'g',
        body: `m${i}`,
        failDeliveries: i === 2 ? 1 : 0,
      })),
    });
    expect(
      report.invocations.map((i) => [i.records.join(','), i.reportedFailures.join(',')]),
    ).toEqual([
      ['m0,m1,m2,m3,m4', 'm2,m3,m4'],
      ['m2,m3,m4', ''],
    ]);
    expect(report.invocations[1]!.start).toBe(30);
  });

  it('content-based deduplication: the same body within 5 minutes is dropped, after 5 minutes accepted', () => {
    const { report } = run({
      durationSeconds: 400,
      source: fifo,
      mapping: { BatchSize: 10 },
      records: [
        { id: 'a', body: 'same', key: 'g' },
        { id: 'd', body: 'other', key: 'g', at: 10 },
        { id: 'b', body: 'same', key: 'g', at: 299 },
        { id: 'c', body: 'same', key: 'g', at: 301 },
      ],
    });
    expect(report.invocations.map((i) => i.records.join(','))).toEqual(['a', 'd', 'c']);
    expect(report.records.b!.deliveries).toBe(0);
  });
});

describe('§5/§6 SQS throttles and ESM metrics (SQS-E, MET)', () => {
  const total = (r: RunReport, name: string) =>
    (r.metrics.series[name as keyof typeof r.metrics.series] ?? []).reduce((a, b) => a + b, 0);

  it('a throttled message is retried with backoff until its visibility timeout, each receive counts, then the DLQ', () => {
    const { report } = run({
      durationSeconds: 60,
      source: { type: 'sqs', VisibilityTimeout: 10, RedrivePolicy: { maxReceiveCount: 2 } },
      function: { ReservedConcurrentExecutions: 0 },
      records: [{ id: 'a' }],
    });
    expect(report.invocations.map((i) => `${i.start}:${i.result}`)).toEqual([
      '0:throttled',
      '1:throttled',
      '3:throttled',
      '7:throttled',
      '10:throttled',
      '11:throttled',
      '13:throttled',
      '17:throttled',
    ]);
    expect(report.records.a).toEqual({ status: 'movedToDlq', deliveries: 0 });
    expect(report.deadLetterQueue).toMatchObject([{ id: 'a', receiveCount: 2 }]);
    expect(total(report, 'Throttles')).toBe(8);
    expect(total(report, 'Invocations')).toBe(0);
    expect(total(report, 'Errors')).toBe(0);
  });

  it('partial batch: only the listed message returns; Failed counts it, Deleted counts every deletion; no stream-only metrics', () => {
    const { report } = run({
      durationSeconds: 60,
      source: { type: 'sqs', VisibilityTimeout: 10, RedrivePolicy: { maxReceiveCount: 3 } },
      mapping: { BatchSize: 3, FunctionResponseTypes: ['ReportBatchItemFailures'] },
      function: { failureMode: 'reportBatchItemFailures' },
      records: [{ id: 'a' }, { id: 'b', failDeliveries: 1 }, { id: 'c' }],
    });
    expect(calls(report)).toEqual(['0:a,b,c:partialFailure', '10:b:success']);
    expect(total(report, 'FailedInvokeEventCount')).toBe(1);
    expect(total(report, 'InvokedEventCount')).toBe(4);
    expect(total(report, 'DeletedEventCount')).toBe(3);
    expect(total(report, 'Errors')).toBe(0);
    expect(report.metrics.series.DroppedEventCount).toBeUndefined();
    expect(report.metrics.series.OnFailureDestinationDeliveredEventCount).toBeUndefined();
  });
});

describe('§4 FIFO batches (SQS-S, SQSDG)', () => {
  it('one batch may hold several groups; each group’s messages stay in send order', () => {
    const { report } = run({
      durationSeconds: 30,
      source: { type: 'sqs-fifo', ContentBasedDeduplication: true },
      mapping: { BatchSize: 10 },
      records: [0, 1, 2].flatMap((i) =>
        ['a', 'b', 'c'].map((g) => ({ id: `${g}${i}`, key: g, body: `${g}${i}` })),
      ),
    });
    expect(report.invocations).toHaveLength(1);
    const batch = report.invocations[0]!.records;
    expect(new Set(batch.map((id) => id[0]))).toEqual(new Set(['a', 'b', 'c']));
    for (const g of ['a', 'b', 'c']) {
      expect(batch.filter((id) => id.startsWith(g))).toEqual([`${g}0`, `${g}1`, `${g}2`]);
    }
  });
});

describe('§3 MaximumConcurrency reserves nothing (SQS-S)', () => {
  // esm-semantics §3 "Concurrency controls", SQS-S: "keep reserved concurrency ≥ the sum of
  // MaximumConcurrency … or messages get throttled": with MaximumConcurrency 10 and
  // ReservedConcurrentExecutions 3 the fleet still grows past 3, and the invokes above 3 come
  // back as throttles (without MaximumConcurrency, §12's fleet stays capped by the reservation).
  it('reserved concurrency below MaximumConcurrency throttles the excess invokes', () => {
    const { report } = run({
      durationSeconds: 30,
      source: { type: 'sqs', VisibilityTimeout: 60 },
      mapping: { BatchSize: 1, ScalingConfig: { MaximumConcurrency: 10 } },
      function: {
        ReservedConcurrentExecutions: 3,
        Timeout: 30,
        durationSeconds: { base: 20, perRecord: 0 },
      },
      records: Array.from({ length: 20 }, (_, i) => ({ id: `m${i}` })),
    });
    expect(Math.max(...report.metrics.series.ConcurrentExecutions!)).toBe(3);
    expect(report.invocations.some((i) => i.result === 'throttled')).toBe(true);
  });
});
