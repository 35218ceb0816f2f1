/**
 * The queue's invocation history as typed-array columns (state.ts
 * InvocationHistory): pushing an invoke attempt, finding and reading an
 * entry, and keeping the history ring's length exactly as trimRing does (it
 * grows to twice historyLimit, then keeps the newest historyLimit), while
 * storing older entries as long as the event log or a running invocation
 * names them. Entries are in invocation order; a restored checkpoint may
 * skip some (checkpoint.ts), so they are found by number.
 */
import { growColumn, type Column } from '../streams/columns';
import { firstIndexWhere } from '../search';
import type { BatchTrigger, InvocationResult, RecordId } from '../types';
import type { InvocationOutcome } from '../function';
import {
  EV_BATCH_SENT,
  EV_DELETED,
  EV_RESULT,
  HISTORY_COLUMNS,
  RESULTS,
  TRIGGERS,
  createHistory,
  resultCode,
  triggerCode,
  eventPos,
  idOf,
  runningInvocations,
  type InvocationHistory,
  type Poller,
  type QState,
} from './state';

/** Makes room for one more entry. */
function growSlots(h: InvocationHistory): void {
  if (h.count < h.n.length) return;
  const columns = h as unknown as Record<string, Column>;
  for (const name of HISTORY_COLUMNS) columns[name] = growColumn(h[name], h.count, h.count + 1);
}

/** Makes room for `need` more pool entries. */
function reservePool(h: InvocationHistory, need: number): void {
  if (h.poolEnd + need <= h.pool.length) return;
  const size = Math.max(256, (h.poolEnd + need) * 2);
  const pool = new Int32Array(size);
  pool.set(h.pool.subarray(0, h.poolEnd));
  const receipts = new Int32Array(size);
  receipts.set(h.receipts.subarray(0, h.poolEnd));
  h.pool = pool;
  h.receipts = receipts;
}

/**
 * Appends invocation n, started now by poller p: its batch rows and receipts,
 * and the rows of the reported failures (in the order the function listed
 * them). A throttled attempt (no outcome) starts, ends and times out now; any
 * other ends the outcome's duration after now and times out Timeout after now.
 * (Times are computed here rather than passed: each number passed to a call
 * that is not inlined is a new heap number, and this runs once per invocation.)
 */
export function pushInvocation(
  s: QState,
  n: number,
  p: Poller,
  reported: readonly number[],
  outcome: InvocationOutcome | null,
  trigger: BatchTrigger,
): void {
  const h = s.history;
  growSlots(h);
  const i = h.count;
  h.n[i] = n;
  h.start[i] = s.now;
  if (outcome === null) {
    h.end[i] = s.now;
    h.timeoutAt[i] = s.now;
    h.result[i] = resultCode('throttled');
  } else {
    h.end[i] = s.now + outcome.duration;
    h.timeoutAt[i] = s.now + s.fn.Timeout;
    h.result[i] = resultCode(outcome.result);
  }
  h.slot[i] = p.slot;
  h.attempt[i] = p.attempt;
  h.trigger[i] = triggerCode(trigger);
  const len = p.count;
  const rep = reported.length;
  reservePool(h, len + rep);
  let at = h.poolEnd;
  h.at[i] = at;
  h.len[i] = len;
  h.reported[i] = rep;
  const rows = p.batch;
  const receipts = p.receipts;
  for (let j = 0; j < len; j++) {
    h.pool[at] = rows[j]!;
    h.receipts[at++] = receipts[j]!;
  }
  for (let j = 0; j < rep; j++) {
    h.pool[at] = reported[j]!;
    h.receipts[at++] = -1;
  }
  h.poolEnd = at;
  h.count++;
  h.total = n;
  trimHistory(s);
}

/**
 * The history ring keeps the newest historyLimit entries once it reaches
 * twice that (as trimRing); entries before it that the event log or a
 * running invocation still names stay stored.
 */
function trimHistory(s: QState): void {
  const h = s.history;
  const limit = s.historyLimit;
  if (limit === null || h.count - h.first < 2 * limit) return;
  trimHistoryTo(s, h.count - limit);
}

/** trimHistory's work, apart (its closures' context is allocated only when it trims). */
function trimHistoryTo(s: QState, first: number): void {
  const h = s.history;
  // Marks by storage index (the entries before `first` the log or a running invocation names).
  const kept = new Uint8Array(first);
  const name = (n: number): void => {
    const i = indexOf(h, n);
    if (i >= 0 && i < first) kept[i] = 1;
  };
  const ev = s.events;
  for (let k = 0; k < ev.len; k++) {
    const e = ev.items[eventPos(ev, k)]!;
    if (typeof e !== 'number') continue;
    const kind = e % 8;
    if (kind === EV_BATCH_SENT || kind === EV_RESULT || kind === EV_DELETED) name((e - kind) / 8);
  }
  for (const n of runningInvocations(s)) name(n);
  keepEntries(h, (i) => i >= first || kept[i] === 1, first);
}

/**
 * Walks the stored entries `keep` picks, in order, as runs of consecutive
 * kept entries (mostly one long tail): `move(i, end, w)` is called for each
 * run [i, end), whose entries become [w, w + end - i) of the result. Returns
 * how many are kept and where the ring then starts among them: at the first
 * kept entry at or after `first` (all kept, if none is).
 */
function forKeptRuns(
  h: InvocationHistory,
  keep: (i: number) => boolean,
  first: number,
  move: (i: number, end: number, w: number) => void,
): { count: number; first: number } {
  let w = 0;
  let ringStart = -1;
  for (let i = 0; i < h.count; i++) {
    if (!keep(i)) continue;
    let end = i + 1;
    while (end < h.count && keep(end)) end++;
    if (ringStart < 0 && end > first) ringStart = w + Math.max(0, first - i);
    move(i, end, w);
    w += end - i;
    i = end - 1;
  }
  return { count: w, first: ringStart < 0 ? w : ringStart };
}

/** The pool range of stored entries [i, end): from entry i's rows to the next entry's. */
const poolEndOf = (h: InvocationHistory, end: number): number =>
  end < h.count ? h.at[end]! : h.poolEnd;

/**
 * Keeps the stored entries `keep` picks (in order) and only their pool
 * ranges, in place; the ring then starts at the first kept entry at or after `first`.
 */
export function keepEntries(
  h: InvocationHistory,
  keep: (i: number) => boolean,
  first: number,
): void {
  const columns = h as unknown as Record<string, Column>;
  const start = h.count > 0 ? h.at[0]! : 0;
  const pool = new Int32Array(Math.max(256, h.poolEnd - start));
  const receipts = new Int32Array(pool.length);
  let p = 0;
  const kept = forKeptRuns(h, keep, first, (i, end, w) => {
    // Each run's columns move down as blocks (entry `end` is not overwritten: w <= i).
    if (w !== i) for (const name of HISTORY_COLUMNS) columns[name]!.copyWithin(w, i, end);
    const from = h.at[w]!;
    const to = poolEndOf(h, end);
    pool.set(h.pool.subarray(from, to), p);
    receipts.set(h.receipts.subarray(from, to), p);
    const shift = p - from;
    for (let k = w; k < w + (end - i); k++) h.at[k] = h.at[k]! + shift;
    p += to - from;
  });
  h.count = kept.count;
  h.first = kept.first;
  h.pool = pool;
  h.receipts = receipts;
  h.poolEnd = p;
}

/**
 * A new history holding only the stored entries `keep` picks (in order) and
 * their pool ranges, as keepEntries leaves it, without touching `h`: a
 * checkpoint copies just the entries it keeps. `mapRow` renumbers the rows.
 */
export function copyEntries(
  h: InvocationHistory,
  keep: (i: number) => boolean,
  first: number,
  mapRow: (r: number) => number,
): InvocationHistory {
  let count = 0;
  let poolLength = 0;
  for (let i = 0; i < h.count; i++) {
    if (!keep(i)) continue;
    count++;
    poolLength += h.len[i]! + h.reported[i]!;
  }
  const out = createHistory(Math.max(count, 64), Math.max(256, poolLength));
  out.total = h.total;
  const dst = out as unknown as Record<string, Column>;
  let p = 0;
  const kept = forKeptRuns(h, keep, first, (i, end, w) => {
    for (const name of HISTORY_COLUMNS) dst[name]!.set(h[name].subarray(i, end), w);
    const from = h.at[i]!;
    const to = poolEndOf(h, end);
    const shift = p - from;
    for (let k = w; k < w + (end - i); k++) out.at[k] = out.at[k]! + shift;
    for (let k = from; k < to; k++) {
      out.pool[p] = mapRow(h.pool[k]!);
      out.receipts[p++] = h.receipts[k]!;
    }
  });
  out.count = kept.count;
  out.first = kept.first;
  out.poolEnd = p;
  return out;
}

/** Storage index of invocation n, or -1 when it is not stored. */
export function indexOf(h: InvocationHistory, n: number): number {
  // Entries are consecutive from the end back to the last gap: try the direct place first.
  const guess = h.count - 1 - (h.total - n);
  if (guess >= 0 && guess < h.count && h.n[guess] === n) return guess;
  return searchIndexOf(h, n);
}

/**
 * indexOf's binary search, apart: a function holding a closure allocates its
 * captured variables' context on every call, even when the closure is never
 * made (the direct place above answers almost every call).
 */
function searchIndexOf(h: InvocationHistory, n: number): number {
  const i = firstIndexWhere(0, h.count, (k) => h.n[k]! >= n);
  return i < h.count && h.n[i] === n ? i : -1;
}

/** Whether invocation n is in the history ring (what reports, stories and payloads see). */
export function inRing(h: InvocationHistory, n: number): boolean {
  const i = indexOf(h, n);
  return i >= h.first;
}

/** Whether invocation n's entry is still stored. */
export const stored = (h: InvocationHistory, n: number): boolean => indexOf(h, n) >= 0;

/** One stored entry, read through the columns (no copy of its rows). */
export interface Entry {
  readonly n: number;
  /** Storage index. */
  readonly i: number;
  /** Pool offset of its rows. */
  readonly p: number;
  readonly len: number;
  readonly reported: number;
}

/** The entry at storage index i. */
export function entryAt(h: InvocationHistory, i: number): Entry {
  return { n: h.n[i]!, i, p: h.at[i]!, len: h.len[i]!, reported: h.reported[i]! };
}

/** Invocation n's stored entry (it must be stored). */
export function entry(h: InvocationHistory, n: number): Entry {
  const i = indexOf(h, n);
  if (i < 0) throw new Error(`invocation ${n} is not in the stored history`);
  return entryAt(h, i);
}

export const resultOf = (h: InvocationHistory, e: Entry): InvocationResult =>
  RESULTS[h.result[e.i]!]!;
export const triggerOf = (h: InvocationHistory, e: Entry): BatchTrigger =>
  TRIGGERS[h.trigger[e.i]!]!;

/** Sets invocation n's result (a partial response found invalid at its end). */
export function setResult(h: InvocationHistory, n: number, result: InvocationResult): void {
  const i = indexOf(h, n);
  if (i >= 0) h.result[i] = resultCode(result);
}

/** The record ids of an entry's batch. */
export function idsOf(s: QState, e: Entry): RecordId[] {
  const out = new Array<RecordId>(e.len);
  const pool = s.history.pool;
  for (let j = 0; j < e.len; j++) out[j] = idOf(s, pool[e.p + j]!);
  return out;
}

/** The record ids the entry's function listed in batchItemFailures. */
export function reportedIdsOf(s: QState, e: Entry): RecordId[] {
  const out = new Array<RecordId>(e.reported);
  const pool = s.history.pool;
  for (let j = 0; j < e.reported; j++) out[j] = idOf(s, pool[e.p + e.len + j]!);
  return out;
}
