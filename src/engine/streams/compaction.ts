/**
 * Forgetting old records in bounded mode (historyLimit set: the app).
 *
 * An hour at 1,000 records/s puts 3.6 million records. The CLI (history
 * unlimited) keeps them all, since its report lists every one. The app can
 * show only a recent slice of history (the last historyLimit events and
 * invocations), the stage's window around each shard's checkpoint and what is
 * still pending, so once `recordsKeptWhole` records have been put it forgets
 * the records none of those can reach any more: an hour-long run then holds
 * tens of thousands of records instead of millions (plus, while a shard is
 * blocked, the records waiting behind it, which are real state).
 *
 * What stays is keptRecords. Forgetting renumbers the rest (in put order,
 * from 0) everywhere an index is held: the record columns, the shards'
 * position lists, lanes and their batches, the event log, the invocation
 * history, keys' last records and DynamoDB's previous images. Reads that could
 * reach a forgotten record (the report, a record's story) look only at kept
 * records, so what a bounded run shows does not depend on when it forgot,
 * only on where it is: a restored run reports exactly what the original does.
 */
import { keptRecordRefs, renumberRecordRefs } from './invocationLog';
import { SNAPSHOT_BEFORE } from './snapshot';
import {
  arrivalAtPosition,
  copyStreamState,
  growRecordTable,
  moveRecordColumns,
  ST,
  type ShardState,
  type StreamState,
} from './state';

/**
 * keys.last or rec.prev naming a forgotten record (-1 still means "no earlier
 * record of this key"). On Kinesis nothing reads them. DynamoDB keeps each
 * key's last record and every kept record's previous image (its OldImage);
 * only a record kept solely as such an image ends up with a forgotten prev,
 * and its own event is never built again.
 */
export const FORGOTTEN = -2;

/** The shortest retention a stream can have (Kinesis RetentionPeriodHours minimum; DynamoDB Streams: 24 h). */
const MIN_RETENTION_SECONDS = 24 * 3600;

/**
 * Whether retention can never trim this shard's head record before the run
 * ends: it arrived after durationSeconds - 24 h, so it is younger than any
 * retention at any moment of the run. Trimming stops at it for good and
 * reads no later arrival time (polling.ts trimByRetention).
 */
function headFrozen(s: StreamState, sh: ShardState): boolean {
  return (
    sh.head < sh.size &&
    arrivalAtPosition(s, sh, sh.head) >= s.scenario.durationSeconds - MIN_RETENTION_SECONDS
  );
}

/**
 * The first position of a shard whose record anything still reads: the
 * stage's window starts SNAPSHOT_BEFORE records before the checkpoint, and
 * the checkpoint advances from cpPos; both only move forward. (Retention
 * trims from the head, but earlier positions need only their arrival times:
 * ShardState.forgottenAt.)
 */
function shardFloor(sh: ShardState): number {
  return Math.min(sh.size, Math.max(sh.recsBase, sh.cpPos - SNAPSHOT_BEFORE));
}

/**
 * Before a shard forgets its positions up to `floor` (recsBase moves there):
 * the arrival times of those retention may still trim (from the head on) are
 * appended to forgottenAt, which then covers forgottenFrom..floor - 1. A
 * frozen head needs none (and never thaws: the head stays where it is).
 */
function keepArrivalTimes(s: StreamState, sh: ShardState, floor: number): void {
  if (headFrozen(s, sh)) {
    sh.forgottenAt = [];
    sh.forgottenFrom = floor;
    return;
  }
  // Times of positions retention has trimmed since are dropped once they are most of the list.
  const trimmed = sh.head - sh.forgottenFrom;
  if (sh.forgottenAt.length === 0 || trimmed >= sh.forgottenAt.length) {
    sh.forgottenAt = [];
    sh.forgottenFrom = Math.max(sh.head, sh.recsBase);
  } else if (trimmed * 2 > sh.forgottenAt.length) {
    sh.forgottenAt = sh.forgottenAt.slice(trimmed);
    sh.forgottenFrom = sh.head;
  }
  for (let p = Math.max(sh.recsBase, sh.head); p < floor; p++) {
    sh.forgottenAt.push(arrivalAtPosition(s, sh, p));
  }
}

/**
 * Which records are still needed (1) by index, or null for all of them
 * (history unlimited, or fewer than recordsKeptWhole records put so far). A
 * record is needed while it is pending; in a lane, batch or invocation in
 * flight; logged in the kept event log; named by a kept invocation; at or
 * after a shard's floor (the stage window, and every record not yet read);
 * or, on DynamoDB, its key's last record (1) or the previous image of a
 * needed record (2: kept for its image only; its own previous image goes).
 * A record that is not needed never becomes needed again: nothing acquires a
 * settled record that is out of all of these.
 */
export function keptRecords(s: StreamState): Uint8Array | null {
  const rec = s.rec;
  if (s.historyLimit === null || rec.dropped + rec.n <= s.recordsKeptWhole) return null;
  return markKept(s, new Uint8Array(rec.n));
}

/*
 * A compaction runs rarely (a few dozen times in an hour-long run) over up to a
 * million records, so each long loop below is a small function of its own:
 * V8 optimises a function in the middle of its first long loop (on-stack
 * replacement), and in one big function every statement after that loop had
 * no type feedback yet and deoptimised it when reached; a rarely run function
 * also loses its feedback (bytecode flushing), so this repeated at each
 * compaction, each time a recompilation of the whole function (the Kinesis
 * hour: ~40 deoptimisations of the compaction's functions). A loop of its own
 * is compiled once, with its feedback, and what follows it runs in the caller.
 */

/** keptRecords into `kept` (all 0, at least rec.n long); returns it. */
function markKept(s: StreamState, kept: Uint8Array): Uint8Array {
  const rec = s.rec;
  markPending(rec.status, rec.n, kept);
  for (const sh of s.shards) {
    markPositions(sh.recs, shardFloor(sh) - sh.recsBase, sh.size - sh.recsBase, kept);
    for (const lane of sh.lanes) {
      markPositions(lane.buf, lane.head, lane.end, kept);
      for (const piece of lane.pieces) markList(piece.recs, kept);
      const f = lane.inFlight;
      if (f !== null) {
        markList(f.reported, kept);
        markList(f.honoured, kept);
      }
    }
  }
  markEventItems(s.events.items, kept);
  const refs = keptRecordRefs(s.invocations);
  markPositions(refs, 0, refs.length, kept);
  if (s.source.type === 'dynamodb') {
    // A record's OldImage is its key's previous record, and a key's next record's is its last.
    markList(s.keys.last, kept);
    markImages(rec.prev, rec.n, kept);
  }
  return kept;
}

/** Marks (1) every pending record among the first n. */
function markPending(status: Uint8Array, n: number, kept: Uint8Array): void {
  for (let i = 0; i < n; i++) if (status[i] === ST.pending) kept[i] = 1;
}

/** Marks (1) the records list[from..to) holds. */
function markPositions(
  list: Int32Array | readonly number[],
  from: number,
  to: number,
  kept: Uint8Array,
): void {
  for (let k = from; k < to; k++) kept[list[k]!] = 1;
}

/** Marks (1) the records a list holds (-1, "none", and forgotten indices skipped). */
function markList(list: readonly number[], kept: Uint8Array): void {
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    if (i >= 0) kept[i] = 1;
  }
}

/** Marks (1) the records the event log holds compactly (a number >= 0: a recordPut). */
function markEventItems(items: StreamState['events']['items'], kept: Uint8Array): void {
  for (let k = 0; k < items.length; k++) {
    const e = items[k];
    if (typeof e === 'number' && e >= 0) kept[e] = 1;
  }
}

/**
 * Marks (2) the previous image of each needed record, only the images
 * themselves, not theirs in turn: prev[j] < j, so what this pass marked is skipped.
 */
function markImages(prev: Int32Array, n: number, kept: Uint8Array): void {
  for (let j = n - 1; j >= 0; j--) {
    if (kept[j] === 1 && prev[j]! >= 0 && kept[prev[j]!] === 0) kept[prev[j]!] = 2;
  }
}

/**
 * Keeps only the records `kept` marks, renumbered in put order into new
 * columns with room for `capacity` records, and renumbers every held index.
 */
export function compactRecords(
  s: StreamState,
  kept: Uint8Array,
  capacity: number,
  inPlace = false,
): void {
  const rec = s.rec;
  // Old index → new index (FORGOTTEN when not kept).
  const map = inPlace ? scratch(MAP, rec.n) : new Int32Array(rec.n);
  const next = fillMap(kept, rec.n, map);
  const floors = s.shards.map(shardFloor);
  // While the columns are still the old ones: arrival times of positions about to be forgotten.
  s.shards.forEach((sh, k) => keepArrivalTimes(s, sh, floors[k]!));
  moveRecordColumns(rec, map, next, capacity, inPlace);
  renumberIndices(rec.prev, 0, rec.n, map);
  const bodies: Record<string, string> = {};
  for (const [k, body] of Object.entries(rec.bodies)) {
    const i = map[Number(k)]!;
    if (i >= 0) bodies[i] = body;
  }
  rec.bodies = bodies;
  renumberIndices(s.keys.last, 0, s.keys.last.length, map);
  s.shards.forEach((sh, k) => {
    const floor = floors[k]!;
    const from = floor - sh.recsBase;
    const held = sh.size - floor;
    const old = sh.recs;
    if (inPlace && held + 64 <= old.length) {
      // The live table's own list (no saved state views it): moved down, renumbered.
      moveRenumbered(old, from, old, held, map);
    } else {
      const room = capacity > 0 ? held + (held >> 1) + 64 : held;
      const recs = new Int32Array(room);
      moveRenumbered(old, from, recs, held, map);
      sh.recs = recs;
    }
    sh.recsBase = floor;
    for (const lane of sh.lanes) {
      // Renumbered in place (a lane's buffer is its own: a saved state copies it), moved to the front.
      const waiting = lane.end - lane.head;
      moveRenumbered(lane.buf, lane.head, lane.buf, waiting, map);
      lane.head = 0;
      lane.end = waiting;
      for (const piece of lane.pieces) piece.recs = renumbered(piece.recs, map);
      if (lane.inFlight !== null) {
        lane.inFlight.reported = renumbered(lane.inFlight.reported, map);
        lane.inFlight.honoured = renumbered(lane.inFlight.honoured, map);
      }
    }
  });
  renumberEventItems(s.events.items, map);
  renumberRecordRefs(s.invocations, map);
}

/** Fills map: kept record i → its new index (put order), FORGOTTEN otherwise; returns how many are kept. */
function fillMap(kept: Uint8Array, n: number, map: Int32Array): number {
  let next = 0;
  for (let i = 0; i < n; i++) map[i] = kept[i] !== 0 ? next++ : FORGOTTEN;
  return next;
}

/** Renumbers the record indices list[from..to) in place (-1, "none", stays). */
function renumberIndices(
  list: Int32Array | number[],
  from: number,
  to: number,
  map: Int32Array,
): void {
  for (let k = from; k < to; k++) if (list[k]! >= 0) list[k] = map[list[k]!]!;
}

/** into[0..count) = the renumbered from[at..at + count) (into may be from: it moves down). */
function moveRenumbered(
  from: Int32Array,
  at: number,
  into: Int32Array,
  count: number,
  map: Int32Array,
): void {
  for (let k = 0; k < count; k++) into[k] = map[from[at + k]!]!;
}

/**
 * A renumbered copy of a list of record indices. A copy (a saved state may
 * share the list), made by slice: it keeps the list's elements kind, where a
 * `map` copy had another, and every function reading batches deoptimised on it
 * after the first compaction. An empty list is returned as it is.
 */
function renumbered(list: number[], map: Int32Array): number[] {
  if (list.length === 0) return list;
  const out = list.slice();
  for (let k = 0; k < out.length; k++) out[k] = map[out[k]!]!;
  return out;
}

/** Renumbers the record indices the event log holds compactly (numbers >= 0). */
function renumberEventItems(items: StreamState['events']['items'], map: Int32Array): void {
  for (let k = 0; k < items.length; k++) {
    const e = items[k];
    if (typeof e === 'number' && e >= 0) items[k] = map[e]!;
  }
}

/**
 * Scratch arrays for the live table's compactions, kept between them: on a
 * busy run they are megabytes, and fresh memory is dear (the first write to
 * a new page costs far more than the pass itself). Pure scratch: filled
 * before each use, never part of a state.
 */
const KEPT = { array: new Uint8Array(0) };
const MAP = { array: new Int32Array(0) };

/** The scratch array, at least n long (grown by doubling). */
function scratch<A extends Uint8Array | Int32Array>(holder: { array: A }, n: number): A {
  if (holder.array.length < n) {
    const Ctor = holder.array.constructor as new (length: number) => A;
    holder.array = new Ctor(Math.max(n, holder.array.length * 2));
  }
  return holder.array;
}

/**
 * Room for one more record: in bounded mode, when at least a quarter of the
 * table can be forgotten it is, in the same columns, else the table grows
 * (doubling). Compacting is a few passes over memory already in use; growing
 * writes all of it again into fresh memory, which costs more on a busy run
 * (an hour at 1,000 records/s keeps ~870,000 records behind its blocked
 * shards: with "half" here its table doubled to 2M records for them).
 */
export function makeRoomForRecord(s: StreamState): void {
  const rec = s.rec;
  if (s.historyLimit !== null && rec.dropped + rec.n > s.recordsKeptWhole) {
    const kept = scratch(KEPT, rec.n);
    kept.fill(0, 0, rec.n);
    markKept(s, kept);
    if (countKept(kept, rec.n) * 8 <= rec.n * 7) {
      // The live table of a bounded run: no saved state views its columns (saveBoundedState copies).
      compactRecords(s, kept, rec.id.length, true);
      return;
    }
  }
  growRecordTable(rec);
}

/** How many of the first n records `kept` marks. */
function countKept(kept: Uint8Array, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (kept[i] !== 0) count++;
  return count;
}

/**
 * saveState in bounded mode: a copy holding only the records still needed,
 * in exact-size columns of its own. (With unlimited history a saved state
 * shares the settled records with the live one instead; in bounded mode the
 * live table moves to new columns as it forgets, and saved states sharing
 * the old ones would keep every generation alive.) Until the invocation log
 * first wraps, its slots stay views of the live log's, which it never writes
 * again (invocationLog.ts copyInvocationLog).
 */
export function saveBoundedState(s: StreamState): StreamState {
  const kept = keptRecords(s) ?? new Uint8Array(s.rec.n).fill(1);
  // Columns borrowed from the live state, then replaced by compactRecords' exact-size copies.
  const copy = copyStreamState(s, 'borrow');
  compactRecords(copy, kept, 0);
  return copy;
}
