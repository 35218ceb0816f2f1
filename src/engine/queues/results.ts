/**
 * Invoking the function with a poller's batch and what Lambda does with the
 * result (esm-semantics.md §3, §4, §5): delete on success, leave the batch to
 * its visibility timeout on failure, honour a partial batch response, and
 * retry throttled invokes with backoff until the messages' visibility runs out.
 */
import { ACCOUNT_CONCURRENCY } from '../aws';
import { schedule } from '../eventQueue';
import { evaluateInvocation, type BatchItem } from '../function';
import { count, max } from '../metrics';
import type { BatchTrigger, RecordId } from '../types';
import { deleteMessage } from './receive';
import {
  ALO_DUPLICATE,
  GONE,
  IN_FLIGHT,
  logEvent,
  logStamped,
  RECEIVED,
  trimRing,
  type Poller,
  type QInvocation,
  type QState,
} from './state';

/** An empty id list shared by every invocation that reports none (never written). */
const NONE: readonly never[] = Object.freeze([]);

/** Throttled invokes are retried after 1 s, then 2 s, 4 s … (AWS publishes no schedule). */
export const THROTTLE_RETRY_BASE_SECONDS = 1;

const honoursPartial = (s: QState): boolean =>
  s.mapping.FunctionResponseTypes.includes('ReportBatchItemFailures');

/** Concurrent executions the function may have: ReservedConcurrentExecutions or the account's quota. */
export function concurrencyLimit(s: QState): number {
  const reserved = s.fn.ReservedConcurrentExecutions;
  return reserved === null ? ACCOUNT_CONCURRENCY : Math.min(reserved, ACCOUNT_CONCURRENCY);
}

/** The poller is done with its batch: it waits for messages again, its next window opening now. */
export function releasePoller(s: QState, p: Poller): void {
  for (const m of p.batch) m.holders--;
  p.batch = [];
  p.receipts = [];
  p.flags = [];
  p.bytes = 0;
  p.phase = 'idle';
  p.gen++;
  p.attempt = 0;
  p.invocation = null;
  p.trigger = 'polled';
  p.windowStart = s.now;
  if (p.slot < s.fleetSize) s.idle.push(p.slot);
}

/** Drops batch entries SQS no longer holds for this poller (deleted, expired, or received again since). */
function pruneBatch(p: Poller): void {
  let w = 0;
  for (let i = 0; i < p.batch.length; i++) {
    const m = p.batch[i]!;
    const keep =
      m.place !== GONE && (p.flags[i] === ALO_DUPLICATE || m.receiveCount === p.receipts[i]);
    if (keep) {
      p.batch[w] = m;
      p.receipts[w] = p.receipts[i]!;
      p.flags[w] = p.flags[i]!;
      w++;
    } else {
      m.holders--;
      p.bytes -= m.bytes;
    }
  }
  p.batch.length = w;
  p.receipts.length = w;
  p.flags.length = w;
}

/**
 * Invokes the function with poller p's batch (synchronously, as every ESM
 * does). An invoke beyond the function's concurrency is throttled instead.
 */
export function invokeBatch(s: QState, p: Poller, trigger: BatchTrigger): void {
  if (trigger === 'retry') pruneBatch(p);
  if (p.batch.length === 0) {
    releasePoller(s, p);
    return;
  }
  const n = s.nextInvocation++;
  const ids = p.batch.map((m) => m.id);
  const attempt = p.attempt;
  logStamped(s, {
    kind: 'batchSent',
    invocation: n,
    shardId: null,
    slot: p.slot,
    recordIds: ids,
    trigger,
    attempt,
    t: s.now,
    seq: s.nextSeq++,
  });
  if (s.running.size >= concurrencyLimit(s)) {
    throttleInvocation(s, p, n, ids, trigger);
    return;
  }

  const items: BatchItem[] = [];
  for (let i = 0; i < p.batch.length; i++) {
    const m = p.batch[i]!;
    m.deliveries++;
    m.invocation = n;
    items.push({
      id: m.id,
      itemIdentifier: m.messageId,
      failDeliveries: m.failDeliveries,
      failAs: m.failAs,
      deliveryNumber: m.deliveries,
    });
    const flag = p.flags[i]!;
    if (flag !== RECEIVED) {
      s.duplicateCount++;
      count(s.metrics, 'DuplicateDeliveries', s.now);
      logEvent(s, {
        kind: 'duplicateDelivery',
        recordId: m.id,
        invocation: n,
        cause: flag === ALO_DUPLICATE ? 'atLeastOnce' : 'visibilityTimeout',
      });
    }
  }
  const forcedError = s.failNext > 0;
  if (forcedError) s.failNext--;
  const outcome = evaluateInvocation(
    {
      fn: s.fn,
      reportBatchItemFailures: honoursPartial(s),
      fifo: s.fifo,
      items,
      forcedError,
    },
    s.rng,
  );
  const inv: QInvocation = {
    n,
    slot: p.slot,
    start: s.now,
    end: s.now + outcome.duration,
    timeoutAt: s.now + s.fn.Timeout,
    // Exact-size copies for the history ring (a batch grown by pushes has room for 16).
    messages: p.batch.slice(),
    receipts: p.receipts.slice(),
    result: outcome.result,
    // Kept for the history ring: one shared empty list rather than two per invocation.
    reportedFailures: outcome.reportedFailures.length === 0 ? NONE : outcome.reportedFailures,
    reportedIdentifiers:
      outcome.reportedIdentifiers.length === 0 ? NONE : outcome.reportedIdentifiers,
    ids,
    trigger,
    attempt,
  };
  s.running.set(n, inv);
  s.history.push(inv);
  trimRing(s.history, s.historyLimit);
  s.invocationCount++;
  s.second.invocations++;
  p.phase = 'invoking';
  p.invocation = n;
  p.gen++;
  count(s.metrics, 'Invocations', s.now);
  count(s.metrics, 'InvokedEventCount', s.now, items.length);
  schedule(s.queue, inv.end, { kind: 'invocationEnd', n });
}

/**
 * throttleInvocation (MET, SQS-E): no concurrency is free, so the invoke fails
 * with 429 before reaching the function: a `throttled` attempt (start = end),
 * not a delivery. Lambda retries after 1 s, 2 s, 4 s … while the messages are
 * still invisible; once a retry would fall after their visibility timeout it
 * gives up and the messages reappear (the next receive raises their count).
 */
export function throttleInvocation(
  s: QState,
  p: Poller,
  n: number,
  ids: readonly RecordId[],
  trigger: BatchTrigger,
): void {
  const inv: QInvocation = {
    n,
    slot: p.slot,
    start: s.now,
    end: s.now,
    timeoutAt: s.now,
    messages: p.batch.slice(),
    receipts: p.receipts.slice(),
    result: 'throttled',
    reportedFailures: [],
    reportedIdentifiers: [],
    ids,
    trigger,
    attempt: p.attempt,
  };
  s.history.push(inv);
  trimRing(s.history, s.historyLimit);
  s.throttleCount++;
  s.second.throttles++;
  count(s.metrics, 'Throttles', s.now);
  logEvent(s, {
    kind: 'invocationResult',
    invocation: n,
    shardId: null,
    result: 'throttled',
    recordIds: ids,
    reportedFailures: [],
  });
  p.attempt++;
  const retryAt = s.now + THROTTLE_RETRY_BASE_SECONDS * 2 ** (p.attempt - 1);
  let visibleAt = Infinity;
  for (let i = 0; i < p.batch.length; i++) {
    const m = p.batch[i]!;
    if (m.place === IN_FLIGHT && m.receiveCount === p.receipts[i]) {
      visibleAt = Math.min(visibleAt, m.visibleAt);
    }
  }
  if (retryAt >= visibleAt || visibleAt === Infinity) {
    releasePoller(s, p);
    return;
  }
  p.phase = 'backoff';
  p.gen++;
  schedule(s.queue, retryAt, { kind: 'throttleRetry', slot: p.slot, gen: p.gen });
  logEvent(s, {
    kind: 'retryScheduled',
    shardId: null,
    recordIds: ids,
    attempt: p.attempt,
    maxAttempts: -1,
    retryAt,
    reason: 'throttled',
  });
}

/** whenQueueBatchSucceeds: Lambda deletes every message of the batch (GH22, SQS-C). */
export function whenQueueBatchSucceeds(s: QState, inv: QInvocation): void {
  deleteProcessed(s, inv, null);
}

function deleteProcessed(s: QState, inv: QInvocation, keep: ReadonlySet<string> | null): void {
  let ids: RecordId[] = [];
  for (const m of inv.messages) {
    if (keep !== null && keep.has(m.messageId)) continue;
    if (deleteMessage(s, m, 'succeeded')) ids.push(m.id);
  }
  // The usual case, the whole batch deleted: the event shares the invocation's id list.
  if (ids.length === inv.ids.length) ids = inv.ids as RecordId[];
  if (ids.length > 0) {
    count(s.metrics, 'DeletedEventCount', s.now, ids.length);
    count(s.metrics, 'NumberOfMessagesDeleted', s.now, ids.length);
    logStamped(s, { kind: 'messagesDeleted', recordIds: ids, t: s.now, seq: s.nextSeq++ });
  }
}

/**
 * whenQueueBatchFails (SQS-E): after a function error, timeout or invalid
 * partial response the whole batch, good messages too, stays invisible until
 * its visibility timeout runs out. Function errors (not with
 * ReportBatchItemFailures on) make the fleet back off.
 */
export function whenQueueBatchFails(s: QState, inv: QInvocation): void {
  count(s.metrics, 'FailedInvokeEventCount', s.now, inv.messages.length);
  if (inv.result === 'functionError' || inv.result === 'timeout') {
    s.errorCount++;
    count(s.metrics, 'Errors', s.now);
  }
  if (!honoursPartial(s)) s.second.failed++;
}

/**
 * applyPartialBatchResponse (GH22, SQS-E): only the listed messages return
 * (after their visibility timeout); the rest are deleted. An empty list is a
 * complete success; an empty identifier or a messageId not in the batch makes
 * the whole response invalid: a complete failure. Returns whether it was honoured.
 */
export function applyPartialBatchResponse(
  s: QState,
  inv: QInvocation,
  identifiers: readonly string[],
): boolean {
  const inBatch = new Set(inv.messages.map((m) => m.messageId));
  if (identifiers.some((id) => id === '' || !inBatch.has(id))) {
    whenQueueBatchFails(s, inv);
    return false;
  }
  if (identifiers.length === 0) {
    whenQueueBatchSucceeds(s, inv);
    return true;
  }
  count(s.metrics, 'FailedInvokeEventCount', s.now, identifiers.length);
  deleteProcessed(s, inv, new Set(identifiers));
  return true;
}

/** An invocation finished: apply its result, log it, and free the poller. */
export function whenInvocationEnds(s: QState, n: number): void {
  const inv = s.running.get(n);
  if (inv === undefined) return;
  s.running.delete(n);
  switch (inv.result) {
    case 'success':
      whenQueueBatchSucceeds(s, inv);
      break;
    case 'partialFailure':
      if (!applyPartialBatchResponse(s, inv, inv.reportedIdentifiers)) {
        inv.result = 'invalidResponse';
      }
      break;
    case 'functionError':
    case 'timeout':
    case 'invalidResponse':
    case 'throttled':
      whenQueueBatchFails(s, inv);
      break;
  }
  max(s.metrics, 'Duration', s.now, Math.round((inv.end - inv.start) * 1000));
  logStamped(s, {
    kind: 'invocationResult',
    invocation: n,
    shardId: null,
    result: inv.result,
    recordIds: inv.ids,
    reportedFailures: inv.reportedFailures,
    t: s.now,
    seq: s.nextSeq++,
  });
  const p = s.pollers[inv.slot];
  if (p !== undefined && p.invocation === n) releasePoller(s, p);
}
