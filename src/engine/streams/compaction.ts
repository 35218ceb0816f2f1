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

/** keptRecords into `kept` (all 0, at least rec.n long); returns it. */
function markKept(s: StreamState, kept: Uint8Array): Uint8Array {
  const rec = s.rec;
  const n = rec.n;
  const status = rec.status;
  for (let i = 0; i < n; i++) if (status[i] === ST.pending) kept[i] = 1;
  for (const sh of s.shards) {
    for (let p = shardFloor(sh); p < sh.size; p++) kept[sh.recs[p - sh.recsBase]!] = 1;
    for (const lane of sh.lanes) {
      for (let k = lane.head; k < lane.end; k++) kept[lane.buf[k]!] = 1;
      for (const piece of lane.pieces) for (const i of piece.recs) kept[i] = 1;
      const f = lane.inFlight;
      if (f !== null) {
        for (const i of f.reported) kept[i] = 1;
        for (const i of f.honoured) kept[i] = 1;
      }
    }
  }
  const items = s.events.items;
  for (let k = 0; k < items.length; k++) {
    const e = items[k];
    if (typeof e === 'number' && e >= 0) kept[e] = 1;
  }
  const refs = keptRecordRefs(s.invocations);
  for (let k = 0; k < refs.length; k++) kept[refs[k]!] = 1;
  if (s.source.type === 'dynamodb') {
    // A record's OldImage is its key's previous record, and a key's next record's is its last.
    for (const last of s.keys.last) if (last >= 0) kept[last] = 1;
    // Only the images themselves (2), not theirs in turn: prev[j] < j, so skip what this pass marked.
    const prev = rec.prev;
    for (let j = n - 1; j >= 0; j--) {
      if (kept[j] === 1 && prev[j]! >= 0 && kept[prev[j]!] === 0) kept[prev[j]!] = 2;
    }
  }
  return kept;
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
  let next = 0;
  for (let i = 0; i < rec.n; i++) map[i] = kept[i] !== 0 ? next++ : FORGOTTEN;
  const to = (i: number): number => map[i]!;
  const floors = s.shards.map(shardFloor);
  // While the columns are still the old ones: arrival times of positions about to be forgotten.
  s.shards.forEach((sh, k) => keepArrivalTimes(s, sh, floors[k]!));
  moveRecordColumns(rec, map, next, capacity, inPlace);
  const prev = rec.prev;
  for (let j = 0; j < rec.n; j++) if (prev[j]! >= 0) prev[j] = map[prev[j]!]!;
  const bodies: Record<string, string> = {};
  for (const [k, body] of Object.entries(rec.bodies)) {
    const i = map[Number(k)]!;
    if (i >= 0) bodies[i] = body;
  }
  rec.bodies = bodies;
  const last = s.keys.last;
  for (let k = 0; k < last.length; k++) if (last[k]! >= 0) last[k] = map[last[k]!]!;
  s.shards.forEach((sh, k) => {
    const floor = floors[k]!;
    const from = floor - sh.recsBase;
    const held = sh.size - floor;
    const old = sh.recs;
    if (inPlace && held + 64 <= old.length) {
      // The live table's own list (no saved state views it): moved down, renumbered.
      for (let k = 0; k < held; k++) old[k] = map[old[from + k]!]!;
    } else {
      const room = capacity > 0 ? held + (held >> 1) + 64 : held;
      const recs = new Int32Array(room);
      for (let k = 0; k < held; k++) recs[k] = map[old[from + k]!]!;
      sh.recs = recs;
    }
    sh.recsBase = floor;
    for (const lane of sh.lanes) {
      // Renumbered in place (a lane's buffer is its own: a saved state copies it), moved to the front.
      const buf = lane.buf;
      const waiting = lane.end - lane.head;
      for (let k = 0; k < waiting; k++) buf[k] = map[buf[lane.head + k]!]!;
      lane.head = 0;
      lane.end = waiting;
      for (const piece of lane.pieces) piece.recs = piece.recs.map(to);
      if (lane.inFlight !== null) {
        lane.inFlight.reported = lane.inFlight.reported.map(to);
        lane.inFlight.honoured = lane.inFlight.honoured.map(to);
      }
    }
  });
  const items = s.events.items;
  for (let k = 0; k < items.length; k++) {
    const e = items[k];
    if (typeof e === 'number' && e >= 0) items[k] = map[e]!;
  }
  renumberRecordRefs(s.invocations, map);
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
    let count = 0;
    for (let i = 0; i < rec.n; i++) if (kept[i] !== 0) count++;
    if (count * 8 <= rec.n * 7) {
      // The live table of a bounded run: no saved state views its columns (saveBoundedState copies).
      compactRecords(s, kept, rec.id.length, true);
      return;
    }
  }
  growRecordTable(rec);
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
