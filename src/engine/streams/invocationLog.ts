/**
 * The invocation history (the UI keeps the last historyLimit invocations; the
 * CLI keeps all) as typed-array columns: one slot per invocation, and the
 * record indices of every kept batch (and of its reported failures) in one
 * shared Int32Array pool. A checkpoint then copies a few blocks of memory
 * instead of tens of thousands of objects and arrays. Entries are rebuilt as
 * objects only when read (report, story, event log).
 */
import type { BatchTrigger, InvocationResult } from '../types';
import { copyShape, notConstant } from '../shape';
import { copyPlain, growColumn, reviveColumn, type Column } from './columns';

/** One invocation as the rest of the engine reads it (records by index). */
export interface InvocationEntry {
  n: number;
  start: number;
  end: number;
  shard: number;
  lane: number;
  recs: readonly number[];
  result: InvocationResult;
  reported: readonly number[];
  trigger: BatchTrigger;
  attempt: number;
  tumbling: TumblingFields | null;
}

/** The tumbling-window fields of an invocation (rare, so kept as objects by invocation number). */
export interface TumblingFields {
  start: number;
  end: number;
  state: { count: number };
  final: boolean;
}

export const RESULTS: readonly InvocationResult[] = [
  'success',
  'functionError',
  'timeout',
  'throttled',
  'partialFailure',
  'invalidResponse',
];
const TRIGGERS: readonly BatchTrigger[] = [
  'batchFull',
  'windowElapsed',
  'payloadFull',
  'retry',
  'bisect',
  'partialRetry',
  'windowEnd',
  'polled',
  'duplicate',
];

/** Invocation n is entry index n - 1; slot = index mod limit (index itself when unlimited). */
export interface InvocationLog {
  /**
   * The last `limit` invocations are kept (all when null), and between them
   * they name at most `limit` record indices (batches and their reported
   * failures; the newest invocation is always kept), so a bounded history
   * never holds on to more records than the UI can show.
   */
  limit: number | null;
  /** Invocations ever pushed. */
  total: number;
  /** The first entry index still kept. */
  first: number;
  start: Float64Array;
  end: Float64Array;
  shard: Int32Array;
  lane: Int32Array;
  attempt: Int32Array;
  result: Uint8Array;
  trigger: Uint8Array;
  /** Absolute pool offset of the slot's records; its reported failures follow them. */
  recsAt: Float64Array;
  recsLen: Int32Array;
  reportedLen: Int32Array;
  /** Record indices; pool[k] holds absolute offset poolBase + k. */
  pool: Int32Array;
  poolBase: number;
  /** Absolute offset where the next batch's records go. */
  poolEnd: number;
  /** Tumbling fields by invocation number ('n' + number, so no key collides with Object.prototype). */
  tumbling: Record<string, TumblingFields>;
}

/** The log's typed-array columns, one empty column of each type (grown and revived together). */
const SLOT_COLUMNS = {
  start: new Float64Array(0),
  end: new Float64Array(0),
  shard: new Int32Array(0),
  lane: new Int32Array(0),
  attempt: new Int32Array(0),
  result: new Uint8Array(0),
  trigger: new Uint8Array(0),
  recsAt: new Float64Array(0),
  recsLen: new Int32Array(0),
  reportedLen: new Int32Array(0),
} as const satisfies Partial<Record<keyof InvocationLog, Column>>;
const SLOT_NAMES = Object.keys(SLOT_COLUMNS) as (keyof typeof SLOT_COLUMNS)[];

/**
 * An empty log keeping the last `limit` invocations (all when null) naming at
 * most `limit` records between them, its pool with room for `poolRoom`
 * record indices (it grows past them; sized up front, saved states keep no
 * outgrown pools alive).
 */
export function createInvocationLog(
  limit: number | null,
  poolRoom = 0,
  slotRoom = 0,
): InvocationLog {
  // Untouched room costs no memory until written (typed arrays are zero pages until then).
  // One literal of every key in the interface's order (no spread): copyInvocationLog's
  // copyShape then gives a restored log this hidden class (see ../shape.ts).
  const log: InvocationLog = {
    limit: limit === null ? null : Math.max(1, Math.floor(limit)),
    total: 0,
    first: 0,
    start: new Float64Array(slotRoom),
    end: new Float64Array(slotRoom),
    shard: new Int32Array(slotRoom),
    lane: new Int32Array(slotRoom),
    attempt: new Int32Array(slotRoom),
    result: new Uint8Array(slotRoom),
    trigger: new Uint8Array(slotRoom),
    recsAt: new Float64Array(slotRoom),
    recsLen: new Int32Array(slotRoom),
    reportedLen: new Int32Array(slotRoom),
    pool: new Int32Array(poolRoom),
    poolBase: 0,
    poolEnd: 0,
    tumbling: {},
  };
  // Replaced as the log grows and compactions renumber it (../shape.ts notConstant).
  return notConstant(log, [...SLOT_NAMES, 'pool', 'poolBase']);
}

/** The log without its columns (what copyInvocationLog fills in). */
export const EMPTY_INVOCATION_LOG = { ...SLOT_COLUMNS, pool: new Int32Array(0) } as const;

/**
 * A copy of the log for saveState (`share`) or restore; accepts one that went
 * through JSON (columns as objects). Only the slots in use are copied. A
 * saved log shares the pool's live part with the live log (a view): pool
 * entries are written once, and the live log only appends past them or
 * moves to a new pool (reservePool), so the view never changes. The slots
 * are shared the same way until the log is full (from then on a new
 * invocation overwrites the oldest slot, so they are copied). A restored
 * log's pool has room for `poolRoom` entries.
 */
export function copyInvocationLog(log: InvocationLog, share = false, poolRoom = 0): InvocationLog {
  // Same keys, same order, same hidden class as the engine's own log (../shape.ts).
  const copy = copyShape(log);
  copy.tumbling = copyPlain(log.tumbling);
  const from = log as unknown as Record<string, unknown>;
  const columns = copy as unknown as Record<string, Column>;
  const used = log.limit === null ? log.total : Math.min(log.total, log.limit);
  // Until the log is full, slots are only appended (see growSlots).
  const appendOnly = log.limit === null || log.total < log.limit;
  for (const name of SLOT_NAMES) {
    const column = reviveColumn(from[name], SLOT_COLUMNS[name]);
    columns[name] = share && appendOnly ? column.subarray(0, used) : column.slice(0, used);
  }
  // Only the pool's live part (from the oldest kept batch) is kept.
  const pool = reviveColumn(log.pool, new Int32Array(0));
  const live = log.poolEnd - log.poolBase;
  if (share) copy.pool = pool.subarray(0, live);
  else {
    // A restored log gets the same room as a new one (poolRoom), so it seldom outgrows its pool.
    copy.pool = new Int32Array(Math.max(live, poolRoom));
    copy.pool.set(pool.subarray(0, live));
  }
  return copy;
}

export const slotOf = (log: InvocationLog, index: number): number =>
  log.limit === null ? index : index % log.limit;

/** The first entry index still kept. */
export function firstInvocationIndex(log: InvocationLog): number {
  return log.first;
}

/**
 * Makes room for one more slot (slots only grow until the limit). The first
 * time a full log wraps around, its slots move to new columns: saved states
 * taken before keep views of the old ones, which must not be overwritten.
 */
function growSlots(log: InvocationLog): void {
  const max = log.limit ?? Infinity;
  const used = Math.min(log.total, max);
  if (log.total === max) {
    const columns = log as unknown as Record<string, Column>;
    for (const name of SLOT_NAMES) columns[name] = log[name].slice(0, max);
    return;
  }
  const size = used + 1;
  if (size <= log.start.length || used >= max) return;
  const columns = log as unknown as Record<string, Column>;
  for (const name of SLOT_NAMES) columns[name] = growColumn(log[name], used, size, max);
}

/**
 * Makes room for `need` more pool entries. The entries still in use start at
 * `liveFrom` (the oldest kept batch): they move to the front of a new pool,
 * twice their size when they fill more than half of the old one. Never moved
 * within the same pool: saved states keep views of it (copyInvocationLog).
 */
function reservePool(log: InvocationLog, liveFrom: number, need: number): void {
  if (log.poolEnd + need - log.poolBase <= log.pool.length) return;
  const live = log.poolEnd - liveFrom;
  const size =
    (live + need) * 2 > log.pool.length ? Math.max(64, (live + need) * 2) : log.pool.length;
  const next = new Int32Array(size);
  next.set(log.pool.subarray(liveFrom - log.poolBase, log.poolEnd - log.poolBase));
  log.pool = next;
  log.poolBase = liveFrom;
}

/** Whether any invocation kept has tumbling-window fields (most runs have none). */
function hasTumbling(log: InvocationLog): boolean {
  for (const key in log.tumbling) if (key !== '') return true;
  return false;
}

/** Appends invocation `entry` (its n must be total + 1); when full, the oldest is dropped. */
export function pushInvocation(log: InvocationLog, entry: InvocationEntry): void {
  const index = log.total;
  growSlots(log);
  const need = entry.recs.length + entry.reported.length;
  let first = 0;
  if (log.limit !== null) {
    // The oldest go while more than `limit` are kept or, with this one, they name more records.
    first = Math.max(log.first, index + 1 - log.limit);
    while (first < index && log.poolEnd + need - log.recsAt[slotOf(log, first)]! > log.limit) {
      first++;
    }
  }
  if (first > log.first && hasTumbling(log)) {
    for (let k = log.first; k < first; k++) delete log.tumbling['n' + (k + 1)];
  }
  log.first = first;
  const liveFrom = first < index ? log.recsAt[slotOf(log, first)]! : log.poolEnd;
  reservePool(log, liveFrom, need);
  const slot = slotOf(log, index);
  let k = log.poolEnd - log.poolBase;
  const pool = log.pool;
  const { recs, reported } = entry;
  for (let j = 0; j < recs.length; j++) pool[k++] = recs[j]!;
  for (let j = 0; j < reported.length; j++) pool[k++] = reported[j]!;
  log.start[slot] = entry.start;
  log.end[slot] = entry.end;
  log.shard[slot] = entry.shard;
  log.lane[slot] = entry.lane;
  log.attempt[slot] = entry.attempt;
  log.result[slot] = RESULTS.indexOf(entry.result);
  log.trigger[slot] = TRIGGERS.indexOf(entry.trigger);
  log.recsAt[slot] = log.poolEnd;
  log.recsLen[slot] = entry.recs.length;
  log.reportedLen[slot] = entry.reported.length;
  log.poolEnd += need;
  if (entry.tumbling !== null) log.tumbling['n' + entry.n] = entry.tumbling;
  log.total = index + 1;
}

/** Entry index `index` (invocation index + 1), or undefined once dropped from the history. */
export function invocationAt(log: InvocationLog, index: number): InvocationEntry | undefined {
  if (index < firstInvocationIndex(log) || index >= log.total) return undefined;
  const slot = slotOf(log, index);
  const at = log.recsAt[slot]! - log.poolBase;
  const len = log.recsLen[slot]!;
  const n = index + 1;
  return {
    n,
    start: log.start[slot]!,
    end: log.end[slot]!,
    shard: log.shard[slot]!,
    lane: log.lane[slot]!,
    recs: Array.from(log.pool.subarray(at, at + len)),
    result: RESULTS[log.result[slot]!]!,
    reported: Array.from(log.pool.subarray(at + len, at + len + log.reportedLen[slot]!)),
    trigger: TRIGGERS[log.trigger[slot]!]!,
    attempt: log.attempt[slot]!,
    tumbling: log.tumbling['n' + n] ?? null,
  };
}

/** Entries with index >= from still kept, oldest first. */
export function invocationsFrom(log: InvocationLog, from: number): InvocationEntry[] {
  const out: InvocationEntry[] = [];
  for (let i = Math.max(from, firstInvocationIndex(log)); i < log.total; i++) {
    out.push(invocationAt(log, i)!);
  }
  return out;
}

/** The record indices the kept entries name (their batches and reported failures), as a view. */
export function keptRecordRefs(log: InvocationLog): Int32Array {
  const from = log.first < log.total ? log.recsAt[slotOf(log, log.first)]! : log.poolEnd;
  return log.pool.subarray(from - log.poolBase, log.poolEnd - log.poolBase);
}

/**
 * Renumbers the record indices of the kept entries (record i becomes
 * map[i]), in a new pool of their size (saved states may view the old one).
 */
export function renumberRecordRefs(log: InvocationLog, map: Int32Array): void {
  const live = keptRecordRefs(log);
  const next = renumberedRefs(live, map);
  log.poolBase = log.poolEnd - live.length;
  log.pool = next;
}

/**
 * A renumbered copy of the refs. The loop is a function of its own: run rarely
 * over tens of thousands of refs, a loop inside renumberRecordRefs had it
 * optimised mid-loop, and the statements after it (no type feedback yet)
 * deoptimised it at each compaction.
 */
function renumberedRefs(live: Int32Array, map: Int32Array): Int32Array {
  const next = new Int32Array(live.length);
  for (let k = 0; k < live.length; k++) next[k] = map[live[k]!]!;
  return next;
}

/** Whether kept entry `index` lists record `i` in its batch (without rebuilding the entry). */
export function invocationHasRecord(log: InvocationLog, index: number, i: number): boolean {
  const slot = slotOf(log, index);
  const at = log.recsAt[slot]! - log.poolBase;
  return log.pool.subarray(at, at + log.recsLen[slot]!).includes(i);
}
