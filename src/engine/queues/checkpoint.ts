/**
 * Copying a queue state for saveState and restore (time-travel checkpoints).
 *
 * The state is typed-array columns, number arrays, Maps and a few small
 * records, so a copy is mostly block copies: no walk over one object per
 * message (which made seeks in long SQS runs slow).
 *
 * Bounded mode (historyLimit set, the app) keeps ~100 checkpoints, so a saved
 * state holds only what a restored run needs to continue exactly: the last
 * CHECKPOINT_TAIL entries of the history rings (finished records, invocations,
 * events, dead-letter entries), plus every invocation that still holds a live
 * message (so the story of a record on stage stays complete), every event not
 * yet drained or about a live record, and the invocations those events and the
 * running invocations name. Its message table is compacted to the rows those
 * still name (renumbered). A restored run continues with the same snapshots,
 * metrics and events; only its report and the stories of records finished
 * before the checkpoint see the shorter history.
 *
 * With unlimited history (the CLI) a copy keeps everything.
 */
import type { Column } from '../streams/columns';
import { copyTypedEventQueue } from '../typedEvents';
import { copyShape, copyShapeWith } from '../shape';
import type { SimEvent } from '../types';
import { newSeriesCache } from './counters';
import { copyEntries, entryAt, indexOf } from './history';
import { firstIndexWhere } from '../search';
import { mentionsRecord } from './snapshot';
import {
  EV_BATCH_SENT,
  EV_DELETED,
  EV_MOVED_TO_DLQ,
  EV_RECORD_PUT,
  EV_VISIBILITY_EXPIRED,
  EV_RESULT,
  GONE,
  HISTORY_COLUMNS,
  idOf,
  IN_FLIGHT,
  MSG_COLUMNS,
  namesRow,
  runningInvocations,
  eventPos,
  type EventLog,
  type InvocationHistory,
  type MsgTable,
  type QState,
} from './state';

interface StructuredCloneGlobal {
  structuredClone<T>(value: T): T;
}
const clone = <T>(v: T): T => (globalThis as unknown as StructuredCloneGlobal).structuredClone(v);

/** Ring entries a bounded-mode checkpoint keeps (see above). */
export const CHECKPOINT_TAIL = 500;

function copyHistory(h: InvocationHistory): InvocationHistory {
  const out = copyShape(h);
  const columns = out as unknown as Record<string, Column>;
  for (const name of HISTORY_COLUMNS) columns[name] = h[name].slice(0, Math.max(h.count, 64));
  out.pool = h.pool.slice(0, Math.max(h.poolEnd, 256));
  out.receipts = h.receipts.slice(0, Math.max(h.poolEnd, 256));
  return out;
}

function copyTable(m: MsgTable): MsgTable {
  const out = copyShape(m);
  const columns = out as unknown as Record<string, Column>;
  for (const name of MSG_COLUMNS) columns[name] = m[name].slice(0, Math.max(m.n, 64));
  out.names = m.names.slice();
  out.bodies = new Map(m.bodies);
  out.dedupIds = new Map(m.dedupIds);
  out.free = m.free.slice();
  return out;
}

/** A copy of the state that continues exactly like it (bounded mode: trimmed, see above). */
export function copyQueueState(s: QState, trim = s.historyLimit !== null): QState {
  const copy: QState = copyShapeWith(s, {
    rng: copyShape(s.rng),
    queue: copyTypedEventQueue(s.queue),
    keyNames: s.keyNames.slice(),
    keyIndex: new Map(s.keyIndex),
    readyGroups: s.readyGroups.slice(),
    dedup: new Map(s.dedup),
    dedupKeys: s.dedupKeys.slice(s.dedupHead),
    dedupTimes: s.dedupTimes.slice(s.dedupHead),
    dedupHead: 0,
    idle: s.idle.slice(),
    gathering: s.gathering.slice(),
    second: copyShape(s.second),
    producers: s.producers.map((p) => copyShapeWith(p, { keyIds: p.keyIds.slice() })),
    producerCounters: s.producerCounters.slice(),
    producerDue: s.producerDue.slice(),
    producerOrder: s.producerOrder.slice(),
    statusCounts: copyShape(s.statusCounts),
    dlqRecent: s.dlqRecent.slice(),
    applied: s.applied.slice(),
    metrics: clone(s.metrics),
    seriesCache: newSeriesCache(),
    gmax: copyShape(s.gmax),
  });
  if (trim) copyTrimmed(s, copy);
  else copyWhole(s, copy);
  return copy;
}

/** The visibility deadlines still due, copied to the front of c's columns. */
function copyDue(s: QState, c: QState): void {
  c.dueAt = dueCopy(s.dueAt, s);
  c.dueRows = dueCopy(s.dueRows, s);
  c.dueReceipts = dueCopy(s.dueReceipts, s);
  c.dueFirst = dueCopy(s.dueFirst, s);
  c.visibilityHead = 0;
  c.dueEnd = s.dueEnd - s.visibilityHead;
}

/** The message rows and everything naming them, copied whole (restore, and the CLI's checkpoints). */
function copyWhole(s: QState, c: QState): void {
  c.m = copyTable(s.m);
  c.visibleHeap = s.visibleHeap.slice();
  c.sentQueue = s.sentQueue.slice(s.sentHead, Math.max(s.sentEnd, s.sentHead + 1024));
  c.sentHead = 0;
  c.sentEnd = s.sentEnd - s.sentHead;
  copyDue(s, c);
  c.sendOrder = s.sendOrder.slice(s.sendHead, Math.max(s.sendEnd, s.sendHead + 1024));
  c.sendHead = 0;
  c.sendEnd = s.sendEnd - s.sendHead;
  c.groups = new Map(
    [...s.groups].map(([id, g]) => [id, copyShapeWith(g, { msgs: g.msgs.slice() })]),
  );
  c.pollers = s.pollers.map((p) =>
    copyShapeWith(p, {
      batch: p.batch.slice(),
      receipts: p.receipts.slice(),
      flags: p.flags.slice(),
    }),
  );
  c.pendingDuplicates = s.pendingDuplicates.slice();
  c.finished = s.finished.slice(0, Math.max(s.finishedLen, 1024));
  c.dlq = s.dlq.slice();
  c.dlqAt = s.dlqAt.slice();
  c.history = copyHistory(s.history);
  c.events = copyEvents(s);
  c.rowLists = s.rowLists.slice();
}

/** The pending visibility deadlines of a column, at the front of a copy with room to grow. */
function dueCopy<C extends Float64Array | Int32Array | Uint8Array>(col: C, s: QState): C {
  const Ctor = col.constructor as new (length: number) => C;
  const pending = s.dueEnd - s.visibilityHead;
  const out = new Ctor(Math.max(256, pending * 2));
  out.set(col.subarray(s.visibilityHead, s.dueEnd));
  return out;
}

/** The event log, oldest first at the front of its own ring. */
function copyEvents(s: QState): EventLog {
  const ev = s.events;
  const out: EventLog = {
    items: ev.items.slice(),
    times: ev.times.slice(),
    seqs: ev.seqs.slice(),
    head: ev.head,
    len: ev.len,
  };
  return out;
}

/** The last `n` entries of a list. */
const lastOf = <T>(list: T[], n: number): T[] => list.slice(Math.max(0, list.length - n));

/**
 * Bounded mode: copies into `c` only what a restored run needs (see above),
 * read straight from the live state `s` (nothing is copied whole first): the
 * ring tails, the kept events and invocations, and the message rows they and
 * the live queue name, renumbered in row order into exact-size columns.
 * Finished messages in the send order and spent visibility deadlines share
 * one stand-in row (GONE): only their place is read there.
 */
function copyTrimmed(s: QState, c: QState): void {
  const m = s.m;
  const place = m.place;
  const live = (r: number): boolean => place[r] !== GONE;
  const finished = s.finished.slice(Math.max(0, s.finishedLen - CHECKPOINT_TAIL), s.finishedLen);
  const dlq = lastOf(s.dlq, CHECKPOINT_TAIL);
  c.dlqAt = lastOf(s.dlqAt, CHECKPOINT_TAIL);

  // Events: from the last CHECKPOINT_TAIL or the first not yet drained, whichever is older,
  // and before them those about a live record (its story stays complete).
  const h = s.history;
  const ev = s.events;
  const len = ev.len;
  const undrained = firstIndexWhere(0, len, (k) => ev.seqs[eventPos(ev, k)]! > s.drainedSeq);
  const from = Math.max(0, Math.min(len - CHECKPOINT_TAIL, undrained));
  const batchHoldsLive = (n: number): boolean => {
    const i = indexOf(h, n);
    if (i < 0) return false;
    const e = entryAt(h, i);
    for (let j = 0; j < e.len + e.reported; j++) if (live(h.pool[e.p + j]!)) return true;
    return false;
  };
  let liveIds: Set<string> | null = null;
  const isLive = (id: string): boolean => {
    if (liveIds === null) {
      liveIds = new Set();
      for (let i = s.sendHead; i < s.sendEnd; i++) {
        const r = s.sendOrder[i]!;
        if (live(r)) liveIds.add(idOf(s, r));
      }
    }
    return liveIds.has(id);
  };
  const keepEvent = (e: number | SimEvent): boolean => {
    if (typeof e !== 'number') return mentionsRecord(e, isLive);
    const kind = e % 8;
    const ref = (e - kind) / 8;
    if (kind === EV_RECORD_PUT) return live(ref);
    if (kind === EV_MOVED_TO_DLQ) return isLive(idOf(s, ref));
    if (kind === EV_VISIBILITY_EXPIRED) {
      for (let i = ref + 1; i <= ref + s.rowLists[ref]!; i++) {
        if (isLive(idOf(s, s.rowLists[i]!))) return true;
      }
      return false;
    }
    if (kind === EV_BATCH_SENT || kind === EV_RESULT || kind === EV_DELETED) {
      return batchHoldsLive(ref);
    }
    return false;
  };
  // Before `from` only some events stay; from there on, all of them (in ring order).
  const older: number[] = [];
  for (let k = 0; k < from; k++) if (keepEvent(ev.items[eventPos(ev, k)]!)) older.push(k);
  const kept = older.length + len - from;
  const items = new Array<number | SimEvent>(kept);
  const times = new Float64Array(kept);
  const seqs = new Float64Array(kept);
  for (let w = 0; w < kept; w++) {
    const p = eventPos(ev, w < older.length ? older[w]! : from + w - older.length);
    items[w] = ev.items[p]!;
    times[w] = ev.times[p]!;
    seqs[w] = ev.seqs[p]!;
  }

  // History: the ring's tail and its entries holding a live message, and whatever the kept
  // events and the running invocations name (their events are rebuilt from them).
  const keptEntries = new Uint8Array(h.count);
  const name = (n: number): void => {
    const i = indexOf(h, n);
    if (i >= 0) keptEntries[i] = 1;
  };
  for (const n of runningInvocations(s)) name(n);
  for (const e of items) {
    if (typeof e !== 'number') continue;
    const kind = e % 8;
    if (kind === EV_BATCH_SENT || kind === EV_RESULT || kind === EV_DELETED) name((e - kind) / 8);
  }
  const ringLength = h.count - h.first;
  const tailFrom = h.first + Math.max(0, ringLength - CHECKPOINT_TAIL);
  const first = h.first;
  for (let i = first; i < h.count; i++) {
    if (keptEntries[i] === 1) continue;
    if (i >= tailFrom) {
      keptEntries[i] = 1;
      continue;
    }
    const p = h.at[i]!;
    const end = p + h.len[i]!;
    for (let k = p; k < end; k++) {
      if (live(h.pool[k]!)) {
        keptEntries[i] = 1;
        break;
      }
    }
  }

  // The rows the copy names.
  const n = m.n;
  const used = new Uint8Array(n);
  for (let i = s.sendHead; i < s.sendEnd; i++) {
    const r = s.sendOrder[i]!;
    if (place[r] !== GONE) used[r] = 1;
  }
  // Dropping finished entries from the middle of the visible heap would break its order (a
  // restored run then received other messages first); sorted by put order it is a valid heap,
  // and receives take the same messages, oldest first, whatever the layout.
  // (The sent queue joins the heap: receives take the oldest of both, wherever it is kept.)
  const sent = Array.from(s.sentQueue.subarray(s.sentHead, s.sentEnd));
  const visibleHeap = [...s.visibleHeap, ...sent]
    .filter(live)
    .sort((a, b) => m.idx[a]! - m.idx[b]!);
  for (const r of visibleHeap) used[r] = 1;
  for (let i = s.visibilityHead; i < s.dueEnd; i++) {
    const r = s.dueRows[i]!;
    if (place[r] === IN_FLIGHT && m.receives[r] === s.dueReceipts[i]) used[r] = 1;
  }
  for (const g of s.groups.values())
    for (let i = g.head; i < g.msgs.length; i++) used[g.msgs[i]!] = 1;
  for (const p of s.pollers) for (let i = 0; i < p.count; i++) used[p.batch[i]!] = 1;
  for (const r of s.pendingDuplicates) used[r] = 1;
  for (let i = 0; i < finished.length; i++) used[finished[i]!] = 1;
  for (const r of dlq) used[r] = 1;
  for (const r of s.dlqRecent) used[r] = 1;
  for (let i = 0; i < h.count; i++) {
    if (keptEntries[i] === 0) continue;
    const to = h.at[i]! + h.len[i]! + h.reported[i]!;
    for (let k = h.at[i]!; k < to; k++) used[h.pool[k]!] = 1;
  }
  for (const e of items) {
    if (typeof e !== 'number') continue;
    if (namesRow(e)) used[Math.floor(e / 8)] = 1;
    else if (e % 8 === EV_VISIBILITY_EXPIRED) {
      const at = (e - EV_VISIBILITY_EXPIRED) / 8;
      for (let i = at + 1; i <= at + s.rowLists[at]!; i++) used[s.rowLists[i]!] = 1;
    }
  }
  const map = new Int32Array(n);
  let next = 0;
  for (let r = 0; r < n; r++) map[r] = used[r] === 1 ? next++ : -1;
  const spent = next++;
  const to = (r: number): number => map[r]!;
  const toOrSpent = (r: number): number => (map[r]! >= 0 ? map[r]! : spent);

  c.m = compactTable(m, map, next, spent);
  c.history = copyEntries(h, (i) => keptEntries[i] === 1, first, to);
  // The kept row lists, renumbered, in log order at the front of the copy's own column.
  let listsLength = 0;
  for (const e of items) {
    if (typeof e === 'number' && e % 8 === EV_VISIBILITY_EXPIRED) {
      listsLength += 1 + s.rowLists[(e - EV_VISIBILITY_EXPIRED) / 8]!;
    }
  }
  const rowLists = new Int32Array(Math.max(256, listsLength * 2));
  let listsEnd = 0;
  for (let w = 0; w < kept; w++) {
    const e = items[w]!;
    if (typeof e !== 'number') continue;
    if (namesRow(e)) items[w] = to(Math.floor(e / 8)) * 8 + (e % 8);
    else if (e % 8 === EV_VISIBILITY_EXPIRED) {
      const at = (e - EV_VISIBILITY_EXPIRED) / 8;
      const count = s.rowLists[at]!;
      items[w] = listsEnd * 8 + EV_VISIBILITY_EXPIRED;
      rowLists[listsEnd++] = count;
      for (let i = at + 1; i <= at + count; i++) rowLists[listsEnd++] = to(s.rowLists[i]!);
    }
  }
  c.rowLists = rowLists;
  c.rowListsEnd = listsEnd;
  // (A trimmed copy's log is linear: head 0, every item in use.)
  c.events = { items, times, seqs, head: 0, len: kept };
  for (let i = 0; i < finished.length; i++) finished[i] = to(finished[i]!);
  c.finished = finished;
  c.finishedLen = finished.length;
  c.dlq = dlq.map(to);
  c.dlqRecent = s.dlqRecent.map(to);
  c.visibleHeap = visibleHeap.map(to);
  c.sentQueue = new Int32Array(1024);
  c.sentHead = 0;
  c.sentEnd = 0;
  const sendLength = s.sendEnd - s.sendHead;
  const sendOrder = new Int32Array(Math.max(sendLength, 1024));
  for (let i = 0; i < sendLength; i++) {
    const r = s.sendOrder[s.sendHead + i]!;
    sendOrder[i] = place[r] !== GONE ? to(r) : spent;
  }
  c.sendOrder = sendOrder;
  c.sendHead = 0;
  c.sendEnd = sendLength;
  copyDue(s, c);
  for (let i = 0; i < c.dueEnd; i++) c.dueRows[i] = toOrSpent(c.dueRows[i]!);
  c.groups = new Map(
    [...s.groups].map(([id, g]) => [
      id,
      copyShapeWith(g, { msgs: g.msgs.slice(g.head).map(to), head: 0 }),
    ]),
  );
  c.pollers = s.pollers.map((p) => {
    const batch = p.batch.slice();
    for (let i = 0; i < p.count; i++) batch[i] = to(batch[i]!);
    return copyShapeWith(p, { batch, receipts: p.receipts.slice(), flags: p.flags.slice() });
  });
  c.pendingDuplicates = s.pendingDuplicates.map(to);
}

/** The rows `map` keeps (row r → map[r], -1 = dropped), gathered into exact-size columns, plus the stand-in row `spent`. */
function compactTable(m: MsgTable, map: Int32Array, rows: number, spent: number): MsgTable {
  const out = copyShape(m);
  const kept = new Int32Array(rows);
  for (let r = 0; r < m.n; r++) if (map[r]! >= 0) kept[map[r]!] = r;
  const columns = out as unknown as Record<string, Column>;
  const keptRows = spent;
  for (const name of MSG_COLUMNS) {
    const old = m[name];
    const Ctor = old.constructor as new (length: number) => Column;
    const col = new Ctor(Math.max(rows, 64));
    for (let i = 0; i < keptRows; i++) col[i] = old[kept[i]!]!;
    columns[name] = col;
  }
  out.place[spent] = GONE;
  out.holders[spent] = 0;
  out.n = rows;
  out.free = [];
  out.names = m.names.slice();
  const bodies = new Map<number, string>();
  for (const [r, body] of m.bodies) if (map[r]! >= 0) bodies.set(map[r]!, body);
  out.bodies = bodies;
  const dedupIds = new Map<number, string>();
  for (const [r, id] of m.dedupIds) if (map[r]! >= 0) dedupIds.set(map[r]!, id);
  out.dedupIds = dedupIds;
  return out;
}
