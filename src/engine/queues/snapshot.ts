/**
 * What the UI reads between frames: the bounded stage snapshot, a record's
 * story, an invocation's exact event payload, and the event log rebuilt from
 * its compact entries.
 */
import type {
  RecordId,
  RecordStatus,
  RecordStory,
  SimEvent,
  StageGroup,
  StageInvocation,
  StageMessage,
  StageSnapshot,
} from '../types';
import { entry, entryAt, indexOf, inRing, resultOf, stored, triggerOf } from './history';
import { firstIndexWhere } from '../search';
import { invocationPayload, messageIdOf, sequenceOf } from './payload';
import { groupSize, stageMessage } from './receive';
import { oldestMessageAge } from './report';
import { fleetCeiling, busyPollers } from './scaling';
import {
  EV_BATCH_SENT,
  EV_DELETED,
  EV_MOVED_TO_DLQ,
  EV_POLL,
  EV_RECORD_PUT,
  EV_RESULT,
  EV_VISIBILITY_EXPIRED,
  eventPos,
  findRecord,
  GONE,
  idOf,
  IN_FLIGHT,
  RESULTS,
  TRIGGERS,
  isRunning,
  keyOf,
  oldestLive,
  producerCodeOf,
  QSTATUS_NAMES,
  rowIs,
  runningInvocations,
  VISIBLE,
  type QState,
} from './state';

/** Messages per snapshot window (visible and in flight), groups listed, and ids per invocation. */
export const SNAPSHOT_WINDOW = 50;
export const SNAPSHOT_GROUPS = 100;
export const SNAPSHOT_IDS_PER_INVOCATION = 50;
/** Live messages looked at to fill the visible window (keeps a frame cheap with a huge backlog). */
const SNAPSHOT_SCAN = 10_000;

function stageInvocation(s: QState, n: number): StageInvocation {
  const h = s.history;
  const e = entry(h, n);
  const ids: RecordId[] = [];
  for (let j = 0; j < Math.min(e.len, SNAPSHOT_IDS_PER_INVOCATION); j++) {
    ids.push(idOf(s, h.pool[e.p + j]!));
  }
  return {
    n,
    start: h.start[e.i]!,
    end: h.end[e.i]!,
    timeoutAt: h.timeoutAt[e.i]!,
    shardId: null,
    slot: h.slot[e.i]!,
    recordIds: ids,
    recordCount: e.len,
    attempt: h.attempt[e.i]!,
    trigger: triggerOf(h, e),
  };
}

/** The stage at now: exact counts, bounded lists. */
export function buildSnapshot(s: QState, ended: boolean): StageSnapshot {
  const visible: StageMessage[] = [];
  const inFlight: StageMessage[] = [];
  oldestLive(s);
  const place = s.m.place;
  const scanEnd = Math.min(s.sendEnd, s.sendHead + SNAPSHOT_SCAN);
  for (let i = s.sendHead; i < scanEnd; i++) {
    if (visible.length >= SNAPSHOT_WINDOW && inFlight.length >= SNAPSHOT_WINDOW) break;
    const r = s.sendOrder[i]!;
    if (place[r] === VISIBLE && visible.length < SNAPSHOT_WINDOW) visible.push(stageMessage(s, r));
    if (place[r] === IN_FLIGHT && inFlight.length < SNAPSHOT_WINDOW) {
      inFlight.push(stageMessage(s, r));
    }
  }
  let groups: StageGroup[] | null = null;
  if (s.fifo) {
    groups = [];
    for (const g of s.groups.values()) {
      if (groups.length >= SNAPSHOT_GROUPS) break;
      groups.push({
        groupId: g.id,
        visible: groupSize(g) - g.inFlight,
        inFlight: g.inFlight,
        locked: g.inFlight > 0,
      });
    }
  }
  const { cap, reason } = fleetCeiling(s);
  const byStatus: Record<RecordStatus, number> = { ...s.statusCounts, pending: s.liveCount };
  return {
    t: s.now,
    ended,
    sourceType: s.source.type,
    source: s.source,
    mapping: s.mapping,
    function: s.fn,
    invocations: runningInvocations(s).map((n) => stageInvocation(s, n)),
    concurrency: { current: s.running, cap, capReason: reason },
    totals: {
      recordsPut: s.recordsPut,
      byStatus,
      invocations: s.invocationCount,
      errors: s.errorCount,
      throttles: s.throttleCount,
      duplicates: s.duplicateCount,
    },
    shards: null,
    queue: {
      visible,
      inFlight,
      visibleCount: s.visibleCount,
      inFlightCount: s.inFlightCount,
      delayedCount: 0,
      dlq:
        s.source.RedrivePolicy !== null || s.dlqCount > 0
          ? { count: s.dlqCount, recent: s.dlqRecent.map((r) => stageMessage(s, r)) }
          : null,
      fleet: { size: s.fleetSize, ceiling: cap, busy: busyPollers(s) },
      groups,
      oldestMessageAgeSeconds: oldestMessageAge(s),
      deleted: s.deleted,
    },
    destination: { kind: null, delivered: 0, recent: [] },
  };
}

/** Whether event e is about a record that `isOne` picks (its story shows e). */
export function mentionsRecord(e: SimEvent, isOne: (id: RecordId) => boolean): boolean {
  if ('recordId' in e && isOne(e.recordId)) return true;
  if ('recordIds' in e && e.recordIds.some(isOne)) return true;
  if (e.kind === 'deduplicated' && isOne(e.duplicateOf)) return true;
  return false;
}

// ---------------------------------------------------------------------------
// The event log
// ---------------------------------------------------------------------------

const NO_IDS: readonly RecordId[] = Object.freeze([]);

/** Invocation n's storage index (it must be stored). */
function storedIndex(h: QState['history'], n: number): number {
  const i = indexOf(h, n);
  if (i < 0) throw new Error(`invocation ${n} is not in the stored history`);
  return i;
}

/** The record ids of pool entries [p, p + len). */
function poolIds(s: QState, p: number, len: number): RecordId[] {
  const out = new Array<RecordId>(len);
  const pool = s.history.pool;
  for (let j = 0; j < len; j++) out[j] = idOf(s, pool[p + j]!);
  return out;
}

/** The record ids of the row list at offset `at` of s.rowLists (an EV_VISIBILITY_EXPIRED entry). */
function rowListIds(s: QState, at: number): RecordId[] {
  const lists = s.rowLists;
  const len = lists[at]!;
  const out = new Array<RecordId>(len);
  for (let j = 0; j < len; j++) out[j] = idOf(s, lists[at + 1 + j]!);
  return out;
}

/** Rebuilds entry `item` of the event log (time t, seq) as the SimEvent it stands for. */
function eventOf(s: QState, item: number | SimEvent, t: number, seq: number): SimEvent {
  if (typeof item !== 'number') return item;
  const kind = item % 8;
  const ref = (item - kind) / 8;
  const h = s.history;
  switch (kind) {
    case EV_RECORD_PUT:
      return {
        kind: 'recordPut',
        recordId: idOf(s, ref),
        key: keyOf(s, ref),
        shardId: null,
        sequenceNumber: s.fifo ? sequenceOf(s, ref) : messageIdOf(s, ref),
        t,
        seq,
      };
    case EV_POLL:
      return { kind: 'poll', shardId: null, polled: ref, t, seq };
    // (Read through the storage index: no Entry object per event rebuilt.)
    case EV_BATCH_SENT: {
      const i = storedIndex(h, ref);
      return {
        kind: 'batchSent',
        invocation: ref,
        shardId: null,
        slot: h.slot[i]!,
        recordIds: poolIds(s, h.at[i]!, h.len[i]!),
        trigger: TRIGGERS[h.trigger[i]!]!,
        attempt: h.attempt[i]!,
        t,
        seq,
      };
    }
    case EV_RESULT: {
      const i = storedIndex(h, ref);
      const rep = h.reported[i]!;
      return {
        kind: 'invocationResult',
        invocation: ref,
        shardId: null,
        result: RESULTS[h.result[i]!]!,
        recordIds: poolIds(s, h.at[i]!, h.len[i]!),
        reportedFailures: rep === 0 ? NO_IDS : poolIds(s, h.at[i]! + h.len[i]!, rep),
        t,
        seq,
      };
    }
    case EV_DELETED: {
      const i = storedIndex(h, ref);
      return { kind: 'messagesDeleted', recordIds: poolIds(s, h.at[i]!, h.len[i]!), t, seq };
    }
    case EV_MOVED_TO_DLQ:
      return {
        kind: 'movedToDlq',
        recordId: idOf(s, ref),
        receiveCount: s.m.receives[ref]!,
        t,
        seq,
      };
    case EV_VISIBILITY_EXPIRED:
      return { kind: 'visibilityTimeoutExpired', recordIds: rowListIds(s, ref), t, seq };
    default:
      throw new Error(`unknown compact queue event ${item}`);
  }
}

/** Index (0 = oldest) of the first logged event with seq >= from. */
function firstEventAt(s: QState, from: number): number {
  const ev = s.events;
  return firstIndexWhere(0, ev.len, (k) => ev.seqs[eventPos(ev, k)]! >= from);
}

/** Logged events with seq >= from that the log still holds, oldest first. */
export function eventsSince(s: QState, from: number): SimEvent[] {
  const ev = s.events;
  const out: SimEvent[] = [];
  for (let k = firstEventAt(s, from); k < ev.len; k++) {
    const p = eventPos(ev, k);
    out.push(eventOf(s, ev.items[p]!, ev.times[p]!, ev.seqs[p]!));
  }
  return out;
}

const COMPACT_KINDS: readonly SimEvent['kind'][] = [
  'recordPut',
  'poll',
  'batchSent',
  'invocationResult',
  'messagesDeleted',
  'movedToDlq',
  'visibilityTimeoutExpired',
];

/** Whether any event logged with seq >= from is of a kind in `kinds` (no rebuilding). */
export function loggedKindSince(
  s: QState,
  from: number,
  kinds: ReadonlySet<SimEvent['kind']>,
): boolean {
  const ev = s.events;
  for (let k = firstEventAt(s, from); k < ev.len; k++) {
    const e = ev.items[eventPos(ev, k)]!;
    if (kinds.has(typeof e === 'number' ? COMPACT_KINDS[e % 8]! : e.kind)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Stories and payloads
// ---------------------------------------------------------------------------

/** Everything kept about one record (history is capped when historyLimit is set). */
export function recordStoryOf(s: QState, id: RecordId): RecordStory | null {
  const r = findRecord(s, id);
  if (r < 0) return null;
  const h = s.history;
  const m = s.m;
  const batches: RecordStory['batches'][number][] = [];
  const code = producerCodeOf(id);
  for (let i = h.first; i < h.count; i++) {
    const e = entryAt(h, i);
    const n = e.n;
    let holds = false;
    for (let j = 0; j < e.len && !holds; j++) holds = rowIs(s, h.pool[e.p + j]!, id, code);
    if (!holds) continue;
    const done = !isRunning(s, n, h.slot[e.i]!);
    batches.push({
      invocation: n,
      start: h.start[e.i]!,
      end: done ? h.end[e.i]! : null,
      result: done ? resultOf(h, e) : null,
      batchSize: e.len,
    });
  }
  const seqNo = sequenceOf(s, r);
  return {
    id,
    key: keyOf(s, r),
    putAt: m.sentAt[r]!,
    shardId: null,
    // Queues have no sequence number: the story shows the messageId (FIFO: its SequenceNumber).
    sequenceNumber: seqNo === '' ? messageIdOf(s, r) : seqNo,
    messageId: messageIdOf(s, r),
    status: m.place[r] === GONE ? QSTATUS_NAMES[m.status[r]!]! : 'pending',
    deliveries: m.deliveries[r]!,
    receiveCount: m.receives[r]!,
    poison: m.fail[r] === -1,
    batches,
    events: eventsSince(s, 0).filter((e) => mentionsRecord(e, (x) => x === id)),
  };
}

/** The exact event invocation n received (throttled attempts: the event Lambda tried to send). */
export function invocationEventOf(s: QState, n: number): unknown {
  const h = s.history;
  return inRing(h, n) && stored(h, n) ? invocationPayload(s, entry(h, n)) : null;
}
