import { describe, expect, it } from 'vitest';
import { asRecordId, asShardId, type SimEvent } from '../../engine/types';
import { coalesce, mergeOf, narrateEvent, narrationPriority } from './narrate';

const shard = asShardId('shardId-000000000002');

describe('narration', () => {
  it('narrates failures, blocking, destinations and the DLQ', () => {
    const failed: SimEvent = {
      t: 1,
      seq: 1,
      kind: 'invocationResult',
      invocation: 4,
      shardId: shard,
      result: 'functionError',
      recordIds: [],
      reportedFailures: [],
    };
    expect(narrateEvent(failed)).toBe('Invocation #4 on Shard 2 failed with a function error.');
    expect(
      narrateEvent({ t: 1, seq: 2, kind: 'shardBlocked', shardId: shard, slot: 0, recordIds: [] }),
    ).toContain('Shard 2 is blocked');
    expect(
      narrateEvent({
        t: 1,
        seq: 3,
        kind: 'movedToDlq',
        recordId: asRecordId('m1'),
        receiveCount: 2,
      }),
    ).toBe('Message m1 moved to the dead-letter queue after 2 receives.');
    expect(
      narrateEvent({
        t: 1,
        seq: 4,
        kind: 'onFailureDestination',
        shardId: shard,
        condition: 'RetryAttemptsExhausted',
        destinationKind: 'sqs',
        recordIds: ['a', 'b', 'c', 'd', 'e'].map(asRecordId),
      }),
    ).toBe('a, b, c and 2 more sent to the on-failure SQS destination (retries exhausted).');
  });
  it('says a partial batch response reported items rather than failed', () => {
    expect(
      narrateEvent({
        t: 1,
        seq: 1,
        kind: 'invocationResult',
        invocation: 2,
        shardId: null,
        result: 'partialFailure',
        recordIds: [asRecordId('a'), asRecordId('b')],
        reportedFailures: [asRecordId('b')],
      }),
    ).toBe('Invocation #2 reported 1 failed item in its partial batch response.');
  });
  it('stays quiet for routine events', () => {
    expect(narrateEvent({ t: 0, seq: 1, kind: 'poll', shardId: shard, polled: 3 })).toBeNull();
    expect(
      narrateEvent({
        t: 0,
        seq: 2,
        kind: 'invocationResult',
        invocation: 1,
        shardId: null,
        result: 'success',
        recordIds: [],
        reportedFailures: [],
      }),
    ).toBeNull();
  });
  it('coalesces a burst into one announcement, keeping the two that matter most', () => {
    const p = (text: string, priority: number) => ({ text, priority });
    expect(coalesce([])).toBeNull();
    expect(coalesce([p('A.', 1)])).toBe('A.');
    expect(coalesce([p('Failed.', 2), p('Blocked.', 3)])).toBe('Failed. Blocked.');
    expect(coalesce([p('Edit.', 1), p('Failed.', 2), p('DLQ.', 4), p('Other.', 1)])).toBe(
      'Failed. DLQ. And 2 more events.',
    );
    expect(coalesce([p('Failed.', 2), p('Failed.', 2), p('Failed.', 2)])).toBe(
      'Failed. And 2 more events.',
    );
  });
  it('merges per-message sentences of one kind into one, listing the messages', () => {
    const dup = (id: string, seq: number): SimEvent => ({
      t: 8,
      seq,
      kind: 'duplicateDelivery',
      recordId: asRecordId(id),
      invocation: 2,
      cause: 'visibilityTimeout',
    });
    const pend = (e: SimEvent) => ({
      text: narrateEvent(e) ?? '',
      priority: narrationPriority(e),
      merge: mergeOf(e),
    });
    const five = ['a', 'b', 'c', 'd', 'e'].map((id, i) => pend(dup(id, i + 1)));
    expect(coalesce(five)).toBe(
      'Messages a, b, c and 2 more were delivered twice (visibility timeout expired while in flight).',
    );
    // A single message keeps its own sentence; the same message twice counts once.
    expect(coalesce([pend(dup('a', 1)), pend(dup('a', 2))])).toBe(
      'Message a was delivered twice (visibility timeout expired while in flight).',
    );
    const dlq = (id: string, seq: number): SimEvent => ({
      t: 9,
      seq,
      kind: 'movedToDlq',
      recordId: asRecordId(id),
      receiveCount: 3,
    });
    expect(coalesce([pend(dup('a', 1)), pend(dlq('x', 2)), pend(dlq('y', 3))])).toBe(
      'Message a was delivered twice (visibility timeout expired while in flight). Messages x, y moved to the dead-letter queue after 3 receives.',
    );
  });
  it('ranks where records end up above blocking, failures and edits', () => {
    expect(
      narrationPriority({
        t: 0,
        seq: 1,
        kind: 'movedToDlq',
        recordId: asRecordId('m'),
        receiveCount: 2,
      }),
    ).toBeGreaterThan(
      narrationPriority({
        t: 0,
        seq: 2,
        kind: 'shardBlocked',
        shardId: shard,
        slot: 0,
        recordIds: [],
      }),
    );
  });
});
