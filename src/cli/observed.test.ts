/**
 * esm-semantics.md §11 ("Observed on AWS") and the validation rules of §1–§3,
 * checked from the outside: scenario JSON in, the runner's JSON report (or its
 * exit 2 and messages) out, the way a tool reading the reports sees them.
 * The engine-level tests name the rules; these check what the report says.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/index';
import type { RunReport } from '../engine/types';
import { EXIT_INVALID, EXIT_OK, runCli, type CliIo } from './run';

function simulate(scenario: unknown): { code: number; report: RunReport | null; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    readFile: () => JSON.stringify(scenario),
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  };
  const code = runCli(['scenario.json'], io, runScenario);
  return { code, report: code === EXIT_OK ? (JSON.parse(stdout) as RunReport) : null, stderr };
}

function run(scenario: unknown): RunReport {
  const r = simulate(scenario);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(EXIT_OK);
  if (r.report === null) throw new Error('no report');
  return r.report;
}

const DESTINATION = { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:failed' } };

/** §11 bullet 1: six records, BatchSize 3, MaximumRetryAttempts 3, the last always reported failed. */
const partialBatch = (type: 'kinesis' | 'dynamodb'): unknown => ({
  format: 1,
  durationSeconds: 120,
  source: { type, ShardCount: 1 },
  mapping: {
    BatchSize: 3,
    StartingPosition: 'TRIM_HORIZON',
    MaximumRetryAttempts: 3,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    DestinationConfig: DESTINATION,
  },
  function: { failureMode: 'reportBatchItemFailures' },
  records: [
    ...['r1', 'r2', 'r3', 'r4', 'r5'].map((id) => ({ id, key: 'a' })),
    { id: 'r6', key: 'a', failDeliveries: -1 },
  ],
});

describe('§11 observed on AWS, through the runner', () => {
  it.each(['kinesis', 'dynamodb'] as const)(
    '%s: a partial-batch response that moves the checkpoint starts a fresh retry count',
    (type) => {
      const report = run(partialBatch(type));
      for (const id of ['r1', 'r2', 'r3', 'r4', 'r5'])
        expect(report.records[id]).toEqual({ status: 'succeeded', deliveries: 1 });
      // Once in the mixed batch, then alone 1 + 3 times.
      expect(report.records['r6']).toEqual({ status: 'sentToOnFailureDestination', deliveries: 5 });
      expect(report.invocations.map((i) => i.records.join(','))).toEqual([
        'r1,r2,r3',
        'r4,r5,r6',
        'r6',
        'r6',
        'r6',
        'r6',
      ]);
      expect(report.onFailureDestination).toHaveLength(1);
      const [sent] = report.onFailureDestination;
      expect(sent).toMatchObject({
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 4,
        batchSize: 1,
        records: ['r6'],
      });
      const info =
        type === 'kinesis'
          ? sent?.invocationRecord.KinesisBatchInfo
          : sent?.invocationRecord.DDBStreamBatchInfo;
      expect(info?.batchSize).toBe(1);
      expect(sent?.invocationRecord.requestContext.approximateInvokeCount).toBe(4);
    },
  );

  it.each([0, 2, 5])(
    'approximateInvokeCount is 1 + MaximumRetryAttempts (%i) when retries run out',
    (retries) => {
      const report = run({
        format: 1,
        durationSeconds: 300,
        source: { type: 'kinesis', ShardCount: 1 },
        mapping: {
          BatchSize: 10,
          StartingPosition: 'TRIM_HORIZON',
          MaximumRetryAttempts: retries,
          DestinationConfig: DESTINATION,
        },
        records: [{ id: 'bad', failDeliveries: -1 }],
      });
      expect(report.onFailureDestination.map((o) => o.approximateInvokeCount)).toEqual([
        1 + retries,
      ]);
      expect(report.records['bad']).toEqual({
        status: 'sentToOnFailureDestination',
        deliveries: 1 + retries,
      });
      // Given up after a function error: AWS's record carries the function's response.
      expect(report.onFailureDestination[0]?.invocationRecord.responseContext).toEqual({
        statusCode: 200,
        executedVersion: '$LATEST',
        functionError: 'Unhandled',
      });
    },
  );

  it('records older than MaximumRecordAgeInSeconds go without an invocation, with no responseContext; younger ones run', () => {
    const report = run({
      format: 1,
      durationSeconds: 30,
      source: { type: 'kinesis', ShardCount: 1 },
      mapping: {
        BatchSize: 10,
        StartingPosition: 'TRIM_HORIZON',
        MaximumRecordAgeInSeconds: 60,
        DestinationConfig: DESTINATION,
      },
      records: [
        { id: 'old1', at: -100, key: 'a' },
        { id: 'old2', at: -90, key: 'a' },
        { id: 'young', at: -10, key: 'a' },
        { id: 'new', at: 1, key: 'a' },
      ],
    });
    expect(report.records).toEqual({
      old1: { status: 'sentToOnFailureDestination', deliveries: 0 },
      old2: { status: 'sentToOnFailureDestination', deliveries: 0 },
      young: { status: 'succeeded', deliveries: 1 },
      new: { status: 'succeeded', deliveries: 1 },
    });
    expect(report.invocations.flatMap((i) => i.records)).toEqual(['young', 'new']);
    const [aged] = report.onFailureDestination;
    expect(aged?.condition).toBe('RecordAgeExceeded');
    expect(aged?.records).toEqual(['old1', 'old2']);
    expect(aged?.invocationRecord.requestContext.condition).toBe('RecordAgeExceeded');
    expect(aged?.invocationRecord).not.toHaveProperty('responseContext');
  });

  it('SQS: a batch whose function raised comes back whole, and the DLQ keeps messageId and body', () => {
    const report = run({
      format: 1,
      durationSeconds: 100,
      source: { type: 'sqs', VisibilityTimeout: 10, RedrivePolicy: { maxReceiveCount: 2 } },
      mapping: { BatchSize: 5 },
      records: [{ id: 'm1', body: 'hello' }, { id: 'm2' }, { id: 'm3', failDeliveries: -1 }],
    });
    expect(report.invocations.map((i) => [i.start, i.records.join(','), i.result])).toEqual([
      [0, 'm1,m2,m3', 'functionError'],
      [10, 'm1,m2,m3', 'functionError'],
    ]);
    for (const id of ['m1', 'm2', 'm3'])
      expect(report.records[id]).toEqual({ status: 'movedToDlq', deliveries: 2 });
    expect(report.deadLetterQueue.map((d) => [d.id, d.receiveCount, d.body])).toEqual([
      ['m1', 2, 'hello'],
      ['m2', 2, '{"recordId":"m2"}'],
      ['m3', 2, '{"recordId":"m3"}'],
    ]);
    expect(new Set(report.deadLetterQueue.map((d) => d.messageId)).size).toBe(3);
  });

  it('SQS with ReportBatchItemFailures: only the listed message returns', () => {
    const report = run({
      format: 1,
      durationSeconds: 100,
      source: { type: 'sqs', VisibilityTimeout: 10, RedrivePolicy: { maxReceiveCount: 2 } },
      mapping: { BatchSize: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] },
      function: { failureMode: 'reportBatchItemFailures' },
      records: [{ id: 'm1' }, { id: 'm2', failDeliveries: -1 }, { id: 'm3' }],
    });
    expect(report.records).toEqual({
      m1: { status: 'succeeded', deliveries: 1 },
      m2: { status: 'movedToDlq', deliveries: 2 },
      m3: { status: 'succeeded', deliveries: 1 },
    });
    expect(report.invocations.map((i) => [i.records.join(','), i.reportedFailures])).toEqual([
      ['m1,m2,m3', ['m2']],
      ['m2', ['m2']],
    ]);
  });
});

describe('validation through the runner: exit 2 and AWS’s words', () => {
  const kinesis = (mapping: Record<string, unknown>): unknown => ({
    format: 1,
    durationSeconds: 10,
    source: { type: 'kinesis', ShardCount: 1 },
    mapping: { StartingPosition: 'TRIM_HORIZON', ...mapping },
  });
  const sqs = (mapping: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown => ({
    format: 1,
    durationSeconds: 10,
    source: { type: 'sqs' },
    mapping,
    ...extra,
  });
  const fifo = (mapping: Record<string, unknown>): unknown => ({
    format: 1,
    durationSeconds: 10,
    source: { type: 'sqs-fifo' },
    mapping,
  });

  it.each([
    ['a stream with BatchSize 100 and no window', kinesis({ BatchSize: 100 })],
    ['a stream with BatchSize 10,000', kinesis({ BatchSize: 10000 })],
    ['MaximumRecordAgeInSeconds 60', kinesis({ MaximumRecordAgeInSeconds: 60 })],
    ['MaximumRecordAgeInSeconds -1', kinesis({ MaximumRecordAgeInSeconds: -1 })],
    [
      'SQS BatchSize 100 with a 1 s window',
      sqs({ BatchSize: 100, MaximumBatchingWindowInSeconds: 1 }),
    ],
    ['a function timeout equal to the visibility timeout', sqs({}, { function: { Timeout: 30 } })],
  ])('accepts %s', (_, scenario) => {
    expect(simulate(scenario).code).toBe(EXIT_OK);
  });

  it.each([
    [
      'SQS standard, BatchSize 100 without a window',
      sqs({ BatchSize: 100 }),
      'mapping.BatchSize: Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    ],
    [
      'a FIFO batch of 11',
      fifo({ BatchSize: 11 }),
      'mapping.BatchSize: Batch size for an SQS FIFO queue must be between 1 and 10',
    ],
    [
      'a FIFO batching window',
      fifo({ MaximumBatchingWindowInSeconds: 1 }),
      'mapping.MaximumBatchingWindowInSeconds: Batching window is not supported for FIFO queues',
    ],
    [
      'MaximumRecordAgeInSeconds 59',
      kinesis({ MaximumRecordAgeInSeconds: 59 }),
      'mapping.MaximumRecordAgeInSeconds: MaximumRecordAgeInSeconds must be -1 (infinite) or a whole number between 60 and 604800 seconds (got 59)',
    ],
    [
      'MaximumRecordAgeInSeconds 604,801',
      kinesis({ MaximumRecordAgeInSeconds: 604801 }),
      'between 60 and 604800 seconds (got 604801)',
    ],
    [
      'MaximumRetryAttempts 10,001',
      kinesis({ MaximumRetryAttempts: 10001 }),
      "mapping.MaximumRetryAttempts: Value '10001' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 10000",
    ],
    [
      'ParallelizationFactor 11',
      kinesis({ ParallelizationFactor: 11 }),
      "Value '11' at 'parallelizationFactor' failed to satisfy constraint: Member must have value less than or equal to 10",
    ],
    [
      'a stream BatchSize of 10,001',
      kinesis({ BatchSize: 10001 }),
      "Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000",
    ],
    [
      'a function timeout longer than the visibility timeout',
      sqs({}, { function: { Timeout: 31 } }),
      'function.Timeout: Queue visibility timeout: 30 seconds is less than Function timeout: 31 seconds',
    ],
    [
      'MaximumConcurrency 1',
      sqs({ ScalingConfig: { MaximumConcurrency: 1 } }),
      "Value '1' at 'maximumConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 2",
    ],
    [
      'ParallelizationFactor on a queue',
      sqs({ ParallelizationFactor: 2 }),
      'mapping.ParallelizationFactor: Unsupported ParallelizationFactor parameter for SQS event sources',
    ],
  ])('rejects %s', (_, scenario, message) => {
    const r = simulate(scenario);
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.report).toBeNull();
    expect(r.stderr).toContain(message);
  });
});
