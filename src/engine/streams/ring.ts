/**
 * A capped, plain-data ring buffer: the UI keeps the last N invocations and
 * events (historyLimit); the CLI (limit null) keeps everything.
 */

export interface Ring<T> {
  items: T[];
  /** Items ever pushed; the newest has index total - 1. */
  total: number;
  limit: number | null;
}

export function createRing<T>(limit: number | null): Ring<T> {
  return { items: [], total: 0, limit: limit === null ? null : Math.max(1, Math.floor(limit)) };
}

/** Appends; when full, overwrites the oldest. */
export function ringPush<T>(r: Ring<T>, item: T): void {
  if (r.limit === null || r.items.length < r.limit) r.items.push(item);
  else r.items[r.total % r.limit] = item;
  r.total++;
}

/** The first absolute index still held. */
export function ringFirst<T>(r: Ring<T>): number {
  return r.total - r.items.length;
}

/** The item with absolute index i (0-based, in push order), or undefined if dropped. */
export function ringGet<T>(r: Ring<T>, i: number): T | undefined {
  if (i < ringFirst(r) || i >= r.total) return undefined;
  return r.limit === null ? r.items[i] : r.items[i % r.limit];
}

/** Items with absolute index >= from, oldest first. */
export function ringFrom<T>(r: Ring<T>, from: number): T[] {
  const out: T[] = [];
  for (let i = Math.max(from, ringFirst(r)); i < r.total; i++) out.push(ringGet(r, i)!);
  return out;
}
