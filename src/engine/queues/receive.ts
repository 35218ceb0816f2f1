/**
 * Sending and receiving: how messages enter the queue (with FIFO
 * deduplication), how a poller's ReceiveMessage calls take them, and how SQS
 * itself moves them (visibility timeout expiry, redrive to the DLQ, retention).
 * AWS rules: esm-semantics.md §3 (standard) and §4 (FIFO). Messages are rows
 * of the state's message table (state.ts).
 */
import { MAX_PAYLOAD_BYTES } from '../aws';
import { matchesFilter } from '../filter';
import { countNow, QM } from './counters';
import { chance } from '../rng';
import { firstIndexWhere } from '../search';
import { sha256Hex } from '../sha256';
import type { RecordId, RecordSpec, StageMessage } from '../types';
import { filterableRecord, generatedBody, MESSAGE_OVERHEAD_BYTES, messageIdOf } from './payload';
import { utf8Length } from '../encoding';
import {
  addToBatch,
  ALO_DUPLICATE,
  allocRow,
  DLQ_RECENT,
  EV_MOVED_TO_DLQ,
  EV_POLL,
  EV_RECORD_PUT,
  EV_VISIBILITY_EXPIRED,
  explicitIdCode,
  finishRecord,
  GONE,
  idOf,
  idOfCode,
  IN_FLIGHT,
  internKey,
  keyOf,
  logCompact,
  logEvent,
  logRowList,
  oldestLive,
  PRODUCER_ID_BASE,
  pushSendOrder,
  pushSent,
  QE,
  QST,
  RECEIVED,
  reserveRowList,
  trimRing,
  VISIBLE,
  VT_DUPLICATE,
  type FifoGroup,
  type Poller,
  type QState,
} from './state';
import { reserveOrder, scheduleTyped } from '../typedEvents';

/** SQS's ReceiveMessage returns at most 10 messages per call (SQSDG). */
export const MAX_MESSAGES_PER_RECEIVE = 10;
/** FIFO deduplication interval: a MessageDeduplicationId is remembered for 5 minutes (SQSDG). */
export const DEDUPLICATION_INTERVAL_SECONDS = 300;

// ---------------------------------------------------------------------------
// The visible heap: rows ordered by put order (idx), oldest first.
// ---------------------------------------------------------------------------

function heapPush(h: number[], idx: Int32Array, row: number): void {
  h.push(row);
  let i = h.length - 1;
  const key = idx[row]!;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = h[parent]!;
    if (idx[p]! <= key) break;
    h[i] = p;
    i = parent;
  }
  h[i] = row;
}

function heapPop(h: number[], idx: Int32Array): void {
  const last = h.pop()!;
  const n = h.length;
  if (n === 0) return;
  const key = idx[last]!;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && idx[h[r]!]! < idx[h[l]!]! ? r : l;
    if (idx[h[c]!]! >= key) break;
    h[i] = h[c]!;
    i = c;
  }
  h[i] = last;
}

// FIFO ready groups: a min-heap of { idx, group } by the head message's idx.
type ReadyEntry = { idx: number; group: string };

function readyPush(h: ReadyEntry[], item: ReadyEntry): void {
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

function readyPop(h: ReadyEntry[]): ReadyEntry | undefined {
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

function removeFromGroup(g: FifoGroup, r: number): void {
  if (g.msgs[g.head] === r) {
    g.head++;
    if (g.head > 64 && g.head * 2 > g.msgs.length) {
      g.msgs = g.msgs.slice(g.head);
      g.head = 0;
    }
  } else {
    const i = g.msgs.indexOf(r, g.head);
    if (i >= 0) g.msgs.splice(i, 1);
  }
}

/** After a group's lock may have been released: make it receivable again, or forget it if empty. */
function settleGroup(s: QState, g: FifoGroup): void {
  if (g.inFlight > 0) return;
  const head = g.msgs[g.head];
  if (head === undefined) s.groups.delete(g.id);
  else readyPush(s.readyGroups, { idx: s.m.idx[head]!, group: g.id });
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

/** Whether JSON.stringify would escape something in the text (quotes, backslash, control characters). */
function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

/** Decimal digits of a non-negative integer. */
function digits(n: number): number {
  // Compares with powers of ten (exact doubles up to 1e22): no division per digit.
  let d = 1;
  for (let p = 10; n >= p; p *= 10) d++;
  return d;
}

/** UTF-8 size of a message body; a generated body's size is computed without building it. */
function bodyBytes(s: QState, code: number, body: string | null): number {
  if (body !== null) return utf8Length(body);
  if (code >= 0) {
    // p<index>-<n>: ASCII, nothing to escape. generatedBody(id) is {"recordId":"<id>"}.
    const index = Math.floor(code / PRODUCER_ID_BASE);
    return 15 + 2 + digits(index) + digits(code - index * PRODUCER_ID_BASE);
  }
  const id = idOfCode(s, code);
  return needsEscape(id) ? utf8Length(generatedBody(id)) : 15 + utf8Length(id);
}

/** A message's fields at send (an explicit record, or one a producer generated). */
export interface SendFields {
  /** Id code (state.ts producerIdCode or explicitIdCode). */
  readonly code: number;
  readonly key: number;
  readonly body: string | null;
  readonly failDeliveries: number;
  readonly timeout: boolean;
  /** FIFO: an explicit MessageDeduplicationId, or null. */
  readonly dedupId: string | null;
  /**
   * SentTimestamp (negative = sent before the mapping existed). A field, not
   * an argument: a time passed to a call that is not inlined is a new heap
   * number, once per message.
   */
  readonly sentAt: number;
}

/**
 * The deduplication id of a FIFO send: the explicit MessageDeduplicationId,
 * else (ContentBasedDeduplication) the SHA-256 of the body, else the record id.
 * AWS rejects a send with neither; the validator does too, and the engine falls
 * back to the record id so it never crashes.
 */
function dedupIdFor(s: QState, f: SendFields, id: string): string {
  if (f.dedupId !== null) return f.dedupId;
  if (s.source.ContentBasedDeduplication) return sha256Hex(f.body ?? generatedBody(id));
  return id;
}

/** Writes a message's row (visible, nothing received yet). */
function writeRow(s: QState, f: SendFields, idx: number, seqNo: number): number {
  const m = s.m;
  const unused = m.n;
  const r = allocRow(s);
  m.idx[r] = idx;
  m.code[r] = f.code;
  m.key[r] = f.key;
  m.bytes[r] = bodyBytes(s, f.code, f.body) + MESSAGE_OVERHEAD_BYTES;
  m.sentAt[r] = f.sentAt;
  m.fail[r] = f.failDeliveries;
  m.firstReceiveAt[r] = NaN;
  // A row never used before is all zeros (VISIBLE, pending, nothing received or held): only a
  // reused row is cleared, so the CLI's fresh columns are not written (first writes to fresh
  // memory are what its run pays most for), and seqNo and timeout on a standard queue never are.
  if (r < unused) {
    m.place[r] = VISIBLE;
    m.status[r] = QST.pending;
    m.receives[r] = 0;
    m.visibleAt[r] = 0;
    m.deliveries[r] = 0;
    m.holders[r] = 0;
    m.invocation[r] = 0;
  }
  if (r < unused || seqNo !== 0) m.seqNo[r] = seqNo;
  if (r < unused || f.timeout) m.timeout[r] = f.timeout ? 1 : 0;
  // (A reused row's entries were deleted when it was swept.)
  if (f.body !== null) m.bodies.set(r, f.body);
  return r;
}

/** SendMessage: the message enters the queue, visible at once (no delay queues). Returns its row, or -1 when deduplicated. */
export function sendFields(s: QState, f: SendFields): number {
  s.recordsPut++;
  countNow(s, QM.RecordsPut);
  // Every send gets a put-order index, deduplicated ones too (the report lists records in put order).
  const idx = s.nextIdx++;
  if (s.fifo) {
    const id = idOfCode(s, f.code);
    const dedupId = dedupIdFor(s, f, id);
    const duplicateOf = deduplicateFifoSend(s, dedupId, id as RecordId, f.sentAt);
    if (duplicateOf !== null) {
      const ghost = writeRow(s, f, idx, 0);
      if (dedupId !== id) s.m.dedupIds.set(ghost, dedupId);
      s.m.place[ghost] = GONE;
      logEvent(s, { kind: 'deduplicated', recordId: id as RecordId, duplicateOf });
      finishRecord(s, ghost, QST.skipped);
      return -1;
    }
    const r = writeRow(s, f, idx, ++s.nextSequence);
    if (dedupId !== id) s.m.dedupIds.set(r, dedupId);
    admit(s, r);
    const g = groupOf(s, keyOf(s, r));
    g.msgs.push(r);
    if (g.inFlight === 0 && groupSize(g) === 1) readyPush(s.readyGroups, { idx, group: g.id });
    logCompact(s, EV_RECORD_PUT, r);
    return r;
  }
  const r = writeRow(s, f, idx, 0);
  admit(s, r);
  pushSent(s, r);
  logCompact(s, EV_RECORD_PUT, r);
  return r;
}

function admit(s: QState, r: number): void {
  s.liveCount++;
  pushSendOrder(s, r);
  s.visibleCount++;
}

/** SendMessage of an explicit record (scenario or action). */
export function sendMessage(s: QState, rec: RecordSpec, sentAt: number): number {
  return sendFields(s, {
    code: explicitIdCode(s, rec.id),
    key: internKey(s, rec.key),
    body: rec.body,
    failDeliveries: rec.failDeliveries,
    timeout: rec.failAs === 'timeout',
    dedupId: rec.MessageDeduplicationId,
    sentAt,
  });
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
  const m = s.m;
  // The event (visibilityTimeoutExpired) is the rows that returned, kept in the log's row lists;
  // logged only when something returned: most receives were deleted long before.
  const keep = s.keepEvents;
  const at = keep ? reserveRowList(s, to - from) : 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    const r = s.dueRows[i]!;
    if (m.place[r] !== IN_FLIGHT || m.receives[r] !== s.dueReceipts[i]) continue;
    m.place[r] = VISIBLE;
    s.inFlightCount--;
    s.visibleCount++;
    if (keep) s.rowLists[at + 1 + count] = r;
    count++;
    if (s.fifo) {
      const g = groupOf(s, keyOf(s, r));
      g.inFlight--;
      settleGroup(s, g);
    } else {
      heapPush(s.visibleHeap, m.idx, r);
    }
  }
  if (count === 0) return;
  if (keep) logRowList(s, at, count);
  else logCompact(s, EV_VISIBILITY_EXPIRED, 0);
}

/** The StageMessage the UI draws for a message. */
export function stageMessage(s: QState, r: number): StageMessage {
  const m = s.m;
  return {
    id: idOf(s, r),
    messageId: messageIdOf(s, r),
    group: m.seqNo[r]! > 0 ? keyOf(s, r) : '',
    sentAt: m.sentAt[r]!,
    receiveCount: m.receives[r]!,
    visibleAt: m.place[r] === IN_FLIGHT ? m.visibleAt[r]! : null,
    invocation: m.invocation[r]! > 0 ? m.invocation[r]! : null,
    poison: m.fail[r] === -1,
  };
}

/**
 * moveToDeadLetterQueue (SQSDG redrive): a visible message whose receive count
 * already reached maxReceiveCount is moved to the DLQ instead of being received
 * again. It keeps its messageId and body (esm-semantics.md §11).
 */
export function moveToDeadLetterQueue(s: QState, r: number): void {
  s.visibleCount--;
  if (s.fifo) removeFromGroup(groupOf(s, keyOf(s, r)), r);
  s.dlqCount++;
  // The entry and the event are the row: its id, messageId and receive count no longer change.
  s.dlq.push(r);
  s.dlqAt.push(s.now);
  trimRing(s.dlq, s.historyLimit);
  trimRing(s.dlqAt, s.historyLimit);
  // (Rows: the stage shows them as it would have at the move, since a moved row is frozen.)
  s.dlqRecent.push(r);
  if (s.dlqRecent.length > DLQ_RECENT) s.dlqRecent.shift();
  logCompact(s, EV_MOVED_TO_DLQ, r);
  finishRecord(s, r, QST.movedToDlq);
}

/**
 * expireByRetention: SQS deletes messages older than MessageRetentionPeriod
 * (counted from SentTimestamp), visible or in flight. Live messages are kept in
 * send order, so only the oldest few are looked at.
 */
export function expireByRetention(s: QState): void {
  const limit = s.now - s.source.MessageRetentionPeriod;
  const m = s.m;
  // Runs before every receive: the list is made only when something expires.
  let ids: RecordId[] | null = null;
  for (let r = oldestLive(s); r >= 0 && m.sentAt[r]! <= limit; r = oldestLive(s)) {
    const place = m.place[r];
    if (place === VISIBLE) s.visibleCount--;
    else if (place === IN_FLIGHT) s.inFlightCount--;
    if (s.fifo) {
      const g = groupOf(s, keyOf(s, r));
      if (place === IN_FLIGHT) g.inFlight--;
      removeFromGroup(g, r);
      settleGroup(s, g);
    }
    (ids ??= []).push(idOf(s, r));
    finishRecord(s, r, QST.expired);
  }
  if (ids !== null) logEvent(s, { kind: 'expired', recordIds: ids });
}

/**
 * Lambda's DeleteMessage after processing (success, the unlisted part of a
 * partial batch response, or a filtered-out message). Modelling choice: a
 * delete with an older receipt handle still deletes the message, even if it was
 * received again since; a later result for a deleted message changes nothing.
 */
export function deleteMessage(
  s: QState,
  r: number,
  status: typeof QST.succeeded | typeof QST.filtered,
): boolean {
  const m = s.m;
  const place = m.place[r];
  if (place === GONE) return false;
  if (place === IN_FLIGHT) s.inFlightCount--;
  else s.visibleCount--;
  if (s.fifo) {
    const g = groupOf(s, keyOf(s, r));
    if (place === IN_FLIGHT) g.inFlight--;
    removeFromGroup(g, r);
    settleGroup(s, g);
  }
  if (status === QST.succeeded) s.deleted++;
  finishRecord(s, r, status);
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
export function passesFilterCriteria(s: QState, r: number): boolean {
  const criteria = s.mapping.FilterCriteria;
  if (criteria === null || criteria.Filters.length === 0) return true;
  return matchesFilter(criteria, filterableRecord(s, r));
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

const TALLY: ReceiveTally = { got: 0, polled: 0, filtered: null, payloadFull: false };

/**
 * One received message: invisible until now + VisibilityTimeout, its receive
 * count up; then filtered out (deleted) or added to p's batch and to the
 * visibility deadlines. False when the 6 MB cap is reached before it.
 */
function takeMessage(s: QState, p: Poller, r: number, tally: ReceiveTally): boolean {
  const m = s.m;
  if (p.count > 0 && p.bytes + m.bytes[r]! > MAX_PAYLOAD_BYTES) {
    tally.payloadFull = true;
    return false;
  }
  s.visibleCount--;
  m.place[r] = IN_FLIGHT;
  const rc = ++m.receives[r]!;
  if (Number.isNaN(m.firstReceiveAt[r]!)) m.firstReceiveAt[r] = s.now;
  const visibleAt = s.now + s.source.VisibilityTimeout;
  m.visibleAt[r] = visibleAt;
  s.inFlightCount++;
  if (s.fifo) groupOf(s, keyOf(s, r)).inFlight++;
  tally.polled++;
  if (!passesFilterCriteria(s, r)) {
    deleteMessage(s, r, QST.filtered);
    (tally.filtered ??= []).push(idOf(s, r));
    return true;
  }
  addToBatch(p, r, rc, m.holders[r]! > 0 ? VT_DUPLICATE : RECEIVED);
  p.bytes += m.bytes[r]!;
  m.holders[r]!++;
  if (s.dueEnd === s.dueAt.length) makeRoomForDeadline(s);
  const d = s.dueEnd++;
  s.dueAt[d] = visibleAt;
  s.dueRows[d] = r;
  s.dueReceipts[d] = rc;
  s.dueFirst[d] = tally.got === 0 ? 1 : 0;
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
  const room = Math.min(MAX_MESSAGES_PER_RECEIVE, batchLimit(s) - p.count);
  if (room <= 0) return 0;
  // One tally reused (receives never nest): no object per receive.
  const tally = TALLY;
  tally.got = 0;
  tally.polled = 0;
  tally.filtered = null;
  tally.payloadFull = false;
  // This receive's messages are appended to the visibility deadlines from here.
  let from = s.dueEnd;
  const maxReceive = s.source.RedrivePolicy?.maxReceiveCount ?? 0;
  const m = s.m;

  if (s.fifo) {
    while (tally.got < room && !tally.payloadFull) {
      const entry = readyPop(s.readyGroups);
      if (entry === undefined) break;
      const g = s.groups.get(entry.group);
      if (g === undefined || g.inFlight > 0) continue;
      const head = g.msgs[g.head];
      if (head === undefined) {
        settleGroup(s, g);
        continue;
      }
      if (m.idx[head] !== entry.idx) {
        readyPush(s.readyGroups, { idx: m.idx[head]!, group: g.id });
        continue;
      }
      // Received messages stay at the front of the group; `taken` of them so far.
      let taken = 0;
      while (tally.got < room) {
        const r = g.msgs[g.head + taken];
        if (r === undefined) break;
        if (maxReceive > 0 && m.receives[r]! >= maxReceive) {
          moveToDeadLetterQueue(s, r);
          continue;
        }
        if (!takeMessage(s, p, r, tally)) break;
        if (m.place[r] === IN_FLIGHT) taken++;
      }
      settleGroup(s, g);
    }
  } else {
    // The oldest visible entry is the heap's top or the sent queue's head, whichever is older.
    const h = s.visibleHeap;
    const idx = m.idx;
    while (tally.got < room && (h.length > 0 || s.sentHead < s.sentEnd)) {
      const sent = s.sentHead < s.sentEnd ? s.sentQueue[s.sentHead]! : -1;
      const fromHeap = h.length > 0 && (sent < 0 || idx[h[0]!]! < idx[sent]!);
      const r = fromHeap ? h[0]! : sent;
      if (m.place[r] !== VISIBLE) {
        if (fromHeap) heapPop(h, idx);
        else s.sentHead++;
        continue;
      }
      if (maxReceive > 0 && m.receives[r]! >= maxReceive) {
        if (fromHeap) heapPop(h, idx);
        else s.sentHead++;
        moveToDeadLetterQueue(s, r);
        continue;
      }
      if (p.count > 0 && p.bytes + m.bytes[r]! > MAX_PAYLOAD_BYTES) {
        tally.payloadFull = true;
        break;
      }
      if (fromHeap) heapPop(h, idx);
      else s.sentHead++;
      takeMessage(s, p, r, tally);
    }
    // At-least-once delivery: each received message may also go to a second poller.
    const rate = s.source.duplicateDeliveryRate;
    if (rate > 0) {
      // (The deadlines may have moved within their columns: the receive is the last `got` entries.)
      for (let i = s.dueEnd - tally.got; i < s.dueEnd; i++) {
        if (chance(s.rng, rate)) s.pendingDuplicates.push(s.dueRows[i]!);
      }
    }
  }

  // (takeMessage wrote these: read them as it may have left them.)
  const filtered = tally.filtered as RecordId[] | null;
  if (tally.payloadFull as boolean) p.trigger = 'payloadFull';
  if (filtered !== null) {
    countNow(s, QM.FilteredOutEventCount, filtered.length);
    logEvent(s, { kind: 'filtered', recordIds: filtered });
  }
  if (tally.polled > 0) {
    countNow(s, QM.PolledEventCount, tally.polled);
    logCompact(s, EV_POLL, tally.polled);
  }
  from = s.dueEnd - tally.got;
  if (tally.got > 0) placeVisibilityDeadline(s, from);
  return tally.got;
}

function scheduleVisibility(s: QState): void {
  if (s.visibilityHead >= s.dueEnd) return;
  const next = s.dueAt[s.visibilityHead]!;
  if (next < s.visibilityScheduledAt) {
    s.visibilityScheduledAt = next;
    // The event waits beside the heap; one still waiting there moves into the heap, in place.
    if (s.visibilityDue !== Infinity) {
      scheduleTyped(s.queue, s.visibilityDue, QE.visibility, 0, 0, s.visibilityOrder);
    }
    s.visibilityDue = next;
    s.visibilityOrder = reserveOrder(s.queue);
  }
}

/** The deadline columns are full: move the pending entries to the front, growing when they fill half. */
function makeRoomForDeadline(s: QState): void {
  const head = s.visibilityHead;
  const pending = s.dueEnd - head;
  const size = pending * 2 > s.dueAt.length ? s.dueAt.length * 2 : s.dueAt.length;
  const move = <C extends Float64Array | Int32Array | Uint8Array>(col: C): C => {
    if (size === col.length) {
      col.copyWithin(0, head, s.dueEnd);
      return col;
    }
    const Ctor = col.constructor as new (length: number) => C;
    const next = new Ctor(size);
    next.set(col.subarray(head, s.dueEnd));
    return next;
  };
  s.dueAt = move(s.dueAt);
  s.dueRows = move(s.dueRows);
  s.dueReceipts = move(s.dueReceipts);
  s.dueFirst = move(s.dueFirst);
  s.visibilityHead = 0;
  s.dueEnd = pending;
}

/** Moves entries [from, end) of a column to position `to` (< from), shifting [to, from) after them. */
function moveBlock(
  col: Float64Array | Int32Array | Uint8Array,
  from: number,
  end: number,
  to: number,
): void {
  const block = col.slice(from, end);
  col.copyWithin(to + (end - from), to, from);
  col.set(block, to);
}

/**
 * The receive just appended at [from, end) of the visibility deadlines: keeps
 * them in time order (a shorter VisibilityTimeout set live puts it before
 * later deadlines, after equal times) and schedules the earliest.
 */
function placeVisibilityDeadline(s: QState, from: number): void {
  if (from > s.visibilityHead && s.dueAt[from - 1]! > s.dueAt[from]!) moveDeadlinesBack(s, from);
  scheduleVisibility(s);
}

/**
 * The receive at [from, end) falls before earlier deadlines: moves it back
 * among them. Apart from placeVisibilityDeadline, which runs on every receive:
 * a function holding a closure allocates its context on every call.
 */
function moveDeadlinesBack(s: QState, from: number): void {
  const at = s.dueAt[from]!;
  const lo = firstIndexWhere(s.visibilityHead, from, (i) => s.dueAt[i]! > at);
  const end = s.dueEnd;
  moveBlock(s.dueAt, from, end, lo);
  moveBlock(s.dueRows, from, end, lo);
  moveBlock(s.dueReceipts, from, end, lo);
  moveBlock(s.dueFirst, from, end, lo);
}

/**
 * A visibility event whose due deadlines are all spent (their messages were
 * deleted or received again since) does nothing but bookkeeping: this does
 * that and returns true, so the event loop can skip the pollers' receive loop
 * it would run after it. That loop only acts on a message past
 * MessageRetentionPeriod (nothing else changes between events), so this
 * holds only while the oldest live message cannot have expired.
 */
export function visibilityIsNoOp(s: QState): boolean {
  const m = s.m;
  const oldest = oldestLive(s);
  if (oldest >= 0 && m.sentAt[oldest]! <= s.now - s.source.MessageRetentionPeriod) return false;
  const { dueAt } = s;
  let i = s.visibilityHead;
  for (; i < s.dueEnd && dueAt[i]! <= s.now; i++) {
    const r = s.dueRows[i]!;
    if (m.place[r] === IN_FLIGHT && m.receives[r] === s.dueReceipts[i]) return false;
  }
  // Every due deadline is spent: they are passed over at once (makeVisibleAgain would find
  // nothing to do in any of their receives), then the next one is scheduled.
  if (s.visibilityScheduledAt <= s.now) s.visibilityScheduledAt = Infinity;
  s.visibilityHead = i;
  scheduleVisibility(s);
  return true;
}

/** Runs every visibility deadline that is due (makeVisibleAgain for each receive). */
export function visibilityDeadlinesDue(s: QState): void {
  if (s.visibilityScheduledAt <= s.now) s.visibilityScheduledAt = Infinity;
  const { dueAt, dueFirst } = s;
  while (s.visibilityHead < s.dueEnd && dueAt[s.visibilityHead]! <= s.now) {
    const from = s.visibilityHead;
    let to = from + 1;
    while (to < s.dueEnd && dueFirst[to] === 0) to++;
    s.visibilityHead = to;
    makeVisibleAgain(s, from, to);
  }
  scheduleVisibility(s);
}

/** Hands waiting at-least-once copies to poller `p` (a separate invocation, no receive). */
export function takeDuplicates(s: QState, p: Poller): void {
  const room = batchLimit(s) - p.count;
  const copies = s.pendingDuplicates.splice(0, Math.max(1, room));
  const m = s.m;
  for (const r of copies) {
    addToBatch(p, r, m.receives[r]!, ALO_DUPLICATE);
    p.bytes += m.bytes[r]!;
    m.holders[r]!++;
  }
}
