/**
 * The discrete-event queue: a binary min-heap of plain-data events ordered by
 * time, then by insertion order, so two events at the same instant run in the
 * order they were scheduled (determinism does not depend on heap layout).
 * The heap is a plain array inside the simulation state: structuredClone-able.
 */

export interface Scheduled<E> {
  readonly t: number;
  /** Insertion counter: the tie-breaker at equal times. */
  readonly order: number;
  readonly event: E;
}

export interface EventQueue<E> {
  heap: Scheduled<E>[];
  nextOrder: number;
}

export function createEventQueue<E>(): EventQueue<E> {
  return { heap: [], nextOrder: 0 };
}

const before = <E>(a: Scheduled<E>, b: Scheduled<E>): boolean =>
  a.t < b.t || (a.t === b.t && a.order < b.order);

/** Schedules `event` at time t. */
export function schedule<E>(q: EventQueue<E>, t: number, event: E): void {
  const item: Scheduled<E> = { t, order: q.nextOrder++, event };
  const h = q.heap;
  h.push(item);
  let i = h.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = h[parent]!;
    if (!before(item, p)) break;
    h[i] = p;
    i = parent;
  }
  h[i] = item;
}

/** The earliest event without removing it. */
export function peek<E>(q: EventQueue<E>): Scheduled<E> | undefined {
  return q.heap[0];
}

/** Removes and returns the earliest event. */
export function pop<E>(q: EventQueue<E>): Scheduled<E> | undefined {
  const h = q.heap;
  const top = h[0];
  if (top === undefined) return undefined;
  const last = h.pop()!;
  if (h.length > 0) {
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
  return top;
}

export function size<E>(q: EventQueue<E>): number {
  return q.heap.length;
}
