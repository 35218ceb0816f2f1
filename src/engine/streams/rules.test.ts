import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../scenarios/build';
import { md5Hex, shardForKey, hashKey128 } from '../md5';
import { base64Utf8 } from '../encoding';
import { createStreamSimulation, restoreStreamSimulation } from './simulation';
import { SQS_DESTINATION, calls, runStream, statuses, structuredCopy } from './testUtil';
import { retryBackoff } from './state';
import type { SimEvent } from '../types';

const TRIM = { StartingPosition: 'TRIM_HORIZON' as const };

describe('records and shards', () => {
  it('MD5 matches RFC 1321 test vectors', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('The quick brown fox jumps over the lazy dog')).toBe(
      '9e107d9d372bb6826bd81d3542a419d6',
    );
    expect(md5Hex('a'.repeat(1000))).toBe('cabe45dcc9ae5b66ba86600cca6b8ba8');
  });

  it('routes a partition key to the shard whose equal hash-key range holds its MD5', () => {
    for (const key of ['user-1', 'k0', 'k7', 'ünïcode', '']) {
      const h = hashKey128(key);
      const expected = Number((h * 4n) / 2n ** 128n);
      expect(shardForKey(key, 4)).toBe(expected);
    }
    // "user-1" hashes to 0x... : its top two bits pick the shard of 4.
    const top = Number(hashKey128('user-1') >> 126n);
    const { report } = runStream({
      source: { type: 'kinesis', ShardCount: 4 },
      mapping: TRIM,
      records: [{ id: 'r0', key: 'user-1' }],
    });
    expect(report.invocations[0]!.shardId).toBe(`shardId-00000000000${top}`);
  });

  it('sequence numbers are fixed-width and strictly increase per shard', () => {
    const { events } = runStream({
      mapping: TRIM,
      records: Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, at: i })),
    });
    const seqs = events.flatMap((e) => (e.kind === 'recordPut' ? [e.sequenceNumber] : []));
    expect(seqs).toHaveLength(12);
    expect(new Set(seqs.map((s) => s.length))).toEqual(new Set([56]));
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]! > seqs[i - 1]!).toBe(true);
  });

  it('producers put record n at from + n/rate with ids p<i>-<n> and round-robin keys', () => {
    const { report, events } = runStream({
      durationSeconds: 5,
      mapping: TRIM,
      producers: [{ ratePerSecond: 2, keys: 3, from: 1, until: 3 }],
    });
    expect(Object.keys(report.records)).toEqual(['p0-0', 'p0-1', 'p0-2', 'p0-3']);
    const puts = events.flatMap((e) =>
      e.kind === 'recordPut' ? [`${e.recordId}@${e.t}:${e.key}`] : [],
    );
    expect(puts).toEqual(['p0-0@1:k0', 'p0-1@1.5:k1', 'p0-2@2:k2', 'p0-3@2.5:k0']);
  });

  it('replacing producers keeps numbering per producer index so ids stay unique', () => {
    const { report } = runStream({
      durationSeconds: 4,
      mapping: TRIM,
      producers: [{ ratePerSecond: 1, until: 10 }],
      actions: [{ at: 2, producers: [{ ratePerSecond: 2, until: 3 }] }],
    });
    expect(Object.keys(report.records)).toEqual(['p0-0', 'p0-1', 'p0-2', 'p0-3', 'p0-4']);
  });
});

describe('starting position and retention', () => {
  const records = [
    { id: 'old', at: -5 },
    { id: 'new', at: 1 },
  ];
  it('LATEST skips records put before the mapping', () => {
    const { report } = runStream({ mapping: { StartingPosition: 'LATEST' }, records });
    expect(statuses(report)).toEqual(['old=skipped/0', 'new=succeeded/1']);
  });

  it('TRIM_HORIZON reads from the oldest record still in the shard', () => {
    const { report } = runStream({ mapping: TRIM, records });
    expect(statuses(report)).toEqual(['old=succeeded/1', 'new=succeeded/1']);
  });

  it('AT_TIMESTAMP reads records that arrived at or after StartingPositionTimestamp', () => {
    const { report } = runStream({
      mapping: { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 2 },
      records: [
        { id: 'a', at: 1 },
        { id: 'b', at: 2 },
        { id: 'c', at: 3 },
      ],
    });
    expect(statuses(report)).toEqual(['a=skipped/0', 'b=succeeded/1', 'c=succeeded/1']);
  });

  it('retention trims records: unprocessed ones expire and are not counted as dropped', () => {
    const { report } = runStream({
      durationSeconds: 30,
      mapping: TRIM,
      records: [
        { id: 'poison', at: -86390, failDeliveries: -1 },
        { id: 'behind', at: -86389 },
        { id: 'fresh', at: 0 },
      ],
    });
    expect(report.records.poison!.status).toBe('expired');
    expect(report.records.poison!.deliveries).toBeGreaterThan(1);
    expect(report.records.behind!.status).toBe('expired');
    expect(report.records.fresh!.status).toBe('succeeded');
    const dropped = report.metrics.series.DroppedEventCount ?? [];
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe('polling and batching', () => {
  it('invokes when the batching window elapses, counted from mapping start', () => {
    const { events } = runStream({
      mapping: { ...TRIM, BatchSize: 100, MaximumBatchingWindowInSeconds: 5 },
      records: [0, 1, 2, 3].map((i) => ({ id: `r${i}`, at: i })),
    });
    const sent = events.filter((e) => e.kind === 'batchSent');
    expect(sent[0]).toMatchObject({
      t: 5,
      trigger: 'windowElapsed',
      recordIds: ['r0', 'r1', 'r2', 'r3'],
    });
  });

  it('window rule: with a 0 s window (the stream default) a poll hands over what it read at once, up to BatchSize 100', () => {
    for (const type of ['kinesis', 'dynamodb'] as const) {
      const { events, report } = runStream({
        source: { type, ShardCount: 1 },
        mapping: { StartingPosition: 'TRIM_HORIZON' },
        records: Array.from({ length: 250 }, (_, i) => ({ id: `r${i}`, at: i < 240 ? 0 : 3 })),
      });
      const sent = events.flatMap((e) =>
        e.kind === 'batchSent' ? [[e.t, e.trigger, e.recordIds.length]] : [],
      );
      // Read at t = 0: two full batches back to back, then the 40 left at once (no window to wait for).
      expect(sent.map(([, trigger, n]) => `${String(trigger)}:${String(n)}`)).toEqual([
        'batchFull:100',
        'batchFull:100',
        'polled:40',
        'polled:10',
      ]);
      expect(sent[0]![0]).toBe(0);
      expect(sent.every(([, trigger]) => trigger !== 'windowElapsed')).toBe(true);
      expect(Object.values(report.records).every((r) => r.status === 'succeeded')).toBe(true);
    }
  });

  it('a full batch goes before the window elapses', () => {
    const { events } = runStream({
      mapping: { ...TRIM, BatchSize: 2, MaximumBatchingWindowInSeconds: 10 },
      records: [0, 0, 0].map((at, i) => ({ id: `r${i}`, at })),
    });
    const sent = events.flatMap((e) =>
      e.kind === 'batchSent' ? [[e.t, e.trigger, e.recordIds.join()]] : [],
    );
    expect(sent[0]).toEqual([0, 'batchFull', 'r0,r1']);
    // The next window starts when the previous invocation completes.
    expect(sent[1]![1]).toBe('windowElapsed');
    expect(sent[1]![0]).toBeCloseTo(10.052, 6);
  });

  it('a batch is cut before its payload would pass 6 MB', () => {
    const body = 'x'.repeat(2 * 1024 * 1024);
    const { events } = runStream({
      mapping: { ...TRIM, BatchSize: 10 },
      records: [0, 1, 2, 3].map((i) => ({ id: `r${i}`, body })),
    });
    const sent = events.flatMap((e) =>
      e.kind === 'batchSent' ? [`${e.recordIds.join()}:${e.trigger}`] : [],
    );
    // 2 MiB of text is ~2.7 MiB of base64: two fit in 6 MB.
    expect(sent).toEqual(['r0,r1:payloadFull', 'r2,r3:polled']);
  });

  it('counts the generated records before one with a body toward the 6 MB payload', () => {
    // 5,000 records without a body (368 bytes each in a Kinesis payload: 1.84 MB), then one
    // with 3.4 MB of text (4.53 MB of base64): together past 6 MiB, alone under it.
    const records = [
      ...Array.from({ length: 5000 }, (_, i) => ({ id: `g${i}`, key: 'k' })),
      { id: 'b', key: 'k', body: 'x'.repeat(3_400_000) },
    ];
    const { report } = runStream({
      mapping: { ...TRIM, BatchSize: 10000 },
      function: { Timeout: 60, durationSeconds: { base: 0.1, perRecord: 0, jitter: 0 } },
      records,
    });
    expect(report.invocations.map((i) => i.records.length)).toEqual([5000, 1]);
  });

  it("counts the generated records before one with a body toward GetRecords' 1 MB", () => {
    // DynamoDB: 900 records without a body (49 bytes of data each), then 1,010,000 bytes.
    const records = [
      ...Array.from({ length: 900 }, (_, i) => ({ id: `g${i}`, key: 'k' })),
      { id: 'b', key: 'k', body: 'y'.repeat(1_010_000) },
    ];
    const { events } = runStream({
      source: { type: 'dynamodb', ShardCount: 1 },
      mapping: { ...TRIM, BatchSize: 1000 },
      records,
    });
    const polled = events.flatMap((e) => (e.kind === 'poll' && e.polled > 0 ? [e.polled] : []));
    expect(polled).toEqual([900, 1]);
  });

  it('GetRecords returns at most 1 MB of data per call on DynamoDB (10 MiB on Kinesis), at least one record', () => {
    const big = 'x'.repeat(400 * 1024);
    const ddb = runStream({
      source: { type: 'dynamodb', ShardCount: 1 },
      mapping: TRIM,
      records: [0, 1, 2, 3, 4].map((i) => ({ id: `r${i}`, body: big })),
    });
    const polled = (events: readonly SimEvent[]) =>
      events.flatMap((e) => (e.kind === 'poll' && e.polled > 0 ? [e.polled] : []));
    expect(polled(ddb.events)).toEqual([2, 2, 1]);
    expect(calls(ddb.report)).toEqual(['r0,r1:success', 'r2,r3:success', 'r4:success']);
    // One record above the cap still comes back alone.
    const huge = runStream({
      source: { type: 'dynamodb', ShardCount: 1 },
      mapping: TRIM,
      records: [{ id: 'h', body: 'y'.repeat(1100 * 1024) }, { id: 'n' }],
    });
    expect(polled(huge.events)).toEqual([1, 1]);
    const kin = runStream({
      mapping: TRIM,
      records: [0, 1, 2, 3, 4].map((i) => ({ id: `r${i}`, body: big })),
    });
    expect(polled(kin.events)).toEqual([5]);
  });

  it('Kinesis polls each shard once per second while idle; DynamoDB four times per second', () => {
    const kin = runStream({ durationSeconds: 3, mapping: TRIM, records: [{ id: 'r', at: 1.1 }] });
    expect(kin.report.invocations[0]!.start).toBe(2);
    const ddb = runStream({
      durationSeconds: 3,
      source: { type: 'dynamodb', ShardCount: 1 },
      mapping: TRIM,
      records: [{ id: 'r', at: 1.1 }],
    });
    expect(ddb.report.invocations[0]!.start).toBe(1.25);
  });

  it('Kinesis polls again as soon as a lane frees up while records wait', () => {
    const { report } = runStream({
      durationSeconds: 5,
      mapping: TRIM,
      function: { durationSeconds: { base: 0.5, perRecord: 0 } },
      records: [
        { id: 'r0', at: 0 },
        { id: 'r1', at: 0.1 },
      ],
    });
    expect(report.invocations.map((i) => [i.records.join(), i.start])).toEqual([
      ['r0', 0],
      ['r1', 0.5],
    ]);
  });

  it('back-to-back polls stay within 5 GetRecords per second per shard', () => {
    const { events } = runStream({
      durationSeconds: 10,
      mapping: { ...TRIM, BatchSize: 1 },
      function: { durationSeconds: { base: 0.01, perRecord: 0 } },
      producers: [{ ratePerSecond: 50, keys: 1 }],
    });
    const polls = events.filter((e) => e.kind === 'poll').map((e) => e.t);
    for (let i = 1; i < polls.length; i++)
      expect(polls[i]! - polls[i - 1]!).toBeGreaterThanOrEqual(0.2 - 1e-9);
    expect(polls.length).toBeGreaterThan(40);
  });

  it('empty polls are not logged one by one', () => {
    const { events } = runStream({
      durationSeconds: 60,
      mapping: TRIM,
      records: [{ id: 'r', at: 0 }],
    });
    const polls = events.filter((e) => e.kind === 'poll');
    expect(polls.length).toBeLessThanOrEqual(3);
  });

  it('ParallelizationFactor spreads keys over lanes and keeps each key in one lane', () => {
    const { events, report } = runStream({
      durationSeconds: 10,
      mapping: { ...TRIM, ParallelizationFactor: 4, BatchSize: 5 },
      function: { durationSeconds: { base: 0.5 } },
      records: Array.from({ length: 40 }, (_, i) => ({ id: `r${i}`, key: `key${i % 8}` })),
    });
    const slots = new Map<string, Set<number>>();
    for (const e of events) {
      if (e.kind !== 'batchSent') continue;
      for (const id of e.recordIds) {
        const key = `key${Number(id.slice(1)) % 8}`;
        if (!slots.has(key)) slots.set(key, new Set());
        slots.get(key)!.add(e.slot);
      }
    }
    for (const s of slots.values()) expect(s.size).toBe(1);
    const maxConcurrent = Math.max(...(report.metrics.series.ConcurrentExecutions ?? [0]));
    expect(maxConcurrent).toBeGreaterThan(1);
    expect(maxConcurrent).toBeLessThanOrEqual(4);
  });

  it('ReservedConcurrentExecutions throttles invokes beyond it', () => {
    const { report } = runStream({
      durationSeconds: 20,
      source: { type: 'kinesis', ShardCount: 4 },
      mapping: TRIM,
      function: { ReservedConcurrentExecutions: 1, durationSeconds: { base: 0.5 } },
      records: ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => ({ id: k, key: k })),
    });
    expect(report.invocations.some((i) => i.result === 'throttled')).toBe(true);
    expect(Math.max(...(report.metrics.series.ConcurrentExecutions ?? [0]))).toBe(1);
    expect(Object.values(report.records).every((r) => r.status === 'succeeded')).toBe(true);
  });
});

describe('function errors, retries and giving up', () => {
  it('a failed batch blocks its shard until it succeeds', () => {
    const { report, events } = runStream({
      mapping: { ...TRIM, BatchSize: 1 },
      records: [
        { id: 'r0', failDeliveries: 2 },
        { id: 'r1', at: 0 },
      ],
    });
    expect(calls(report)).toEqual([
      'r0:functionError',
      'r0:functionError',
      'r0:success',
      'r1:success',
    ]);
    // Backoff 1 s then 2 s (retryBackoff), nothing behind it advances meanwhile.
    expect(report.invocations.map((i) => i.start)).toEqual([0, 1.051, 3.102, 3.153]);
    expect(events.filter((e) => e.kind === 'shardBlocked')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'shardUnblocked')).toHaveLength(1);
  });

  it('retry backoff is 1 s doubling per consecutive failure, capped at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryBackoff)).toEqual([1, 2, 4, 8, 16, 30, 30]);
  });

  it('MaximumRetryAttempts n allows 1 + n invocations, then the batch is discarded', () => {
    const { report, events } = runStream({
      mapping: { ...TRIM, MaximumRetryAttempts: 2 },
      records: [{ id: 'bad', failDeliveries: -1 }, { id: 'ok' }],
    });
    expect(calls(report)).toEqual([
      'bad,ok:functionError',
      'bad,ok:functionError',
      'bad,ok:functionError',
    ]);
    expect(statuses(report)).toEqual(['bad=discarded/3', 'ok=discarded/3']);
    expect(report.metrics.series.DroppedEventCount!.reduce((a, b) => a + b, 0)).toBe(2);
    expect(events.find((e) => e.kind === 'discarded')).toMatchObject({
      condition: 'RetryAttemptsExhausted',
    });
  });

  it('an exhausted batch goes to the on-failure destination with the AWS invocation record', () => {
    const { report } = runStream({
      mapping: {
        ...TRIM,
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
      },
      records: [{ id: 'bad', failDeliveries: -1 }],
    });
    const entry = report.onFailureDestination[0]!;
    expect(entry).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 2,
      batchSize: 1,
      records: ['bad'],
      destinationKind: 'sqs',
    });
    expect(entry.invocationRecord.responseContext).toEqual({
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: 'Unhandled',
    });
    expect(entry.invocationRecord.requestContext.functionArn).toMatch(/^arn:aws:lambda:/);
    expect(entry.invocationRecord.KinesisBatchInfo).toMatchObject({
      shardId: 'shardId-000000000000',
      batchSize: 1,
      approximateArrivalOfFirstRecord: '2026-01-01T00:00:00.000Z',
    });
    expect(entry.invocationRecord.payload).toBeUndefined();
    expect(report.records.bad).toEqual({ status: 'sentToOnFailureDestination', deliveries: 2 });
    expect(
      report.metrics.series.OnFailureDestinationDeliveredEventCount!.reduce((a, b) => a + b),
    ).toBe(1);
  });

  it('FIFO destination: accepted, but every delivery fails (DestinationDeliveryFailures) and the records count as dropped', () => {
    for (const Destination of [
      'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures.fifo',
      'arn:aws:sns:us-east-1:123456789012:esm-lab-failures.fifo',
    ]) {
      const { report, events } = runStream({
        mapping: {
          ...TRIM,
          MaximumRetryAttempts: 1,
          DestinationConfig: { OnFailure: { Destination } },
        },
        records: [
          { id: 'bad', failDeliveries: -1 },
          { id: 'ok', at: 1 },
        ],
      });
      expect(report.onFailureDestination).toEqual([]);
      expect(report.records.bad).toEqual({ status: 'discarded', deliveries: 2 });
      expect(report.records.ok!.status).toBe('succeeded');
      const sum = (name: 'DestinationDeliveryFailures' | 'DroppedEventCount') =>
        (report.metrics.series[name] ?? []).reduce((a, b) => a + b, 0);
      expect(sum('DestinationDeliveryFailures')).toBe(1);
      expect(sum('DroppedEventCount')).toBe(1);
      expect(report.metrics.series.OnFailureDestinationDeliveredEventCount).toBeUndefined();
      expect(events.find((e) => e.kind === 'discarded')).toMatchObject({
        condition: 'RetryAttemptsExhausted',
        deliveryFailed: Destination.split(':')[2],
        recordIds: ['bad'],
      });
    }
  });

  it('an S3 destination also receives the original invocation event as payload', () => {
    const { report } = runStream({
      mapping: {
        ...TRIM,
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::esm-lab-failures' } },
      },
      records: [{ id: 'bad', failDeliveries: -1, body: 'hello' }],
    });
    const record = report.onFailureDestination[0]!.invocationRecord;
    const payload = JSON.parse(record.payload!) as { Records: { kinesis: { data: string } }[] };
    expect(payload.Records[0]!.kinesis.data).toBe(base64Utf8('hello'));
  });

  it('splits do not consume retries: bisect isolates the poison record', () => {
    const { report } = runStream({
      mapping: {
        ...TRIM,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
      },
      records: ['r0', 'r1', 'r2', 'r3'].map((id) => ({ id, failDeliveries: id === 'r2' ? -1 : 0 })),
    });
    expect(calls(report)).toEqual([
      'r0,r1,r2,r3:functionError',
      'r0,r1:success',
      'r2,r3:functionError',
      'r2:functionError',
      'r3:success',
    ]);
    expect(report.onFailureDestination[0]).toMatchObject({
      approximateInvokeCount: 1,
      batchSize: 1,
      records: ['r2'],
    });
    expect(statuses(report)).toEqual([
      'r0=succeeded/2',
      'r1=succeeded/2',
      'r2=sentToOnFailureDestination/3',
      'r3=succeeded/3',
    ]);
  });

  it('a timeout is a function error: it runs until Timeout and is bisected', () => {
    const { report } = runStream({
      mapping: { ...TRIM, BisectBatchOnFunctionError: true, MaximumRetryAttempts: 0 },
      function: { Timeout: 2 },
      records: [{ id: 'slow', failDeliveries: -1, failAs: 'timeout' }, { id: 'ok' }],
    });
    expect(calls(report)).toEqual(['slow,ok:timeout', 'slow:timeout', 'ok:success']);
    expect(report.invocations[0]!.end - report.invocations[0]!.start).toBe(2);
  });

  it('records older than MaximumRecordAgeInSeconds are discarded without an invocation while younger ones are processed', () => {
    const { report } = runStream({
      mapping: {
        ...TRIM,
        MaximumRecordAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
      },
      records: [
        { id: 'old', at: -100 },
        { id: 'young', at: -10 },
      ],
    });
    expect(calls(report)).toEqual(['young:success']);
    expect(report.records.old).toEqual({ status: 'sentToOnFailureDestination', deliveries: 0 });
    const entry = report.onFailureDestination[0]!;
    expect(entry).toMatchObject({ condition: 'RecordAgeExceeded', approximateInvokeCount: 0 });
    expect(entry.invocationRecord.responseContext).toBeUndefined();
  });

  it('throttles do not consume MaximumRetryAttempts: retried until the records age out', () => {
    const { report } = runStream({
      durationSeconds: 200,
      mapping: { ...TRIM, MaximumRetryAttempts: 0, MaximumRecordAgeInSeconds: 60 },
      function: { ReservedConcurrentExecutions: 0 },
      records: [{ id: 'r0' }],
    });
    expect(report.invocations.length).toBeGreaterThan(3);
    expect(report.invocations.every((i) => i.result === 'throttled' && i.start === i.end)).toBe(
      true,
    );
    expect(report.records.r0).toEqual({ status: 'discarded', deliveries: 0 });
    expect(report.metrics.series.Throttles!.reduce((a, b) => a + b)).toBe(
      report.invocations.length,
    );
  });

  it('fault injection: failNextInvocations makes the next invocations throw', () => {
    const { report } = runStream({
      mapping: { ...TRIM, BatchSize: 1 },
      records: [{ id: 'r0', at: 5 }],
      actions: [{ at: 1, failNextInvocations: 2 }],
    });
    expect(calls(report)).toEqual(['r0:functionError', 'r0:functionError', 'r0:success']);
  });
});

describe('metrics', () => {
  it('IteratorAge is the age in ms of the last record of a batch when it is sent', () => {
    const { report } = runStream({
      durationSeconds: 5,
      mapping: { ...TRIM, BatchSize: 10 },
      records: [
        { id: 'a', at: -3 },
        { id: 'b', at: -1.5 },
      ],
    });
    const m = report.metrics;
    expect(m.series.IteratorAge![0]).toBe(1500);
    expect(m.iteratorAgeByShard!['shardId-000000000000']![0]).toBe(1500);
    expect(m.series.Invocations![0]).toBe(1);
    expect(m.series.InvokedEventCount![0]).toBe(2);
    expect(m.series.PolledEventCount![0]).toBe(2);
    expect(m.series.RecordsPut![0]).toBe(2);
    expect(m.series.Duration![0]).toBe(52);
  });

  it('a blocked shard shows in BlockedShards and failed records in FailedInvokeEventCount', () => {
    const { report } = runStream({
      durationSeconds: 5,
      source: { type: 'dynamodb', ShardCount: 1 },
      mapping: {
        ...TRIM,
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
      },
      records: [{ id: 'bad', failDeliveries: -1 }, { id: 'ok' }],
    });
    const m = report.metrics.series;
    expect(m.BlockedShards![0]).toBe(1);
    expect(m.Errors!.reduce((a, b) => a + b)).toBe(2);
    expect(m.FailedInvokeEventCount!.reduce((a, b) => a + b)).toBe(4);
    expect(report.onFailureDestination[0]!.invocationRecord.DDBStreamBatchInfo).toMatchObject({
      batchSize: 2,
      streamArn: expect.stringContaining(':dynamodb:'),
    });
  });
});

describe('ReportBatchItemFailures', () => {
  const rbif = {
    ...TRIM,
    BatchSize: 3,
    MaximumRetryAttempts: 3,
    FunctionResponseTypes: ['ReportBatchItemFailures' as const],
    DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
  };

  it('lowest reported sequence number becomes the checkpoint (AWS recording, §11)', () => {
    const { report } = runStream({
      mapping: rbif,
      function: { failureMode: 'reportBatchItemFailures' },
      records: [0, 1, 2, 3, 4, 5].map((i) => ({ id: `r${i}`, failDeliveries: i === 5 ? -1 : 0 })),
    });
    expect(statuses(report)).toEqual([
      'r0=succeeded/1',
      'r1=succeeded/1',
      'r2=succeeded/1',
      'r3=succeeded/1',
      'r4=succeeded/1',
      'r5=sentToOnFailureDestination/5',
    ]);
    expect(calls(report)).toEqual([
      'r0,r1,r2:success',
      'r3,r4,r5:partialFailure',
      'r5:partialFailure',
      'r5:partialFailure',
      'r5:partialFailure',
      'r5:partialFailure',
    ]);
    expect(report.onFailureDestination).toHaveLength(1);
    expect(report.onFailureDestination[0]).toMatchObject({
      approximateInvokeCount: 4,
      batchSize: 1,
      records: ['r5'],
    });
  });

  it('a partial response that does not advance the checkpoint counts as a retry', () => {
    const { report } = runStream({
      mapping: { ...rbif, MaximumRetryAttempts: 1 },
      function: { failureMode: 'reportBatchItemFailures' },
      records: [0, 1, 2].map((i) => ({ id: `r${i}`, failDeliveries: i === 0 ? -1 : 0 })),
    });
    expect(calls(report)).toEqual(['r0,r1,r2:partialFailure', 'r0,r1,r2:partialFailure']);
    expect(report.onFailureDestination[0]).toMatchObject({
      approximateInvokeCount: 2,
      batchSize: 3,
    });
  });

  it('without FunctionResponseTypes the batchItemFailures list is ignored', () => {
    const { report } = runStream({
      mapping: { ...TRIM },
      function: { failureMode: 'reportBatchItemFailures' },
      records: [{ id: 'r0', failDeliveries: -1 }],
    });
    expect(report.invocations).toEqual([
      expect.objectContaining({ result: 'success', reportedFailures: ['r0'] }),
    ]);
    expect(report.records.r0!.status).toBe('succeeded');
  });

  it('an invalid partial response is retried whole, not bisected', () => {
    const { report } = runStream({
      mapping: { ...rbif, MaximumRetryAttempts: 1, BisectBatchOnFunctionError: true },
      function: { failureMode: 'reportBatchItemFailures', response: 'invalid' },
      records: [{ id: 'r0' }, { id: 'r1' }],
    });
    expect(calls(report)).toEqual(['r0,r1:invalidResponse', 'r0,r1:invalidResponse']);
  });

  it('an invalid partial response is a complete failure without a responseContext', () => {
    const { report } = runStream({
      mapping: { ...rbif, MaximumRetryAttempts: 0 },
      function: { failureMode: 'reportBatchItemFailures', response: 'invalid' },
      records: [{ id: 'r0' }],
    });
    expect(calls(report)).toEqual(['r0:invalidResponse']);
    expect(report.onFailureDestination[0]!.invocationRecord.responseContext).toBeUndefined();
  });
});

describe('tumbling windows', () => {
  it('carry state between invocations of a window and end with a final invocation', () => {
    const { sim, report, events } = runStream({
      durationSeconds: 200,
      mapping: { ...TRIM, TumblingWindowInSeconds: 10, BatchSize: 2 },
      records: [1, 2, 3, 12].map((at, i) => ({ id: `r${i}`, at })),
    });
    const payloads = report.invocations.map(
      (i) =>
        sim.invocationEvent(i.n) as {
          Records: unknown[];
          window: { start: string };
          state: { count: number };
          isFinalInvokeForWindow: boolean;
        },
    );
    const summary = payloads.map(
      (p) =>
        `${p.window.start.slice(17, 19)}:${p.Records.length}:${p.state.count}:${p.isFinalInvokeForWindow}`,
    );
    // One record per poll (1 s cadence); the window [0, 10) ends once r3 (t = 12) is read, so
    // its final invocation is empty; [10, 20) ends 2 minutes after its end without new records.
    expect(summary).toEqual([
      '00:1:0:false',
      '00:1:1:false',
      '00:1:2:false',
      '00:0:3:true',
      '10:1:0:false',
      '10:0:1:true',
    ]);
    expect(events.filter((e) => e.kind === 'windowClosed')).toHaveLength(2);
  });
});

describe('live edits', () => {
  it('Enabled false stops polling; Enabled true resumes from the checkpoint', () => {
    const { report, events } = runStream({
      durationSeconds: 40,
      mapping: TRIM,
      records: [
        { id: 'r0', at: 1 },
        { id: 'r1', at: 10 },
      ],
      actions: [
        { at: 5, mapping: { Enabled: false } },
        { at: 20, mapping: { Enabled: true } },
      ],
    });
    expect(report.invocations.map((i) => [i.records.join(), i.start])).toEqual([
      ['r0', 1],
      ['r1', 20],
    ]);
    expect(events.some((e) => e.kind === 'mappingDisabled')).toBe(true);
    expect(events.find((e) => e.kind === 'edit')).toMatchObject({
      description: 'Enabled true → false',
    });
  });

  it('applyAction logs a readable edit, applies to the next batch and is recorded at now', () => {
    const scenario = buildScenario({
      source: { type: 'kinesis', ShardCount: 1 },
      durationSeconds: 30,
      mapping: { ...TRIM, BatchSize: 100 },
      producers: [{ ratePerSecond: 20, from: 0, until: 30 }],
    });
    const sim = createStreamSimulation(scenario, { historyLimit: null });
    sim.runUntil(10);
    sim.applyAction({ mapping: { BatchSize: 5 } });
    expect(sim.actions()).toEqual([{ at: 10, mapping: { BatchSize: 5 } }]);
    sim.runUntil(30);
    const edit = sim.drainEvents().find((e) => e.kind === 'edit');
    expect(edit).toMatchObject({ t: 10, description: 'BatchSize 100 → 5' });
    const later = sim.report().invocations.filter((i) => i.start > 10);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((i) => i.records.length <= 5)).toBe(true);
  });
});

describe('payloads', () => {
  it('Kinesis invocation event has the AWS shape with base64 data', () => {
    const { sim } = runStream({
      mapping: TRIM,
      records: [{ id: 'r0', key: 'user-1', body: 'héllo', at: 0.5 }],
    });
    const event = sim.invocationEvent(1) as { Records: Record<string, unknown>[] };
    const r = event.Records[0]!;
    expect(r).toMatchObject({
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventName: 'aws:kinesis:record',
      awsRegion: 'us-east-1',
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'user-1',
        data: 'aMOpbGxv',
        approximateArrivalTimestamp: 1767225600.5,
      },
    });
    expect(r.eventID).toMatch(/^shardId-000000000000:49\d{54}$/);
  });

  it('DynamoDB records are INSERT for a new key, then MODIFY with the old image', () => {
    const { sim } = runStream({
      source: { type: 'dynamodb', ShardCount: 1 },
      mapping: TRIM,
      records: [
        { id: 'a', key: 'item', body: 'v1' },
        { id: 'b', key: 'item', body: 'v2' },
      ],
    });
    const event = sim.invocationEvent(1) as {
      Records: { eventName: string; dynamodb: Record<string, unknown> }[];
    };
    expect(event.Records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY']);
    expect(event.Records[1]!.dynamodb).toMatchObject({
      Keys: { pk: { S: 'item' } },
      NewImage: { body: { S: 'v2' } },
      OldImage: { body: { S: 'v1' } },
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(event.Records[0]!.dynamodb.SequenceNumber).toMatch(/^\d{21}$/);
  });

  it('records that match no filter are filtered and the iterator moves past them', () => {
    const { report } = runStream({
      mapping: {
        ...TRIM,
        FilterCriteria: { Filters: [{ Pattern: '{"data":{"type":["order"]}}' }] },
      },
      records: [
        { id: 'a', body: '{"type":"order"}' },
        { id: 'b', body: '{"type":"ping"}' },
        { id: 'c', body: '{"type":"order"}' },
      ],
    });
    expect(statuses(report)).toEqual(['a=succeeded/1', 'b=filtered/0', 'c=succeeded/1']);
    expect(calls(report)).toEqual(['a,c:success']);
  });

  it('DynamoDB filters on the record: eventName and the dynamodb keys (§7)', () => {
    const records = [
      { id: 'a', key: 'k1', at: 1 },
      { id: 'b', key: 'k1', at: 2 },
      { id: 'c', key: 'k2', at: 3 },
      { id: 'd', key: 'k2', at: 4 },
    ];
    const source = { type: 'dynamodb' as const, ShardCount: 1 };
    const modified = runStream({
      source,
      mapping: { ...TRIM, FilterCriteria: { Filters: [{ Pattern: '{"eventName":["MODIFY"]}' }] } },
      records,
    });
    // The first record of an item is its INSERT; the iterator moves past it.
    expect(statuses(modified.report)).toEqual([
      'a=filtered/0',
      'b=succeeded/1',
      'c=filtered/0',
      'd=succeeded/1',
    ]);
    const filtered = modified.report.metrics.series.FilteredOutEventCount ?? [];
    expect(filtered.reduce((a, b) => a + b, 0)).toBe(2);
    const byKey = runStream({
      source,
      mapping: {
        ...TRIM,
        FilterCriteria: { Filters: [{ Pattern: '{"dynamodb":{"Keys":{"pk":{"S":["k2"]}}}}' }] },
      },
      records,
    });
    expect(calls(byKey.report).join(' ')).toMatch(/^c(,d)?:success/);
    expect(statuses(byKey.report)).toEqual([
      'a=filtered/0',
      'b=filtered/0',
      'c=succeeded/1',
      'd=succeeded/1',
    ]);
  });
});

describe('determinism and snapshots', () => {
  const draft = {
    durationSeconds: 120,
    source: { type: 'kinesis' as const, ShardCount: 2 },
    mapping: {
      ...TRIM,
      ParallelizationFactor: 3,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 2,
    },
    function: { errorRate: 0.1, durationSeconds: { jitter: 0.3 } },
    producers: [{ ratePerSecond: 30, keys: 12, failProbability: 0.02, keyMode: 'random' as const }],
  };

  it('the same scenario gives a byte-identical report', () => {
    expect(JSON.stringify(runStream(draft).report)).toBe(JSON.stringify(runStream(draft).report));
  });

  it('saveState → structuredClone → restore continues byte-identically', () => {
    const whole = runStream(draft).report;
    const scenario = buildScenario(draft);
    const first = createStreamSimulation(scenario, { historyLimit: null });
    first.runUntil(47.3);
    const resumed = restoreStreamSimulation(structuredCopy(first.saveState()));
    resumed.runUntil(120);
    expect(JSON.stringify(resumed.report())).toBe(JSON.stringify(whole));
  });

  it('snapshot is bounded and counts are exact', () => {
    const scenario = buildScenario({ ...draft, durationSeconds: 60 });
    const sim = createStreamSimulation(scenario, { historyLimit: 100 });
    sim.runUntil(60);
    const snap = sim.snapshot();
    expect(snap.shards).toHaveLength(2);
    for (const sh of snap.shards!) {
      expect(sh.records.length).toBeLessThanOrEqual(240);
      expect(sh.hiddenBefore + sh.records.length + sh.hiddenAfter).toBe(sh.totalRecords);
      expect(sh.lanes).toHaveLength(3);
    }
    expect(snap.totals.recordsPut).toBe(Object.keys(sim.report().records).length);
    expect(sim.report().invocations.length).toBeLessThanOrEqual(100);
    const story = sim.recordStory(sim.report().invocations.at(-1)!.records[0]!);
    expect(story?.batches.length).toBeGreaterThan(0);
  });

  it('drained events have increasing seq with no gaps and full batch and result events', () => {
    const scenario = buildScenario({
      source: { type: 'kinesis', ShardCount: 2 },
      durationSeconds: 20,
      mapping: { ...TRIM, BatchSize: 3 },
      producers: [{ ratePerSecond: 10, keys: 4, failProbability: 0.1 }],
    });
    const sim = createStreamSimulation(scenario, { historyLimit: 5000 });
    const all = [];
    for (let t = 1; t <= 20; t++) {
      sim.runUntil(t);
      all.push(...sim.drainEvents());
    }
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    const sent = all.filter((e) => e.kind === 'batchSent');
    const results = all.filter((e) => e.kind === 'invocationResult');
    expect(sent).toHaveLength(sim.report().invocations.length);
    expect(results.length).toBeGreaterThan(0);
    for (const e of sent) {
      const inv = sim.report().invocations[e.invocation - 1]!;
      expect(e.recordIds).toEqual(inv.records);
      expect(e.t).toBeCloseTo(inv.start, 3);
    }
    expect(all.filter((e) => e.kind === 'recordPut')).toHaveLength(200);
  });

  it('stepToNextMeaningfulEvent stops at the next poll, batch, result or checkpoint', () => {
    const scenario = buildScenario({
      source: { type: 'kinesis' },
      mapping: TRIM,
      records: [{ id: 'r0', at: 3 }],
    });
    const sim = createStreamSimulation(scenario, { historyLimit: null });
    const first = sim.stepToNextMeaningfulEvent().map((e) => e.kind);
    expect(first).toEqual(['recordPut', 'poll', 'batchSent']);
    expect(sim.now()).toBe(3);
    const second = sim.stepToNextMeaningfulEvent().map((e) => e.kind);
    expect(second).toEqual(['invocationResult', 'checkpoint']);
    expect(sim.now()).toBeGreaterThan(3);
  });
});
