/**
 * Tumbling windows checked rule by rule against esm-semantics.md §2 "Tumbling windows" (KIN-W).
 * What the engine does not model (a response without `state`, state over 1 MB ending a window
 * early) is stated in src/engine/README.md "Tumbling-window closing"; the tests pin the parts
 * the engine expresses. The basic state-carrying run is in rules.test.ts "tumbling windows".
 */
import { describe, expect, it } from 'vitest';
import { SQS_DESTINATION, calls, runStream, statuses } from './testUtil';

const TRIM = { StartingPosition: 'TRIM_HORIZON' as const };

interface WindowEvent {
  Records: unknown[];
  window: { start: string; end: string };
  state: { count: number };
  shardId: string;
  eventSourceARN: string;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
}

describe('§2 tumbling windows (KIN-W)', () => {
  it('every invocation carries state, window, shardId, eventSourceARN and both window flags', () => {
    const { sim, report } = runStream({
      durationSeconds: 200,
      mapping: { ...TRIM, TumblingWindowInSeconds: 10 },
      records: [{ id: 'r0', at: 3 }],
    });
    expect(report.invocations.length).toBeGreaterThan(0);
    for (const inv of report.invocations) {
      const p = sim.invocationEvent(inv.n) as WindowEvent;
      expect(Object.keys(p).sort()).toEqual([
        'Records',
        'eventSourceARN',
        'isFinalInvokeForWindow',
        'isWindowTerminatedEarly',
        'shardId',
        'state',
        'window',
      ]);
      expect(p.shardId).toBe('shardId-000000000000');
      expect(p.eventSourceARN).toMatch(/^arn:aws:kinesis:/);
      // State never reaches 1 MB in the model (a running count): never terminated early.
      expect(p.isWindowTerminatedEarly).toBe(false);
    }
  });

  it('window boundaries come from approximate arrival times: one poll, two windows, two batches', () => {
    // Both records are in the stream before the mapping starts and are read by the first poll;
    // their arrival times (t = -11 and -9) fall in [-20, -10) and [-10, 0).
    const { sim, report } = runStream({
      durationSeconds: 200,
      mapping: { ...TRIM, TumblingWindowInSeconds: 10, BatchSize: 100 },
      records: [
        { id: 'a', at: -11 },
        { id: 'b', at: -9 },
      ],
    });
    const withRecords = report.invocations.filter((i) => i.records.length > 0);
    expect(withRecords.map((i) => i.records)).toEqual([['a'], ['b']]);
    const windows = withRecords.map((i) => (sim.invocationEvent(i.n) as WindowEvent).window);
    expect(windows).toEqual([
      { start: '2025-12-31T23:59:40.000Z', end: '2025-12-31T23:59:50.000Z' },
      { start: '2025-12-31T23:59:50.000Z', end: '2026-01-01T00:00:00.000Z' },
    ]);
  });

  it.each(['kinesis' as const, 'dynamodb' as const])(
    '%s: a failed final invoke stops processing of the shard until it succeeds',
    (type) => {
      // r0's window [-20, -10) is over when it is read (r1 arrived after its end): its batch is the
      // final invoke. It fails twice; r1 (next window) waits until r0's final invoke succeeds.
      const { sim, report } = runStream({
        durationSeconds: 200,
        source: { type, ShardCount: 1 },
        mapping: { ...TRIM, TumblingWindowInSeconds: 10 },
        records: [
          { id: 'r0', at: -20, failDeliveries: 2 },
          { id: 'r1', at: -5 },
        ],
      });
      expect(calls(report)).toEqual([
        'r0:functionError',
        'r0:functionError',
        'r0:success',
        'r1:success',
        ':success', // r1's window ends 2 min after its end: an empty final invoke
      ]);
      const finals = report.invocations.map(
        (i) => (sim.invocationEvent(i.n) as WindowEvent).isFinalInvokeForWindow,
      );
      expect(finals).toEqual([true, true, true, false, true]);
      const r0Success = report.invocations[2]!;
      expect(report.invocations[3]!.start).toBeGreaterThanOrEqual(r0Success.end);
      // With no newer record, Lambda waits 2 min after the window's end (t = 0) before closing it.
      expect(report.invocations[4]!.start).toBeGreaterThanOrEqual(120);
      expect(report.invocations[4]!.start).toBeLessThan(121);
    },
  );

  it('an empty final invoke that fails also holds the shard until it succeeds', () => {
    // Window [0, 10) closes when r1 (t = 15) is read: its final invoke has no records. The
    // function is made to fail twice from t = 14 ("Fail next batch"); r1 waits for the success.
    const { sim, report } = runStream({
      durationSeconds: 200,
      mapping: { ...TRIM, TumblingWindowInSeconds: 10 },
      records: [
        { id: 'r0', at: 1 },
        { id: 'r1', at: 15 },
      ],
      actions: [{ at: 14, failNextInvocations: 2 }],
    });
    expect(calls(report).slice(0, 5)).toEqual([
      'r0:success',
      ':functionError',
      ':functionError',
      ':success',
      'r1:success',
    ]);
    const final = report.invocations.slice(1, 4);
    for (const inv of final) {
      const p = sim.invocationEvent(inv.n) as WindowEvent;
      expect([p.window.start, p.isFinalInvokeForWindow, p.state.count]).toEqual([
        '2026-01-01T00:00:00.000Z',
        true,
        1,
      ]);
    }
    expect(report.invocations[4]!.start).toBeGreaterThanOrEqual(report.invocations[3]!.end);
  });

  it('the response may carry batchItemFailures: records before the first failure count into the state, the rest retry', () => {
    const { sim, report } = runStream({
      durationSeconds: 200,
      mapping: {
        ...TRIM,
        TumblingWindowInSeconds: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      },
      function: { failureMode: 'reportBatchItemFailures' },
      records: [
        { id: 'r0', at: -20 },
        { id: 'r1', at: -19, failDeliveries: 1 },
        { id: 'r2', at: -18 },
        { id: 'r3', at: -5 },
      ],
    });
    const summary = report.invocations.map((i) => {
      const p = sim.invocationEvent(i.n) as WindowEvent;
      return `${i.records.join(',')}:${i.result}:${p.state.count}:${p.isFinalInvokeForWindow}`;
    });
    expect(summary.slice(0, 3)).toEqual([
      'r0,r1,r2:partialFailure:0:true',
      'r1,r2:success:1:true',
      'r3:success:0:false',
    ]);
  });

  it('MaximumRetryAttempts applies to a final invoke: given up, then the shard moves on', () => {
    const { report, events } = runStream({
      durationSeconds: 200,
      mapping: {
        ...TRIM,
        TumblingWindowInSeconds: 10,
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
      },
      records: [
        { id: 'r0', at: -20, failDeliveries: -1 },
        { id: 'r1', at: -5 },
      ],
    });
    expect(calls(report).slice(0, 3)).toEqual([
      'r0:functionError',
      'r0:functionError',
      'r1:success',
    ]);
    expect(report.onFailureDestination[0]).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 2,
      records: ['r0'],
    });
    expect(statuses(report)).toEqual(['r0=sentToOnFailureDestination/2', 'r1=succeeded/1']);
    const closed = events.filter((e) => e.kind === 'windowClosed');
    expect(closed.map((e) => (e.kind === 'windowClosed' ? e.windowStart : null))).toEqual([
      -20, -10,
    ]);
  });

  it('MaximumRecordAgeInSeconds applies to a failing final invoke: it ages out, then the shard moves on', () => {
    const { report } = runStream({
      durationSeconds: 200,
      mapping: {
        ...TRIM,
        TumblingWindowInSeconds: 10,
        MaximumRecordAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: SQS_DESTINATION } },
      },
      records: [
        { id: 'r0', at: -50, failDeliveries: -1 },
        { id: 'r1', at: -5 },
      ],
    });
    expect(report.onFailureDestination[0]).toMatchObject({
      condition: 'RecordAgeExceeded',
      records: ['r0'],
    });
    expect(report.records.r1!.status).toBe('succeeded');
    const has = (id: string) => (i: { records: readonly string[] }) => i.records.includes(id);
    const firstR1 = report.invocations.find(has('r1'))!;
    const lastR0 = report.invocations.filter(has('r0')).pop()!;
    // r0 was retried until it was over 60 s old (arrived at -50), and r1 only went after that.
    expect(lastR0.result).toBe('functionError');
    expect(firstR1.start).toBeGreaterThan(10);
  });
});
