/**
 * Invoking the function with a poller's batch and what Lambda does with the
 * result (esm-semantics.md §3, §4, §5): delete on success, leave the batch to
 * its visibility timeout on failure, honour a partial batch response, and
 * retry throttled invokes with backoff until the messages' visibility runs out.
 */
import { ACCOUNT_CONCURRENCY } from '../aws';
import { scheduleTyped } from '../typedEvents';
import {
  evaluateInvocationInto,
  type BatchItem,
  type InvocationInput,
  type MutableInvocationOutcome,
} from '../function';
import { countNow, maxNow, QM } from './counters';
import type { BatchTrigger, RecordId } from '../types';
import { entry, idsOf, indexOf, pushInvocation, setResult } from './history';
import { messageIdOf } from './payload';
import { deleteMessage } from './receive';
import {
  ALO_DUPLICATE,
  EV_BATCH_SENT,
  EV_DELETED,
  EV_RESULT,
  GONE,
  idOf,
  IN_FLIGHT,
  isRunning,
  logCompact,
  logEvent,
  QE,
  QST,
  RECEIVED,
  RESULTS,
  type Poller,
  type QState,
} from './state';

/** Throttled invokes are retried after 1 s, then 2 s, 4 s … (AWS publishes no schedule). */
export const THROTTLE_RETRY_BASE_SECONDS = 1;

const NONE: readonly number[] = Object.freeze([]);

const honoursPartial = (s: QState): boolean =>
  s.mapping.FunctionResponseTypes.includes('ReportBatchItemFailures');

/** Concurrent executions the function may have: ReservedConcurrentExecutions or the account's quota. */
export function concurrencyLimit(s: QState): number {
  const reserved = s.fn.ReservedConcurrentExecutions;
  return reserved === null ? ACCOUNT_CONCURRENCY : Math.min(reserved, ACCOUNT_CONCURRENCY);
}

/** The poller is done with its batch: it waits for messages again, its next window opening now. */
export function releasePoller(s: QState, p: Poller): void {
  const holders = s.m.holders;
  for (let i = 0; i < p.count; i++) holders[p.batch[i]!]!--;
  p.count = 0;
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
function pruneBatch(s: QState, p: Poller): void {
  const m = s.m;
  let w = 0;
  for (let i = 0; i < p.count; i++) {
    const r = p.batch[i]!;
    const keep =
      m.place[r] !== GONE && (p.flags[i] === ALO_DUPLICATE || m.receives[r] === p.receipts[i]);
    if (keep) {
      p.batch[w] = r;
      p.receipts[w] = p.receipts[i]!;
      p.flags[w] = p.flags[i]!;
      w++;
    } else {
      m.holders[r]!--;
      p.bytes -= m.bytes[r]!;
    }
  }
  p.count = w;
}

/** One item that cannot fail on this delivery: only the batch's length is read. */
const CLEAN_ITEM: BatchItem = {
  id: '' as RecordId,
  itemIdentifier: '',
  failDeliveries: 0,
  failAs: 'error',
  deliveryNumber: 1,
};
/** Arrays of CLEAN_ITEM by length (never written). */
const CLEAN_BATCHES: BatchItem[][] = [];

function cleanBatch(len: number): BatchItem[] {
  let items = CLEAN_BATCHES[len];
  if (items === undefined) {
    items = new Array<BatchItem>(len).fill(CLEAN_ITEM);
    if (len <= 10_000) CLEAN_BATCHES[len] = items;
  }
  return items;
}

/** "0", "1", … made once: the names of batch positions. */
const POSITION_NAMES: string[] = [];

function positionName(k: number): string {
  while (POSITION_NAMES.length <= k) POSITION_NAMES.push(String(POSITION_NAMES.length));
  return POSITION_NAMES[k]!;
}

type MutableItem = { -readonly [K in keyof BatchItem]: BatchItem[K] };

/**
 * Arrays of item objects by length, overwritten by each failing batch of that
 * length: the function reads them during the call and keeps none (its outcome
 * holds the listed ids, which are position names), and invocations never nest.
 */
const ITEM_BATCHES: MutableItem[][] = [];

function itemBatch(len: number): MutableItem[] {
  let items = ITEM_BATCHES[len];
  if (items === undefined) {
    items = Array.from({ length: len }, () => ({ ...CLEAN_ITEM }));
    if (len <= 10_000) ITEM_BATCHES[len] = items;
  }
  return items;
}

/**
 * The function's view of the batch. Items are named by their position in the
 * batch (id and itemIdentifier), so what the function lists maps back to rows;
 * a batch in which no message can fail on this delivery is a shared array, and
 * any other reuses the item objects of the last failing batch of its length.
 */
function batchItems(s: QState, p: Poller): BatchItem[] {
  const m = s.m;
  let failing = false;
  for (let i = 0; i < p.count; i++) {
    const r = p.batch[i]!;
    const fail = m.fail[r]!;
    if (fail === -1 || m.deliveries[r]! <= fail) {
      failing = true;
      break;
    }
  }
  if (!failing) return cleanBatch(p.count);
  const items = itemBatch(p.count);
  for (let k = 0; k < p.count; k++) {
    const r = p.batch[k]!;
    const position = positionName(k);
    const item = items[k]!;
    item.id = position as RecordId;
    item.itemIdentifier = position;
    item.failDeliveries = m.fail[r]!;
    item.failAs = m.timeout[r] === 1 ? 'timeout' : 'error';
    item.deliveryNumber = m.deliveries[r]!;
  }
  return items;
}

const NO_ITEMS: BatchItem[] = [];
/** The function's input, reused (invocations never nest). */
const INPUT: { -readonly [K in keyof InvocationInput]: InvocationInput[K] } = {
  fn: null as unknown as InvocationInput['fn'],
  reportBatchItemFailures: false,
  fifo: false,
  items: NO_ITEMS,
  forcedError: false,
};

const NONE_IDS: readonly RecordId[] = Object.freeze([]);
/** The function's outcome, reused (evaluateInvocationInto writes every field). */
const OUTCOME: MutableInvocationOutcome = {
  result: 'success',
  duration: 0,
  reportedFailures: NONE_IDS,
  reportedIdentifiers: NONE_IDS,
  functionError: null,
};

/**
 * Invokes the function with poller p's batch (synchronously, as every ESM
 * does). An invoke beyond the function's concurrency is throttled instead.
 */
export function invokeBatch(s: QState, p: Poller, trigger: BatchTrigger): void {
  if (trigger === 'retry') pruneBatch(s, p);
  if (p.count === 0) {
    releasePoller(s, p);
    return;
  }
  const n = s.nextInvocation++;
  logCompact(s, EV_BATCH_SENT, n);
  if (s.running >= concurrencyLimit(s)) {
    throttleInvocation(s, p, n, trigger);
    return;
  }

  const m = s.m;
  const len = p.count;
  for (let i = 0; i < len; i++) {
    const r = p.batch[i]!;
    m.deliveries[r]!++;
    m.invocation[r] = n;
    const flag = p.flags[i]!;
    if (flag !== RECEIVED) {
      s.duplicateCount++;
      countNow(s, QM.DuplicateDeliveries);
      logEvent(s, {
        kind: 'duplicateDelivery',
        recordId: idOf(s, r),
        invocation: n,
        cause: flag === ALO_DUPLICATE ? 'atLeastOnce' : 'visibilityTimeout',
      });
    }
  }
  const forcedError = s.failNext > 0;
  if (forcedError) s.failNext--;
  const input = INPUT;
  input.fn = s.fn;
  input.reportBatchItemFailures = honoursPartial(s);
  input.fifo = s.fifo;
  input.items = batchItems(s, p);
  input.forcedError = forcedError;
  const outcome = OUTCOME;
  evaluateInvocationInto(input, s.rng, outcome);
  input.items = NO_ITEMS;
  const listed = outcome.reportedFailures;
  const reported = listed.length === 0 ? NONE : listed.map((k) => p.batch[Number(k)]!);
  // (pushInvocation computes the same end: a number passed to it would be boxed.)
  const end = s.now + outcome.duration;
  pushInvocation(s, n, p, reported, outcome, trigger);
  // (Drops the outcome's lists: the next invocation overwrites every field.)
  outcome.reportedFailures = NONE_IDS;
  outcome.reportedIdentifiers = NONE_IDS;
  s.running++;
  s.invocationCount++;
  s.second.invocations++;
  p.phase = 'invoking';
  p.invocation = n;
  p.gen++;
  countNow(s, QM.Invocations);
  countNow(s, QM.InvokedEventCount, len);
  scheduleTyped(s.queue, end, QE.invocationEnd, n);
}

/**
 * throttleInvocation (MET, SQS-E): no concurrency is free, so the invoke fails
 * with 429 before reaching the function: a `throttled` attempt (start = end),
 * not a delivery. Lambda retries after 1 s, 2 s, 4 s … while the messages are
 * still invisible; once a retry would fall after their visibility timeout it
 * gives up and the messages reappear (the next receive raises their count).
 */
export function throttleInvocation(s: QState, p: Poller, n: number, trigger: BatchTrigger): void {
  pushInvocation(s, n, p, NONE, null, trigger);
  s.throttleCount++;
  s.second.throttles++;
  countNow(s, QM.Throttles);
  logCompact(s, EV_RESULT, n);
  p.attempt++;
  const retryAt = s.now + THROTTLE_RETRY_BASE_SECONDS * 2 ** (p.attempt - 1);
  const m = s.m;
  let visibleAt = Infinity;
  for (let i = 0; i < p.count; i++) {
    const r = p.batch[i]!;
    if (m.place[r] === IN_FLIGHT && m.receives[r] === p.receipts[i]) {
      visibleAt = Math.min(visibleAt, m.visibleAt[r]!);
    }
  }
  if (retryAt >= visibleAt || visibleAt === Infinity) {
    releasePoller(s, p);
    return;
  }
  p.phase = 'backoff';
  p.gen++;
  scheduleTyped(s.queue, retryAt, QE.throttleRetry, p.slot, p.gen);
  logEvent(s, {
    kind: 'retryScheduled',
    shardId: null,
    recordIds: Array.from(p.batch.subarray(0, p.count), (r) => idOf(s, r)),
    attempt: p.attempt,
    maxAttempts: -1,
    retryAt,
    reason: 'throttled',
  });
}

/** Positions deleted by the last deleteProcessed (reused: no array per invocation). */
const DELETED: number[] = [];
let deletedCount = 0;

/**
 * Deletes the batch of invocation n (Lambda's DeleteMessage), except the
 * messages (rows) in `keep` (a partial batch response's listed messages).
 */
function deleteProcessed(s: QState, n: number, keep: ReadonlySet<number> | null): void {
  const h = s.history;
  const i = indexOf(h, n);
  const p = h.at[i]!;
  const len = h.len[i]!;
  deletedCount = 0;
  for (let j = 0; j < len; j++) {
    const r = h.pool[p + j]!;
    if (keep !== null && keep.has(r)) continue;
    if (deleteMessage(s, r, QST.succeeded)) DELETED[deletedCount++] = j;
  }
  const deleted = deletedCount;
  if (deleted === 0) return;
  countNow(s, QM.DeletedEventCount, deleted);
  countNow(s, QM.NumberOfMessagesDeleted, deleted);
  // The usual case, the whole batch deleted: the event is rebuilt from the invocation.
  if (deleted === len) logCompact(s, EV_DELETED, n);
  else {
    const pool = h.pool;
    logEvent(s, {
      kind: 'messagesDeleted',
      recordIds: DELETED.slice(0, deleted).map((j) => idOf(s, pool[p + j]!)),
    });
  }
}

/** whenQueueBatchSucceeds: Lambda deletes every message of the batch (GH22, SQS-C). */
export function whenQueueBatchSucceeds(s: QState, n: number): void {
  deleteProcessed(s, n, null);
}

/**
 * whenQueueBatchFails (SQS-E): after a function error, timeout or invalid
 * partial response the whole batch, good messages too, stays invisible until
 * its visibility timeout runs out. Function errors (not with
 * ReportBatchItemFailures on) make the fleet back off.
 */
export function whenQueueBatchFails(s: QState, n: number): void {
  const h = s.history;
  const i = indexOf(h, n);
  countNow(s, QM.FailedInvokeEventCount, h.len[i]!);
  const result = RESULTS[h.result[i]!];
  if (result === 'functionError' || result === 'timeout') {
    s.errorCount++;
    countNow(s, QM.Errors);
  }
  if (!honoursPartial(s)) s.second.failed++;
}

/**
 * applyPartialBatchResponse (GH22, SQS-E): only the listed messages (rows)
 * return after their visibility timeout; the rest are deleted. null = a
 * malformed list (an empty identifier, or a messageId not in the batch): a
 * complete failure. An empty list is a complete success. Returns whether the
 * response was honoured.
 */
function applyPartialResponse(s: QState, n: number, listed: ReadonlySet<number> | null): boolean {
  if (listed === null) {
    whenQueueBatchFails(s, n);
    return false;
  }
  if (listed.size === 0) {
    whenQueueBatchSucceeds(s, n);
    return true;
  }
  // FailedInvokeEventCount counts the listed identifiers, as the function returned them.
  countNow(s, QM.FailedInvokeEventCount, s.history.reported[indexOf(s.history, n)]!);
  deleteProcessed(s, n, listed);
  return true;
}

/**
 * A partial batch response given as messageIds (as a function returns it):
 * an empty identifier or one not in invocation n's batch makes it invalid.
 */
export function applyPartialBatchResponse(
  s: QState,
  n: number,
  identifiers: readonly string[],
): boolean {
  const h = s.history;
  const e = entry(h, n);
  const rows = new Map<string, number>();
  for (let j = 0; j < e.len; j++) {
    const r = h.pool[e.p + j]!;
    rows.set(messageIdOf(s, r), r);
  }
  const listed = new Set<number>();
  for (const id of identifiers) {
    const r = id === '' ? undefined : rows.get(id);
    if (r === undefined) return applyPartialResponse(s, n, null);
    listed.add(r);
  }
  if (identifiers.length === 0) return applyPartialResponse(s, n, listed);
  const honoured = applyPartialResponseCounting(s, n, listed, identifiers.length);
  return honoured;
}

/** applyPartialResponse with the count of identifiers given (FailedInvokeEventCount). */
function applyPartialResponseCounting(
  s: QState,
  n: number,
  listed: ReadonlySet<number>,
  identifiers: number,
): boolean {
  countNow(s, QM.FailedInvokeEventCount, identifiers);
  deleteProcessed(s, n, listed);
  return true;
}

/** The rows invocation n's function listed in batchItemFailures. */
function listedRows(s: QState, n: number): Set<number> {
  const h = s.history;
  const e = entry(h, n);
  const out = new Set<number>();
  for (let k = 0; k < e.reported; k++) out.add(h.pool[e.p + e.len + k]!);
  return out;
}

/** An invocation finished: apply its result, log it, and free the poller. */
export function whenInvocationEnds(s: QState, n: number): void {
  const h = s.history;
  const i = indexOf(h, n);
  const slot = h.slot[i]!;
  if (!isRunning(s, n, slot)) return;
  s.running--;
  switch (RESULTS[h.result[i]!]) {
    case 'success':
      whenQueueBatchSucceeds(s, n);
      break;
    case 'partialFailure':
      if (!applyPartialResponse(s, n, listedRows(s, n))) setResult(h, n, 'invalidResponse');
      break;
    case 'functionError':
    case 'timeout':
    case 'invalidResponse':
    case 'throttled':
      whenQueueBatchFails(s, n);
      break;
  }
  maxNow(s, QM.Duration, Math.round((h.end[i]! - h.start[i]!) * 1000));
  logCompact(s, EV_RESULT, n);
  releasePoller(s, s.pollers[slot]!);
}

/** Ids of invocation n's batch (for tests and rare events). */
export function batchIds(s: QState, n: number): RecordId[] {
  return idsOf(s, entry(s.history, n));
}
