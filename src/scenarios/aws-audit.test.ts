/**
 * Black-box audit of validation and of the headless runner's path against esm-semantics.md, the way
 * independent cases use it: a scenario file in, exit code, stderr lines and the JSON report out.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/index';
import type { RunReport } from '../engine/types';
import { parseScenarioText } from './validate';

/**
 * What `npm run simulate` does with a scenario file (src/cli/run.ts, which this DOM-free
 * project cannot import): parse the text, print "path: message" lines or run the engine.
 */
function simulate(scenario: unknown): { ok: boolean; lines: string[]; report: RunReport | null } {
  const parsed = parseScenarioText(JSON.stringify(scenario), 'scenario.json');
  if (!parsed.ok) {
    const lines = parsed.problems.map((p) =>
      p.path === '' ? p.message : `${p.path}: ${p.message}`,
    );
    return { ok: false, lines, report: null };
  }
  const report = JSON.parse(JSON.stringify(runScenario(parsed.scenario))) as RunReport;
  return { ok: true, lines: [], report };
}

const scenario = (source: object, mapping: object, fn: object = {}) => ({
  format: 1,
  durationSeconds: 10,
  source,
  mapping,
  function: fn,
});
const KINESIS = { type: 'kinesis', ShardCount: 1 };
const DDB = { type: 'dynamodb', ShardCount: 1 };
const SQS = { type: 'sqs' };
const FIFO = { type: 'sqs-fifo', ContentBasedDeduplication: true };

function rejected(s: unknown): string[] {
  const r = simulate(s);
  expect(r.ok).toBe(false);
  return r.lines;
}

function accepted(s: unknown): RunReport {
  const r = simulate(s);
  expect(r.lines).toEqual([]);
  return r.report!;
}

describe('§1 window rule: SQS standard only (API, LS)', () => {
  it('streams accept BatchSize 100 and 10,000 with no window', () => {
    for (const src of [KINESIS, DDB]) {
      accepted(scenario(src, { StartingPosition: 'LATEST', BatchSize: 100 }));
      accepted(scenario(src, { StartingPosition: 'LATEST', BatchSize: 10000 }));
    }
  });

  it('SQS standard rejects BatchSize above 10 without a window, in AWS words; a 1 s window makes it valid', () => {
    expect(rejected(scenario(SQS, { BatchSize: 100 }))).toEqual([
      'mapping.BatchSize: Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    ]);
    expect(rejected(scenario(SQS, { BatchSize: 11, MaximumBatchingWindowInSeconds: 0 }))).toEqual([
      'mapping.BatchSize: Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    ]);
    accepted(scenario(SQS, { BatchSize: 11, MaximumBatchingWindowInSeconds: 1 }));
    accepted(scenario(SQS, { BatchSize: 10 }));
  });

  it('FIFO: BatchSize at most 10 even with no window, and no window at all (SQS-P)', () => {
    accepted(scenario(FIFO, { BatchSize: 10 }));
    expect(rejected(scenario(FIFO, { BatchSize: 11 }))[0]).toMatch(/^mapping\.BatchSize: /);
    expect(rejected(scenario(FIFO, { MaximumBatchingWindowInSeconds: 1 }))[0]).toMatch(
      /^mapping\.MaximumBatchingWindowInSeconds: .*not supported for FIFO/,
    );
    expect(rejected(scenario(FIFO, { MaximumBatchingWindowInSeconds: 0 }))[0]).toMatch(
      /^mapping\.MaximumBatchingWindowInSeconds: /,
    );
  });
});

describe('§2 ranges (API, WN19)', () => {
  it('MaximumRecordAgeInSeconds: -1 and 60..604800 accepted; 0, 59 and 604801 rejected', () => {
    for (const v of [-1, 60, 604800]) {
      accepted(scenario(KINESIS, { StartingPosition: 'LATEST', MaximumRecordAgeInSeconds: v }));
    }
    for (const v of [0, 59, 604801, -2]) {
      expect(
        rejected(scenario(KINESIS, { StartingPosition: 'LATEST', MaximumRecordAgeInSeconds: v })),
      ).toHaveLength(1);
    }
  });

  it('MaximumRetryAttempts -1..10000, ParallelizationFactor 1..10, TumblingWindowInSeconds 0..900', () => {
    const k = (m: object) => scenario(KINESIS, { StartingPosition: 'LATEST', ...m });
    for (const m of [
      { MaximumRetryAttempts: -1 },
      { MaximumRetryAttempts: 10000 },
      { ParallelizationFactor: 10 },
      { TumblingWindowInSeconds: 900 },
    ]) {
      accepted(k(m));
    }
    for (const m of [
      { MaximumRetryAttempts: -2 },
      { MaximumRetryAttempts: 10001 },
      { ParallelizationFactor: 0 },
      { ParallelizationFactor: 11 },
      { TumblingWindowInSeconds: 901 },
    ]) {
      expect(rejected(k(m))).toHaveLength(1);
    }
  });

  it('AT_TIMESTAMP is Kinesis only and needs StartingPositionTimestamp', () => {
    accepted(scenario(KINESIS, { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 0 }));
    expect(rejected(scenario(KINESIS, { StartingPosition: 'AT_TIMESTAMP' }))).toEqual([
      'mapping.StartingPositionTimestamp: StartingPositionTimestamp must be specified when StartingPosition is AT_TIMESTAMP',
    ]);
    expect(rejected(scenario(DDB, { StartingPosition: 'AT_TIMESTAMP' }))[0]).toMatch(
      /^mapping\.StartingPosition: /,
    );
  });
});

describe('§3 SQS settings (SQS-C, API ScalingConfig)', () => {
  it('rejects a function timeout above the visibility timeout, in AWS words; equal is fine', () => {
    expect(rejected(scenario({ type: 'sqs', VisibilityTimeout: 30 }, {}, { Timeout: 31 }))).toEqual(
      [
        'function.Timeout: Queue visibility timeout: 30 seconds is less than Function timeout: 31 seconds',
      ],
    );
    accepted(scenario({ type: 'sqs', VisibilityTimeout: 30 }, {}, { Timeout: 30 }));
  });

  it('MaximumConcurrency 2..1000 on SQS only; stream-only settings are refused on queues', () => {
    accepted(scenario(SQS, { ScalingConfig: { MaximumConcurrency: 2 } }));
    accepted(scenario(SQS, { ScalingConfig: { MaximumConcurrency: 1000 } }));
    expect(rejected(scenario(SQS, { ScalingConfig: { MaximumConcurrency: 1 } }))).toHaveLength(1);
    expect(rejected(scenario(SQS, { ScalingConfig: { MaximumConcurrency: 1001 } }))).toHaveLength(
      1,
    );
    for (const m of [
      { ParallelizationFactor: 2 },
      { BisectBatchOnFunctionError: true },
      { StartingPosition: 'LATEST' },
      { MaximumRetryAttempts: 1 },
    ]) {
      expect(rejected(scenario(SQS, m))).toHaveLength(1);
    }
    expect(
      rejected(
        scenario(KINESIS, { StartingPosition: 'LATEST', ScalingConfig: { MaximumConcurrency: 5 } }),
      ),
    ).toHaveLength(1);
  });
});

describe('§11 through the headless runner', () => {
  it('Kinesis, BatchSize 3, MaximumRetryAttempts 3, ReportBatchItemFailures, last of six always fails', () => {
    const report = accepted({
      format: 1,
      durationSeconds: 120,
      source: KINESIS,
      mapping: {
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 3,
        MaximumRetryAttempts: 3,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: {
          OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:failures' },
        },
      },
      function: { failureMode: 'reportBatchItemFailures' },
      records: [0, 1, 2, 3, 4, 5].map((i) => ({ id: `r${i}`, failDeliveries: i === 5 ? -1 : 0 })),
    });
    expect(Object.values(report.records).map((r) => r.deliveries)).toEqual([1, 1, 1, 1, 1, 5]);
    expect(report.onFailureDestination).toHaveLength(1);
    const entry = report.onFailureDestination[0]!;
    expect(entry.invocationRecord.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 4,
    });
    expect(entry.invocationRecord.KinesisBatchInfo).toMatchObject({ batchSize: 1 });
  });

  it('a record past MaximumRecordAgeInSeconds: RecordAgeExceeded, requestContext, no responseContext', () => {
    const report = accepted({
      format: 1,
      durationSeconds: 30,
      source: KINESIS,
      mapping: {
        StartingPosition: 'TRIM_HORIZON',
        MaximumRecordAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sns:us-east-1:123456789012:t' } },
      },
      records: [
        { id: 'old', at: -120 },
        { id: 'new', at: 0 },
      ],
    });
    expect(report.invocations.map((i) => i.records)).toEqual([['new']]);
    const record = report.onFailureDestination[0]!.invocationRecord as unknown as Record<
      string,
      unknown
    >;
    expect(record.requestContext).toMatchObject({ condition: 'RecordAgeExceeded' });
    expect('responseContext' in record).toBe(false);
    expect(report.records.old).toEqual({ status: 'sentToOnFailureDestination', deliveries: 0 });
  });
});

describe('§1 StartingPosition on streams: a stated modelling choice (API, KIN-P, DDB-P)', () => {
  // AWS's API requires StartingPosition for Kinesis and DynamoDB. A scenario may omit it and reads
  // from LATEST, the console's default (src/scenarios/build.ts defaultMapping; the About page says
  // so): a record put before the mapping existed is skipped, one put after it is read.
  it('a Kinesis or DynamoDB scenario without StartingPosition reads from LATEST', () => {
    for (const src of [KINESIS, DDB]) {
      const report = accepted({
        ...scenario(src, {}),
        records: [
          { id: 'before', at: -5 },
          { id: 'after', at: 1 },
        ],
      });
      expect(report.records).toEqual({
        before: { status: 'skipped', deliveries: 0 },
        after: { status: 'succeeded', deliveries: 1 },
      });
    }
  });
});
