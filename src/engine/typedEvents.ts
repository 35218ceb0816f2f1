/**
 * A discrete-event queue without an object per event: events are slots of
 * typed-array columns (time, insertion order, kind and two numeric
 * arguments), and a binary min-heap of slot numbers orders them by (time,
 * insertion order), so two events at the same instant run in the order they
 * were scheduled. Plain data (structuredClone-able), and nothing for the
 * garbage collector to walk however many events wait.
 */

export interface TypedEventQueue {
  /** Slot columns. */
  t: Float64Array;
  order: Float64Array;
  kind: Uint8Array;
  a: Float64Array;
  b: Float64Array;
  /** The heap: slot numbers, heap[0] the earliest. */
  heap: Int32Array;
  size: number;
  /** Free slots (a stack); slots below `used` not on it are in the heap. */
  free: number[];
  used: number;
  nextOrder: number;
}

export function createTypedEventQueue(capacity = 64): TypedEventQueue {
  return {
    t: new Float64Array(capacity),
    order: new Float64Array(capacity),
    kind: new Uint8Array(capacity),
    a: new Float64Array(capacity),
    b: new Float64Array(capacity),
    heap: new Int32Array(capacity),
    size: 0,
    free: [],
    used: 0,
    nextOrder: 0,
  };
}

function grow(q: TypedEventQueue): void {
  const size = q.t.length * 2;
  const t = new Float64Array(size);
  t.set(q.t);
  q.t = t;
  const order = new Float64Array(size);
  order.set(q.order);
  q.order = order;
  const kind = new Uint8Array(size);
  kind.set(q.kind);
  q.kind = kind;
  const a = new Float64Array(size);
  a.set(q.a);
  q.a = a;
  const b = new Float64Array(size);
  b.set(q.b);
  q.b = b;
  const heap = new Int32Array(size);
  heap.set(q.heap);
  q.heap = heap;
}

/**
 * Schedules an event of `kind` with arguments a, b at time t. `order`
 * defaults to the next insertion number; pass one taken earlier with
 * reserveOrder to keep an event's place among others at the same instant.
 */
export function scheduleTyped(
  q: TypedEventQueue,
  t: number,
  kind: number,
  a = 0,
  b = 0,
  order = q.nextOrder++,
): void {
  let slot = q.free.pop();
  if (slot === undefined) {
    if (q.used === q.t.length) grow(q);
    slot = q.used++;
  }
  q.t[slot] = t;
  q.order[slot] = order;
  q.kind[slot] = kind;
  q.a[slot] = a;
  q.b[slot] = b;
  const heap = q.heap;
  const times = q.t;
  const orders = q.order;
  let i = q.size++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent]!;
    const pt = times[p]!;
    if (pt < t || (pt === t && orders[p]! < order)) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = slot;
}

/** Takes an insertion number now, for an event scheduled (or run) later in its place. */
export function reserveOrder(q: TypedEventQueue): number {
  return q.nextOrder++;
}

/** The earliest event's slot, or -1 when none waits. */
export function peekSlot(q: TypedEventQueue): number {
  return q.size > 0 ? q.heap[0]! : -1;
}

/** Removes the earliest event; its slot's fields stay readable until the next schedule. */
export function popSlot(q: TypedEventQueue): number {
  const heap = q.heap;
  const top = heap[0]!;
  const n = --q.size;
  if (n > 0) {
    const last = heap[n]!;
    const times = q.t;
    const orders = q.order;
    const lt = times[last]!;
    const lo = orders[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n) {
        const rt = times[heap[r]!]!;
        const ct = times[heap[l]!]!;
        if (rt < ct || (rt === ct && orders[heap[r]!]! < orders[heap[l]!]!)) c = r;
      }
      const cs = heap[c]!;
      const cst = times[cs]!;
      if (lt < cst || (lt === cst && lo < orders[cs]!)) break;
      heap[i] = cs;
      i = c;
    }
    heap[i] = last;
  }
  q.free.push(top);
  return top;
}

/** A copy (block copies of the columns). */
export function copyTypedEventQueue(q: TypedEventQueue): TypedEventQueue {
  return {
    t: q.t.slice(),
    order: q.order.slice(),
    kind: q.kind.slice(),
    a: q.a.slice(),
    b: q.b.slice(),
    heap: q.heap.slice(),
    size: q.size,
    free: q.free.slice(),
    used: q.used,
    nextOrder: q.nextOrder,
  };
}
