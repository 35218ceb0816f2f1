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
