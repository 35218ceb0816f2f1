import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APP_GENERATED_LIMIT,
  CLI_GENERATED_LIMIT,
  MAX_GENERATED_RECORDS,
  MAX_GENERATED_RECORDS_BOUNDED,
} from './rules';
import { parseScenario, parseScenarioText } from './validate';

type Json = Record<string, unknown>;

const base = (over: Json = {}): Json => ({
  format: 1,
  durationSeconds: 60,
  source: { type: 'kinesis' },
  ...over,
});

function problems(input: unknown): { path: string; message: string }[] {
  const r = parseScenario(input);
  return r.ok ? [] : [...r.problems];
}

function messageAt(input: unknown, path: string): string | undefined {
  return problems(input).find((p) => p.path === path)?.message;
}

describe('parseScenario: accepts and fills defaults', () => {
  it('resolves a minimal scenario with AWS defaults per source type', () => {
    const r = parseScenario(base());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.seed).toBe(1);
    expect(r.scenario.mapping.BatchSize).toBe(100);
    expect(r.scenario.mapping.StartingPosition).toBe('LATEST');
    const q = parseScenario(base({ source: { type: 'sqs' } }));
    expect(q.ok && q.scenario.mapping.BatchSize).toBe(10);
    expect(q.ok && q.scenario.mapping.StartingPosition).toBeNull();
  });

  it('sorts actions stably by at', () => {
    const r = parseScenario(
      base({
        actions: [
          { at: 30, mapping: { Enabled: true } },
          { at: 10, mapping: { Enabled: false } },
          { at: 30, failNextInvocations: 2 },
        ],
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.actions.map((a) => a.at)).toEqual([10, 30, 30]);
    expect(r.scenario.actions[1]?.mapping?.Enabled).toBe(true);
    expect(r.scenario.actions[2]?.failNextInvocations).toBe(2);
  });

  it('puts records of an action at the action time', () => {
    const r = parseScenario(base({ actions: [{ at: 12, records: [{ id: 'live' }] }] }));
    expect(r.ok && r.scenario.actions[0]?.records?.[0]?.at).toBe(12);
  });
});

describe('parseScenario: structure', () => {
  it('rejects a non-object', () => {
    expect(problems(null)).toEqual([{ path: '', message: 'A scenario must be a JSON object' }]);
    expect(problems([1])).toEqual([{ path: '', message: 'A scenario must be a JSON object' }]);
  });

  it('requires format 1 and names missing required fields', () => {
    expect(messageAt(base({ format: 2 }), 'format')).toBe('format must be 1');
    expect(messageAt({ format: 1, source: { type: 'sqs' } }, 'durationSeconds')).toBe(
      'durationSeconds is required',
    );
    expect(messageAt({ format: 1, durationSeconds: 5 }, 'source')).toBe('source is required');
  });

  it('rejects unknown fields by name, at every level', () => {
    const p = problems(
      base({
        extra: 1,
        source: { type: 'kinesis', Shards: 2 },
        mapping: { batchSize: 5 },
        records: [{ id: 'a', colour: 'red' }],
        actions: [{ at: 1, mapping: { Foo: 1 } }],
      }),
    );
    expect(p).toEqual(
      expect.arrayContaining([
        { path: 'extra', message: 'Unknown field "extra"' },
        { path: 'source.Shards', message: 'Unknown field "Shards"' },
        { path: 'mapping.batchSize', message: 'Unknown field "batchSize"' },
        { path: 'records[0].colour', message: 'Unknown field "colour"' },
        { path: 'actions[0].mapping.Foo', message: 'Unknown field "Foo"' },
      ]),
    );
  });

  it('reports wrong types with the path', () => {
    expect(messageAt(base({ mapping: { BatchSize: '10' } }), 'mapping.BatchSize')).toMatch(
      /expected number, received string/,
    );
    expect(messageAt(base({ durationSeconds: Infinity }), 'durationSeconds')).toMatch(
      /expected number/,
    );
    expect(messageAt(base({ source: { type: 'kafka' } }), 'source.type')).toMatch(/kinesis/);
  });

  it('reports every problem at once', () => {
    const p = problems({
      format: 1,
      seed: 1.5,
      durationSeconds: 700000,
      source: { type: 'sqs', VisibilityTimeout: 10 },
      mapping: { BatchSize: 20000, ParallelizationFactor: 2 },
      function: { Timeout: 30 },
      records: [{ id: 'a', failDeliveries: -3 }, { id: 'a' }],
      producers: [{ ratePerSecond: 0 }],
    });
    expect(p.map((x) => x.path).sort()).toEqual(
      [
        'durationSeconds',
        'function.Timeout',
        'mapping.BatchSize',
        'mapping.ParallelizationFactor',
        'producers[0].ratePerSecond',
        'records[0].failDeliveries',
        'records[1].id',
        'seed',
      ].sort(),
    );
  });
});

describe('parseScenario: run guards', () => {
  it('bounds durationSeconds to 7 days and says it is a simulator limit', () => {
    expect(messageAt(base({ durationSeconds: 0 }), 'durationSeconds')).toMatch(/greater than 0/);
    expect(messageAt(base({ durationSeconds: 604801 }), 'durationSeconds')).toBe(
      'durationSeconds must be greater than 0 and at most 604800 (7 days, simulator limit), got 604801',
    );
    expect(parseScenario(base({ durationSeconds: 604800 })).ok).toBe(true);
  });

  it('requires a whole-number seed', () => {
    expect(messageAt(base({ seed: 2.5 }), 'seed')).toBe('seed must be a whole number, got 2.5');
  });

  it('caps explicit records at 100,000 without walking them', () => {
    const records = Array.from({ length: 100_001 }, (_, i) => ({ id: `r${i}` }));
    expect(problems(base({ records }))).toEqual([
      {
        path: 'records',
        message: 'Too many explicit records: 100001; at most 100000 are allowed (simulator limit)',
      },
    ]);
  });

  it('caps producer rate and the total records producers would generate', () => {
    expect(
      messageAt(base({ producers: [{ ratePerSecond: 10_001 }] }), 'producers[0].ratePerSecond'),
    ).toBe('ratePerSecond must be greater than 0 and at most 10000 (simulator limit), got 10001');
    expect(
      messageAt(base({ durationSeconds: 604800, producers: [{ ratePerSecond: 10 }] }), 'producers'),
    ).toMatch(/at most 800000 per run are allowed \(simulator limit: the headless runner/);
  });

  it('limits generated records by who runs the scenario: 800,000 for the CLI, 4,000,000 in the app', () => {
    const hour = (rate: number): Json =>
      base({ durationSeconds: 3600, producers: [{ ratePerSecond: rate }] });
    // An hour at 1,000 records/s: too many for the CLI (the default), fine for the app.
    expect(messageAt(hour(1000), 'producers')).toBe(
      'Producers would generate about 3600000 records; at most 800000 per run are allowed (simulator limit: the headless runner keeps every record for its full report): lower ratePerSecond or shorten from/until',
    );
    expect(parseScenario(hour(1000), { generatedLimit: CLI_GENERATED_LIMIT }).ok).toBe(false);
    expect(parseScenario(hour(1000), { generatedLimit: APP_GENERATED_LIMIT }).ok).toBe(true);
    // Just at and just over each limit.
    expect(
      parseScenario(base({ durationSeconds: 800, producers: [{ ratePerSecond: 1000 }] })).ok,
    ).toBe(true);
    expect(
      parseScenario(base({ durationSeconds: 801, producers: [{ ratePerSecond: 1000 }] })).ok,
    ).toBe(false);
    const app = { generatedLimit: APP_GENERATED_LIMIT };
    expect(
      parseScenario(base({ durationSeconds: 4000, producers: [{ ratePerSecond: 1000 }] }), app).ok,
    ).toBe(true);
    const over = parseScenario(hour(1200), app);
    expect(over.ok ? [] : over.problems).toEqual([
      {
        path: 'producers',
        message:
          'Producers would generate about 4320000 records; at most 4000000 per run are allowed (simulator limit: the app keeps only recent history; this bounds its memory (an hour at 1,000 records/s with margin)): lower ratePerSecond or shorten from/until',
      },
    ]);
    // Text input takes the same option.
    expect(parseScenarioText(JSON.stringify(hour(1000)), 'x.json', app).ok).toBe(true);
    expect(parseScenarioText(JSON.stringify(hour(1000)), 'x.json').ok).toBe(false);
    expect(MAX_GENERATED_RECORDS).toBe(CLI_GENERATED_LIMIT.max);
    expect(MAX_GENERATED_RECORDS_BOUNDED).toBe(APP_GENERATED_LIMIT.max);
  });
});

describe('parseScenario: source rules', () => {
  it('limits ShardCount to 1..64 and says it is a simulator limit', () => {
    expect(
      messageAt(base({ source: { type: 'kinesis', ShardCount: 65 } }), 'source.ShardCount'),
    ).toBe(
      "Value '65' at 'shardCount' failed to satisfy constraint: Member must have value less than or equal to 64 (simulator limit)",
    );
    expect(
      messageAt(base({ source: { type: 'kinesis', ShardCount: 0 } }), 'source.ShardCount'),
    ).toMatch(/greater than or equal to 1/);
    expect(
      messageAt(base({ source: { type: 'kinesis', ShardCount: 1.5 } }), 'source.ShardCount'),
    ).toMatch(/whole number/);
  });

  it('applies per-type fields only', () => {
    expect(
      messageAt(
        base({ source: { type: 'dynamodb', RetentionPeriodHours: 48 } }),
        'source.RetentionPeriodHours',
      ),
    ).toMatch(/Unsupported RetentionPeriodHours parameter for DynamoDB Streams event sources/);
    expect(
      messageAt(
        base({ source: { type: 'kinesis', StreamViewType: 'NEW_IMAGE' } }),
        'source.StreamViewType',
      ),
    ).toMatch(/Unsupported StreamViewType/);
    expect(
      messageAt(
        base({ source: { type: 'sqs', ContentBasedDeduplication: true } }),
        'source.ContentBasedDeduplication',
      ),
    ).toMatch(/only for FIFO queues/);
    expect(
      messageAt(
        base({ source: { type: 'kinesis', VisibilityTimeout: 30 } }),
        'source.VisibilityTimeout',
      ),
    ).toMatch(/Unsupported VisibilityTimeout parameter for Kinesis/);
    expect(
      messageAt(base({ source: { type: 'sqs', ShardCount: 2 } }), 'source.ShardCount'),
    ).toMatch(/queues have no shards/);
  });

  it('checks queue attribute ranges', () => {
    const q = (source: Json) => base({ source: { type: 'sqs', ...source } });
    expect(messageAt(q({ VisibilityTimeout: 43201 }), 'source.VisibilityTimeout')).toMatch(
      /less than or equal to 43200/,
    );
    expect(messageAt(q({ MessageRetentionPeriod: 59 }), 'source.MessageRetentionPeriod')).toMatch(
      /greater than or equal to 60/,
    );
    expect(
      messageAt(q({ MessageRetentionPeriod: 1209601 }), 'source.MessageRetentionPeriod'),
    ).toMatch(/1209600/);
    expect(messageAt(q({ RedrivePolicy: { maxReceiveCount: 0 } }), 'source.RedrivePolicy')).toMatch(
      /maxReceiveCount/,
    );
    expect(
      messageAt(q({ RedrivePolicy: { maxReceiveCount: 1001 } }), 'source.RedrivePolicy'),
    ).toMatch(/1000/);
    expect(messageAt(q({ duplicateDeliveryRate: 1.5 }), 'source.duplicateDeliveryRate')).toMatch(
      /less than or equal to 1/,
    );
    expect(
      messageAt(
        base({ source: { type: 'kinesis', RetentionPeriodHours: 23 } }),
        'source.RetentionPeriodHours',
      ),
    ).toMatch(/24/);
    expect(
      messageAt(
        base({ source: { type: 'kinesis', RetentionPeriodHours: 8761 } }),
        'source.RetentionPeriodHours',
      ),
    ).toMatch(/8760/);
    expect(
      messageAt(
        base({ source: { type: 'dynamodb', StreamViewType: 'BOTH' } }),
        'source.StreamViewType',
      ),
    ).toMatch(/enum value set: \[KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES\]/);
  });
});

describe('parseScenario: mapping rules', () => {
  const k = (mapping: Json, type = 'kinesis') => base({ source: { type }, mapping });

  it('needs a batch window for batches above 10 on SQS standard only, in AWS words', () => {
    const msg =
      'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10';
    expect(messageAt(k({ BatchSize: 11 }, 'sqs'), 'mapping.BatchSize')).toBe(msg);
    expect(parseScenario(k({ BatchSize: 11, MaximumBatchingWindowInSeconds: 1 }, 'sqs')).ok).toBe(
      true,
    );
    expect(
      messageAt(
        k({ BatchSize: 100, MaximumBatchingWindowInSeconds: 0 }, 'sqs'),
        'mapping.BatchSize',
      ),
    ).toBe(msg);
    // Setting only the window to 0 on a queue whose BatchSize is above 10 is blamed on the window.
    expect(
      messageAt(
        base({
          source: { type: 'sqs' },
          mapping: { BatchSize: 20, MaximumBatchingWindowInSeconds: 1 },
          actions: [{ at: 5, mapping: { MaximumBatchingWindowInSeconds: 0 } }],
        }),
        'actions[0].mapping.MaximumBatchingWindowInSeconds',
      ),
    ).toBe(msg);
  });

  it('accepts any stream BatchSize with a 0 s window (the stream default is 100 with no window)', () => {
    for (const type of ['kinesis', 'dynamodb']) {
      expect(parseScenario(k({}, type)).ok).toBe(true);
      expect(parseScenario(k({ BatchSize: 100 }, type)).ok).toBe(true);
      expect(
        parseScenario(k({ BatchSize: 10000, MaximumBatchingWindowInSeconds: 0 }, type)).ok,
      ).toBe(true);
      const parsed = parseScenario(k({}, type));
      expect(parsed.ok && parsed.scenario.mapping.BatchSize).toBe(100);
      expect(parsed.ok && parsed.scenario.mapping.MaximumBatchingWindowInSeconds).toBe(0);
    }
  });

  it('has per-source BatchSize ranges', () => {
    expect(messageAt(k({ BatchSize: 0 }), 'mapping.BatchSize')).toMatch(
      /greater than or equal to 1/,
    );
    expect(
      messageAt(k({ BatchSize: 10001, MaximumBatchingWindowInSeconds: 1 }), 'mapping.BatchSize'),
    ).toMatch(/less than or equal to 10000/);
    expect(messageAt(k({ BatchSize: 11 }, 'sqs-fifo'), 'mapping.BatchSize')).toBe(
      'Batch size for an SQS FIFO queue must be between 1 and 10',
    );
    expect(parseScenario(k({ BatchSize: 10 }, 'sqs-fifo')).ok).toBe(true);
  });

  it('rejects a batch window on FIFO and above 300 s elsewhere', () => {
    expect(
      messageAt(
        k({ MaximumBatchingWindowInSeconds: 1 }, 'sqs-fifo'),
        'mapping.MaximumBatchingWindowInSeconds',
      ),
    ).toMatch(/Batching window is not supported for FIFO queues/);
    expect(
      messageAt(
        k({ MaximumBatchingWindowInSeconds: 301 }, 'sqs'),
        'mapping.MaximumBatchingWindowInSeconds',
      ),
    ).toMatch(/less than or equal to 300/);
  });

  it('checks StartingPosition per source', () => {
    expect(
      messageAt(k({ StartingPosition: 'AT_TIMESTAMP' }, 'dynamodb'), 'mapping.StartingPosition'),
    ).toMatch(/AT_TIMESTAMP for DynamoDB Streams/);
    expect(
      messageAt(k({ StartingPosition: 'AT_TIMESTAMP' }), 'mapping.StartingPositionTimestamp'),
    ).toBe('StartingPositionTimestamp must be specified when StartingPosition is AT_TIMESTAMP');
    expect(
      parseScenario(k({ StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 5 })).ok,
    ).toBe(true);
    expect(
      messageAt(k({ StartingPositionTimestamp: 5 }), 'mapping.StartingPositionTimestamp'),
    ).toMatch(/only valid when StartingPosition is AT_TIMESTAMP/);
    expect(messageAt(k({ StartingPosition: 'LATEST' }, 'sqs'), 'mapping.StartingPosition')).toMatch(
      /Unsupported StartingPosition parameter for SQS/,
    );
    expect(messageAt(k({ StartingPosition: 'OLDEST' }), 'mapping.StartingPosition')).toMatch(
      /enum value set/,
    );
  });

  it('checks stream-only fields and their ranges', () => {
    expect(messageAt(k({ ParallelizationFactor: 11 }), 'mapping.ParallelizationFactor')).toMatch(
      /10/,
    );
    expect(
      messageAt(k({ ParallelizationFactor: 2 }, 'sqs'), 'mapping.ParallelizationFactor'),
    ).toMatch(/Unsupported/);
    expect(messageAt(k({ MaximumRetryAttempts: -2 }), 'mapping.MaximumRetryAttempts')).toMatch(
      /-1/,
    );
    expect(messageAt(k({ MaximumRetryAttempts: 10001 }), 'mapping.MaximumRetryAttempts')).toMatch(
      /10000/,
    );
    expect(
      messageAt(k({ MaximumRetryAttempts: 1 }, 'sqs'), 'mapping.MaximumRetryAttempts'),
    ).toMatch(/maxReceiveCount/);
    expect(
      messageAt(
        k({ BisectBatchOnFunctionError: true }, 'sqs-fifo'),
        'mapping.BisectBatchOnFunctionError',
      ),
    ).toMatch(/Unsupported/);
    expect(
      messageAt(k({ TumblingWindowInSeconds: 901 }), 'mapping.TumblingWindowInSeconds'),
    ).toMatch(/900/);
    expect(
      messageAt(k({ TumblingWindowInSeconds: 60 }, 'sqs'), 'mapping.TumblingWindowInSeconds'),
    ).toMatch(/Unsupported/);
  });

  it('accepts MaximumRecordAgeInSeconds -1 or 60..604800 and rejects 0..59', () => {
    for (const ok of [-1, 60, 604800])
      expect(parseScenario(k({ MaximumRecordAgeInSeconds: ok })).ok).toBe(true);
    for (const bad of [0, 59, -2, 604801]) {
      expect(
        messageAt(k({ MaximumRecordAgeInSeconds: bad }), 'mapping.MaximumRecordAgeInSeconds'),
      ).toBe(
        `MaximumRecordAgeInSeconds must be -1 (infinite) or a whole number between 60 and 604800 seconds (got ${bad})`,
      );
    }
  });

  it('allows only ReportBatchItemFailures as a function response type', () => {
    expect(parseScenario(k({ FunctionResponseTypes: ['ReportBatchItemFailures'] }, 'sqs')).ok).toBe(
      true,
    );
    expect(
      messageAt(k({ FunctionResponseTypes: ['Other'] }), 'mapping.FunctionResponseTypes'),
    ).toMatch(/enum value set: \[ReportBatchItemFailures\]/);
  });

  it('checks on-failure destinations: SQS, SNS or S3 for streams (FIFO accepted as AWS does), not for SQS sources', () => {
    const dest = (Destination: string, type = 'kinesis') =>
      k({ DestinationConfig: { OnFailure: { Destination } } }, type);
    expect(parseScenario(dest('arn:aws:sqs:us-east-1:123456789012:failures')).ok).toBe(true);
    expect(parseScenario(dest('arn:aws:sns:us-east-1:123456789012:failures')).ok).toBe(true);
    expect(parseScenario(dest('arn:aws:s3:::bucket', 'dynamodb')).ok).toBe(true);
    // AWS accepts a FIFO destination; every delivery to it then fails (DestinationDeliveryFailures).
    expect(parseScenario(dest('arn:aws:sqs:us-east-1:123456789012:q.fifo')).ok).toBe(true);
    expect(parseScenario(dest('arn:aws:sns:us-east-1:123456789012:t.fifo')).ok).toBe(true);
    expect(
      messageAt(
        dest('arn:aws:lambda:us-east-1:123456789012:function:f'),
        'mapping.DestinationConfig',
      ),
    ).toMatch(/not valid/);
    expect(
      messageAt(
        dest('arn:aws:sqs:us-east-1:123456789012:failures', 'sqs'),
        'mapping.DestinationConfig',
      ),
    ).toMatch(/dead-letter queue/);
  });

  it('checks MaximumConcurrency 2..1000 for SQS only', () => {
    expect(parseScenario(k({ ScalingConfig: { MaximumConcurrency: 2 } }, 'sqs')).ok).toBe(true);
    expect(
      messageAt(k({ ScalingConfig: { MaximumConcurrency: 1 } }, 'sqs'), 'mapping.ScalingConfig'),
    ).toMatch(/greater than or equal to 2/);
    expect(
      messageAt(
        k({ ScalingConfig: { MaximumConcurrency: 1001 } }, 'sqs-fifo'),
        'mapping.ScalingConfig',
      ),
    ).toMatch(/less than or equal to 1000/);
    expect(
      messageAt(k({ ScalingConfig: { MaximumConcurrency: 5 } }), 'mapping.ScalingConfig'),
    ).toMatch(/ParallelizationFactor/);
  });

  it('checks filter criteria: at most 5 filters, each a valid pattern', () => {
    const f = (patterns: string[]) =>
      k({ FilterCriteria: { Filters: patterns.map((Pattern) => ({ Pattern })) } }, 'sqs');
    expect(parseScenario(f(['{"body":{"a":["x"]}}'])).ok).toBe(true);
    expect(
      messageAt(f(Array.from({ length: 6 }, () => '{"body":["x"]}')), 'mapping.FilterCriteria'),
    ).toMatch(/at most 5/);
    expect(messageAt(f(['{"body":"x"}']), 'mapping.FilterCriteria')).toMatch(
      /Invalid filter pattern definition \(Filters\[0\]\)/,
    );
  });
});

describe('parseScenario: function rules', () => {
  const fn = (f: Json, type = 'kinesis') => base({ source: { type }, function: f });

  it('checks the function ranges', () => {
    expect(messageAt(fn({ Timeout: 0 }), 'function.Timeout')).toMatch(/greater than or equal to 1/);
    expect(messageAt(fn({ Timeout: 901 }), 'function.Timeout')).toMatch(/900/);
    expect(
      messageAt(fn({ ReservedConcurrentExecutions: -1 }), 'function.ReservedConcurrentExecutions'),
    ).toMatch(/0/);
    expect(parseScenario(fn({ ReservedConcurrentExecutions: null })).ok).toBe(true);
    expect(parseScenario(fn({ ReservedConcurrentExecutions: 0 })).ok).toBe(true);
    expect(messageAt(fn({ durationSeconds: { base: 0 } }), 'function.durationSeconds')).toMatch(
      /^base:/,
    );
    expect(messageAt(fn({ durationSeconds: { jitter: 2 } }), 'function.durationSeconds')).toMatch(
      /^jitter:/,
    );
    expect(
      messageAt(fn({ durationSeconds: { perRecord: -1 } }), 'function.durationSeconds'),
    ).toMatch(/^perRecord:/);
    expect(messageAt(fn({ failureMode: 'explode' }), 'function.failureMode')).toMatch(
      /throw, reportBatchItemFailures/,
    );
    expect(messageAt(fn({ response: 'weird' }), 'function.response')).toMatch(/normal, invalid/);
    expect(messageAt(fn({ errorRate: 1.1 }), 'function.errorRate')).toMatch(
      /less than or equal to 1/,
    );
  });

  it('rejects a function timeout above the queue visibility timeout, in AWS words', () => {
    expect(messageAt(fn({ Timeout: 60 }, 'sqs'), 'function.Timeout')).toBe(
      'Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds',
    );
    expect(
      parseScenario(
        base({ source: { type: 'sqs', VisibilityTimeout: 60 }, function: { Timeout: 60 } }),
      ).ok,
    ).toBe(true);
    expect(parseScenario(fn({ Timeout: 60 })).ok).toBe(true);
  });
});

describe('parseScenario: records and producers', () => {
  it('checks record fields', () => {
    const r = (rec: Json) => base({ records: [rec] });
    expect(messageAt(r({ id: '' }), 'records[0].id')).toMatch(/non-empty/);
    expect(messageAt(r({ id: 'p0-1' }), 'records[0].id')).toMatch(/reserved/);
    expect(messageAt(r({ id: 'a', key: '' }), 'records[0].key')).toMatch(/1 to 256/);
    expect(messageAt(r({ id: 'a', key: 'x'.repeat(257) }), 'records[0].key')).toMatch(/1 to 256/);
    expect(messageAt(r({ id: 'a', failDeliveries: 1001 }), 'records[0].failDeliveries')).toMatch(
      /-1/,
    );
    expect(messageAt(r({ id: 'a', failDeliveries: 1.5 }), 'records[0].failDeliveries')).toMatch(
      /whole/,
    );
    expect(messageAt(r({ id: 'a', failAs: 'crash' }), 'records[0].failAs')).toBe(
      'failAs must be "error" or "timeout"',
    );
    expect(parseScenario(r({ id: 'a', at: -100, failDeliveries: -1, failAs: 'timeout' })).ok).toBe(
      true,
    );
  });

  it('requires unique ids across records and actions', () => {
    expect(
      messageAt(
        base({ records: [{ id: 'a' }], actions: [{ at: 1, records: [{ id: 'a' }] }] }),
        'actions[0].records[0].id',
      ),
    ).toBe('Duplicate record id "a": ids must be unique');
  });

  it('requires a MessageDeduplicationId on FIFO without content-based deduplication', () => {
    const fifo = (source: Json, rec: Json) =>
      base({ source: { type: 'sqs-fifo', ...source }, records: [rec] });
    expect(messageAt(fifo({}, { id: 'a' }), 'records[0].MessageDeduplicationId')).toBe(
      'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
    expect(parseScenario(fifo({}, { id: 'a', MessageDeduplicationId: 'd' })).ok).toBe(true);
    expect(parseScenario(fifo({ ContentBasedDeduplication: true }, { id: 'a' })).ok).toBe(true);
    expect(
      messageAt(
        base({ source: { type: 'sqs' }, records: [{ id: 'a', MessageDeduplicationId: 'd' }] }),
        'records[0].MessageDeduplicationId',
      ),
    ).toMatch(/only valid for FIFO/);
  });

  it('checks producers', () => {
    const p = (prod: Json) => base({ producers: [prod] });
    expect(messageAt(p({ keys: 0 }), 'producers[0].keys')).toMatch(/whole number from 1/);
    expect(messageAt(p({ from: 10, until: 10 }), 'producers[0].until')).toBe(
      'until (10) must be greater than from (10)',
    );
    expect(messageAt(p({ failProbability: -0.1 }), 'producers[0].failProbability')).toMatch(
      /between 0 and 1/,
    );
    expect(messageAt(p({ keyMode: 'sorted' }), 'producers[0].keyMode')).toMatch(/roundRobin/);
  });
});

describe('parseScenario: actions', () => {
  it('keeps at within the run', () => {
    expect(
      messageAt(base({ actions: [{ at: 61, failNextInvocations: 1 }] }), 'actions[0].at'),
    ).toMatch(/between 0 and durationSeconds \(60\)/);
    expect(
      messageAt(base({ actions: [{ at: -1, failNextInvocations: 1 }] }), 'actions[0].at'),
    ).toMatch(/between 0/);
  });

  it('validates patches against the configuration in force at that time', () => {
    const s = (actions: Json[]) =>
      base({ source: { type: 'sqs' }, mapping: { BatchSize: 10 }, actions });
    const msg =
      'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10';
    expect(
      messageAt(s([{ at: 5, mapping: { BatchSize: 50 } }]), 'actions[0].mapping.BatchSize'),
    ).toBe(msg);
    // A window set earlier (even when listed later in the file) makes the bigger batch valid.
    expect(
      parseScenario(
        s([
          { at: 20, mapping: { BatchSize: 50 } },
          { at: 10, mapping: { MaximumBatchingWindowInSeconds: 2 } },
        ]),
      ).ok,
    ).toBe(true);
    // Removing the window later, while the batch is 50, is rejected at the field it touched.
    expect(
      messageAt(
        s([
          { at: 10, mapping: { BatchSize: 50, MaximumBatchingWindowInSeconds: 2 } },
          { at: 20, mapping: { MaximumBatchingWindowInSeconds: 0 } },
        ]),
        'actions[1].mapping.MaximumBatchingWindowInSeconds',
      ),
    ).toBe(msg);
  });

  it('checks SQS visibility against the function timeout as both change', () => {
    const s = base({
      source: { type: 'sqs', VisibilityTimeout: 30 },
      actions: [
        { at: 5, function: { Timeout: 20 } },
        { at: 6, source: { VisibilityTimeout: 10 } },
      ],
    });
    expect(messageAt(s, 'actions[1].source.VisibilityTimeout')).toBe(
      'Queue visibility timeout: 10 seconds is less than Function timeout: 20 seconds',
    );
  });

  it('rejects live resharding, starting-position changes and bad fault injection', () => {
    expect(
      messageAt(
        base({ actions: [{ at: 1, source: { ShardCount: 4 } }] }),
        'actions[0].source.ShardCount',
      ),
    ).toMatch(/Live resharding is not modelled/);
    expect(
      messageAt(
        base({ actions: [{ at: 1, mapping: { StartingPosition: 'TRIM_HORIZON' } }] }),
        'actions[0].mapping.StartingPosition',
      ),
    ).toMatch(/cannot be changed on an existing event source mapping/);
    expect(
      messageAt(
        base({ actions: [{ at: 1, failNextInvocations: 0 }] }),
        'actions[0].failNextInvocations',
      ),
    ).toMatch(/from 1/);
    expect(
      messageAt(
        base({ actions: [{ at: 1, records: [{ id: 'x', at: 3 }] }] }),
        'actions[0].records[0].at',
      ),
    ).toMatch(/omit at/);
    expect(
      messageAt(
        base({ actions: [{ at: 1, producers: [{ ratePerSecond: -1 }] }] }),
        'actions[0].producers[0].ratePerSecond',
      ),
    ).toMatch(/greater than 0/);
  });
});

describe('parseScenarioText', () => {
  it('names the file and the JSON error position', () => {
    const r = parseScenarioText('{"format": 1,,}', 'bad.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.message).toBe(
      'bad.json: invalid JSON at line 1, column 14 (position 13): expected a property name in double quotes',
    );
  });
});

describe('parseScenario: never throws', () => {
  const internal = (input: unknown) =>
    problems(input).some((p) => p.message.startsWith('Internal validation error'));

  it('answers any JSON value with a result, not an exception (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(internal(v)).toBe(false);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('answers any value placed in any section of a valid scenario (property)', () => {
    const sections = ['source', 'mapping', 'function', 'records', 'producers', 'actions'] as const;
    const fields = [
      'type',
      'BatchSize',
      'MaximumBatchingWindowInSeconds',
      'Timeout',
      'VisibilityTimeout',
      'DestinationConfig',
      'ScalingConfig',
      'FilterCriteria',
      'durationSeconds',
      'RedrivePolicy',
      'at',
      'id',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom('kinesis', 'dynamodb', 'sqs', 'sqs-fifo'),
        fc.constantFrom(...sections),
        fc.constantFrom(...fields),
        fc.jsonValue(),
        (type, section, field, value) => {
          const s: Record<string, unknown> = base({ source: { type } });
          s[section] =
            section === 'records' || section === 'producers' || section === 'actions'
              ? [{ [field]: value }]
              : { ...(s[section] as object | undefined), [field]: value };
          expect(internal(s)).toBe(false);
        },
      ),
      { seed: 12, numRuns: 400 },
    );
  });
});
