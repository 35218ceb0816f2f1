/**
 * Black-box audit of the stream engine against esm-semantics.md (§2 and §11), through the
 * public scenario API only. Each test names the rule and its source tag.
 */
import { describe, expect, it } from 'vitest';
import { SQS_DESTINATION, calls, runStream, statuses } from './testUtil';

const TRIM = { StartingPosition: 'TRIM_HORIZON' as const };
const DDB = { type: 'dynamodb' as const, ShardCount: 1 };
const S3_DESTINATION = 'arn:aws:s3:::esm-lab-failures';

describe('§11 observed on AWS: DynamoDB Streams behaves as Kinesis', () => {
  it('a partial response that advances the checkpoint starts a fresh retry count (DynamoDB)', () => {
    const { report } = runStream({
      source: DDB,
      mapping: {
        ...TRIM,
        BatchSize: 3,
        MaximumRetryAttempts: 3,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
      },
      function: { failureMode: 'reportBatchItemFailures' },
      records: [0, 1, 2, 3, 4, 5].map((i) => ({
        id: `r${i}`,
        key: 'a',
        failDeliveries: i === 5 ? -1 : 0,
      })),
    });
    expect(statuses(report)).toEqual([
      'r0=succeeded/1',
      'r1=succeeded/1',
      'r2=succeeded/1',
      'r3=succeeded/1',
      'r4=succeeded/1',
      'r5=sentToOnFailureDestination/5',
    ]);
    expect(report.onFailureDestination).toHaveLength(1);
    const entry = report.onFailureDestination[0]!;
    expect(entry).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 4,
      batchSize: 1,
      records: ['r5'],
    });
    expect(entry.invocationRecord.DDBStreamBatchInfo).toMatchObject({ batchSize: 1 });
    expect(entry.invocationRecord.KinesisBatchInfo).toBeUndefined();
  });

  it.each([0, 1, 4])(
    'approximateInvokeCount is 1 + MaximumRetryAttempts (%i) when retries run out (DynamoDB)',
    (retries) => {
      const { report } = runStream({
        source: DDB,
        mapping: {
          ...TRIM,
          MaximumRetryAttempts: retries,
          DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
        },
        records: [{ id: 'bad', failDeliveries: -1 }],
      });
      expect(report.invocations).toHaveLength(1 + retries);
      const entry = report.onFailureDestination[0]!;
      expect(entry.approximateInvokeCount).toBe(1 + retries);
      expect(entry.invocationRecord.requestContext.approximateInvokeCount).toBe(1 + retries);
      expect(entry.invocationRecord.requestContext.condition).toBe('RetryAttemptsExhausted');
      expect(entry.invocationRecord.responseContext).toEqual({
        statusCode: 200,
        executedVersion: '$LATEST',
        functionError: 'Unhandled',
      });
    },
  );

  it('RecordAgeExceeded on DynamoDB: requestContext but no responseContext; younger records processed', () => {
    const { report } = runStream({
      source: DDB,
      mapping: {
        ...TRIM,
        MaximumRecordAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
      },
      records: [
        { id: 'old1', at: -200, key: 'a' },
        { id: 'old2', at: -90, key: 'a' },
        { id: 'young', at: -5, key: 'a' },
      ],
    });
    expect(calls(report)).toEqual(['young:success']);
    expect(statuses(report)).toEqual([
      'old1=sentToOnFailureDestination/0',
      'old2=sentToOnFailureDestination/0',
      'young=succeeded/1',
    ]);
    for (const entry of report.onFailureDestination) {
      expect(entry.condition).toBe('RecordAgeExceeded');
      expect(entry.invocationRecord.requestContext.condition).toBe('RecordAgeExceeded');
      expect(entry.invocationRecord.responseContext).toBeUndefined();
      expect(entry.invocationRecord.DDBStreamBatchInfo).toBeDefined();
    }
  });

  it('records too old with no destination are discarded, uninvoked, and counted as dropped', () => {
    const { report } = runStream({
      mapping: { ...TRIM, MaximumRecordAgeInSeconds: 60 },
      records: [
        { id: 'old', at: -61 },
        { id: 'young', at: -59 },
      ],
    });
    expect(calls(report)).toEqual(['young:success']);
    expect(statuses(report)).toEqual(['old=discarded/0', 'young=succeeded/1']);
    expect(report.metrics.series.DroppedEventCount!.reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('§2 bisect and ReportBatchItemFailures together (KIN-B, §12)', () => {
  const both = {
    ...TRIM,
    BatchSize: 4,
    MaximumRetryAttempts: 1,
    BisectBatchOnFunctionError: true,
    FunctionResponseTypes: ['ReportBatchItemFailures' as const],
  };
  const abcd = (fail: Record<string, unknown>) =>
    ['a', 'b', 'c', 'd'].map((id) => ({ id, ...(id === 'c' ? fail : {}) }));

  it('a partial response with bisect on is not halved: only the records from the returned one are retried', () => {
    const { report } = runStream({
      mapping: both,
      function: { failureMode: 'reportBatchItemFailures' },
      records: abcd({ failDeliveries: 1 }),
    });
    expect(calls(report)).toEqual(['a,b,c,d:partialFailure', 'c,d:success']);
    expect(report.invocations[0]!.reportedFailures).toEqual(['c']);
    expect(statuses(report)).toEqual([
      'a=succeeded/1',
      'b=succeeded/1',
      'c=succeeded/2',
      'd=succeeded/2',
    ]);
  });

  it('an invocation that fails is still bisected when ReportBatchItemFailures is on', () => {
    const { report } = runStream({
      mapping: both,
      function: { failureMode: 'reportBatchItemFailures', Timeout: 1 },
      records: abcd({ failDeliveries: 1, failAs: 'timeout' }),
    });
    expect(calls(report)).toEqual(['a,b,c,d:timeout', 'a,b:success', 'c,d:success']);
  });

  it('bisect on a batch of one: no further split, ordinary retries, then the destination (SNS)', () => {
    const { report } = runStream({
      mapping: {
        ...TRIM,
        BatchSize: 1,
        MaximumRetryAttempts: 2,
        BisectBatchOnFunctionError: true,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sns:us-east-1:123456789012:t' } },
      },
      records: [{ id: 'a', failDeliveries: -1 }, { id: 'b' }],
    });
    expect(calls(report)).toEqual([
      'a:functionError',
      'a:functionError',
      'a:functionError',
      'b:success',
    ]);
    expect(report.onFailureDestination[0]).toMatchObject({
      destinationKind: 'sns',
      approximateInvokeCount: 3,
      batchSize: 1,
      records: ['a'],
    });
    expect(report.onFailureDestination[0]!.invocationRecord.payload).toBeUndefined();
  });
});

describe('§2 on-failure destination: S3 (KIN-F)', () => {
  it('the S3 payload is the whole original invocation event of the failed batch, as a JSON string', () => {
    const { report } = runStream({
      mapping: {
        ...TRIM,
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: S3_DESTINATION } },
      },
      records: [
        { id: 'x', failDeliveries: -1 },
        { id: 'y', failDeliveries: -1 },
      ],
    });
    const entry = report.onFailureDestination[0]!;
    expect(entry.destinationKind).toBe('s3');
    expect(typeof entry.invocationRecord.payload).toBe('string');
    const payload = JSON.parse(entry.invocationRecord.payload!) as {
      Records: { eventSource: string; kinesis: { sequenceNumber: string } }[];
    };
    expect(payload.Records.map((r) => r.kinesis.sequenceNumber)).toEqual([
      entry.startSequenceNumber,
      entry.endSequenceNumber,
    ]);
    expect(payload.Records.every((r) => r.eventSource === 'aws:kinesis')).toBe(true);
    expect(entry.invocationRecord.KinesisBatchInfo).toMatchObject({ batchSize: 2 });
  });

  // KIN-F, esm-semantics §2 "What S3 receives": the object key
  // aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>, as `s3ObjectKey`.
  it('an S3 on-failure entry names its object key in AWS’s layout', () => {
    const { report } = runStream({
      mapping: {
        ...TRIM,
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: S3_DESTINATION } },
      },
      records: [{ id: 'x', failDeliveries: -1 }],
    });
    const entry = report.onFailureDestination[0]!;
    expect(entry.s3ObjectKey).toMatch(
      /^aws\/lambda\/[0-9a-f-]{36}\/shardId-000000000000\/2026\/01\/01\/2026-01-01T00\.00\.\d\d-[0-9a-f-]{36}$/,
    );
    // One mapping: the same ESM UUID in every key; one object per given-up batch.
    const two = runStream({
      mapping: {
        ...TRIM,
        BatchSize: 1,
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: S3_DESTINATION } },
      },
      records: [
        { id: 'x', failDeliveries: -1 },
        { id: 'y', failDeliveries: -1 },
      ],
    }).report.onFailureDestination.map((e) => e.s3ObjectKey?.split('/') ?? []);
    expect(two).toHaveLength(2);
    expect(two[0]?.[2]).toBe(two[1]?.[2]);
    expect(two[0]?.[7]).not.toBe(two[1]?.[7]);
    // SQS and SNS destinations get no object key.
    const sqs = runStream({
      mapping: {
        ...TRIM,
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
      },
      records: [{ id: 'x', failDeliveries: -1 }],
    });
    expect(sqs.report.onFailureDestination[0]).not.toHaveProperty('s3ObjectKey');
  });
});

describe('§6 ESM metrics on a stream (MET)', () => {
  const sum = (report: ReturnType<typeof runStream>['report'], name: string) =>
    (report.metrics.series[name as keyof typeof report.metrics.series] ?? []).reduce(
      (a, b) => a + b,
      0,
    );

  it('Polled counts filtered events, Invoked counts retries again, Failed counts listed items, delivered ones are not dropped', () => {
    const { report } = runStream({
      mapping: {
        ...TRIM,
        BatchSize: 4,
        MaximumRetryAttempts: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
        FilterCriteria: { Filters: [{ Pattern: '{"data":{"keep":[true]}}' }] },
      },
      function: { failureMode: 'reportBatchItemFailures' },
      records: [
        { id: 'a', body: '{"keep":true}' },
        { id: 'f', body: '{"keep":false}' },
        { id: 'b', body: '{"keep":true}', failDeliveries: -1 },
        { id: 'c', body: '{"keep":true}' },
      ],
    });
    // The checkpoint moves to b after the first response: a fresh 1 + 1 attempts for b, c (§11).
    expect(calls(report)).toEqual([
      'a,b,c:partialFailure',
      'b,c:partialFailure',
      'b,c:partialFailure',
    ]);
    expect(statuses(report)).toEqual([
      'a=succeeded/1',
      'f=filtered/0',
      'b=sentToOnFailureDestination/3',
      'c=sentToOnFailureDestination/3',
    ]);
    expect(sum(report, 'PolledEventCount')).toBe(4);
    expect(sum(report, 'FilteredOutEventCount')).toBe(1);
    expect(sum(report, 'InvokedEventCount')).toBe(7);
    expect(sum(report, 'FailedInvokeEventCount')).toBe(3);
    expect(sum(report, 'OnFailureDestinationDeliveredEventCount')).toBe(2);
    expect(sum(report, 'DroppedEventCount')).toBe(0);
    expect(sum(report, 'Invocations')).toBe(3);
    expect(sum(report, 'Errors')).toBe(0);
    expect(sum(report, 'DeletedEventCount')).toBe(0);
  });

  it('throttled invokes count in Throttles, not in Invocations or Errors, and use no retries (KIN-F, MET)', () => {
    const { report } = runStream({
      durationSeconds: 30,
      mapping: { ...TRIM, MaximumRetryAttempts: 0 },
      function: { ReservedConcurrentExecutions: 0 },
      records: [{ id: 'a' }],
    });
    expect(report.invocations.length).toBeGreaterThan(1);
    expect(report.invocations.every((i) => i.result === 'throttled')).toBe(true);
    expect(sum(report, 'Throttles')).toBe(report.invocations.length);
    expect(sum(report, 'Invocations')).toBe(0);
    expect(sum(report, 'Errors')).toBe(0);
    expect(report.records.a).toEqual({ status: 'pending', deliveries: 0 });
  });
});

describe('§2 ParallelizationFactor (GH22, BLOG19)', () => {
  it('at most shards × factor batches in flight, and each key first delivered in put order', () => {
    const keys = Array.from({ length: 12 }, (_, k) => `key-${k}`);
    const { report } = runStream({
      source: { type: 'kinesis', ShardCount: 2 },
      mapping: { ...TRIM, ParallelizationFactor: 2, BatchSize: 2 },
      function: { durationSeconds: { base: 1, perRecord: 0 } },
      records: Array.from({ length: 60 }, (_, i) => ({
        id: `${keys[i % 12]!}#${Math.floor(i / 12)}`,
        key: keys[i % 12]!,
        at: i / 10,
      })),
    });
    expect(Math.max(...report.metrics.series.ConcurrentExecutions!)).toBe(4);
    const seen = new Map<string, number>();
    for (const inv of report.invocations) {
      for (const id of inv.records) {
        const [key, n] = id.split('#') as [string, string];
        expect(Number(n)).toBe((seen.get(key) ?? -1) + 1);
        seen.set(key, Number(n));
      }
    }
    expect(Object.values(report.records).every((r) => r.status === 'succeeded')).toBe(true);
  });
});

describe('§2 retention (KDS, DDBS)', () => {
  it('DynamoDB keeps 24 h; Kinesis keeps RetentionPeriodHours; older records expire unread, not dropped', () => {
    const ddb = runStream({
      durationSeconds: 10,
      source: DDB,
      mapping: TRIM,
      records: [
        { id: 'old', at: -90000 },
        { id: 'new', at: -80000 },
      ],
    }).report;
    expect(statuses(ddb)).toEqual(['old=expired/0', 'new=succeeded/1']);
    const kin = runStream({
      durationSeconds: 10,
      source: { type: 'kinesis', ShardCount: 1, RetentionPeriodHours: 48 },
      mapping: TRIM,
      records: [
        { id: 'older', at: -180000 },
        { id: 'old', at: -90000 },
      ],
    }).report;
    expect(statuses(kin)).toEqual(['older=expired/0', 'old=succeeded/1']);
    expect((kin.metrics.series.DroppedEventCount ?? []).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
