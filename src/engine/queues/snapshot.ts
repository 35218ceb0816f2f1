/**
 * What the UI reads between frames: the bounded stage snapshot, a record's
 * story and an invocation's exact event payload.
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
import { firstIndexWhere } from '../search';
import { invocationPayload } from './payload';
import { groupSize, stageMessage } from './receive';
import { oldestMessageAge } from './report';
import { fleetCeiling, busyPollers } from './scaling';
import {
  findRecord,
  GONE,
  IN_FLIGHT,
  oldestLive,
  VISIBLE,
  type QInvocation,
  type QState,
} from './state';

/** Messages per snapshot window (visible and in flight), groups listed, and ids per invocation. */
export const SNAPSHOT_WINDOW = 50;
export const SNAPSHOT_GROUPS = 100;
export const SNAPSHOT_IDS_PER_INVOCATION = 50;
/** Live messages looked at to fill the visible window (keeps a frame cheap with a huge backlog). */
const SNAPSHOT_SCAN = 10_000;

function stageInvocation(inv: QInvocation): StageInvocation {
  return {
    n: inv.n,
    start: inv.start,
    end: inv.end,
    timeoutAt: inv.timeoutAt,
    shardId: null,
    slot: inv.slot,
    recordIds: inv.messages.slice(0, SNAPSHOT_IDS_PER_INVOCATION).map((m) => m.id),
    recordCount: inv.messages.length,
    attempt: inv.attempt,
    trigger: inv.trigger,
  };
}

/** The stage at now: exact counts, bounded lists. */
export function buildSnapshot(s: QState, ended: boolean): StageSnapshot {
  const visible: StageMessage[] = [];
  const inFlight: StageMessage[] = [];
  oldestLive(s);
  const scanEnd = Math.min(s.sendOrder.length, s.sendHead + SNAPSHOT_SCAN);
  for (let i = s.sendHead; i < scanEnd; i++) {
    if (visible.length >= SNAPSHOT_WINDOW && inFlight.length >= SNAPSHOT_WINDOW) break;
    const m = s.sendOrder[i]!;
    if (m.place === VISIBLE && visible.length < SNAPSHOT_WINDOW) visible.push(stageMessage(m));
    if (m.place === IN_FLIGHT && inFlight.length < SNAPSHOT_WINDOW) inFlight.push(stageMessage(m));
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
    invocations: [...s.running.values()].map(stageInvocation),
    concurrency: { current: s.running.size, cap, capReason: reason },
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
          ? { count: s.dlqCount, recent: s.dlqRecent.slice() }
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

/** Everything kept about one record (history is capped when historyLimit is set). */
export function recordStoryOf(s: QState, id: RecordId): RecordStory | null {
  const m = findRecord(s, id);
  if (m === undefined) return null;
  const batches = s.history
    .filter((inv) => inv.messages.some((x) => x.id === id))
    .map((inv) => {
      const done = !s.running.has(inv.n);
      return {
        invocation: inv.n,
        start: inv.start,
        end: done ? inv.end : null,
        result: done ? inv.result : null,
        batchSize: inv.messages.length,
      };
    });
  return {
    id,
    key: m.key,
    putAt: m.sentAt,
    shardId: null,
    // Queues have no sequence number: the story shows the messageId (FIFO: its SequenceNumber).
    sequenceNumber: m.sequenceNumber === '' ? m.messageId : m.sequenceNumber,
    messageId: m.messageId,
    status: m.place === GONE ? m.status : 'pending',
    deliveries: m.deliveries,
    receiveCount: m.receiveCount,
    poison: m.failDeliveries === -1,
    batches,
    events: s.events.filter((e) => mentionsRecord(e, (x) => x === id)),
  };
}

/**
 * The exact event invocation n received (throttled attempts: the event Lambda
 * tried to send). The history is in invocation order; a restored bounded-mode
 * checkpoint may have gaps in it (checkpoint.ts), hence the binary search.
 */
export function invocationEventOf(s: QState, n: number): unknown {
  const h = s.history;
  const inv = h[firstIndexWhere(0, h.length, (i) => h[i]!.n >= n)];
  return inv !== undefined && inv.n === n ? invocationPayload(inv, s.fifo) : null;
}
