/**
 * esm-semantics.md §7 event filtering (FILT), checked on both engines through the public
 * entry (index.ts). Already covered elsewhere: a Kinesis record matching no filter is passed
 * over (streams/rules.test.ts "records that match no filter are filtered and the iterator moves
 * past them"), DynamoDB eventName/keys filters (same file), an SQS message matching no filter
 * is deleted (queues/queues.test.ts "deletes messages that do not match the filter"), and the
 * validator's 5-filter limit (scenarios/validate.test.ts, scenarios/filterLimit.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { buildScenario, type ScenarioDraft } from '../scenarios/build';
import { createSimulation } from './index';
import type { MetricName, RunReport } from './types';

function run(draft: ScenarioDraft) {
  const scenario = buildScenario(draft);
  const sim = createSimulation(scenario, { historyLimit: null });
  sim.runUntil(scenario.durationSeconds);
  return { sim, report: sim.report() };
}

const total = (r: RunReport, name: MetricName) =>
  (r.metrics.series[name] ?? []).reduce((a, b) => a + b, 0);

const status = (r: RunReport) =>
  Object.fromEntries(Object.entries(r.records).map(([id, x]) => [id, x.status]));

const filters = (...patterns: string[]) => ({
  FilterCriteria: { Filters: patterns.map((Pattern) => ({ Pattern })) },
});

describe('§7 SQS: a message that matches no filter is deleted (FILT)', () => {
  it('never delivered, never back after the visibility timeout, not in the DLQ, counted as filtered out', () => {
    const { sim, report } = run({
      durationSeconds: 60,
      source: { type: 'sqs', VisibilityTimeout: 5, RedrivePolicy: { maxReceiveCount: 1 } },
      mapping: filters('{"body":{"type":["order"]}}'),
      records: [
        { id: 'order', body: '{"type":"order"}' },
        { id: 'ping', body: '{"type":"ping"}', at: 1 },
        { id: 'ping2', body: 'not json', at: 20 },
      ],
    });
    expect(report.invocations.map((i) => i.records)).toEqual([['order']]);
    expect(report.records.ping).toEqual({ status: 'filtered', deliveries: 0 });
    expect(report.records.ping2).toEqual({ status: 'filtered', deliveries: 0 });
    expect(report.deadLetterQueue).toEqual([]);
    expect(total(report, 'FilteredOutEventCount')).toBe(2);
    const queue = sim.snapshot().queue!;
    expect(queue.visibleCount + queue.inFlightCount + queue.delayedCount).toBe(0);
  });

  it('two filters are OR’d: the messages delivered are the union of their matches', () => {
    const records = ['order', 'refund', 'ping'].map((type, i) => ({
      id: type,
      at: i,
      body: JSON.stringify({ type }),
    }));
    const draft = (m: object): ScenarioDraft => ({
      durationSeconds: 30,
      source: { type: 'sqs' },
      mapping: m,
      records,
    });
    const both = run(
      draft(filters('{"body":{"type":["order"]}}', '{"body":{"type":["refund"]}}')),
    ).report;
    expect(status(both)).toEqual({ order: 'succeeded', refund: 'succeeded', ping: 'filtered' });
    expect(total(both, 'FilteredOutEventCount')).toBe(1);
  });
});

describe('§7 SQS FIFO: a filtered message is deleted and does not hold its group (FILT)', () => {
  it('the next message of the same group is delivered; nothing goes to the DLQ', () => {
    const { report } = run({
      durationSeconds: 60,
      source: { type: 'sqs-fifo', VisibilityTimeout: 5, RedrivePolicy: { maxReceiveCount: 1 } },
      mapping: filters('{"body":{"type":["order"]}}'),
      records: [
        { id: 'ping', key: 'g', body: '{"type":"ping"}' },
        { id: 'order', key: 'g', body: '{"type":"order"}', at: 1 },
      ],
    });
    expect(report.invocations.map((i) => i.records)).toEqual([['order']]);
    expect(status(report)).toEqual({ ping: 'filtered', order: 'succeeded' });
    expect(report.deadLetterQueue).toEqual([]);
    expect(total(report, 'FilteredOutEventCount')).toBe(1);
  });
});

describe('§7 Kinesis and DynamoDB: the iterator moves past records that match no filter (FILT)', () => {
  it('two filters are OR’d on Kinesis data, and the checkpoint passes the filtered records', () => {
    const { sim, report } = run({
      durationSeconds: 30,
      source: { type: 'kinesis', ShardCount: 1 },
      mapping: {
        StartingPosition: 'TRIM_HORIZON',
        ...filters('{"data":{"type":["order"]}}', '{"partitionKey":["vip"]}'),
      },
      records: [
        { id: 'order', body: '{"type":"order"}' },
        { id: 'vip', key: 'vip', body: '{"type":"ping"}' },
        { id: 'ping', body: '{"type":"ping"}' },
      ],
    });
    expect(report.invocations.map((i) => i.records)).toEqual([['order', 'vip']]);
    expect(status(report)).toEqual({ order: 'succeeded', vip: 'succeeded', ping: 'filtered' });
    expect(total(report, 'FilteredOutEventCount')).toBe(1);
    const shard = sim.snapshot().shards![0]!;
    // The last record (filtered) is behind the checkpoint: nothing waits.
    expect(shard.waiting).toBe(0);
    const pingSeq = shard.records.find((r) => r.id === 'ping')?.sequenceNumber;
    expect(pingSeq).toMatch(/^\d+$/);
    expect(shard.checkpoint).toBe(pingSeq);
  });

  it('DynamoDB: a filtered record does not hold up the records after it', () => {
    const { report } = run({
      durationSeconds: 30,
      source: { type: 'dynamodb', ShardCount: 1 },
      mapping: {
        StartingPosition: 'TRIM_HORIZON',
        ...filters('{"eventName":["MODIFY"]}', '{"dynamodb":{"Keys":{"pk":{"S":["solo"]}}}}'),
      },
      records: [
        { id: 'a1', key: 'a', at: 1 },
        { id: 'a2', key: 'a', at: 2 },
        { id: 'solo', key: 'solo', at: 3 },
        { id: 'b1', key: 'b', at: 4 },
      ],
    });
    // a1 and b1 are INSERTs of keys other than "solo": matched by neither filter.
    expect(status(report)).toEqual({
      a1: 'filtered',
      a2: 'succeeded',
      solo: 'succeeded',
      b1: 'filtered',
    });
    expect(report.onFailureDestination).toEqual([]);
  });
});

/*
 * §11 observed on AWS. Each bullet already has a test:
 * - a partial response that advances the checkpoint starts a fresh retry count: Kinesis
 *   streams/rules.test.ts "lowest reported sequence number becomes the checkpoint (AWS
 *   recording, §11)", DynamoDB streams/aws-audit.test.ts "a partial response that advances…";
 * - approximateInvokeCount = 1 + MaximumRetryAttempts: streams/aws-audit.test.ts (it.each 0, 1, 4)
 *   and rules.test.ts "an exhausted batch goes to the on-failure destination…";
 * - RecordAgeExceeded has requestContext, no responseContext; older records go uninvoked while
 *   younger ones are processed: rules.test.ts "records older than MaximumRecordAgeInSeconds…",
 *   aws-audit.test.ts "RecordAgeExceeded on DynamoDB…";
 * - SQS DLQ keeps messageId and body; a raised error returns the whole batch:
 *   queues/aws-audit.test.ts "§11 observed on AWS: SQS".
 * Added here: the case those leave open, a record that was invoked (and errored) before it aged out.
 */
describe('§11 RecordAgeExceeded after function errors (observed on AWS)', () => {
  it('carries requestContext but no responseContext even though the last attempt errored', () => {
    const { report } = run({
      durationSeconds: 120,
      source: { type: 'kinesis', ShardCount: 1 },
      mapping: {
        StartingPosition: 'TRIM_HORIZON',
        MaximumRecordAgeInSeconds: 60,
        DestinationConfig: {
          OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures' },
        },
      },
      records: [
        { id: 'bad', at: -30, failDeliveries: -1 },
        { id: 'later', at: 50 },
      ],
    });
    const tries = report.invocations.filter((i) =>
      (i.records as readonly string[]).includes('bad'),
    );
    expect(tries.length).toBeGreaterThan(1);
    expect(tries.every((i) => i.result === 'functionError')).toBe(true);
    expect(report.onFailureDestination).toHaveLength(1);
    const entry = report.onFailureDestination[0]!;
    expect(entry).toMatchObject({
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: tries.length,
      records: ['bad'],
    });
    expect(entry.invocationRecord.requestContext).toMatchObject({
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: tries.length,
    });
    expect(entry.invocationRecord.responseContext).toBeUndefined();
    expect(status(report)).toEqual({ bad: 'sentToOnFailureDestination', later: 'succeeded' });
  });
});
