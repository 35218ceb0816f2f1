import { describe, expect, it } from 'vitest';
import { BREAKPOINT_EVENTS } from '../../store/types';
import { BREAKPOINTS, breakpointsFor, pausedSentence } from './breakpoints';
import { ONE_OF_EACH } from '../log/fixtures.test-data';

describe('breakpoints', () => {
  it('offers every store breakpoint, each relevant to at least one source', () => {
    expect(BREAKPOINTS.map((b) => b.kind).sort()).toEqual(Object.keys(BREAKPOINT_EVENTS).sort());
    expect(breakpointsFor('kinesis').map((b) => b.kind)).toEqual([
      'batchFailed',
      'shardBlocked',
      'onFailureDestination',
    ]);
    expect(breakpointsFor('sqs-fifo').map((b) => b.kind)).toEqual([
      'batchFailed',
      'movedToDlq',
      'duplicateDelivery',
    ]);
    expect(breakpointsFor(null)).toHaveLength(5);
  });

  it('says which breakpoint paused the run and on which event', () => {
    expect(pausedSentence('batchFailed', ONE_OF_EACH.invocationResult)).toBe(
      'Paused at 1.20 s because a batch failed: Invocation #1 failed: the function threw an error.',
    );
    expect(pausedSentence('movedToDlq', ONE_OF_EACH.movedToDlq)).toBe(
      'Paused at 14.00 s because a message reached the DLQ: m4 moved to the dead-letter queue after 3 receives (maxReceiveCount).',
    );
  });
});
