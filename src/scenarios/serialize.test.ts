import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serializeScenario } from './serialize';
import { parseScenario } from './validate';

function resolve(input: unknown) {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
}

describe('serializeScenario', () => {
  it('omits defaults', () => {
    const s = resolve({
      format: 1,
      durationSeconds: 60,
      source: { type: 'sqs' },
      records: [{ id: 'a' }],
    });
    expect(serializeScenario(s)).toEqual({
      format: 1,
      seed: 1,
      durationSeconds: 60,
      source: { type: 'sqs' },
      records: [{ id: 'a' }],
    });
  });

  it('round-trips a scenario with every section through parseScenario', () => {
    const input = {
      format: 1,
      title: 'All sections',
      seed: 9,
      durationSeconds: 120,
      source: { type: 'kinesis', ShardCount: 3, RetentionPeriodHours: 48 },
      mapping: {
        BatchSize: 10,
        StartingPosition: 'TRIM_HORIZON',
        ParallelizationFactor: 2,
        MaximumRetryAttempts: 3,
        MaximumRecordAgeInSeconds: 600,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::bucket' } },
        FilterCriteria: { Filters: [{ Pattern: '{"data":{"t":["a"]}}' }] },
      },
      function: {
        Timeout: 10,
        durationSeconds: { base: 0.2, jitter: 0.1 },
        failureMode: 'reportBatchItemFailures',
      },
      records: [{ id: 'r1', at: -5, key: 'k9', body: 'hi', failDeliveries: -1, failAs: 'timeout' }],
      producers: [
        { ratePerSecond: 3, keys: 4, keyMode: 'random', from: 5, until: 50, failProbability: 0.1 },
      ],
      actions: [
        { at: 40, mapping: { BatchSize: 50, MaximumBatchingWindowInSeconds: 2 } },
        {
          at: 10,
          function: { durationSeconds: { base: 1 } },
          records: [{ id: 'live', failDeliveries: 2 }],
        },
        { at: 20, producers: [{ ratePerSecond: 1 }], failNextInvocations: 2 },
      ],
    };
    const first = resolve(input);
    const again = resolve(JSON.parse(JSON.stringify(serializeScenario(first))));
    expect(again).toEqual(first);
  });

  it('writes the given actions instead of the scenario’s own (live edits recorded)', () => {
    const s = resolve({
      format: 1,
      durationSeconds: 60,
      source: { type: 'sqs-fifo', ContentBasedDeduplication: true },
    });
    const out = serializeScenario(s, [{ at: 5, mapping: { BatchSize: 5 } }]);
    expect(out.actions).toEqual([{ at: 5, mapping: { BatchSize: 5 } }]);
    expect(resolve(out).actions).toEqual([{ at: 5, mapping: { BatchSize: 5 } }]);
  });

  it('round-trips generated valid queue scenarios (property)', () => {
    const scenario = fc.record({
      type: fc.constantFrom('sqs', 'sqs-fifo'),
      seed: fc.integer({ min: 0, max: 1000 }),
      durationSeconds: fc.integer({ min: 1, max: 600 }),
      VisibilityTimeout: fc.integer({ min: 3, max: 43200 }),
      maxReceiveCount: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
      BatchSize: fc.integer({ min: 1, max: 10 }),
      MaximumConcurrency: fc.option(fc.integer({ min: 2, max: 1000 }), { nil: null }),
      records: fc.uniqueArray(
        fc.record({
          id: fc.stringMatching(/^[a-z]{1,6}$/),
          at: fc.integer({ min: -100, max: 100 }),
          failDeliveries: fc.integer({ min: -1, max: 5 }),
        }),
        { selector: (r) => r.id, maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(scenario, (g) => {
        const first = resolve({
          format: 1,
          seed: g.seed,
          durationSeconds: g.durationSeconds,
          source: {
            type: g.type,
            VisibilityTimeout: g.VisibilityTimeout,
            RedrivePolicy:
              g.maxReceiveCount === null ? null : { maxReceiveCount: g.maxReceiveCount },
            ...(g.type === 'sqs-fifo' ? { ContentBasedDeduplication: true } : {}),
          },
          mapping: {
            BatchSize: g.BatchSize,
            ScalingConfig:
              g.MaximumConcurrency === null ? null : { MaximumConcurrency: g.MaximumConcurrency },
          },
          records: g.records,
        });
        expect(resolve(JSON.parse(JSON.stringify(serializeScenario(first))))).toEqual(first);
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});
