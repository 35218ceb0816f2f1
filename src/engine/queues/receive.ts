/**
 * Sending and receiving: how messages enter the queue (with FIFO
 * deduplication), how a poller's ReceiveMessage calls take them, and how SQS
 * itself moves them (visibility timeout expiry, redrive to the DLQ, retention).
 * AWS rules: esm-semantics.md §3 (standard) and §4 (FIFO).
 */
import { MAX_PAYLOAD_BYTES } from '../aws';
import { matchesFilter } from '../filter';
import { count } from '../metrics';
import { chance } from '../rng';
import { firstIndexWhere } from '../search';
import { sha256Hex } from '../sha256';
import type { RecordId, RecordSpec, StageMessage } from '../types';
import {
  filterableRecord,
  generatedBody,
  MESSAGE_OVERHEAD_BYTES,
  messageIdFor,
  sequenceNumberFor,
} from './payload';
import { utf8Length } from '../encoding';
import {
  ALO_DUPLICATE,
  DLQ_RECENT,
  finishRecord,
  GONE,
  IN_FLIGHT,
  logEvent,
  logStamped,
  oldestLive,
  RECEIVED,
  trimRing,
  VISIBLE,
  VT_DUPLICATE,
  type FifoGroup,
  type Poller,
  type QMessage,
  type QState,
} from './state';
import { schedule } from '../eventQueue';

/** SQS's ReceiveMessage returns at most 10 messages per call (SQSDG). */
export const MAX_MESSAGES_PER_RECEIVE = 10;
/** FIFO deduplication interval: a MessageDeduplicationId is remembered for 5 minutes (SQSDG). */
export const DEDUPLICATION_INTERVAL_SECONDS = 300;

// ---------------------------------------------------------------------------
// Small heaps (plain arrays) ordered by message idx: oldest first.
// ---------------------------------------------------------------------------

function heapPush<T extends { idx: number }>(h: T[], item: T): void {
  h.push(item);
  let i = h.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = h[parent]!;
    if (p.idx <= item.idx) break;
    h[i] = p;
    i = parent;
  }
  h[i] = item;
}

function heapPop<T extends { idx: number }>(h: T[]): T | undefined {
  const top = h[0];
  if (top === undefined) return undefined;
  const last = h.pop()!;
  const n = h.length;
  if (n > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && h[r]!.idx < h[l]!.idx ? r : l;
      if (h[c]!.idx >= last.idx) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
  return top;
}

// ---------------------------------------------------------------------------
// FIFO groups
// ---------------------------------------------------------------------------

function groupOf(s: QState, key: string): FifoGroup {
  let g = s.groups.get(key);
  if (g === undefined) {
    g = { id: key, msgs: [], head: 0, inFlight: 0 };
    s.groups.set(key, g);
  }
  return g;
}

/** Live messages of a group (visible + in flight). */
export const groupSize = (g: FifoGroup): number => g.msgs.length - g.head;

function removeFromGroup(g: FifoGroup, m: QMessage): void {
  if (g.msgs[g.head] === m) {
    g.head++;
    if (g.head > 64 && g.head * 2 > g.msgs.length) {
      g.msgs = g.msgs.slice(g.head);
      g.head = 0;
    }
  } else {
    const i = g.msgs.indexOf(m, g.head);
    if (i >= 0) g.msgs.splice(i, 1);
  }
}

/** After a group's lock may have been released: make it receivable again, or forget it if empty. */
function settleGroup(s: QState, g: FifoGroup): void {
  if (g.inFlight > 0) return;
  const head = g.msgs[g.head];
  if (head === undefined) s.groups.delete(g.id);
  else heapPush(s.readyGroups, { idx: head.idx, group: g.id });
}

// ---------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------

/**
 * deduplicateFifoSend (SQSDG FIFO key terms): a send whose deduplication id was
 * seen in the last 5 minutes is accepted but not delivered. Returns the record
 * it duplicates, or null. Expired ids are forgotten here (the map stays bounded).
 */
export function deduplicateFifoSend(
  s: QState,
  dedupId: string,
  id: RecordId,
  at: number,
): RecordId | null {
  const cutoff = at - DEDUPLICATION_INTERVAL_SECONDS;
  while (s.dedupHead < s.dedupKeys.length && s.dedupTimes[s.dedupHead]! <= cutoff) {
    const key = s.dedupKeys[s.dedupHead]!;
    // Only the entry remembered at that time: the id may have been remembered again since.
    if (s.dedup.get(key)?.at === s.dedupTimes[s.dedupHead]) s.dedup.delete(key);
    s.dedupHead++;
  }
  if (s.dedupHead > 1024 && s.dedupHead * 2 > s.dedupKeys.length) {
    s.dedupKeys = s.dedupKeys.slice(s.dedupHead);
    s.dedupTimes = s.dedupTimes.slice(s.dedupHead);
    s.dedupHead = 0;
  }
  const seen = s.dedup.get(dedupId);
  if (seen !== undefined) return seen.id;
  s.dedup.set(dedupId, { id, at });
  s.dedupKeys.push(dedupId);
  s.dedupTimes.push(at);
  return null;
}

/**
 * The deduplication id of a FIFO send: the explicit MessageDeduplicationId,
 * else (ContentBasedDeduplication) the SHA-256 of the body, else the record id.
 * AWS rejects a send with neither; the validator does too, and the engine falls
 * back to the record id so it never crashes.
 */
export function dedupIdFor(s: QState, r: RecordSpec): string {
  if (r.MessageDeduplicationId !== null) return r.MessageDeduplicationId;
  if (s.source.ContentBasedDeduplication) return sha256Hex(r.body ?? generatedBody(r.id));
  return r.id;
}

/** SendMessage: the record enters the queue, visible at once (no delay queues). */
export function sendMessage(s: QState, r: RecordSpec, sentAt: number): QMessage | null {
  s.recordsPut++;
  count(s.metrics, 'RecordsPut', s.now);
  // Every send gets a put-order index, deduplicated ones too (the report lists records in put order).
  const idx = s.nextIdx++;
  let dedupId = '';
  if (s.fifo) {
    dedupId = dedupIdFor(s, r);
    const duplicateOf = deduplicateFifoSend(s, dedupId, r.id, sentAt);
    if (duplicateOf !== null) {
      const ghost = newMessage(s, r, sentAt, idx, '', dedupId);
      ghost.place = GONE;
      logEvent(s, { kind: 'deduplicated', recordId: r.id, duplicateOf });
      finishRecord(s, ghost, 'skipped');
      return null;
    }
  }
  const seq = s.fifo ? sequenceNumberFor(++s.nextSequence) : '';
  const m = newMessage(s, r, sentAt, idx, seq, dedupId);
  s.liveCount++;
  s.sendOrder.push(m);
  s.visibleCount++;
  if (s.fifo) {
    const g = groupOf(s, m.key);
    g.msgs.push(m);
    if (g.inFlight === 0 && groupSize(g) === 1) heapPush(s.readyGroups, { idx, group: g.id });
  } else {
    heapPush(s.visibleHeap, m);
  }
  logStamped(s, {
    kind: 'recordPut',
    recordId: m.id,
    key: m.key,
    shardId: null,
    sequenceNumber: s.fifo ? seq : m.messageId,
    t: s.now,
    seq: s.nextSeq++,
  });
  return m;
}

/** Whether JSON.stringify would escape something in the text (quotes, backslash, control characters). */
function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

/** UTF-8 size of the record's body; a generated body's size is computed without building it. */
function bodyBytes(r: RecordSpec): number {
  if (r.body !== null) return utf8Length(r.body);
  // generatedBody(id) is {"recordId":"<id>"}: 15 bytes of JSON around the id.
  return needsEscape(r.id) ? utf8Length(generatedBody(r.id)) : 15 + utf8Length(r.id);
}

function newMessage(
  s: QState,
  r: RecordSpec,
  sentAt: number,
  idx: number,
  seq: string,
  dedupId: string,
): QMessage {
  return {
    idx,
    id: r.id,
    key: r.key,
    body: r.body,
    bytes: bodyBytes(r) + MESSAGE_OVERHEAD_BYTES,
    messageId: messageIdFor(s.scenario.seed, idx),
    sequenceNumber: seq,
    dedupId,
    sentAt,
    failDeliveries: r.failDeliveries,
    failAs: r.failAs,
    place: VISIBLE,
    receiveCount: 0,
    firstReceiveAt: null,
    visibleAt: 0,
    deliveries: 0,
    holders: 0,
    invocation: null,
    status: 'pending',
  };
}

// ---------------------------------------------------------------------------
// SQS moving messages on its own
// ---------------------------------------------------------------------------

/**
 * makeVisibleAgain: the visibility timeout of a receive ran out before Lambda
 * deleted the message, so SQS shows it again (SQS-E). The receive is entries
 * [from, to) of the visibility deadlines; receipts identify it: a message
 * received again since then has its own, later timeout.
 */
export function makeVisibleAgain(s: QState, from: number, to: number): void {
  // Made only when something expires: most receives were deleted long before.
  let ids: RecordId[] | null = null;
  for (let i = from; i < to; i++) {
    const m = s.dueMsgs[i]!;
    if (m.place !== IN_FLIGHT || m.receiveCount !== s.dueReceipts[i]) continue;
    m.place = VISIBLE;
    s.inFlightCount--;
    s.visibleCount++;
    (ids ??= []).push(m.id);
    if (s.fifo) {
      const g = groupOf(s, m.key);
      g.inFlight--;
      settleGroup(s, g);
    } else {
      heapPush(s.visibleHeap, m);
    }
  }
  if (ids !== null) logEvent(s, { kind: 'visibilityTimeoutExpired', recordIds: ids });
}

/** The StageMessage the UI draws for a message. */
export function stageMessage(m: QMessage): StageMessage {
  return {
    id: m.id,
    messageId: m.messageId,
    group: m.sequenceNumber === '' ? '' : m.key,
    sentAt: m.sentAt,
    receiveCount: m.receiveCount,
    visibleAt: m.place === IN_FLIGHT ? m.visibleAt : null,
    invocation: m.invocation,
    poison: m.failDeliveries === -1,
  };
}

/**
 * moveToDeadLetterQueue (SQSDG redrive): a visible message whose receive count
 * already reached maxReceiveCount is moved to the DLQ instead of being received
 * again. It keeps its messageId and body (esm-semantics.md §11).
 */
export function moveToDeadLetterQueue(s: QState, m: QMessage): void {
  s.visibleCount--;
  if (s.fifo) removeFromGroup(groupOf(s, m.key), m);
  s.dlqCount++;
  s.dlq.push({ id: m.id, receiveCount: m.receiveCount, at: s.now, messageId: m.messageId });
  trimRing(s.dlq, s.historyLimit);
  s.dlqRecent.push(stageMessage(m));
  if (s.dlqRecent.length > DLQ_RECENT) s.dlqRecent.shift();
  logEvent(s, { kind: 'movedToDlq', recordId: m.id, receiveCount: m.receiveCount });
  finishRecord(s, m, 'movedToDlq');
}

/**
 * expireByRetention: SQS deletes messages older than MessageRetentionPeriod
 * (counted from SentTimestamp), visible or in flight. Live messages are kept in
 * send order, so only the oldest few are looked at.
 */
export function expireByRetention(s: QState): void {
  const limit = s.now - s.source.MessageRetentionPeriod;
  // Runs before every receive: the list is made only when something expires.
  let ids: RecordId[] | null = null;
  for (let m = oldestLive(s); m !== undefined && m.sentAt <= limit; m = oldestLive(s)) {
    if (m.place === VISIBLE) s.visibleCount--;
    else if (m.place === IN_FLIGHT) s.inFlightCount--;
    if (s.fifo) {
      const g = groupOf(s, m.key);
      if (m.place === IN_FLIGHT) g.inFlight--;
      removeFromGroup(g, m);
      settleGroup(s, g);
    }
    (ids ??= []).push(m.id);
    finishRecord(s, m, 'expired');
  }
  if (ids !== null) logEvent(s, { kind: 'expired', recordIds: ids });
}

/**
 * Lambda's DeleteMessage after processing (success, the unlisted part of a
 * partial batch response, or a filtered-out message). Modelling choice: a
 * delete with an older receipt handle still deletes the message, even if it was
 * received again since; a later result for a deleted message changes nothing.
 */
export function deleteMessage(s: QState, m: QMessage, status: 'succeeded' | 'filtered'): boolean {
  if (m.place === GONE) return false;
  if (m.place === IN_FLIGHT) s.inFlightCount--;
  else s.visibleCount--;
  if (s.fifo) {
    const g = groupOf(s, m.key);
    if (m.place === IN_FLIGHT) g.inFlight--;
    removeFromGroup(g, m);
    settleGroup(s, g);
  }
  if (status === 'succeeded') s.deleted++;
  finishRecord(s, m, status);
  return true;
}

// ---------------------------------------------------------------------------
// Receiving
// ---------------------------------------------------------------------------

/** The most messages one batch may hold: BatchSize (at least 1), at most 10 on FIFO. */
export function batchLimit(s: QState): number {
  const size = Math.max(1, Math.floor(s.mapping.BatchSize) || 1);
  return s.fifo ? Math.min(10, size) : size;
}

/** Whether a ReceiveMessage call could return something now. */
export function receivable(s: QState): boolean {
  return s.fifo ? s.readyGroups.length > 0 : s.visibleCount > 0;
}

/** FilterCriteria (FILT): does Lambda keep this message? Non-matching SQS messages are deleted. */
export function passesFilterCriteria(s: QState, m: QMessage): boolean {
  const criteria = s.mapping.FilterCriteria;
  if (criteria === null || criteria.Filters.length === 0) return true;
  return matchesFilter(criteria, filterableRecord(m, s.fifo));
}

/** What one ReceiveMessage call has done so far. */
interface ReceiveTally {
  /** Messages that joined the batch. */
  got: number;
  /** Messages received (PolledEventCount), filtered ones included. */
  polled: number;
  filtered: RecordId[] | null;
  payloadFull: boolean;
}

/**
 * One received message: invisible until now + VisibilityTimeout, its receive
 * count up; then filtered out (deleted) or added to p's batch and to the
 * visibility deadlines. False when the 6 MB cap is reached before m.
 */
function takeMessage(s: QState, p: Poller, m: QMessage, tally: ReceiveTally): boolean {
  if (p.batch.length > 0 && p.bytes + m.bytes > MAX_PAYLOAD_BYTES) {
    tally.payloadFull = true;
    return false;
  }
  s.visibleCount--;
  m.place = IN_FLIGHT;
  m.receiveCount++;
  if (m.firstReceiveAt === null) m.firstReceiveAt = s.now;
  m.visibleAt = s.now + s.source.VisibilityTimeout;
  s.inFlightCount++;
  if (s.fifo) groupOf(s, m.key).inFlight++;
  tally.polled++;
  if (!passesFilterCriteria(s, m)) {
    deleteMessage(s, m, 'filtered');
    (tally.filtered ??= []).push(m.id);
    return true;
  }
  p.batch.push(m);
  p.receipts.push(m.receiveCount);
  p.flags.push(m.holders > 0 ? VT_DUPLICATE : RECEIVED);
  p.bytes += m.bytes;
  m.holders++;
  s.dueAt.push(m.visibleAt);
  s.dueMsgs.push(m);
  s.dueReceipts.push(m.receiveCount);
  s.dueFirst.push(tally.got === 0 ? 1 : 0);
  tally.got++;
  return true;
}

/**
 * receiveMessages: one ReceiveMessage call by poller `p` (up to 10 messages,
 * and no more than its batch still has room for). Standard queues hand out the
 * oldest visible messages first (a documented simplification); FIFO queues
 * take, oldest group head first, messages of unlocked groups in group order.
 * Each received message becomes invisible until now + VisibilityTimeout and its
 * receive count goes up; one past maxReceiveCount goes to the DLQ instead.
 * Returns how many messages joined the batch; sets p.trigger to payloadFull
 * when the 6 MB cap stopped it.
 */
export function receiveMessages(s: QState, p: Poller): number {
  const room = Math.min(MAX_MESSAGES_PER_RECEIVE, batchLimit(s) - p.batch.length);
  if (room <= 0) return 0;
  const tally: ReceiveTally = { got: 0, polled: 0, filtered: null, payloadFull: false };
  // This receive's messages are appended to the visibility deadlines from here.
  const from = s.dueMsgs.length;
  const maxReceive = s.source.RedrivePolicy?.maxReceiveCount ?? 0;

  if (s.fifo) {
    while (tally.got < room && !tally.payloadFull) {
      const entry = heapPop(s.readyGroups);
      if (entry === undefined) break;
      const g = s.groups.get(entry.group);
      if (g === undefined || g.inFlight > 0) continue;
      const head = g.msgs[g.head];
      if (head === undefined) {
        settleGroup(s, g);
        continue;
      }
      if (head.idx !== entry.idx) {
        heapPush(s.readyGroups, { idx: head.idx, group: g.id });
        continue;
      }
      // Received messages stay at the front of the group; `taken` of them so far.
      let taken = 0;
      while (tally.got < room) {
        const m = g.msgs[g.head + taken];
        if (m === undefined) break;
        if (maxReceive > 0 && m.receiveCount >= maxReceive) {
          moveToDeadLetterQueue(s, m);
          continue;
        }
        if (!takeMessage(s, p, m, tally)) break;
        if (m.place === IN_FLIGHT) taken++;
      }
      settleGroup(s, g);
    }
  } else {
    const h = s.visibleHeap;
    while (tally.got < room && h.length > 0) {
      const m = h[0]!;
      if (m.place !== VISIBLE) {
        heapPop(h);
        continue;
      }
      if (maxReceive > 0 && m.receiveCount >= maxReceive) {
        heapPop(h);
        moveToDeadLetterQueue(s, m);
        continue;
      }
      if (p.batch.length > 0 && p.bytes + m.bytes > MAX_PAYLOAD_BYTES) {
        tally.payloadFull = true;
        break;
      }
      heapPop(h);
      takeMessage(s, p, m, tally);
    }
    // At-least-once delivery: each received message may also go to a second poller.
    const rate = s.source.duplicateDeliveryRate;
    if (rate > 0) {
      for (let i = from; i < s.dueMsgs.length; i++) {
        if (chance(s.rng, rate)) s.pendingDuplicates.push(s.dueMsgs[i]!);
      }
    }
  }

  if (tally.payloadFull) p.trigger = 'payloadFull';
  if (tally.filtered !== null) {
    count(s.metrics, 'FilteredOutEventCount', s.now, tally.filtered.length);
    logEvent(s, { kind: 'filtered', recordIds: tally.filtered });
  }
  if (tally.polled > 0) {
    count(s.metrics, 'PolledEventCount', s.now, tally.polled);
    logStamped(s, {
      kind: 'poll',
      shardId: null,
      polled: tally.polled,
      t: s.now,
      seq: s.nextSeq++,
    });
  }
  if (tally.got > 0) placeVisibilityDeadline(s, from);
  return tally.got;
}

function scheduleVisibility(s: QState): void {
  const next = s.dueAt[s.visibilityHead];
  if (next === undefined) return;
  if (s.visibilityScheduledAt === null || next < s.visibilityScheduledAt) {
    s.visibilityScheduledAt = next;
    schedule(s.queue, next, { kind: 'visibility' });
  }
}

/** Moves entries [from, end) of arr to position `to` (< from). */
function moveBlock<T>(arr: T[], from: number, to: number): void {
  const block = arr.splice(from);
  arr.splice(to, 0, ...block);
}

/**
 * The receive just appended at [from, end) of the visibility deadlines: keeps
 * them in time order (a shorter VisibilityTimeout set live puts it before
 * later deadlines, after equal times) and schedules the earliest.
 */
function placeVisibilityDeadline(s: QState, from: number): void {
  const at = s.dueAt[from]!;
  if (from > s.visibilityHead && s.dueAt[from - 1]! > at) {
    const lo = firstIndexWhere(s.visibilityHead, from, (i) => s.dueAt[i]! > at);
    moveBlock(s.dueAt, from, lo);
    moveBlock(s.dueMsgs, from, lo);
    moveBlock(s.dueReceipts, from, lo);
    moveBlock(s.dueFirst, from, lo);
  }
  scheduleVisibility(s);
}

/** Runs every visibility deadline that is due (makeVisibleAgain for each receive). */
export function visibilityDeadlinesDue(s: QState): void {
  if (s.visibilityScheduledAt !== null && s.visibilityScheduledAt <= s.now) {
    s.visibilityScheduledAt = null;
  }
  const { dueAt, dueFirst } = s;
  while (s.visibilityHead < dueAt.length && dueAt[s.visibilityHead]! <= s.now) {
    const from = s.visibilityHead;
    let to = from + 1;
    while (to < dueAt.length && dueFirst[to] === 0) to++;
    s.visibilityHead = to;
    makeVisibleAgain(s, from, to);
  }
  // Drop the consumed front once it is most of the arrays (amortised O(1) per message).
  const head = s.visibilityHead;
  if (head > 1024 && head * 2 > dueAt.length) {
    s.dueAt = dueAt.slice(head);
    s.dueMsgs = s.dueMsgs.slice(head);
    s.dueReceipts = s.dueReceipts.slice(head);
    s.dueFirst = dueFirst.slice(head);
    s.visibilityHead = 0;
  }
  scheduleVisibility(s);
}

/** Hands waiting at-least-once copies to poller `p` (a separate invocation, no receive). */
export function takeDuplicates(s: QState, p: Poller): void {
  const room = batchLimit(s) - p.batch.length;
  const copies = s.pendingDuplicates.splice(0, Math.max(1, room));
  for (const m of copies) {
    p.batch.push(m);
    p.receipts.push(m.receiveCount);
    p.flags.push(ALO_DUPLICATE);
    p.bytes += m.bytes;
    m.holders++;
  }
}
