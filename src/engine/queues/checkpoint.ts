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
 * Everything else is copied, and objects or arrays reachable from several
 * places (a poller's batch is also its running invocation's `messages`; the
 * running map and the history hold the same invocation) are copied once, so
 * the copy has the same sharing as the original, as structuredClone would give.
 */
import {
  GONE,
  type FifoGroup,
  type Poller,
  type QInvocation,
  type QMessage,
  type QState,
} from './state';

interface StructuredCloneGlobal {
  structuredClone<T>(value: T): T;
}
const clone = <T>(v: T): T => (globalThis as unknown as StructuredCloneGlobal).structuredClone(v);

/** A copy of the state that continues exactly like it; settled parts are shared (see above). */
export function copyQueueState(s: QState): QState {
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
    dueMsgs: s.dueMsgs.slice(s.visibilityHead).map(message),
    dueReceipts: s.dueReceipts.slice(s.visibilityHead),
    dueFirst: s.dueFirst.slice(s.visibilityHead),
    visibilityHead: 0,
    sendOrder: s.sendOrder.map(message),
    groups: new Map([...s.groups].map(([id, g]) => [id, group(g)])),
    dedup: new Map(s.dedup),
    pollers: s.pollers.map(poller),
    pendingDuplicates: s.pendingDuplicates.map(message),
    running: new Map([...s.running].map(([n, inv]) => [n, invocation(inv)])),
    finished: s.finished.map(message),
    dlq: s.dlq.slice(),
    dlqRecent: s.dlqRecent.slice(),
    history: s.history.map(invocation),
    events: s.events.slice(),
  };
}
