/**
 * Learner wording for a record's story: statuses, invocation results and the
 * event-log lines of one record. Pure; tested in Node.
 */
import type { InvocationResult, RecordStatus, RecordStory, SimEvent } from '../../engine/types';

/** Final (or current) status, as the panel says it. */
export const STATUS_TEXT: Readonly<Record<RecordStatus, string>> = {
  succeeded: 'Succeeded',
  sentToOnFailureDestination: 'Sent to the on-failure destination',
  discarded: 'Discarded',
  movedToDlq: 'Moved to the dead-letter queue',
  filtered: 'Filtered out',
  expired: 'Expired',
  skipped: 'Skipped',
  pending: 'Pending',
};

/** An invocation's result in words; null = still running. */
export function resultText(r: InvocationResult | null): string {
  switch (r) {
    case null:
      return 'Running';
    case 'success':
      return 'Success';
    case 'functionError':
      return 'Function error';
    case 'timeout':
      return 'Timed out';
    case 'throttled':
      return 'Throttled';
    case 'partialFailure':
      return 'Partial failure';
    case 'invalidResponse':
      return 'Invalid response';
  }
}

/** Retries = deliveries after the first one (throttled attempts never reached the function). */
export function retriesOf(story: Pick<RecordStory, 'deliveries'>): number {
  return Math.max(0, story.deliveries - 1);
}

/** The invocation whose event the panel shows: the last one that reached the function. */
export function lastInvocation(story: Pick<RecordStory, 'batches'>): number | null {
  for (let i = story.batches.length - 1; i >= 0; i--) {
    const b = story.batches[i];
    if (b !== undefined && b.result !== 'throttled') return b.invocation;
  }
  return null;
}

/** One line per event in the record's story. */
export function eventLine(e: SimEvent): string {
  switch (e.kind) {
    case 'recordPut':
      return e.shardId !== null
        ? `Put on ${e.shardId} (sequence ${e.sequenceNumber})`
        : 'Sent to the queue';
    case 'batchSent':
      return `In batch of invocation #${e.invocation} (${e.recordIds.length} record${e.recordIds.length === 1 ? '' : 's'}${e.attempt > 0 ? `, retry ${e.attempt}` : ''})`;
    case 'invocationResult':
      return `Invocation #${e.invocation}: ${resultText(e.result)}`;
    case 'retryScheduled':
      return `Retry ${e.attempt} of ${e.maxAttempts < 0 ? '∞' : e.maxAttempts} scheduled`;
    case 'bisect':
      return `Batch split in two (${e.left.length} + ${e.right.length})`;
    case 'checkpoint':
      return `Checkpoint moved to sequence ${e.sequenceNumber}`;
    case 'shardBlocked':
      return 'Shard blocked behind this batch';
    case 'onFailureDestination':
      return `Sent to the ${e.destinationKind.toUpperCase()} on-failure destination (${e.condition})`;
    case 'discarded':
      return `Discarded (${e.condition})`;
    case 'movedToDlq':
      return `Moved to the DLQ after ${e.receiveCount} receives`;
    case 'messagesDeleted':
      return 'Deleted from the queue';
    case 'visibilityTimeoutExpired':
      return 'Visible again (visibility timeout expired)';
    case 'duplicateDelivery':
      return `Delivered twice (${e.cause === 'visibilityTimeout' ? 'visibility timeout' : 'at-least-once'})`;
    case 'expired':
      return 'Expired (retention)';
    case 'filtered':
      return 'Filtered out';
    case 'deduplicated':
      return `Deduplicated (duplicate of ${e.duplicateOf})`;
    default:
      return e.kind;
  }
}
