import { describe, expect, it } from 'vitest';
import { buildScenario, type ScenarioDraft } from '../../scenarios/build';
import { SQS_FIFO_QUEUE_ARN } from '../aws';
import { asRecordId, type RunReport, type SimEvent } from '../types';
import { sha256Hex } from '../sha256';
import { md5Hex } from '../md5';
import { messageIdFor, messageIdOf } from './payload';
import { receiveMessages, sendMessage } from './receive';
import { applyPartialBatchResponse, invokeBatch } from './results';
import { LEGACY_SCALING_RULE, resizeFleet } from './scaling';
import { createQueueSimulation } from './simulation';
import { createQueueState, IN_FLIGHT, QST } from './state';

function sim(
  draft: Omit<ScenarioDraft, 'source'> & { source?: ScenarioDraft['source'] },
  limit: number | null = null,
) {
  const scenario = buildScenario({ source: { type: 'sqs' }, durationSeconds: 120, ...draft });
  return createQueueSimulation(scenario, { historyLimit: limit });
}

function run(draft: Parameters<typeof sim>[0]): { report: RunReport; events: readonly SimEvent[] } {
  const s = sim(draft);
  s.runUntil(s.scenario.durationSeconds);
  return { report: s.report(), events: s.drainEvents() };
}

const shape = (r: RunReport) =>
  r.invocations.map((i) => ({ start: i.start, records: i.records.join(','), result: i.result }));

describe('receiveMessages', () => {
  it('returns at most 10 messages per receive, and with window 0 invokes with what one receive returned', () => {
    const records = Array.from({ length: 25 }, (_, i) => ({ id: `r${i}`, at: 0 }));
    const { report } = run({ records, mapping: { BatchSize: 10 } });
    expect(report.invocations.map((i) => i.records.length)).toEqual([10, 10, 5]);
    expect(report.invocations.every((i) => i.start === 0 && i.result === 'success')).toBe(true);
    expect(Object.values(report.records).every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('gathers up to BatchSize by repeated receives and invokes when the window elapses', () => {
    const records = Array.from({ length: 250 }, (_, i) => ({ id: `r${i}`, at: 0 }));
    const { report, events } = run({
      records,
      mapping: { BatchSize: 100, MaximumBatchingWindowInSeconds: 2 },
    });
    expect(report.invocations.map((i) => [i.start, i.records.length])).toEqual([
      [0, 100],
      [0, 100],
      [2, 50],
    ]);
    const triggers = events
      .filter((e) => e.kind === 'batchSent')
      .map((e) => e.kind === 'batchSent' && e.trigger);
    expect(triggers).toEqual(['batchFull', 'batchFull', 'windowElapsed']);
  });

  it('hands out the oldest visible message first, whether it came back or was just sent', () => {
    // One poller, a 2 s function: a batch that fails comes back after its 5 s visibility
    // timeout while newer messages wait; it goes out again before them (sent queue and heap).
    const records = [
      { id: 'p', at: 0, failDeliveries: 1 },
      ...Array.from({ length: 6 }, (_, i) => ({ id: `n${i}`, at: 1 + i })),
    ];
    const { report } = run({
      records,
      source: { type: 'sqs', VisibilityTimeout: 5 },
      // Reserved concurrency 1 without MaximumConcurrency: a fleet of one poller.
      mapping: { BatchSize: 1 },
      function: { ReservedConcurrentExecutions: 1, durationSeconds: { base: 2, perRecord: 0 } },
      durationSeconds: 30,
    });
    // p fails at 0-2 and is visible again at 5; at 6, n2 (sent at 3) and n3, n4 wait too, yet
    // p, sent first, goes out first.
    expect(report.invocations.map((i) => `${i.start}:${i.records.join(',')}`)).toEqual([
      '0:p',
      '2:n0',
      '4:n1',
      '6:p',
      '8:n2',
      '10:n3',
      '12:n4',
      '14:n5',
    ]);
  });

  it('a message sent before the mapping existed (negative at) is in the queue at t = 0', () => {
    const s = sim({ records: [{ id: 'old', at: -30 }] });
    s.runUntil(120);
    expect(s.report().invocations[0]).toMatchObject({ start: 0, records: ['old'] });
    const payload = s.invocationEvent(1) as {
      Records: { attributes: { SentTimestamp: string } }[];
    };
    expect(payload.Records[0]!.attributes.SentTimestamp).toBe(String((1767225600 - 30) * 1000));
  });
});

describe('whenQueueBatchSucceeds', () => {
  it('deletes every message of a successful batch', () => {
    const { report, events } = run({ records: [{ id: 'a' }, { id: 'b' }] });
    expect(report.records).toEqual({
      a: { status: 'succeeded', deliveries: 1 },
      b: { status: 'succeeded', deliveries: 1 },
    });
    expect(events.filter((e) => e.kind === 'messagesDeleted')).toHaveLength(1);
    expect(report.metrics.series.NumberOfMessagesDeleted?.[0]).toBe(2);
    expect(report.metrics.series.DeletedEventCount?.[0]).toBe(2);
  });
});

describe('whenQueueBatchFails and moveToDeadLetterQueue', () => {
  it('a failed message returns after its visibility timeout with receive count 2 and reaches the DLQ after maxReceiveCount', () => {
    const s = sim({
      source: { type: 'sqs', VisibilityTimeout: 10, RedrivePolicy: { maxReceiveCount: 2 } },
      records: [{ id: 'poison', failDeliveries: -1 }],
    });
    s.runUntil(120);
    const report = s.report();
    expect(shape(report)).toEqual([
      { start: 0, records: 'poison', result: 'functionError' },
      { start: 10, records: 'poison', result: 'functionError' },
    ]);
    const second = s.invocationEvent(2) as {
      Records: { attributes: { ApproximateReceiveCount: string } }[];
    };
    expect(second.Records[0]!.attributes.ApproximateReceiveCount).toBe('2');
    expect(report.records['poison']).toEqual({ status: 'movedToDlq', deliveries: 2 });
    expect(report.deadLetterQueue).toEqual([
      {
        id: 'poison',
        receiveCount: 2,
        at: 20,
        messageId: messageIdFor(1, 0),
        body: '{"recordId":"poison"}',
      },
    ]);
  });

  it('a message moved to the DLQ keeps the messageId and body it was delivered with (§11)', () => {
    const s = sim({
      source: { type: 'sqs', VisibilityTimeout: 10, RedrivePolicy: { maxReceiveCount: 1 } },
      records: [{ id: 'm1', body: 'order 42: £3.50', failDeliveries: -1 }],
    });
    s.runUntil(60);
    const delivered = (s.invocationEvent(1) as { Records: { messageId: string; body: string }[] })
      .Records[0]!;
    const [moved] = s.report().deadLetterQueue;
    expect(moved).toMatchObject({ id: 'm1', messageId: delivered.messageId, body: delivered.body });
    expect(moved?.body).toBe('order 42: £3.50');
  });

  it('a failed batch returns whole: the good messages come back and share the poison record’s fate', () => {
    const { report, events } = run({
      source: { type: 'sqs', VisibilityTimeout: 10, RedrivePolicy: { maxReceiveCount: 2 } },
      records: [{ id: 'good' }, { id: 'poison', failDeliveries: -1 }],
    });
    expect(shape(report)).toEqual([
      { start: 0, records: 'good,poison', result: 'functionError' },
      { start: 10, records: 'good,poison', result: 'functionError' },
    ]);
    expect(report.records['good']!.status).toBe('movedToDlq');
    expect(events.filter((e) => e.kind === 'visibilityTimeoutExpired')).toHaveLength(2);
  });

  it('a message that fails once succeeds on its second delivery', () => {
    const { report } = run({
      source: { type: 'sqs', VisibilityTimeout: 5 },
      records: [{ id: 'flaky', failDeliveries: 1 }],
    });
    expect(shape(report)).toEqual([
      { start: 0, records: 'flaky', result: 'functionError' },
      { start: 5, records: 'flaky', result: 'success' },
    ]);
    expect(report.records['flaky']).toEqual({ status: 'succeeded', deliveries: 2 });
  });
});

describe('makeVisibleAgain: visibility timeout shorter than processing time', () => {
  it('delivers the message twice; the first success deletes it and the late result changes nothing', () => {
    const { report, events } = run({
      source: { type: 'sqs', VisibilityTimeout: 1 },
      function: { Timeout: 5, durationSeconds: { base: 1.5, perRecord: 0 } },
      records: [{ id: 'slow' }],
    });
    expect(shape(report)).toEqual([
      { start: 0, records: 'slow', result: 'success' },
      { start: 1, records: 'slow', result: 'success' },
    ]);
    expect(report.records['slow']).toEqual({ status: 'succeeded', deliveries: 2 });
    const dup = events.find((e) => e.kind === 'duplicateDelivery');
    expect(dup).toMatchObject({ recordId: 'slow', invocation: 2, cause: 'visibilityTimeout' });
    expect(report.metrics.series.DuplicateDeliveries?.[1]).toBe(1);
  });

  it('function timeout longer than the visibility timeout: a timing-out message is delivered again while still running', () => {
    const { report } = run({
      durationSeconds: 12,
      source: { type: 'sqs', VisibilityTimeout: 4 },
      function: { Timeout: 10 },
      records: [{ id: 'hang', failDeliveries: -1, failAs: 'timeout' }],
    });
    expect(report.invocations.map((i) => [i.start, i.end, i.result])).toEqual([
      [0, 10, 'timeout'],
      [4, 14, 'timeout'],
      [8, 18, 'timeout'],
      [12, 22, 'timeout'],
    ]);
  });
});

describe('duplicateDeliveryRate', () => {
  it('hands every message to a second poller as well when the rate is 1 (at-least-once)', () => {
    const { report, events } = run({
      source: { type: 'sqs', duplicateDeliveryRate: 1 },
      records: [{ id: 'a' }, { id: 'b' }],
    });
    expect(shape(report)).toEqual([
      { start: 0, records: 'a,b', result: 'success' },
      { start: 0, records: 'a,b', result: 'success' },
    ]);
    expect(report.records['a']).toEqual({ status: 'succeeded', deliveries: 2 });
    const dups = events.filter((e) => e.kind === 'duplicateDelivery');
    expect(dups.map((e) => e.kind === 'duplicateDelivery' && e.cause)).toEqual([
      'atLeastOnce',
      'atLeastOnce',
    ]);
  });
});

describe('applyPartialBatchResponse', () => {
  const partial = {
    source: { type: 'sqs' as const, VisibilityTimeout: 5 },
    function: { failureMode: 'reportBatchItemFailures' as const },
    records: [{ id: 'a' }, { id: 'b', failDeliveries: 1 }, { id: 'c' }],
  };

  it('partial batch response: only listed messages return', () => {
    const { report } = run({
      ...partial,
      mapping: { FunctionResponseTypes: ['ReportBatchItemFailures'] },
    });
    expect(
      report.invocations.map((i) => [
        i.start,
        i.records.join(','),
        i.result,
        i.reportedFailures.join(','),
      ]),
    ).toEqual([
      [0, 'a,b,c', 'partialFailure', 'b'],
      [5, 'b', 'success', ''],
    ]);
    expect(report.records).toEqual({
      a: { status: 'succeeded', deliveries: 1 },
      b: { status: 'succeeded', deliveries: 2 },
      c: { status: 'succeeded', deliveries: 1 },
    });
    expect(report.metrics.series.FailedInvokeEventCount?.[0]).toBe(1);
  });

  it('without FunctionResponseTypes the list is ignored and every message is deleted', () => {
    const { report } = run(partial);
    expect(report.invocations).toHaveLength(1);
    expect(report.invocations[0]).toMatchObject({ result: 'success', reportedFailures: ['b'] });
    expect(report.records['b']).toEqual({ status: 'succeeded', deliveries: 1 });
  });

  it('a malformed response (empty itemIdentifier) is a complete failure: the whole batch returns', () => {
    const { report } = run({
      ...partial,
      durationSeconds: 7,
      mapping: { FunctionResponseTypes: ['ReportBatchItemFailures'] },
      function: { ...partial.function, response: 'invalid' },
    });
    expect(report.invocations.map((i) => [i.start, i.records.length, i.result])).toEqual([
      [0, 3, 'invalidResponse'],
      [5, 3, 'invalidResponse'],
    ]);
  });

  it('an unknown messageId in batchItemFailures fails the whole batch', () => {
    const scenario = buildScenario({
      source: { type: 'sqs' },
      mapping: { FunctionResponseTypes: ['ReportBatchItemFailures'] },
      records: [{ id: 'a' }, { id: 'b' }],
    });
    const s = createQueueState(scenario, null);
    resizeFleet(s, 1, 'cap', true);
    for (const r of scenario.records) sendMessage(s, r, 0);
    const p = s.pollers[0]!;
    expect(receiveMessages(s, p)).toBe(2);
    invokeBatch(s, p, 'polled');
    expect(s.running).toBe(1);
    const rows = [0, 1];
    expect(applyPartialBatchResponse(s, 1, ['00000000-0000-4000-8000-000000000000'])).toBe(false);
    expect(applyPartialBatchResponse(s, 1, [''])).toBe(false);
    expect(rows.every((r) => s.m.place[r] === IN_FLIGHT)).toBe(true);
    expect(applyPartialBatchResponse(s, 1, [messageIdOf(s, 1)])).toBe(true);
    expect(rows.map((r) => s.m.status[r])).toEqual([QST.succeeded, QST.pending]);
  });
});

describe('scalePollerFleet', () => {
  it('starts at 5 pollers and adds 5 per second while messages wait, up to MaximumConcurrency', () => {
    const s = sim({
      durationSeconds: 10,
      mapping: { ScalingConfig: { MaximumConcurrency: 12 } },
      function: { durationSeconds: { base: 5, perRecord: 0 }, Timeout: 10 },
      producers: [{ ratePerSecond: 100 }],
    });
    expect(s.snapshot().queue!.fleet).toEqual({ size: 5, ceiling: 12, busy: 0 });
    s.runUntil(10);
    const scaling = s.drainEvents().filter((e) => e.kind === 'scaling');
    expect(scaling.map((e) => e.kind === 'scaling' && [e.t, e.from, e.to, e.reason])).toEqual([
      [1, 5, 10, 'backlog'],
      [2, 10, 12, 'backlog'],
    ]);
    const report = s.report();
    expect(report.metrics.series.PollerFleetSize?.slice(0, 3)).toEqual([5, 10, 12]);
    expect(Math.max(...report.metrics.series.ConcurrentExecutions!)).toBe(12);
    expect(LEGACY_SCALING_RULE.perMinute).toBe(60);
  });

  it('backs off after function errors, but not when ReportBatchItemFailures is on', () => {
    const draft = {
      durationSeconds: 30,
      source: { type: 'sqs' as const, VisibilityTimeout: 1 },
      function: { errorRate: 1 },
      producers: [{ ratePerSecond: 200 }],
    };
    const grow = run({
      ...draft,
      durationSeconds: 3,
      function: { errorRate: 0, durationSeconds: { base: 1, perRecord: 0 } },
    });
    expect(grow.events.some((e) => e.kind === 'scaling' && e.reason === 'backlog')).toBe(true);
    const errors = run(draft);
    expect(errors.events.some((e) => e.kind === 'scaling' && e.reason === 'functionErrors')).toBe(
      false,
    );
    // At the minimum of 5 already, errors cannot shrink it further; a grown fleet does shrink.
    const grown = run({
      ...draft,
      actions: [{ at: 10, function: { errorRate: 1 } }],
      function: { errorRate: 0, durationSeconds: { base: 1, perRecord: 0 } },
    });
    expect(grown.events.some((e) => e.kind === 'scaling' && e.reason === 'functionErrors')).toBe(
      true,
    );
    const partial = run({
      ...draft,
      actions: [{ at: 10, function: { errorRate: 1 } }],
      mapping: { FunctionResponseTypes: ['ReportBatchItemFailures'] },
      function: { errorRate: 0, durationSeconds: { base: 1, perRecord: 0 } },
    });
    expect(partial.events.some((e) => e.kind === 'scaling' && e.reason === 'functionErrors')).toBe(
      false,
    );
  });

  it('reserved concurrency caps the fleet, and shrinks toward 2 when the queue is idle', () => {
    const s = sim({
      durationSeconds: 40,
      function: { ReservedConcurrentExecutions: 3 },
      records: [{ id: 'a' }],
    });
    expect(s.snapshot().queue!.fleet.size).toBe(3);
    expect(s.snapshot().concurrency.capReason).toContain('ReservedConcurrentExecutions');
    const idle = sim({ durationSeconds: 40 });
    idle.runUntil(40);
    expect(idle.snapshot().queue!.fleet.size).toBe(2);
    const capped = sim({
      durationSeconds: 40,
      mapping: { ScalingConfig: { MaximumConcurrency: 8 } },
    });
    capped.runUntil(40);
    expect(capped.snapshot().queue!.fleet.size).toBe(5);
  });
});

describe('throttleInvocation', () => {
  it('retries with backoff (1 s doubling) until the visibility timeout, then the message returns with a higher count', () => {
    const s = sim({
      durationSeconds: 31,
      function: { ReservedConcurrentExecutions: 0 },
      records: [{ id: 'a' }],
    });
    s.runUntil(31);
    const report = s.report();
    expect(report.invocations.map((i) => [i.start, i.end, i.result])).toEqual([
      [0, 0, 'throttled'],
      [1, 1, 'throttled'],
      [3, 3, 'throttled'],
      [7, 7, 'throttled'],
      [15, 15, 'throttled'],
      [30, 30, 'throttled'],
      [31, 31, 'throttled'],
    ]);
    expect(report.records['a']).toEqual({ status: 'pending', deliveries: 0 });
    expect(s.recordStory(asRecordId('a'))!.receiveCount).toBe(2);
    expect(report.metrics.series.Throttles?.slice(0, 2)).toEqual([1, 1]);
    expect(report.metrics.series.Invocations?.[0]).toBe(0);
  });
});

describe('expireByRetention', () => {
  it('deletes messages older than MessageRetentionPeriod', () => {
    const { report, events } = run({
      source: { type: 'sqs', MessageRetentionPeriod: 60 },
      mapping: { Enabled: false },
      records: [
        { id: 'a', at: 0 },
        { id: 'b', at: 30 },
      ],
      durationSeconds: 80,
    });
    expect(report.records).toEqual({
      a: { status: 'expired', deliveries: 0 },
      b: { status: 'pending', deliveries: 0 },
    });
    expect(events.find((e) => e.kind === 'expired')).toMatchObject({ t: 60, recordIds: ['a'] });
  });

  it('a message sent longer ago than the retention period is gone at t = 0, never delivered', () => {
    const { report, events } = run({
      source: { type: 'sqs', MessageRetentionPeriod: 60 },
      records: [
        { id: 'ancient', at: -90 },
        { id: 'recent', at: -30 },
      ],
      durationSeconds: 10,
    });
    expect(report.records).toEqual({
      ancient: { status: 'expired', deliveries: 0 },
      recent: { status: 'succeeded', deliveries: 1 },
    });
    expect(report.invocations.map((i) => i.records)).toEqual([['recent']]);
    expect(events.find((e) => e.kind === 'expired')).toMatchObject({
      t: 0,
      recordIds: ['ancient'],
    });
  });

  it('expires at the instant the period runs out, not at the next whole second', () => {
    // Sent at 0.5 with a 60 s retention: gone from 60.5, so enabling the mapping at 60.7 finds nothing.
    const { report } = run({
      source: { type: 'sqs', MessageRetentionPeriod: 60 },
      mapping: { Enabled: false },
      records: [{ id: 'a', at: 0.5 }],
      actions: [{ at: 60.7, mapping: { Enabled: true } }],
      durationSeconds: 70,
    });
    expect(report.records).toEqual({ a: { status: 'expired', deliveries: 0 } });
    expect(report.invocations).toEqual([]);
  });
});

describe('the run does not depend on how runUntil is sliced', () => {
  /** The report and the events of a run played in slices of `step` simulated seconds (0: at once). */
  function played(draft: Parameters<typeof sim>[0], step: number) {
    const s = sim(draft);
    const end = s.scenario.durationSeconds;
    const events: SimEvent[] = [];
    if (step > 0) {
      for (let t = step; t < end; t += step) {
        s.runUntil(t);
        events.push(...s.drainEvents());
      }
    }
    s.runUntil(end);
    events.push(...s.drainEvents());
    return { report: JSON.stringify(s.report()), events: JSON.stringify(events) };
  }

  it.each([
    [
      'messages expire by retention while nobody polls (mapping disabled)',
      {
        source: { type: 'sqs' as const, MessageRetentionPeriod: 60 },
        producers: [{ ratePerSecond: 7 }],
        actions: [
          { at: 0, mapping: { Enabled: false } },
          { at: 95.2, mapping: { Enabled: true } },
        ],
        durationSeconds: 110,
      },
    ],
    [
      'messages expire by retention while every poller is busy (a slow function, concurrency 2)',
      {
        source: { type: 'sqs' as const, MessageRetentionPeriod: 60, VisibilityTimeout: 900 },
        mapping: { ScalingConfig: { MaximumConcurrency: 2 } },
        function: { Timeout: 900, durationSeconds: { base: 50, perRecord: 0 } },
        producers: [{ ratePerSecond: 40 }],
        durationSeconds: 150,
      },
    ],
  ])('%s: the same report and events in one go and in slices', (_name, draft) => {
    const once = played(draft, 0);
    expect(once.events).toContain('"kind":"expired"');
    for (const step of [0.4, 1.3, 7.77]) expect(played(draft, step)).toEqual(once);
  });
});

describe('metrics are read without changing the run', () => {
  it('reading metrics mid-second leaves the report and later metrics unchanged', () => {
    // A slow function and a steady trickle: the oldest message changes between events, so an
    // ApproximateAgeOfOldestMessage sampled mid-second would differ from the second's own value.
    const draft = {
      // Random failures: messages return after the visibility timeout and then succeed, so the
      // oldest message keeps changing (a poison message would stay oldest and hide the bug).
      function: { Timeout: 3, durationSeconds: { base: 1.7, perRecord: 0 }, errorRate: 0.4 },
      producers: [{ ratePerSecond: 3, keys: 1 }],
      source: { type: 'sqs' as const, VisibilityTimeout: 5 },
      durationSeconds: 60,
    };
    const quiet = sim(draft);
    quiet.runUntil(60);
    const observed = sim(draft);
    const seen: number[] = [];
    for (let t = 0.13; t < 60; t += 0.37) {
      observed.runUntil(t);
      seen.push(...(observed.metrics().series.ApproximateAgeOfOldestMessage ?? []));
    }
    observed.runUntil(60);
    expect(seen.length).toBeGreaterThan(0);
    expect(JSON.stringify(observed.report())).toBe(JSON.stringify(quiet.report()));
    expect(observed.metrics()).toEqual(quiet.metrics());
  });
});

describe('FilterCriteria', () => {
  it('deletes messages that do not match the filter (status filtered)', () => {
    const { report } = run({
      mapping: { FilterCriteria: { Filters: [{ Pattern: '{"body":{"type":["order"]}}' }] } },
      records: [
        { id: 'order', body: '{"type":"order"}' },
        { id: 'other', body: '{"type":"refund"}' },
      ],
    });
    expect(report.records).toEqual({
      order: { status: 'succeeded', deliveries: 1 },
      other: { status: 'filtered', deliveries: 0 },
    });
    expect(report.invocations.map((i) => i.records)).toEqual([['order']]);
    expect(report.metrics.series.FilteredOutEventCount?.[0]).toBe(1);
    expect(report.metrics.series.PolledEventCount?.[0]).toBe(2);
  });
});

describe('applyLiveEdit', () => {
  it('Enabled false stops receiving; enabling again resumes; edits are logged readably', () => {
    const s = sim({
      durationSeconds: 20,
      records: [{ id: 'a', at: 5 }],
      actions: [
        { at: 0, mapping: { Enabled: false } },
        { at: 10, mapping: { Enabled: true }, source: { VisibilityTimeout: 5 } },
      ],
    });
    s.runUntil(20);
    const report = s.report();
    expect(report.invocations.map((i) => i.start)).toEqual([10]);
    const edits = s
      .drainEvents()
      .filter(
        (e) => e.kind === 'edit' || e.kind === 'mappingDisabled' || e.kind === 'mappingEnabled',
      );
    expect(edits.map((e) => (e.kind === 'edit' ? e.description : e.kind))).toEqual([
      'Enabled true → false',
      'mappingDisabled',
      'Enabled false → true; VisibilityTimeout 30 → 5',
      'mappingEnabled',
    ]);
    expect(s.actions()).toHaveLength(2);
  });

  it('failNextInvocations makes the next N invocations throw; live records and producers start now', () => {
    const s = sim({ durationSeconds: 40, source: { type: 'sqs', VisibilityTimeout: 5 } });
    s.runUntil(2);
    s.applyAction({ failNextInvocations: 1, records: [buildRecordLike('live')] });
    s.runUntil(3);
    s.applyAction({
      producers: [
        { ratePerSecond: 1, keys: 1, keyMode: 'roundRobin', from: 0, until: 5, failProbability: 0 },
      ],
    });
    s.runUntil(40);
    const report = s.report();
    expect(report.invocations[0]).toMatchObject({
      start: 2,
      records: ['live'],
      result: 'functionError',
    });
    expect(report.records['live']).toEqual({ status: 'succeeded', deliveries: 2 });
    expect(Object.keys(report.records)).toEqual(['live', 'p0-0', 'p0-1']);
    expect(s.actions().map((a) => a.at)).toEqual([2, 3]);
  });
});

function buildRecordLike(id: string) {
  return {
    id: asRecordId(id),
    at: 0,
    key: 'k0',
    body: null,
    failDeliveries: 0,
    failAs: 'error' as const,
    MessageDeduplicationId: null,
  };
}

describe('SQS FIFO', () => {
  const fifo = {
    type: 'sqs-fifo' as const,
    VisibilityTimeout: 10,
    ContentBasedDeduplication: true,
  };

  it('messages of a FIFO group are never in two concurrent invocations, and are delivered in send order', () => {
    const records = Array.from({ length: 12 }, (_, i) => ({
      id: `m${i}`,
      at: i * 0.01,
      key: `g${i % 2}`,
      body: `m${i}`,
    }));
    const { report } = run({
      source: fifo,
      mapping: { BatchSize: 2 },
      function: { durationSeconds: { base: 1, perRecord: 0 } },
      records,
    });
    const firstSeen: Record<string, string[]> = { g0: [], g1: [] };
    for (const inv of report.invocations) {
      for (const id of inv.records) firstSeen[`g${Number(id.slice(1)) % 2}`]!.push(id);
    }
    expect(firstSeen['g0']).toEqual(['m0', 'm2', 'm4', 'm6', 'm8', 'm10']);
    for (const a of report.invocations) {
      for (const b of report.invocations) {
        if (a.n >= b.n || a.end <= b.start || b.end <= a.start) continue;
        const groups = (inv: typeof a) => new Set(inv.records.map((id) => Number(id.slice(1)) % 2));
        const overlap = [...groups(a)].filter((g) => groups(b).has(g));
        expect(overlap).toEqual([]);
      }
    }
    expect(Object.values(report.records).every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('a failed message blocks its group until its visibility timeout, while other groups flow', () => {
    const { report } = run({
      source: fifo,
      records: [
        { id: 'a1', key: 'A', body: 'a1', failDeliveries: 1 },
        { id: 'b1', key: 'B', body: 'b1', at: 0.5 },
        { id: 'a2', key: 'A', body: 'a2', at: 0.5 },
      ],
    });
    expect(report.invocations.map((i) => [i.start, i.records.join(','), i.result])).toEqual([
      [0, 'a1', 'functionError'],
      [0.5, 'b1', 'success'],
      [10, 'a1,a2', 'success'],
    ]);
  });

  it('with ReportBatchItemFailures the first failure and every later message return; earlier ones are deleted', () => {
    const { report } = run({
      source: fifo,
      mapping: { FunctionResponseTypes: ['ReportBatchItemFailures'] },
      function: { failureMode: 'reportBatchItemFailures' },
      records: ['x1', 'x2', 'x3', 'x4'].map((id) => ({
        id,
        body: id,
        failDeliveries: id === 'x2' ? 1 : 0,
      })),
    });
    expect(
      report.invocations.map((i) => [
        i.start,
        i.records.join(','),
        i.result,
        i.reportedFailures.join(','),
      ]),
    ).toEqual([
      [0, 'x1,x2,x3,x4', 'partialFailure', 'x2,x3,x4'],
      [10, 'x2,x3,x4', 'success', ''],
    ]);
    expect(report.records['x1']).toEqual({ status: 'succeeded', deliveries: 1 });
  });

  it('deduplicateFifoSend drops a send whose deduplication id was seen in the last 5 minutes', () => {
    const { report, events } = run({
      durationSeconds: 400,
      source: { type: 'sqs-fifo', ContentBasedDeduplication: false },
      records: [
        { id: 'first', MessageDeduplicationId: 'd1' },
        { id: 'again', at: 100, MessageDeduplicationId: 'd1' },
        { id: 'later', at: 301, MessageDeduplicationId: 'd1' },
        { id: 'samebody1', at: 1, body: 'same', MessageDeduplicationId: 'x' },
      ],
    });
    expect(report.records['again']).toEqual({ status: 'skipped', deliveries: 0 });
    expect(report.records['later']!.status).toBe('succeeded');
    expect(events.find((e) => e.kind === 'deduplicated')).toMatchObject({
      recordId: 'again',
      duplicateOf: 'first',
    });
    const content = run({
      source: { type: 'sqs-fifo', ContentBasedDeduplication: true },
      records: [
        { id: 'b1', body: 'hello' },
        { id: 'b2', body: 'hello', at: 1 },
        { id: 'b3', body: 'other', at: 1 },
      ],
    });
    expect(content.report.records['b2']!.status).toBe('skipped');
    expect(content.report.records['b3']!.status).toBe('succeeded');
  });

  it('a deduplication id remembered again after it expired is dropped for 5 minutes from the new send', () => {
    const { report } = run({
      durationSeconds: 700,
      source: { type: 'sqs-fifo', ContentBasedDeduplication: false },
      records: [
        { id: 'a0', MessageDeduplicationId: 'd' },
        { id: 'a301', at: 301, MessageDeduplicationId: 'd' },
        { id: 'a400', at: 400, MessageDeduplicationId: 'd' },
        { id: 'a602', at: 602, MessageDeduplicationId: 'd' },
      ],
    });
    expect(Object.values(report.records).map((r) => r.status)).toEqual([
      'succeeded',
      'succeeded',
      'skipped',
      'succeeded',
    ]);
  });

  it('the FIFO event payload carries SequenceNumber, MessageGroupId and MessageDeduplicationId as strings', () => {
    const s = sim({ source: fifo, records: [{ id: 'm', key: 'orders', body: 'hello' }] });
    s.runUntil(5);
    const rec = (s.invocationEvent(1) as { Records: Record<string, unknown>[] }).Records[0]!;
    expect(rec).toMatchObject({
      body: 'hello',
      md5OfBody: '5d41402abc4b2a76b9719d911017c592',
      eventSource: 'aws:sqs',
      eventSourceARN: SQS_FIFO_QUEUE_ARN,
      awsRegion: 'us-east-1',
      messageAttributes: {},
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1767225600000',
        ApproximateFirstReceiveTimestamp: '1767225600000',
        SequenceNumber: '10000000000000000001',
        MessageGroupId: 'orders',
        MessageDeduplicationId: sha256Hex('hello'),
      },
    });
  });

  it('a FIFO poison message goes to the (FIFO) DLQ after maxReceiveCount, then its group moves on', () => {
    const s = sim({
      durationSeconds: 60,
      source: { ...fifo, RedrivePolicy: { maxReceiveCount: 2 } },
      records: [
        { id: 'bad', key: 'G', body: 'bad', failDeliveries: -1 },
        { id: 'next', key: 'G', body: 'next', at: 1 },
      ],
    });
    s.runUntil(60);
    const report = s.report();
    expect(report.invocations.map((i) => [i.start, i.records.join(','), i.result])).toEqual([
      [0, 'bad', 'functionError'],
      [10, 'bad,next', 'functionError'],
      [20, 'next', 'success'],
    ]);
    expect(report.deadLetterQueue.map((d) => [d.id, d.receiveCount, d.at])).toEqual([
      ['bad', 2, 20],
    ]);
    expect(report.records['next']).toEqual({ status: 'succeeded', deliveries: 2 });
    expect(s.snapshot().queue!.dlq).toMatchObject({
      count: 1,
      recent: [{ id: 'bad', group: 'G' }],
    });
  });

  it('the snapshot shows FIFO groups with their lock', () => {
    const s = sim({
      source: fifo,
      function: { durationSeconds: { base: 2, perRecord: 0 } },
      records: [
        { id: 'a', key: 'A', body: 'a' },
        { id: 'b', key: 'B', body: 'b' },
        { id: 'a2', key: 'A', body: 'a2', at: 0.5 },
      ],
    });
    s.runUntil(1);
    const q = s.snapshot().queue!;
    expect(q.groups).toEqual([
      { groupId: 'A', visible: 1, inFlight: 1, locked: true },
      { groupId: 'B', visible: 0, inFlight: 1, locked: true },
    ]);
    expect(q.visibleCount).toBe(1);
    expect(q.inFlightCount).toBe(2);
    expect(q.visible.map((m) => m.id)).toEqual(['a2']);
  });
});

describe('report, history and hashes', () => {
  it('is byte-identical for the same scenario', () => {
    const draft = {
      source: {
        type: 'sqs' as const,
        duplicateDeliveryRate: 0.2,
        VisibilityTimeout: 3,
        RedrivePolicy: { maxReceiveCount: 3 },
      },
      function: { errorRate: 0.1, durationSeconds: { base: 0.1, perRecord: 0.01, jitter: 0.5 } },
      producers: [{ ratePerSecond: 20, failProbability: 0.05 }],
    };
    expect(JSON.stringify(run(draft).report)).toBe(JSON.stringify(run(draft).report));
  });

  it('historyLimit bounds what is kept while counts stay exact', () => {
    const s = sim({ durationSeconds: 60, producers: [{ ratePerSecond: 100 }] }, 100);
    s.runUntil(60);
    const state = (s as unknown as { s: ReturnType<typeof createQueueState> }).s;
    expect(state.finishedLen).toBeLessThan(200);
    expect(state.events.len).toBeLessThan(200);
    expect(state.history.count - state.history.first).toBeLessThan(200);
    // Rows are reused: the message table holds what the rings name, not 6,000 messages.
    expect(state.m.n).toBeLessThan(6000);
    expect(s.snapshot().totals.recordsPut).toBe(6000);
    // Finished messages are dropped from the send order once they outnumber the live ones.
    expect(state.sendEnd - state.sendHead).toBeLessThanOrEqual(2 * state.liveCount + 1024);
    const { succeeded, pending } = s.snapshot().totals.byStatus;
    expect(pending).toBeLessThanOrEqual(10);
    expect(succeeded + pending).toBe(6000);
  });

  it('SHA-256 and MD5 match the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('The quick brown fox jumps over the lazy dog')).toBe(
      '9e107d9d372bb6826bd81d3542a419d6',
    );
  });

  it('stepToNextMeaningfulEvent stops at the next poll, batch or result', () => {
    const s = sim({ records: [{ id: 'a', at: 3 }] });
    const first = s.stepToNextMeaningfulEvent();
    expect(s.now()).toBe(3);
    expect(first.some((e) => e.kind === 'poll')).toBe(true);
    const story = s.recordStory(asRecordId('a'));
    expect(story).toMatchObject({ id: 'a', status: 'pending', receiveCount: 1 });
  });
});

describe('producers while every poller is busy', () => {
  // One poller (MaximumConcurrency 2 → fleet ≤ 2) and a slow function: most sends find nobody
  // polling, so the producer sends them without an event-queue round trip each.
  const draft = {
    durationSeconds: 20,
    mapping: { BatchSize: 10, ScalingConfig: { MaximumConcurrency: 2 } },
    function: { Timeout: 10, durationSeconds: { base: 2.5, perRecord: 0 } },
    producers: [{ ratePerSecond: 8, keys: 1, from: 0.5, until: 12 }],
  } as const;

  it('sends each record at its own time and counts the queue level it reached', () => {
    const { report, events } = run(draft);
    // An idle poller receives a record the moment it is sent.
    expect(shape(report).slice(0, 2)).toEqual([
      { start: 0.5, records: 'p0-0', result: 'success' },
      { start: 0.625, records: 'p0-1', result: 'success' },
    ]);
    const puts = events.filter((e) => e.kind === 'recordPut');
    expect(puts).toHaveLength(92);
    expect(puts.every((e, k) => e.t === 0.5 + k / 8)).toBe(true);
    // Seqs stay contiguous in log order and times never go backwards.
    expect(
      events.every(
        (e, i) => i === 0 || (e.seq === events[i - 1]!.seq + 1 && e.t >= events[i - 1]!.t),
      ),
    ).toBe(true);
    expect(report.metrics.series.RecordsPut?.slice(0, 13)).toEqual([
      4, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 0,
    ]);
    // The gauge of second 9 is the highest level the queue reached in it: sampled after each
    // send of that second (runUntil stops at each), it matches.
    const c = sim(draft);
    const levels: number[] = [];
    for (let k = 68; k < 76; k++) {
      c.runUntil(0.5 + k / 8);
      levels.push(c.snapshot().queue!.visibleCount);
    }
    expect(Math.max(...levels)).toBeGreaterThan(0);
    expect(report.metrics.series.ApproximateNumberOfMessagesVisible?.[9]).toBe(Math.max(...levels));
  });

  it('stepping event by event sees the same run as running to the end', () => {
    const a = sim(draft);
    a.runUntil(20);
    const b = sim(draft);
    while (!b.ended()) b.stepToNextMeaningfulEvent();
    expect(JSON.stringify(b.report())).toBe(JSON.stringify(a.report()));
    expect(JSON.stringify(b.drainEvents())).toBe(JSON.stringify(a.drainEvents()));
  });
});
