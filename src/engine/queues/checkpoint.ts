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
import type { SimEvent } from '../types';
import { entryAt, indexOf, keepEntries } from './history';
import { mentionsRecord } from './snapshot';
import {
  EV_BATCH_SENT,
  EV_DELETED,
  EV_RECORD_PUT,
  EV_RESULT,
  GONE,
  HISTORY_COLUMNS,
  idOf,
  IN_FLIGHT,
  MSG_COLUMNS,
  runningInvocations,
  eventEntries,
  eventLogOf,
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
  const out = { ...h };
  const columns = out as unknown as Record<string, Column>;
  for (const name of HISTORY_COLUMNS) columns[name] = h[name].slice(0, Math.max(h.count, 64));
  out.pool = h.pool.slice(0, Math.max(h.poolEnd, 256));
  out.receipts = h.receipts.slice(0, Math.max(h.poolEnd, 256));
  return out;
}

function copyTable(m: MsgTable): MsgTable {
  const out = { ...m };
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
  const copy: QState = {
    ...s,
    rng: { ...s.rng },
    queue: copyTypedEventQueue(s.queue),
    m: copyTable(s.m),
    keyNames: s.keyNames.slice(),
    keyIndex: new Map(s.keyIndex),
    visibleHeap: s.visibleHeap.slice(),
    dueAt: dueCopy(s.dueAt, s),
    dueRows: dueCopy(s.dueRows, s),
    dueReceipts: dueCopy(s.dueReceipts, s),
    dueFirst: dueCopy(s.dueFirst, s),
    visibilityHead: 0,
    dueEnd: s.dueEnd - s.visibilityHead,
    sendOrder: s.sendOrder.slice(s.sendHead, Math.max(s.sendEnd, s.sendHead + 1024)),
    sendHead: 0,
    sendEnd: s.sendEnd - s.sendHead,
    groups: new Map([...s.groups].map(([id, g]) => [id, { ...g, msgs: g.msgs.slice() }])),
    readyGroups: s.readyGroups.slice(),
    dedup: new Map(s.dedup),
    dedupKeys: s.dedupKeys.slice(s.dedupHead),
    dedupTimes: s.dedupTimes.slice(s.dedupHead),
    dedupHead: 0,
    pollers: s.pollers.map((p) => ({
      ...p,
      batch: p.batch.slice(),
      receipts: p.receipts.slice(),
      flags: p.flags.slice(),
    })),
    idle: s.idle.slice(),
    gathering: s.gathering.slice(),
    pendingDuplicates: s.pendingDuplicates.slice(),
    second: { ...s.second },
    producers: s.producers.map((p) => ({ ...p, keyIds: p.keyIds.slice() })),
    producerCounters: s.producerCounters.slice(),
    producerDue: s.producerDue.slice(),
    producerOrder: s.producerOrder.slice(),
    finished: s.finished.slice(),
    statusCounts: { ...s.statusCounts },
    dlq: s.dlq.slice(),
    dlqRecent: s.dlqRecent.slice(),
    history: copyHistory(s.history),
    events: copyEvents(s),
    applied: s.applied.slice(),
    metrics: clone(s.metrics),
    gmax: { ...s.gmax },
  };
  if (trim) trimForCheckpoint(copy);
  return copy;
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

/** Trims a bounded-mode copy to what a restored run needs, then compacts its message table. */
function trimForCheckpoint(c: QState): void {
  const m = c.m;
  const live = (r: number): boolean => m.place[r] !== GONE;
  c.finished = lastOf(c.finished, CHECKPOINT_TAIL);
  c.dlq = lastOf(c.dlq, CHECKPOINT_TAIL);

  // Events: from the last CHECKPOINT_TAIL or the first not yet drained, whichever is older,
  // and before them those about a live record (its story stays complete).
  const h = c.history;
  const ev = eventEntries(c.events);
  const undrained = ev.seqs.findIndex((seq) => seq > c.drainedSeq);
  const from = Math.max(
    0,
    Math.min(ev.items.length - CHECKPOINT_TAIL, undrained < 0 ? ev.items.length : undrained),
  );
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
      for (let i = 0; i < c.sendEnd; i++) {
        const r = c.sendOrder[i]!;
        if (live(r)) liveIds.add(idOf(c, r));
      }
    }
    return liveIds.has(id);
  };
  const keepEvent = (e: number | SimEvent): boolean => {
    if (typeof e !== 'number') return mentionsRecord(e, isLive);
    const kind = e % 8;
    const ref = (e - kind) / 8;
    if (kind === EV_RECORD_PUT) return live(ref);
    if (kind === EV_BATCH_SENT || kind === EV_RESULT || kind === EV_DELETED) {
      return batchHoldsLive(ref);
    }
    return false;
  };
  const keptEvents: number[] = [];
  for (let k = 0; k < ev.items.length; k++)
    if (k >= from || keepEvent(ev.items[k]!)) keptEvents.push(k);
  c.events = eventLogOf(
    keptEvents.map((k) => ev.items[k]!),
    keptEvents.map((k) => ev.times[k]!),
    keptEvents.map((k) => ev.seqs[k]!),
  );

  // History: the ring's tail and its entries holding a live message, and whatever the kept
  // events and the running invocations name (their events are rebuilt from it).
  const named = new Set<number>(runningInvocations(c));
  for (const e of c.events.items) {
    if (typeof e !== 'number') continue;
    const kind = e % 8;
    if (kind === EV_BATCH_SENT || kind === EV_RESULT || kind === EV_DELETED)
      named.add((e - kind) / 8);
  }
  const ringLength = h.count - h.first;
  const tailFrom = h.first + Math.max(0, ringLength - CHECKPOINT_TAIL);
  const holdsLive = (i: number): boolean => {
    const e = entryAt(h, i);
    for (let j = 0; j < e.len; j++) if (live(h.pool[e.p + j]!)) return true;
    return false;
  };
  const first = h.first;
  keepEntries(
    h,
    (i) => named.has(h.n[i]!) || (i >= first && (i >= tailFrom || holdsLive(i))),
    first,
  );
  compactRows(c);
}

/**
 * Keeps only the message rows the (trimmed) copy still names, renumbered in
 * row order into exact-size columns, and renumbers every row it holds.
 * Finished messages in the send order and spent visibility deadlines share
 * one stand-in row (GONE): only their place is read there.
 */
function compactRows(c: QState): void {
  const m = c.m;
  const n = m.n;
  const used = new Uint8Array(n);
  const place = m.place;
  for (let i = 0; i < c.sendEnd; i++)
    if (place[c.sendOrder[i]!] !== GONE) used[c.sendOrder[i]!] = 1;
  c.visibleHeap = c.visibleHeap.filter((r) => place[r] !== GONE);
  for (const r of c.visibleHeap) used[r] = 1;
  for (let i = 0; i < c.dueEnd; i++) {
    const r = c.dueRows[i]!;
    if (place[r] === IN_FLIGHT && m.receives[r] === c.dueReceipts[i]) used[r] = 1;
  }
  for (const g of c.groups.values())
    for (let i = g.head; i < g.msgs.length; i++) used[g.msgs[i]!] = 1;
  for (const p of c.pollers) for (let i = 0; i < p.count; i++) used[p.batch[i]!] = 1;
  for (const r of c.pendingDuplicates) used[r] = 1;
  for (const r of c.finished) used[r] = 1;
  const h = c.history;
  for (let k = 0; k < h.poolEnd; k++) used[h.pool[k]!] = 1;
  for (const e of c.events.items) {
    if (typeof e === 'number' && e % 8 === EV_RECORD_PUT) used[(e - EV_RECORD_PUT) / 8] = 1;
  }
  const map = new Int32Array(n);
  let next = 0;
  for (let r = 0; r < n; r++) map[r] = used[r] === 1 ? next++ : -1;
  const spent = next++;
  const columns = m as unknown as Record<string, Column>;
  for (const name of MSG_COLUMNS) {
    const old = m[name];
    const Ctor = old.constructor as new (length: number) => Column;
    const col = new Ctor(Math.max(next, 64));
    for (let r = 0; r < n; r++) if (map[r]! >= 0) col[map[r]!] = old[r]!;
    columns[name] = col;
  }
  m.place[spent] = GONE;
  m.holders[spent] = 0;
  m.n = next;
  m.free = [];
  const bodies = new Map<number, string>();
  for (const [r, body] of m.bodies) if (map[r]! >= 0) bodies.set(map[r]!, body);
  m.bodies = bodies;
  const dedupIds = new Map<number, string>();
  for (const [r, id] of m.dedupIds) if (map[r]! >= 0) dedupIds.set(map[r]!, id);
  m.dedupIds = dedupIds;

  const to = (r: number): number => map[r]!;
  const toOrSpent = (r: number): number => (map[r]! >= 0 ? map[r]! : spent);
  for (let i = 0; i < c.sendEnd; i++) {
    const r = c.sendOrder[i]!;
    c.sendOrder[i] = place[r] !== GONE ? to(r) : spent;
  }
  c.visibleHeap = c.visibleHeap.map(to);
  for (let i = 0; i < c.dueEnd; i++) c.dueRows[i] = toOrSpent(c.dueRows[i]!);
  for (const g of c.groups.values()) g.msgs = g.msgs.slice(g.head).map(to);
  for (const g of c.groups.values()) g.head = 0;
  for (const p of c.pollers) for (let i = 0; i < p.count; i++) p.batch[i] = to(p.batch[i]!);
  c.pendingDuplicates = c.pendingDuplicates.map(to);
  c.finished = c.finished.map(to);
  for (let k = 0; k < h.poolEnd; k++) h.pool[k] = to(h.pool[k]!);
  // (A trimmed copy's log is linear: head 0, every item in use.)
  c.events.items = c.events.items.map((e) =>
    typeof e === 'number' && e % 8 === EV_RECORD_PUT ? to((e - EV_RECORD_PUT) / 8) * 8 : e,
  );
}
