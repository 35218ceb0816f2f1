/**
 * Copying a queue state for saveState and restore (time-travel checkpoints).
 *
 * structuredClone would walk every object the state holds: at 1,000 messages/s
 * the history ring, the finished ring and the visibility deadlines keep a few
 * hundred thousand finished messages and tens of thousands of invocations. Those
 * are never written again, so copies share them and only the parts that still
 * change are copied:
 *
 * - a message is settled once it is GONE, held by no poller batch
 *   (`holders` 0) and not waiting as an at-least-once copy: nothing writes it
 *   after that (makeVisibleAgain, receives and invocations only touch live or
 *   held messages);
 * - an invocation is settled once it is no longer running and all its
 *   messages are settled;
 * - events, dead-letter entries and deduplication entries are never written
 *   after they are added.
 *
 * Finished messages in the send order and spent visibility deadlines (the
 * message was deleted or received again since) are replaced by SPENT: only
 * their place is ever read there, and the copy then keeps no finished message
 * alive beyond the history rings.
 *
 * Bounded mode (historyLimit set, the app): a checkpoint keeps only the last
 * CHECKPOINT_TAIL entries of the history rings (finished records, invocations,
 * events, dead-letter entries), plus every invocation that still holds a live
 * message (so the story of a record on stage stays complete) and every event
 * not yet drained. The app keeps ~100 checkpoints: full 20,000-entry rings in
 * each kept millions of messages alive. A restored run continues with the
 * same snapshots, metrics and events; only its report and the stories of
 * records finished before the checkpoint see the shorter history.
 *
 * Everything else is copied, and objects or arrays reachable from several
 * places (a message in a poller's batch, the send order and an invocation; the
 * running map and the history hold the same invocation) are copied once, so
 * the copy has the same sharing as the original, as structuredClone would give.
 */
import {
  GONE,
  IN_FLIGHT,
  SPENT,
  type FifoGroup,
  type Poller,
  type QInvocation,
  type QMessage,
  type QState,
} from './state';
import { mentionsRecord } from './snapshot';
import type { RecordId } from '../types';

interface StructuredCloneGlobal {
  structuredClone<T>(value: T): T;
}
const clone = <T>(v: T): T => (globalThis as unknown as StructuredCloneGlobal).structuredClone(v);

/** Ring entries a bounded-mode checkpoint keeps (see above). */
export const CHECKPOINT_TAIL = 500;

/** The last `n` entries of a ring (all of them when n is null). */
const lastOf = <T>(ring: readonly T[], n: number | null): T[] =>
  n === null ? ring.slice() : ring.slice(Math.max(0, ring.length - n));

/** A copy of the state that continues exactly like it; settled parts are shared (see above). */
export function copyQueueState(s: QState): QState {
  const tail = s.historyLimit === null ? null : CHECKPOINT_TAIL;
  const waiting = new Set(s.pendingDuplicates);
  const copies = new Map<object, unknown>();
  const once = <T extends object>(original: T, make: () => T): T => {
    let copy = copies.get(original) as T | undefined;
    if (copy === undefined) {
      copy = make();
      copies.set(original, copy);
    }
    return copy;
  };

  const settled = (m: QMessage): boolean => m.place === GONE && m.holders === 0 && !waiting.has(m);
  const message = (m: QMessage): QMessage => (settled(m) ? m : once(m, () => ({ ...m })));
  const messages = (list: readonly QMessage[]): QMessage[] =>
    once(list as QMessage[], () => list.map(message));
  const numbers = (list: readonly number[]): number[] => once(list as number[], () => list.slice());

  const invocation = (inv: QInvocation): QInvocation =>
    s.running.get(inv.n) !== inv && inv.messages.every(settled)
      ? inv
      : once(inv, () => ({
          ...inv,
          messages: messages(inv.messages),
          receipts: numbers(inv.receipts),
        }));
  const poller = (p: Poller): Poller => ({
    ...p,
    batch: messages(p.batch),
    receipts: numbers(p.receipts),
    flags: numbers(p.flags),
  });
  const group = (g: FifoGroup): FifoGroup => ({ ...g, msgs: messages(g.msgs) });
  const sent = (m: QMessage): QMessage => (m.place === GONE ? SPENT : message(m));
  const head = s.visibilityHead;
  const due = (m: QMessage, i: number): QMessage =>
    m.place === IN_FLIGHT && m.receiveCount === s.dueReceipts[head + i] ? message(m) : SPENT;
  const live = (inv: QInvocation): boolean => inv.messages.some((m) => m.place !== GONE);
  const keptHistory =
    tail === null
      ? s.history
      : s.history.filter((inv, i) => i >= s.history.length - tail || live(inv));
  let keptEvents = s.events.slice();
  if (tail !== null) {
    // Events from the last CHECKPOINT_TAIL or the first not yet drained, whichever is
    // older, and before them those about a live record (its story stays complete).
    const firstSeq = s.events[0]?.seq ?? 0;
    const from = Math.max(0, Math.min(s.events.length - tail, s.drainedSeq + 1 - firstSeq));
    const liveIds = new Set<RecordId>();
    for (let i = s.sendHead; i < s.sendOrder.length; i++) {
      const m = s.sendOrder[i]!;
      if (m.place !== GONE) liveIds.add(m.id);
    }
    const isLive = (id: RecordId): boolean => liveIds.has(id);
    keptEvents = s.events.filter((e, i) => i >= from || mentionsRecord(e, isLive));
  }

  // The small, always-changing parts (scenario, config, event queue, metrics, counters, cursors).
  const rest = clone({
    ...s,
    visibleHeap: [],
    dueAt: [],
    dueMsgs: [],
    dueReceipts: [],
    dueFirst: [],
    sendOrder: [],
    groups: new Map(),
    dedup: new Map(),
    dedupKeys: [],
    dedupTimes: [],
    pollers: [],
    pendingDuplicates: [],
    running: new Map(),
    finished: [],
    dlq: [],
    dlqRecent: [],
    history: [],
    events: [],
  });
  return {
    ...rest,
    visibleHeap: s.visibleHeap.map(message),
    // Visibility deadlines from the first one not yet run (the consumed front is never read).
    dueAt: s.dueAt.slice(s.visibilityHead),
    dueMsgs: s.dueMsgs.slice(head).map(due),
    dueReceipts: s.dueReceipts.slice(head),
    dueFirst: s.dueFirst.slice(head),
    visibilityHead: 0,
    // From the oldest live message (the skipped front is never read again).
    sendOrder: s.sendOrder.slice(s.sendHead).map(sent),
    sendHead: 0,
    groups: new Map([...s.groups].map(([id, g]) => [id, group(g)])),
    dedup: new Map(s.dedup),
    dedupKeys: s.dedupKeys.slice(s.dedupHead),
    dedupTimes: s.dedupTimes.slice(s.dedupHead),
    dedupHead: 0,
    pollers: s.pollers.map(poller),
    pendingDuplicates: s.pendingDuplicates.map(message),
    running: new Map([...s.running].map(([n, inv]) => [n, invocation(inv)])),
    finished: lastOf(s.finished, tail).map(message),
    dlq: lastOf(s.dlq, tail),
    dlqRecent: s.dlqRecent.slice(),
    history: keptHistory.map(invocation),
    events: keptEvents,
  };
}
