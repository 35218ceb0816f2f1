import { describe, expect, it } from 'vitest';
import { asRecordId, asShardId, type RecordStory } from '../../engine/types';
import { eventLine, lastInvocation, resultText, retriesOf } from './story';

const story = (
  batches: RecordStory['batches'],
  deliveries: number,
): Pick<RecordStory, 'batches' | 'deliveries'> => ({
  batches,
  deliveries,
});

describe('record story', () => {
  it('shows the event of the last invocation that reached the function', () => {
    const b = (invocation: number, result: RecordStory['batches'][number]['result']) => ({
      invocation,
      start: invocation,
      end: invocation + 1,
      result,
      batchSize: 2,
    });
    expect(lastInvocation(story([b(1, 'functionError'), b(2, 'throttled')], 1))).toBe(1);
    expect(lastInvocation(story([b(1, 'functionError'), b(3, 'success')], 2))).toBe(3);
    expect(lastInvocation(story([], 0))).toBeNull();
  });
  it('counts retries as deliveries after the first', () => {
    expect(retriesOf({ deliveries: 0 })).toBe(0);
    expect(retriesOf({ deliveries: 4 })).toBe(3);
  });
  it('words results and events', () => {
    expect(resultText(null)).toBe('Running');
    expect(resultText('timeout')).toBe('Timed out');
    expect(
      eventLine({ t: 1, seq: 1, kind: 'movedToDlq', recordId: asRecordId('m1'), receiveCount: 2 }),
    ).toBe('Moved to the DLQ after 2 receives');
    expect(
      eventLine({
        t: 1,
        seq: 2,
        kind: 'batchSent',
        invocation: 7,
        shardId: asShardId('shardId-000000000000'),
        slot: 0,
        recordIds: [asRecordId('r1')],
        trigger: 'retry',
        attempt: 2,
      }),
    ).toBe('In batch of invocation #7 (1 record, retry 2)');
  });
});
