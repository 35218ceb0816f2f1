/**
 * The stream simulation's state: plain data only (arrays, typed arrays and
 * records; no classes, no Maps), so `saveState()` → structuredClone (or JSON)
 * → restore continues exactly. Records live in typed-array columns indexed by
 * put order, which keeps millions of records in tens of MB and lets a
 * checkpoint copy blocks of memory (see copyStreamState).
 */
import { createTypedEventQueue, scheduleTyped, type TypedEventQueue } from '../typedEvents';
import { createMetrics, type MetricsState } from '../metrics';
import { createRng, type RngState } from '../rng';
import {
  BOUNDED_RECORDS_KEPT_WHOLE,
  type BatchTrigger,
  type FunctionConfig,
  type InvocationResult,
  type DestinationKind,
  type MappingConfig,
  type OnFailureCondition,
  type RecordId,
  type ShardId,
  type ProducerSpec,
  type RecordStatus,
  type ResolvedScenario,
  type ScenarioAction,
  type SimEvent,
  type StreamSourceConfig,
} from '../types';
import {
  copyColumn,
  copyPlain,
  growColumn,
  keptRuns,
  keptRunsArray,
  moveRunsF64,
  moveRunsI16,
  moveRunsI32,
  moveRunsU8,
  reviveColumn,
  type Column,
} from './columns';
import {
  createInvocationLog,
  invocationAt,
  copyInvocationLog,
  EMPTY_INVOCATION_LOG,
  type InvocationLog,
} from './invocationLog';
import { laneHash, shardForKey } from '../md5';
import { notConstant } from '../shape';
import { createRing, ringPush, type Ring } from './ring';

// ---------------------------------------------------------------------------
// Constants: the modelling choices where AWS documents nothing (README "Modelling choices").
// ---------------------------------------------------------------------------

/** Stream retry backoff (AWS documents none): 1 s, doubling per consecutive failure, capped at 30 s, no jitter. */
export const RETRY_BACKOFF = { initialSeconds: 1, multiplier: 2, capSeconds: 30 } as const;

/** Seconds to wait before retry number `failures` (1-based) of a lane. */
export function retryBackoff(failures: number): number {
  const n = Math.max(1, failures);
  return Math.min(
    RETRY_BACKOFF.capSeconds,
    RETRY_BACKOFF.initialSeconds * RETRY_BACKOFF.multiplier ** (n - 1),
  );
}

/**
 * Poll cadence per shard. Kinesis: GetRecords once per second while idle, and
 * back to back while records wait (as soon as a lane is free, at most 5
 * calls/s, the per-shard read limit). DynamoDB Streams: 4 polls per second.
 * Per-call limits (GetRecords): Kinesis 10,000 records or 10 MiB, DynamoDB
 * 1,000 records or 1 MB, counted on the records' data (recordDataBytes).
 */
export const POLL_CADENCE = {
  kinesis: { idleInterval: 1, minSpacing: 0.2, maxRecords: 10000, maxBytes: 10 * 1024 * 1024 },
  dynamodb: { idleInterval: 0.25, minSpacing: 0.25, maxRecords: 1000, maxBytes: 1024 * 1024 },
} as const;

/** Lambda waits up to 2 minutes without new records before treating a tumbling window as over. */
export const TUMBLING_IDLE_CLOSE_SECONDS = 120;

/** Payload bytes a record adds besides its data (event envelope and metadata; modelling estimate). */
export const RECORD_METADATA_BYTES = 300;

// ---------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------

/** Record status codes (index into STATUS_NAMES); 0 = still pending. */
export const ST = {
  pending: 0,
  succeeded: 1,
  sent: 2,
  discarded: 3,
  filtered: 4,
  expired: 5,
  skipped: 6,
} as const;
export type StatusCode = (typeof ST)[keyof typeof ST];

export const STATUS_NAMES: readonly RecordStatus[] = [
  'pending',
  'succeeded',
  'sentToOnFailureDestination',
  'discarded',
  'filtered',
  'expired',
  'skipped',
];

/** flags bit: this record fails as a timeout (failAs "timeout"). */
export const FLAG_TIMEOUT = 1;
/** flags bit: DynamoDB MODIFY (an earlier record had the same key); otherwise INSERT. */
export const FLAG_MODIFY = 2;
/** flags bit: the record has an explicit body (in RecordTable.bodies); otherwise it is generated. */
export const FLAG_BODY = 4;

/**
 * Every record ever put, one typed-array column per field, indexed by put
 * order; the first `n` entries are in use and the columns grow by doubling.
 * Typed arrays make a checkpoint cheap: structuredClone copies each column
 * as one block of memory instead of walking millions of values.
 */
export interface RecordTable {
  /** Records in the table (index 0 is the oldest kept). */
  n: number;
  /**
   * Records forgotten before index 0 (bounded mode, see compaction.ts): the
   * records put so far are dropped + n. Always 0 when history is unlimited.
   */
  dropped: number;
  /**
   * Id code: producer records p<i>-<n> store i × 2^32 + n (no string kept per
   * record); explicit records store -(index into `names`) - 1.
   */
  id: Float64Array;
  /** Ids of explicit (scenario and action) records. */
  names: string[];
  /** Interned key; the record's shard is the key's (`KeyTable.shard`). */
  key: Int32Array;
  at: Float64Array;
  /** Position in its shard: the sequence number's counter. */
  pos: Int32Array;
  /** failDeliveries (-1 = poison; validated: a whole number from -1 to 1000). */
  fail: Int16Array;
  flags: Uint8Array;
  status: Uint8Array;
  deliveries: Int32Array;
  /** DynamoDB: the previous record of the same key (its OldImage), -1 if none. */
  prev: Int32Array;
  /** Explicit bodies by record index; absent = generated from the id. */
  bodies: Record<string, string>;
  /**
   * Saved states only: `status` and `deliveries` of the records from `from`
   * on. The saved `status` and `deliveries` then hold only the records before
   * `from`, as views of the live state's columns: those records are settled
   * (see settledBound) and their entries are never written again.
   */
  tail?: { from: number; status: Uint8Array; deliveries: Int32Array };
}

/** The typed-array columns of RecordTable (grown, copied and revived together). */
const RECORD_COLUMNS = [
  'id',
  'key',
  'at',
  'pos',
  'fail',
  'flags',
  'status',
  'deliveries',
  'prev',
] as const satisfies readonly (keyof RecordTable)[];

/** The first pending record found by the last settledBound scan of a table (a pure cache). */
const FIRST_PENDING = new WeakMap<RecordTable, number>();

/** Makes room for one more record in every column of the table. */
export function growRecordTable(rec: RecordTable): void {
  const columns = rec as unknown as Record<string, Column>;
  for (const name of RECORD_COLUMNS) columns[name] = growColumn(rec[name], rec.n, rec.n + 1);
}

/**
 * Moves each record i with map[i] >= 0 to index map[i] (map keeps put order;
 * `kept` records in all) of columns with room for `size` records (at least
 * those); the others are forgotten. `inPlace`: the same columns when they are
 * big enough (the live table of a bounded run, which no saved state views);
 * otherwise new columns (saved states may view the old ones). The caller
 * renumbers whatever holds record indices (compaction.ts).
 */
export function moveRecordColumns(
  rec: RecordTable,
  map: Int32Array,
  kept: number,
  size: number,
  inPlace = false,
): void {
  // Kept records come in runs: one long tail on a quiet run, many short ones on a busy run
  // (shards far behind keep their records, the others do not). The runs are found once; long
  // ones are block copies, short ones an entry at a time (a copy call per run of one or two
  // would cost more), by a mover per element type (moveRuns*, columns.ts).
  const count = keptRuns(map, rec.n);
  const runs = keptRunsArray();
  const room = Math.max(size, kept);
  const fit = <C extends Column>(old: C): C => {
    if (inPlace && old.length >= room) return old;
    const Ctor = old.constructor as new (length: number) => C;
    return new Ctor(room);
  };
  const id = fit(rec.id);
  moveRunsF64(rec.id, id, runs, count);
  rec.id = id;
  const at = fit(rec.at);
  moveRunsF64(rec.at, at, runs, count);
  rec.at = at;
  const key = fit(rec.key);
  moveRunsI32(rec.key, key, runs, count);
  rec.key = key;
  const pos = fit(rec.pos);
  moveRunsI32(rec.pos, pos, runs, count);
  rec.pos = pos;
  const deliveries = fit(rec.deliveries);
  moveRunsI32(rec.deliveries, deliveries, runs, count);
  rec.deliveries = deliveries;
  const prev = fit(rec.prev);
  moveRunsI32(rec.prev, prev, runs, count);
  rec.prev = prev;
  const fail = fit(rec.fail);
  moveRunsI16(rec.fail, fail, runs, count);
  rec.fail = fail;
  const flags = fit(rec.flags);
  moveRunsU8(rec.flags, flags, runs, count);
  rec.flags = flags;
  const status = fit(rec.status);
  moveRunsU8(rec.status, status, runs, count);
  rec.status = status;
  rec.dropped += rec.n - kept;
  rec.n = kept;
  FIRST_PENDING.delete(rec);
}

/**
 * Record columns written once, when the record is put, and never again: a
 * saved state shares them with the live one (see copyStreamState).
 */
const WRITE_ONCE: ReadonlySet<string> = new Set([
  'id',
  'key',
  'at',
  'pos',
  'fail',
  'flags',
  'prev',
]);

/**
 * How copyStreamState copies: `share` for saveState with history unlimited,
 * `own` for a restore, `borrow` for a copy whose record columns, position
 * lists and invocation pool the caller replaces at once (saveBoundedState).
 */
export type CopyMode = 'share' | 'own' | 'borrow';

/**
 * A copy of the state: plain data deep-copied, typed-array columns copied as
 * blocks of memory.
 *
 * `share`: a saved state does not copy the write-once record columns nor the
 * shards' position lists: it keeps views of the part written so far, which
 * the live state never writes again (it only appends past them, or moves to
 * a bigger column); of status and deliveries it copies only the part not yet
 * settled. `own`: a restore copies everything, with room to grow, so a saved
 * state can be restored any number of times. `borrow`: every column is a
 * view of the live one, valid only until the live state runs on. A state
 * that went through JSON (the engine contract allows it), whose columns
 * became objects, is accepted too.
 */
export function copyStreamState(s: StreamState, mode: CopyMode): StreamState {
  const room = mode === 'own';
  const rec = s.rec;
  const { tail, ...plain } = rec;
  const copy = copyPlain<StreamState>({
    ...s,
    rec: { ...plain, ...EMPTY },
    shards: s.shards.map((sh) => ({ ...sh, recs: EMPTY.key })),
    invocations: { ...s.invocations, ...EMPTY_INVOCATION_LOG },
  });
  const columns = copy.rec as unknown as Record<string, Column>;
  const capacity =
    room && s.historyLimit !== null
      ? restoredRecordRoom(s.scenario, rec.n)
      : recordCapacity(s.scenario, s.historyLimit, s.recordsKeptWhole, rec.n);
  // Saving a live state: the settled records' status and deliveries are shared, the rest copied.
  const settled = mode === 'share' && tail === undefined ? settledBound(s) : null;
  for (const name of RECORD_COLUMNS) {
    const column = reviveColumn(rec[name], EMPTY[name]);
    const view = mode === 'borrow' || (mode === 'share' && WRITE_ONCE.has(name));
    if (view) columns[name] = column.subarray(0, rec.n);
    else if (settled !== null) columns[name] = column.subarray(0, settled);
    else columns[name] = copyColumn(column, rec.n, room, capacity);
  }
  if (settled !== null) {
    copy.rec.tail = {
      from: settled,
      status: rec.status.slice(settled, rec.n),
      deliveries: rec.deliveries.slice(settled, rec.n),
    };
  } else if (tail !== undefined) {
    // A saved state: its settled prefix and its tail make the whole column again.
    copy.rec.status.set(reviveColumn(tail.status, EMPTY.status), tail.from);
    copy.rec.deliveries.set(reviveColumn(tail.deliveries, EMPTY.deliveries), tail.from);
  }
  copy.shards.forEach((sh, i) => {
    const recs = reviveColumn(s.shards[i]!.recs, EMPTY.key);
    const used = sh.size - sh.recsBase;
    sh.recs = room ? copyColumn(recs, used, true) : recs.subarray(0, used);
    // Lane buffers again after a JSON round trip (copyPlain copied typed ones with slice).
    for (const lane of sh.lanes) lane.buf = reviveColumn(lane.buf, EMPTY.key);
  });
  copy.invocations = copyInvocationLog(s.invocations, !room, room ? capacity : 0);
  // The event heap's columns again after a JSON round trip (copyPlain copied them as objects).
  const q = copy.queue;
  q.t = reviveColumn(q.t, new Float64Array(0));
  q.order = reviveColumn(q.order, new Float64Array(0));
  q.kind = reviveColumn(q.kind, new Uint8Array(0));
  q.a = reviveColumn(q.a, new Float64Array(0));
  q.b = reviveColumn(q.b, new Float64Array(0));
  q.heap = reviveColumn(q.heap, new Int32Array(0));
  return copy;
}

/**
 * A record index below which no record's status or deliveries will ever be
 * written again: every record before it has left pending (statuses only
 * leave pending once, in setStatus) and sits in no lane's buffer, batch or
 * invocation (deliveries only grow when a lane sends a batch). New records
 * are appended at the end.
 */
export function settledBound(s: StreamState): number {
  const rec = s.rec;
  // Statuses only leave pending, so the first pending record only moves forward.
  let bound = Math.min(FIRST_PENDING.get(rec) ?? 0, rec.n);
  while (bound < rec.n && rec.status[bound] !== ST.pending) bound++;
  FIRST_PENDING.set(rec, bound);
  for (const sh of s.shards) {
    for (const lane of sh.lanes) {
      for (let k = lane.head; k < lane.end; k++) bound = Math.min(bound, lane.buf[k]!);
      for (const piece of lane.pieces) for (const i of piece.recs) bound = Math.min(bound, i);
      const f = lane.inFlight;
      if (f !== null) {
        for (const i of f.reported) bound = Math.min(bound, i);
        for (const i of f.honoured) bound = Math.min(bound, i);
      }
    }
  }
  return Math.max(0, bound);
}

/** Record columns are allocated for at most this many records up front (they grow past it). */
const MAX_PLANNED_RECORDS = 5_000_000;

/** Bounded mode: record columns start with room for at most this many records. */
export const BOUNDED_RECORD_ROOM = 65_536;

/**
 * Room for the record columns of a table holding `n` records. Unlimited
 * history: the planned records (growing by doubling would hold up to twice
 * the records, and saved states keep views of the outgrown columns). Bounded
 * mode: a small table that compaction keeps small (compaction.ts), as big as
 * the records kept whole (at most BOUNDED_RECORD_ROOM), or twice what it holds.
 */
export function recordCapacity(
  scenario: ResolvedScenario,
  historyLimit: number | null,
  keptWhole: number,
  n: number,
): number {
  const planned = plannedRecords(scenario);
  if (historyLimit === null) return planned;
  const room = Math.min(BOUNDED_RECORD_ROOM, Math.max(64, keptWhole));
  return Math.min(planned, Math.max(room, n * 2));
}

/**
 * Bounded mode, a restore: room for twice the records held (as a live table
 * that doubled), not the BOUNDED_RECORD_ROOM a run starts with. A seek
 * restores once per seek, and filling 65,536 fresh rows of nine columns
 * (~2.6 MB, zeroed) made a Kinesis restore take 10–16 ms instead of ~6.
 */
function restoredRecordRoom(scenario: ResolvedScenario, n: number): number {
  return Math.min(plannedRecords(scenario), Math.max(64, n * 2));
}

/**
 * The records a scenario will put (explicit records, and its producers'
 * and scripted actions' producers over their spans, counted as if none
 * replaced another), at most MAX_PLANNED_RECORDS. Record columns start with
 * this room: growing by doubling would hold up to twice the records, and
 * saved states keep views of the outgrown columns.
 */
export function plannedRecords(scenario: ResolvedScenario): number {
  let total = scenario.records.length;
  const span = (p: ProducerSpec, from: number): number => {
    const rate = p.ratePerSecond;
    if (!(rate > 0) || !Number.isFinite(rate)) return 0;
    const seconds = Math.min(p.until, scenario.durationSeconds) - Math.max(p.from, from, 0);
    return seconds > 0 ? Math.ceil(rate * seconds) + 1 : 0;
  };
  for (const p of scenario.producers) total += span(p, 0);
  for (const a of scenario.actions) {
    total += a.records?.length ?? 0;
    for (const p of a.producers ?? []) total += span(p, a.at);
  }
  return Math.min(MAX_PLANNED_RECORDS, total);
}

/** Empty record columns with room for `size` records. */
function recordColumns(size: number): typeof EMPTY {
  return {
    id: new Float64Array(size),
    key: new Int32Array(size),
    at: new Float64Array(size),
    pos: new Int32Array(size),
    fail: new Int16Array(size),
    flags: new Uint8Array(size),
    status: new Uint8Array(size),
    deliveries: new Int32Array(size),
    prev: new Int32Array(size),
  };
}

/**
 * A new, empty record table over `c`: one literal of every key (no spread), so
 * that a restored table, copied with copyShape (../shape.ts), has the same
 * hidden class as the engine's own.
 */
function recordTable(c: typeof EMPTY): RecordTable {
  const table: RecordTable = {
    n: 0,
    dropped: 0,
    names: [],
    id: c.id,
    key: c.key,
    at: c.at,
    pos: c.pos,
    fail: c.fail,
    flags: c.flags,
    status: c.status,
    deliveries: c.deliveries,
    prev: c.prev,
    bodies: {},
  };
  // Columns are replaced when the table grows or compacts (../shape.ts notConstant).
  return notConstant(table, [...RECORD_COLUMNS, 'bodies']);
}

/** One empty column of each record column's type (what reviveColumn rebuilds). */
const EMPTY: { readonly [K in (typeof RECORD_COLUMNS)[number]]: RecordTable[K] } = {
  id: new Float64Array(0),
  key: new Int32Array(0),
  at: new Float64Array(0),
  pos: new Int32Array(0),
  fail: new Int16Array(0),
  flags: new Uint8Array(0),
  status: new Uint8Array(0),
  deliveries: new Int32Array(0),
  prev: new Int32Array(0),
};

/** Interned keys: partition key → shard and lane hash, computed once per key. */
export interface KeyTable {
  names: string[];
  /** 'k:' + key → key index (prefixed so no key collides with Object.prototype). */
  index: Record<string, number>;
  shard: number[];
  hash: number[];
  /** Last record put with this key, -1 if none. */
  last: number[];
}

// ---------------------------------------------------------------------------
// Shards, lanes and batches
// ---------------------------------------------------------------------------

/** A tumbling window: [start, end) on the record-arrival clock. */
export interface TumblingWindow {
  start: number;
  end: number;
}

/** A batch the lane owns until it succeeds or is given up (bisect halves are separate pieces). */
export interface Piece {
  recs: number[];
  /** Retries so far (function errors and unadvanced partial failures; throttles excluded). */
  retries: number;
  /** Non-throttled invocations of this piece: the on-failure approximateInvokeCount. */
  invokes: number;
  throttles: number;
  trigger: BatchTrigger;
  lastFailure: InvocationResult | null;
  window: TumblingWindow | null;
  /** Tumbling windows: this piece is the window's final invocation. */
  final: boolean;
}

export interface InFlight {
  n: number;
  start: number;
  end: number;
  timeoutAt: number;
  result: Exclude<InvocationResult, 'throttled'>;
  /** Record indices the function listed in batchItemFailures. */
  reported: number[];
  /** Record indices whose identifiers Lambda honoured (partialFailure only). */
  honoured: number[];
}

/** One ParallelizationFactor lane: at most one batch in flight, its own window, retries and blocking. */
export interface LaneState {
  /**
   * Records read for this lane and not yet in a batch: buf[head..end) (see
   * laneBufferPush). A typed array used in place: as a growing number[]
   * sliced now and then it was an hour's largest garbage after the records.
   */
  buf: Int32Array;
  head: number;
  end: number;
  pieces: Piece[];
  inFlight: InFlight | null;
  retryAt: number | null;
  timerAt: number | null;
  windowOpenedAt: number;
  failures: number;
  blocked: { since: number; reason: 'functionError' | 'throttled' | 'partialFailure' } | null;
  tumbling: (TumblingWindow & { count: number }) | null;
}

export interface ShardState {
  id: string;
  /**
   * Record indices in shard order: recs[p - recsBase] is the record at
   * position p, for positions recsBase..size - 1 (earlier ones are forgotten
   * in bounded mode, see compaction.ts).
   */
  recs: Int32Array;
  /** The first position `recs` holds. */
  recsBase: number;
  /**
   * Arrival times of forgotten positions retention may still trim:
   * forgottenAt[k] is position forgottenFrom + k's, up to recsBase - 1 (those
   * before head are spent). Empty when the head can never be trimmed
   * (compaction.ts headFrozen).
   */
  forgottenAt: number[];
  forgottenFrom: number;
  /** Records ever put into this shard (the next position). */
  size: number;
  /** Records trimmed by retention (the first `head` of recs are gone). */
  head: number;
  /** Next position the poller reads. */
  readPos: number;
  /** Lowest unfinished position: every record before it is done (the shard's checkpoint). */
  cpPos: number;
  lanes: LaneState[];
  /** ParallelizationFactor changed: re-spread keys over lanes once every lane is idle. */
  repartition: boolean;
  pollAt: number | null;
  lastPollAt: number | null;
  lastPollEmpty: boolean;
  /** Latest arrival time read from this shard (the tumbling-window clock). */
  arrivalClock: number;
  blockedLanes: number;
}

export interface ProducerRun {
  index: number;
  spec: ProducerSpec;
  start: number;
  /** Records this run has generated. */
  k: number;
  /** Key number → interned key index (-1 unknown yet). */
  keyIds: number[];
}

/** Kinds of the discrete events the loop handles (typedEvents.ts: kind, a, b). */
export const SE = {
  /** a = shard. */
  poll: 0,
  /** a = shard, b = lane: the batching window (or a tumbling window's wait) elapsed. */
  timer: 1,
  /** a = shard, b = lane. */
  retry: 2,
  /** a = shard, b = lane: the lane's invocation ends. */
  complete: 3,
  /** a = index of the scripted action. */
  action: 4,
} as const;

export interface StreamState {
  scenario: ResolvedScenario;
  source: StreamSourceConfig;
  mapping: MappingConfig;
  fn: FunctionConfig;
  historyLimit: number | null;
  /** Bounded mode: records are kept whole until this many have been put (compaction.ts). */
  recordsKeptWhole: number;
  /** False: events are only numbered, none kept (SimulationOptions.keepEvents: the CLI's run). */
  keepEvents: boolean;
  now: number;
  rng: RngState;
  queue: TypedEventQueue;
  rec: RecordTable;
  keys: KeyTable;
  shards: ShardState[];
  explicitOrder: number[];
  explicitNext: number;
  producers: ProducerRun[];
  producerCounters: number[];
  actionsApplied: ScenarioAction[];
  invocations: InvocationLog;
  invCount: number;
  /**
   * The event log. Numbers are compact entries rebuilt when read
   * (`eventsFrom`): n >= 0 is the recordPut of record n; n < 0 is the
   * batchSent or invocationResult of an invocation, rebuilt from its entry in
   * `invocations` (which outlives its events: every invocation logs at least
   * two events, and both rings have the same limit). A record then costs one
   * slot instead of an event object and its strings. Events listing records
   * that are not rebuilt from elsewhere keep their ids as codes (CodedEvent).
   */
  events: Ring<LoggedEvent>;
  eventSeq: number;
  drainedSeq: number;
  /** On-failure destination deliveries, kept compact (payloads.ts onFailureEntry rebuilds each). */
  destination: GivenUpBatch[];
  metrics: MetricsState;
  inFlightCount: number;
  forcedFailures: number;
  requestCounter: number;
  errors: number;
  throttles: number;
  byStatus: number[];
}

/**
 * A batch given up to an on-failure destination, as the state keeps it: the
 * numbers its report entry and AWS invocation record are rebuilt from when
 * read (payloads.ts onFailureEntry). Built whole at each give-up, the entry
 * (an MD5 request id, ISO times, padded sequence numbers, an id string per
 * record: ~1.5 kB) outlived every scavenge of an hour's run; read only by the
 * report and the stage's last ten.
 */
export interface GivenUpBatch {
  condition: OnFailureCondition;
  approximateInvokeCount: number;
  shard: number;
  /** The records' id codes (RecordTable.id values: valid whatever the table forgets). */
  codes: number[];
  /** Shard and position of the first and last record: their sequence numbers. */
  firstShard: number;
  firstPos: number;
  lastShard: number;
  lastPos: number;
  firstAt: number;
  lastAt: number;
  /** When it was delivered. */
  at: number;
  destinationKind: DestinationKind;
  /** The last attempt ended in a function error or timeout (responseContext). */
  functionErrored: boolean;
  /** StreamState.requestCounter at delivery: the request id's number. */
  request: number;
  /** S3 destinations: the batch's invocation payload as JSON, made at delivery (its records may be forgotten). */
  payload: string | null;
}

/**
 * An event whose record-id lists are kept as id codes (RecordTable.id values,
 * which stay valid whatever the table forgets) and spelled when read: the
 * failure path's events (a blocked lane, a scheduled retry, a bisect, a
 * delivery to the on-failure destination) list
 * whole batches, and their id strings were most of a busy run's garbage.
 * `e` is the event with its lists empty, in their place; a bisect's `left`
 * is the first `split` codes, its `right` the rest.
 */
export interface CodedEvent {
  e: SimEvent;
  codes: number[];
  split: number;
}

/** What the event log holds (see StreamState.events). */
export type LoggedEvent = SimEvent | CodedEvent | number;

/** Appends an event built with nextSeq() whose lists are record indices `recs` (see CodedEvent). */
export function pushCodedEvent(
  s: StreamState,
  e: SimEvent,
  recs: readonly number[],
  split = 0,
): void {
  const ids = s.rec.id;
  const codes = new Array<number>(recs.length);
  for (let k = 0; k < recs.length; k++) codes[k] = ids[recs[k]!]!;
  ringPush(s.events, { e, codes, split });
}

/** The event a CodedEvent stands for, its lists spelled. */
function spellCoded(s: StreamState, c: CodedEvent): SimEvent {
  const ids = c.codes.map((code) => idOfCode(s, code));
  const e = c.e;
  if (e.kind === 'bisect') return { ...e, left: ids.slice(0, c.split), right: ids.slice(c.split) };
  if (
    e.kind === 'shardBlocked' ||
    e.kind === 'retryScheduled' ||
    e.kind === 'onFailureDestination'
  ) {
    return { ...e, recordIds: ids };
  }
  return e;
}

type EventBody = SimEvent extends infer E
  ? E extends unknown
    ? Omit<E, 't' | 'seq'>
    : never
  : never;

/** Appends to the event log at simulated time t. */
export function logEvent(s: StreamState, t: number, body: EventBody): void {
  s.eventSeq++;
  if (s.keepEvents !== false) ringPush(s.events, { t, seq: s.eventSeq, ...body } as SimEvent);
}

/**
 * Whether events are kept (the app) or only numbered (the CLI's run): where a
 * body costs a list of record ids, callers build it only when it is kept and
 * otherwise number the event with skipEvent.
 */
export const keepsEvents = (s: StreamState): boolean => s.keepEvents !== false;

/** Numbers an event without building it (events not kept), as logEvent would. */
export function skipEvent(s: StreamState): void {
  s.eventSeq++;
}

/** The next event's seq, for hot paths that build the whole event themselves (one allocation). */
export function nextSeq(s: StreamState): number {
  return ++s.eventSeq;
}

/** Appends an event built with nextSeq(). */
export function pushEvent(s: StreamState, e: SimEvent): void {
  if (s.keepEvents !== false) ringPush(s.events, e);
}

/** Logs the `recordPut` of record i compactly (see StreamState.events). */
export function logRecordPut(s: StreamState, i: number): void {
  s.eventSeq++;
  if (s.keepEvents !== false) ringPush(s.events, i);
}

/**
 * Logs invocation n's batchSent (which 0), invocationResult (1) or, after a
 * full success, its checkpoint at the batch's last record (2), compactly.
 */
export function logInvocationEvent(s: StreamState, n: number, which: 0 | 1 | 2): void {
  s.eventSeq++;
  if (s.keepEvents !== false) ringPush(s.events, -(n * 3 + which) - 1);
}

/** Logged events with absolute index >= from (seq = index + 1), oldest first. */
export function eventsFrom(s: StreamState, from: number): SimEvent[] {
  const r = s.events;
  const out: SimEvent[] = [];
  for (let k = Math.max(from, r.total - r.items.length); k < r.total; k++) {
    const e = r.limit === null ? r.items[k]! : r.items[k % r.limit]!;
    if (typeof e !== 'number') out.push('codes' in e ? spellCoded(s, e) : e);
    else if (e >= 0) out.push(recordPutEvent(s, e, k + 1));
    else {
      const code = -e - 1;
      const rebuilt = invocationEvent(s, Math.floor(code / 3), code % 3, k + 1);
      if (rebuilt !== null) out.push(rebuilt);
    }
  }
  return out;
}

function invocationEvent(s: StreamState, n: number, which: number, seq: number): SimEvent | null {
  const e = invocationAt(s.invocations, n - 1);
  if (e === undefined) return null;
  const shardId = s.shards[e.shard]!.id as ShardId;
  if (which === 2) {
    const last = e.recs[e.recs.length - 1]!;
    return {
      t: e.end,
      seq,
      kind: 'checkpoint',
      shardId,
      slot: e.lane,
      sequenceNumber: seqOf(s, last),
      recordId: idOf(s, last),
    };
  }
  const recordIds = e.recs.map((i) => idOf(s, i));
  return which === 0
    ? {
        t: e.start,
        seq,
        kind: 'batchSent',
        invocation: n,
        shardId,
        slot: e.lane,
        recordIds,
        trigger: e.trigger,
        attempt: e.attempt,
      }
    : {
        t: e.end,
        seq,
        kind: 'invocationResult',
        invocation: n,
        shardId,
        result: e.result,
        recordIds,
        reportedFailures: e.reported.map((i) => idOf(s, i)),
      };
}

function recordPutEvent(s: StreamState, i: number, seq: number): SimEvent {
  const shard = s.keys.shard[s.rec.key[i]!]!;
  return {
    t: Math.max(0, s.rec.at[i]!),
    seq,
    kind: 'recordPut',
    recordId: idOf(s, i),
    key: s.keys.names[s.rec.key[i]!]!,
    shardId: s.shards[shard]!.id as ShardId,
    sequenceNumber: sequenceNumber(s, shard, s.rec.pos[i]!),
  };
}

export const PRODUCER_ID_BASE = 2 ** 32;

/** The id code of producer record p<index>-<n>. */
export const producerIdCode = (index: number, n: number): number => index * PRODUCER_ID_BASE + n;

/** Record i's id, e.g. "r0" or "p0-17". */
export function idOf(s: StreamState, i: number): RecordId {
  return idOfCode(s, s.rec.id[i]!);
}

/** The id of id code `code` (a RecordTable.id value). */
export function idOfCode(s: StreamState, code: number): RecordId {
  if (code < 0) return s.rec.names[-code - 1]! as RecordId;
  return producerIdText(code);
}

/** The id of producer id code `code` (>= 0): "p<index>-<n>". */
export function producerIdText(code: number): RecordId {
  const n = code % PRODUCER_ID_BASE;
  return `p${(code - n) / PRODUCER_ID_BASE}-${n}` as RecordId;
}

/** Record index by id (the latest put wins) among the records `kept` marks (all when null), or -1. */
export function findRecord(s: StreamState, id: string, kept: Uint8Array | null = null): number {
  const m = /^p(\d{1,9})-(\d{1,15})$/.exec(id);
  const code = m ? producerIdCode(Number(m[1]), Number(m[2])) : null;
  const ids = s.rec.id;
  for (let i = s.rec.n - 1; i >= 0; i--) {
    if (kept !== null && kept[i] === 0) continue;
    const c = ids[i]!;
    if (c === code) return i;
    if (c < 0 && s.rec.names[-c - 1] === id) return i;
  }
  return -1;
}

/**
 * The current second as the metrics count it (metrics.ts: floor of a time
 * that is never negative), as a small integer: hot paths pass it instead of
 * the time, which a call would box as a new heap number every time.
 */
export const metricSecond = (s: StreamState): number => secondAt(s.now);

/** metricSecond for a time t >= 0 (past 2^30 seconds, t itself: metrics floor it). */
export const secondAt = (t: number): number => (t < 1_073_741_824 ? t | 0 : t);

/** Sets a record's final status once: statuses only ever leave `pending`. */
export function setStatus(s: StreamState, i: number, code: StatusCode): boolean {
  if (s.rec.status[i] !== ST.pending) return false;
  s.rec.status[i] = code;
  s.byStatus[ST.pending]!--;
  s.byStatus[code]!++;
  return true;
}

export const isStream = (t: string): t is 'kinesis' | 'dynamodb' =>
  t === 'kinesis' || t === 'dynamodb';

/** The fixed-width decimal sequence number of a shard position (string order = numeric order). */
export function sequenceNumber(s: StreamState, shard: number, pos: number): string {
  // Kinesis: 56 digits like real ones ("49" + 6-digit shard + 48-digit counter); DynamoDB: 21 digits.
  const kinesis = s.source.type === 'kinesis';
  const slot = (kinesis ? 'k' : 'd') + shard;
  const prefix = (SEQ_PREFIXES[slot] ??= kinesis
    ? `49${String(shard).padStart(6, '0')}`
    : `4${String(shard).padStart(4, '0')}`);
  return prefix + String(pos).padStart(kinesis ? 48 : 16, '0');
}

/** Per-shard sequence-number prefixes (a pure cache: the same input always gives the same string). */
const SEQ_PREFIXES: Record<string, string> = {};

/**
 * The arrival time of the record at position p of a shard; for a forgotten
 * position, the time kept in forgottenAt, or +Infinity when none is kept (the
 * head is frozen there: retention never trims it, see compaction.ts).
 */
export function arrivalAtPosition(s: StreamState, sh: ShardState, p: number): number {
  if (p >= sh.recsBase) return s.rec.at[sh.recs[p - sh.recsBase]!]!;
  const k = p - sh.forgottenFrom;
  return k >= 0 && k < sh.forgottenAt.length ? sh.forgottenAt[k]! : Number.POSITIVE_INFINITY;
}

/** The sequence number of record i. */
export const seqOf = (s: StreamState, i: number): string =>
  sequenceNumber(s, s.keys.shard[s.rec.key[i]!]!, s.rec.pos[i]!);

/** "shardId-000000000003". */
export const shardIdOf = (index: number): string => `shardId-${String(index).padStart(12, '0')}`;

export function internKey(s: StreamState, name: string): number {
  const slot = 'k:' + name;
  const found = s.keys.index[slot];
  if (found !== undefined) return found;
  const k = s.keys.names.length;
  s.keys.names.push(name);
  s.keys.index[slot] = k;
  s.keys.shard.push(shardForKey(name, s.shards.length));
  s.keys.hash.push(laneHash(name));
  s.keys.last.push(-1);
  return k;
}

/** A lane buffer's first room, in records. */
const LANE_BUFFER_ROOM = 16;

/**
 * Appends record i to the lane's buffer. Full: the waiting records move to
 * its front when at least half of it is spent, else it doubles (so each
 * record is moved a bounded number of times, and a lane allocates only as
 * its backlog grows).
 */
export function laneBufferPush(lane: LaneState, i: number): void {
  if (lane.end === lane.buf.length) {
    const waiting = lane.end - lane.head;
    if (lane.head * 2 >= lane.buf.length) lane.buf.copyWithin(0, lane.head, lane.end);
    else {
      const next = new Int32Array(Math.max(LANE_BUFFER_ROOM, lane.buf.length * 2));
      next.set(lane.buf.subarray(lane.head, lane.end));
      lane.buf = next;
    }
    lane.head = 0;
    lane.end = waiting;
  }
  lane.buf[lane.end++] = i;
}

export function createLane(openedAt: number): LaneState {
  return {
    buf: new Int32Array(LANE_BUFFER_ROOM),
    head: 0,
    end: 0,
    pieces: [],
    inFlight: null,
    retryAt: null,
    timerAt: null,
    windowOpenedAt: openedAt,
    failures: 0,
    blocked: null,
    tumbling: null,
  };
}

/** The state at t = 0: shards created, first polls and scripted actions scheduled. */
export function createInitialState(
  scenario: ResolvedScenario,
  historyLimit: number | null,
  recordsKeptWhole: number = BOUNDED_RECORDS_KEPT_WHOLE,
  keepEvents = true,
): StreamState {
  const source = scenario.source as StreamSourceConfig;
  const shardCount = Math.max(1, Math.floor(source.ShardCount));
  const factor = clampFactor(scenario.mapping.ParallelizationFactor);
  const planned = recordCapacity(scenario, historyLimit, recordsKeptWhole, 0);
  const shards: ShardState[] = [];
  for (let i = 0; i < shardCount; i++) {
    const shard: ShardState = {
      id: shardIdOf(i),
      // Room for an even share of the planned records (keys rarely spread evenly: it grows past it).
      recs: new Int32Array(Math.ceil(planned / shardCount)),
      recsBase: 0,
      forgottenAt: [],
      forgottenFrom: 0,
      size: 0,
      head: 0,
      readPos: 0,
      cpPos: 0,
      lanes: Array.from({ length: factor }, () => createLane(0)),
      repartition: false,
      pollAt: null,
      lastPollAt: null,
      lastPollEmpty: true,
      arrivalClock: -Number.MAX_VALUE,
      blockedLanes: 0,
    };
    // Replaced as the shard grows and forgets (../shape.ts notConstant).
    shards.push(notConstant(shard, ['recs', 'recsBase', 'forgottenAt', 'forgottenFrom']));
  }
  const explicitOrder = scenario.records.map((_, i) => i);
  explicitOrder.sort((a, b) => scenario.records[a]!.at - scenario.records[b]!.at || a - b);
  const s: StreamState = {
    scenario,
    source,
    mapping: scenario.mapping,
    fn: scenario.function,
    historyLimit,
    recordsKeptWhole: Math.max(0, Math.floor(recordsKeptWhole)),
    keepEvents,
    now: 0,
    rng: createRng(scenario.seed),
    queue: createTypedEventQueue(),
    rec: recordTable(recordColumns(planned)),
    keys: { names: [], index: {}, shard: [], hash: [], last: [] },
    shards,
    explicitOrder,
    explicitNext: 0,
    producers: scenario.producers.map((spec, index) => ({
      index,
      spec,
      start: spec.from,
      k: 0,
      keyIds: [],
    })),
    producerCounters: scenario.producers.map(() => 0),
    actionsApplied: [],
    // Each record is usually delivered once: room for the planned records' indices.
    invocations: createInvocationLog(
      historyLimit,
      historyLimit === null ? planned : Math.min(planned, historyLimit * 2),
      // History unlimited: room for about one invocation per planned record, so the columns
      // are seldom copied to grow.
      historyLimit === null ? planned : 0,
    ),
    invCount: 0,
    events: createRing<LoggedEvent>(historyLimit),
    eventSeq: 0,
    drainedSeq: 0,
    destination: [],
    metrics: createMetrics(),
    inFlightCount: 0,
    forcedFailures: 0,
    requestCounter: 0,
    errors: 0,
    throttles: 0,
    byStatus: STATUS_NAMES.map(() => 0),
  };
  // Scripted actions first, so an action at t = 0 applies before the first poll.
  scenario.actions.forEach((a, index) => {
    if (Number.isFinite(a.at) && a.at <= scenario.durationSeconds) {
      scheduleTyped(s.queue, Math.max(0, a.at), SE.action, index);
    }
  });
  shards.forEach((shard, index) => {
    shard.pollAt = 0;
    scheduleTyped(s.queue, 0, SE.poll, index);
  });
  return s;
}

/** ParallelizationFactor within AWS's 1..10. */
export const clampFactor = (n: number): number =>
  Number.isFinite(n) ? Math.min(10, Math.max(1, Math.floor(n))) : 1;
