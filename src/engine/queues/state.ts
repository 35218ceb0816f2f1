/**
 * The queue model's state: plain data only (typed-array columns, arrays, Maps
 * and small records; no classes, no closures), so a saved state survives
 * structuredClone and continues byte-identically.
 *
 * Messages are rows of a struct-of-arrays table (`MsgTable`, like the stream
 * engine's RecordTable): no object per message, so the history of an hour-long
 * run is a few typed arrays the garbage collector never walks, and a
 * checkpoint copies blocks of memory. With unlimited history (the CLI) row =
 * put order and rows are never reused; with historyLimit (the app) a row whose
 * message is settled and that nothing kept still names (the finished ring, the
 * invocation history, the event log, the visibility deadlines, …) is swept and
 * reused (`sweepRows`), so memory follows the recent history, not the run.
 * A message's put order (`idx`) orders the queue; rows only identify.
 */
import { createTypedEventQueue, type TypedEventQueue } from '../typedEvents';
import { createMetrics, type MetricsState } from '../metrics';
import { newSeriesCache, type SeriesCache } from './counters';
import { createRng, type RngState } from '../rng';
import type {
  BatchTrigger,
  FunctionConfig,
  InvocationResult,
  MappingConfig,
  ProducerSpec,
  QueueSourceConfig,
  RecordId,
  RecordStatus,
  ResolvedScenario,
  ScenarioAction,
  SimEvent,
} from '../types';
import { growColumn, type Column } from '../streams/columns';
import { plannedRecords } from '../streams/state';

/** Where a message is: visible in the queue, invisible (received, in flight), or gone. */
export const VISIBLE = 0;
export const IN_FLIGHT = 1;
export const GONE = 2;
export type MessagePlace = typeof VISIBLE | typeof IN_FLIGHT | typeof GONE;

/** Status codes (index into STATUS_NAMES); 0 = still pending. */
export const QST = {
  pending: 0,
  succeeded: 1,
  movedToDlq: 2,
  filtered: 3,
  expired: 4,
  skipped: 5,
} as const;
export type QStatusCode = (typeof QST)[keyof typeof QST];
export const QSTATUS_NAMES: readonly RecordStatus[] = [
  'pending',
  'succeeded',
  'movedToDlq',
  'filtered',
  'expired',
  'skipped',
];
export const statusCodeOf = (status: RecordStatus): QStatusCode =>
  QSTATUS_NAMES.indexOf(status) as QStatusCode;

/**
 * Every message, one typed-array column per field, by row. `n` rows are in
 * use (some may be free for reuse in bounded mode: `free`); rows from `n` on
 * have never been written and are all zeros (writeRow relies on it).
 */
export interface MsgTable {
  n: number;
  /** Put order (0-based): the queue's oldest-first order and the messageId's input. */
  idx: Int32Array;
  /** Id code: producer messages p<i>-<n> store i × 2^32 + n; explicit ones -(index into names) - 1. */
  code: Float64Array;
  /** Interned MessageGroupId (FIFO) or record key (standard, unused). */
  key: Int32Array;
  /** Body size plus SQS/Lambda metadata, counted toward the 6 MB payload cap. */
  bytes: Int32Array;
  /** SentTimestamp in simulated seconds (negative = sent before the mapping existed). */
  sentAt: Float64Array;
  /** failDeliveries (-1 = every delivery fails). */
  fail: Int16Array;
  /** 1 = fails as a timeout (failAs "timeout"). */
  timeout: Uint8Array;
  place: Uint8Array;
  status: Uint8Array;
  /** ApproximateReceiveCount; also the receipt generation of the latest receive. */
  receives: Int32Array;
  /** ApproximateFirstReceiveTimestamp, NaN until the first receive. */
  firstReceiveAt: Float64Array;
  /** While in flight: when the visibility timeout of the latest receive runs out. */
  visibleAt: Float64Array;
  /** Invocations (throttles excluded) that contained it. */
  deliveries: Int32Array;
  /** Poller batches holding it now (2+ = a duplicate delivery is under way). */
  holders: Int32Array;
  /** The latest invocation that contained it, 0 = none. */
  invocation: Int32Array;
  /** FIFO: the SequenceNumber counter (sequenceNumberFor), 0 on standard queues. */
  seqNo: Float64Array;
  /** Ids of explicit messages (never dropped: at most the scenario's records and live puts). */
  names: string[];
  /** Explicit bodies by row (absent = generated from the id). */
  bodies: Map<number, string>;
  /** FIFO deduplication ids by row, where they differ from the record id. */
  dedupIds: Map<number, string>;
  /** Bounded mode: rows free for reuse (a stack). */
  free: number[];
}

/** The typed columns of MsgTable, grown and copied together. */
export const MSG_COLUMNS = [
  'idx',
  'code',
  'key',
  'bytes',
  'sentAt',
  'fail',
  'timeout',
  'place',
  'status',
  'receives',
  'firstReceiveAt',
  'visibleAt',
  'deliveries',
  'holders',
  'invocation',
  'seqNo',
] as const satisfies readonly (keyof MsgTable)[];

function emptyTable(size: number): MsgTable {
  return {
    n: 0,
    idx: new Int32Array(size),
    code: new Float64Array(size),
    key: new Int32Array(size),
    bytes: new Int32Array(size),
    sentAt: new Float64Array(size),
    fail: new Int16Array(size),
    timeout: new Uint8Array(size),
    place: new Uint8Array(size),
    status: new Uint8Array(size),
    receives: new Int32Array(size),
    firstReceiveAt: new Float64Array(size),
    visibleAt: new Float64Array(size),
    deliveries: new Int32Array(size),
    holders: new Int32Array(size),
    invocation: new Int32Array(size),
    seqNo: new Float64Array(size),
    names: [],
    bodies: new Map(),
    dedupIds: new Map(),
    free: [],
  };
}

/** Per-message flags inside a poller's batch. */
export const RECEIVED = 0;
/** Received again while an earlier receive of it was still being processed. */
export const VT_DUPLICATE = 1;
/** A copy handed to a second poller by at-least-once delivery (duplicateDeliveryRate). */
export const ALO_DUPLICATE = 2;

export type PollerPhase = 'idle' | 'gathering' | 'invoking' | 'backoff';

/** One of the mapping's pollers: gathers a batch by repeated receives, then invokes. */
export interface Poller {
  readonly slot: number;
  phase: PollerPhase;
  /** Rows of the batch, in receive order: the first `count` entries. */
  batch: Int32Array;
  /** Receipt generation (receive count) of each batch message when this poller got it. */
  receipts: Int32Array;
  flags: Uint8Array;
  count: number;
  bytes: number;
  /** When the current batching window opened (the previous invocation's completion). */
  windowStart: number;
  windowClosesAt: number;
  trigger: BatchTrigger;
  /** Invalidates scheduled window/retry events when the poller moves on. */
  gen: number;
  /** Throttle retries so far for the held batch. */
  attempt: number;
  invocation: number | null;
}

/** Kinds of the event loop's events (typedEvents.ts: kind, a, b). */
export const QE = {
  putRecord: 0,
  /** a = producer index, b = producer generation. */
  produce: 1,
  action: 2,
  tick: 3,
  /** a = poller slot, b = poller generation. */
  windowClose: 4,
  /** a = invocation number. */
  invocationEnd: 5,
  /** a = poller slot, b = poller generation. */
  throttleRetry: 6,
  /** The earliest visibility deadline is due (the deadlines live in QState.dueAt …). */
  visibility: 7,
} as const;

/** A producer in force, with its own clock cursor. */
export interface ProducerRun {
  readonly spec: ProducerSpec;
  readonly index: number;
  /** Next emission k: the record goes out at from + k / ratePerSecond. */
  k: number;
  /** Key number → interned key (-1 unknown yet). */
  keyIds: number[];
}

/** Per-second gauge maxima being accumulated for the current second. */
export interface GaugeMaxima {
  visible: number;
  notVisible: number;
  concurrency: number;
  fleet: number;
  dlq: number;
  groups: number;
}

/** A FIFO message group: its live messages (rows) in send order. */
export interface FifoGroup {
  readonly id: string;
  msgs: number[];
  head: number;
  /** Messages of the group in flight: the group is locked while this is > 0. */
  inFlight: number;
}

/**
 * The invocation history as columns (one stored entry per invoke attempt,
 * throttled ones included, in invocation order), and the rows and receipts of
 * each batch in one pool (its reported failures follow its rows there).
 * Entries [first, count) are the history ring reports, stories and payloads
 * see (it grows to twice historyLimit, then keeps the newest historyLimit);
 * entries before `first` are kept only while the event log or a running
 * invocation names them (history.ts).
 */
export interface InvocationHistory {
  /** Invocations ever pushed (the newest is number `total`). */
  total: number;
  /** Stored entries. */
  count: number;
  /** The first stored entry in the ring. */
  first: number;
  n: Float64Array;
  start: Float64Array;
  end: Float64Array;
  timeoutAt: Float64Array;
  slot: Int32Array;
  attempt: Int32Array;
  result: Uint8Array;
  trigger: Uint8Array;
  /** Pool offset of the entry's rows; reported rows follow them. */
  at: Float64Array;
  len: Int32Array;
  reported: Int32Array;
  /** Rows of every stored batch. */
  pool: Int32Array;
  /** The receive count each row had in this delivery (reported rows: -1). */
  receipts: Int32Array;
  poolEnd: number;
}

export const RESULTS: readonly InvocationResult[] = [
  'success',
  'functionError',
  'timeout',
  'throttled',
  'partialFailure',
  'invalidResponse',
];
export const TRIGGERS: readonly BatchTrigger[] = [
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

/**
 * Code (index into RESULTS) of a result. A switch, not a lookup in a record by
 * the string: with several strings seen, such a lookup is a hash probe (it was
 * ~1% of the bounded hour, with the trigger's), while cases compare the
 * interned strings directly.
 */
export function resultCode(result: InvocationResult): number {
  switch (result) {
    case 'success':
      return 0;
    case 'functionError':
      return 1;
    case 'timeout':
      return 2;
    case 'throttled':
      return 3;
    case 'partialFailure':
      return 4;
    case 'invalidResponse':
      return 5;
  }
}

/** Code (index into TRIGGERS) of a trigger (a switch, as resultCode). */
export function triggerCode(trigger: BatchTrigger): number {
  switch (trigger) {
    case 'batchFull':
      return 0;
    case 'windowElapsed':
      return 1;
    case 'payloadFull':
      return 2;
    case 'retry':
      return 3;
    case 'bisect':
      return 4;
    case 'partialRetry':
      return 5;
    case 'windowEnd':
      return 6;
    case 'polled':
      return 7;
    case 'duplicate':
      return 8;
  }
}

/** An empty history with room for `slots` entries and `pool` rows (untouched room costs no memory). */
export function createHistory(slots: number, pool: number): InvocationHistory {
  return {
    total: 0,
    count: 0,
    first: 0,
    n: new Float64Array(slots),
    start: new Float64Array(slots),
    end: new Float64Array(slots),
    timeoutAt: new Float64Array(slots),
    slot: new Int32Array(slots),
    attempt: new Int32Array(slots),
    result: new Uint8Array(slots),
    trigger: new Uint8Array(slots),
    at: new Float64Array(slots),
    len: new Int32Array(slots),
    reported: new Int32Array(slots),
    pool: new Int32Array(pool),
    receipts: new Int32Array(pool),
    poolEnd: 0,
  };
}

/** The slot columns of InvocationHistory (grown, moved and copied together). */
export const HISTORY_COLUMNS = [
  'n',
  'start',
  'end',
  'timeoutAt',
  'slot',
  'attempt',
  'result',
  'trigger',
  'at',
  'len',
  'reported',
] as const satisfies readonly (keyof InvocationHistory)[];

/**
 * The event log, a ring of `len` entries from `head`, oldest first: it grows
 * to twice historyLimit, then keeps the newest historyLimit (a restored
 * checkpoint may have dropped some older ones, hence the seqs). Compact
 * entries are numbers `ref * 8 + kind` (EV_*), rebuilt when read; the others
 * are SimEvent objects.
 */
export interface EventLog {
  items: (number | SimEvent)[];
  times: Float64Array;
  seqs: Float64Array;
  head: number;
  len: number;
}

/** An event log holding these entries, oldest first. */
export function eventLogOf(
  items: (number | SimEvent)[],
  times: ArrayLike<number>,
  seqs: ArrayLike<number>,
): EventLog {
  return {
    items,
    times: Float64Array.from(times),
    seqs: Float64Array.from(seqs),
    head: 0,
    len: items.length,
  };
}

/** Ring position of entry k (0 = oldest). */
export function eventPos(ev: EventLog, k: number): number {
  const p = ev.head + k;
  return p >= ev.items.length ? p - ev.items.length : p;
}

/** The log's entries, oldest first (a copy). */
export function eventEntries(ev: EventLog): {
  items: (number | SimEvent)[];
  times: number[];
  seqs: number[];
} {
  const items: (number | SimEvent)[] = new Array<number | SimEvent>(ev.len);
  const times: number[] = new Array<number>(ev.len);
  const seqs: number[] = new Array<number>(ev.len);
  for (let k = 0; k < ev.len; k++) {
    const p = eventPos(ev, k);
    items[k] = ev.items[p]!;
    times[k] = ev.times[p]!;
    seqs[k] = ev.seqs[p]!;
  }
  return { items, times, seqs };
}

/** Appends an entry: the log grows to twice the limit, then keeps the newest `limit`. */
function pushEvent(s: QState, item: number | SimEvent, seq: number): void {
  const ev = s.events;
  if (ev.len === ev.items.length) {
    // Room: twice the limit holds every state of a bounded log; an unlimited one doubles.
    const limit = s.historyLimit;
    const size = limit !== null ? 2 * limit : Math.max(256, ev.len * 2);
    const entries = eventEntries(ev);
    ev.items = entries.items;
    ev.items.length = size;
    ev.items.fill(0, ev.len);
    ev.times = new Float64Array(size);
    ev.times.set(entries.times);
    ev.seqs = new Float64Array(size);
    ev.seqs.set(entries.seqs);
    ev.head = 0;
  }
  const p = eventPos(ev, ev.len);
  ev.items[p] = item;
  ev.times[p] = s.now;
  ev.seqs[p] = seq;
  ev.len++;
  const limit = s.historyLimit;
  if (limit !== null && ev.len >= 2 * limit) {
    // As trimRing: keep the newest `limit`.
    ev.head = eventPos(ev, ev.len - limit);
    ev.len = limit;
  }
}

/** Compact event kinds. */
export const EV_RECORD_PUT = 0; // ref = row
export const EV_POLL = 1; // ref = messages received
export const EV_BATCH_SENT = 2; // ref = invocation n
export const EV_RESULT = 3; // ref = invocation n
export const EV_DELETED = 4; // ref = invocation n (its whole batch was deleted)
export const EV_MOVED_TO_DLQ = 5; // ref = row (finished: its receive count no longer changes)
/** ref = offset of its row list in QState.rowLists (the messages whose visibility timeout ran out). */
export const EV_VISIBILITY_EXPIRED = 6;

/** Whether compact entry e names a message row (recordPut, movedToDlq). */
export const namesRow = (e: number): boolean =>
  e % 8 === EV_RECORD_PUT || e % 8 === EV_MOVED_TO_DLQ;

export interface QState {
  readonly scenario: ResolvedScenario;
  readonly historyLimit: number | null;
  /** False: events are only numbered, none kept (SimulationOptions.keepEvents). */
  readonly keepEvents: boolean;
  readonly fifo: boolean;
  source: QueueSourceConfig;
  mapping: MappingConfig;
  fn: FunctionConfig;
  now: number;
  rng: RngState;
  queue: TypedEventQueue;

  // Messages.
  m: MsgTable;
  keyNames: string[];
  keyIndex: Map<string, number>;
  nextIdx: number;
  nextSequence: number;
  /**
   * Standard: visible messages (rows) made visible again, a min-heap by idx
   * (oldest first); entries no longer VISIBLE are skipped.
   */
  visibleHeap: number[];
  /**
   * Standard: sent messages not yet received, entries [sentHead, sentEnd):
   * in idx order already (each send has the largest idx yet), so they need
   * no heap. A receive takes the lower idx of this queue's head and the
   * heap's top; entries no longer VISIBLE are skipped.
   */
  sentQueue: Int32Array;
  sentHead: number;
  sentEnd: number;
  visibleCount: number;
  /** Messages received and not yet deleted or visible again (ApproximateNumberOfMessagesNotVisible). */
  inFlightCount: number;
  /**
   * Visibility deadlines, one entry per received message in parallel typed
   * columns, sorted by time; entries [visibilityHead, dueEnd) are pending:
   * dueAt = when the receive's timeout runs out, dueRows / dueReceipts = the
   * message and its receive count then, dueFirst = 1 on the first message of
   * each receive (one receive's messages expire together).
   */
  dueAt: Float64Array;
  dueRows: Int32Array;
  dueReceipts: Int32Array;
  dueFirst: Uint8Array;
  visibilityHead: number;
  dueEnd: number;
  /** The deadline the visibility event is set for (Infinity = none): a number, never null, so no heap number per store. */
  visibilityScheduledAt: number;
  /**
   * The latest-scheduled visibility event, kept beside the event heap (most
   * are no-ops: their messages were deleted long before): when (Infinity =
   * none) and its insertion number (simulation.ts step).
   */
  visibilityDue: number;
  visibilityOrder: number;
  /** Live messages (visible or in flight). */
  liveCount: number;
  /**
   * Rows in send order, entries [sendHead, sendEnd): from the oldest that may
   * still be live (GONE ones are skipped, then dropped).
   */
  sendOrder: Int32Array;
  sendHead: number;
  sendEnd: number;
  groups: Map<string, FifoGroup>;
  /** FIFO: unlocked non-empty groups, a min-heap by the head message's idx. */
  readyGroups: { idx: number; group: string }[];
  /** FIFO deduplication ids seen in the last 5 minutes → (record id, time). */
  dedup: Map<string, { id: RecordId; at: number }>;
  dedupKeys: string[];
  dedupTimes: number[];
  dedupHead: number;

  // Pollers and invocations.
  pollers: Poller[];
  fleetSize: number;
  idle: number[];
  gathering: number[];
  /** At-least-once copies (rows) waiting for a free poller. */
  pendingDuplicates: number[];
  /** Invocations running now (each is its poller's `invocation`, the poller 'invoking'). */
  running: number;
  nextInvocation: number;
  failNext: number;
  idleSeconds: number;
  /** Counters for the second now running, read by scalePollerFleet at the tick. */
  second: { invocations: number; failed: number; throttles: number; busyPeak: number };

  // Scenario cursors.
  recordOrder: number[];
  recordCursor: number;
  actionCursor: number;
  producers: ProducerRun[];
  /**
   * Each current producer's next emission, kept out of the event heap (one
   * heap event per message would dominate a busy run): when (Infinity = none)
   * and the insertion number it took, so it runs exactly where a heap event
   * scheduled then would (simulation.ts step).
   */
  producerDue: number[];
  producerOrder: number[];
  producerGen: number;
  /** Per producer index: the next n of id p<i>-<n> (numbering continues across replacements). */
  producerCounters: number[];

  // Results and history.
  /**
   * Rows of messages that left the queue, in finish order (the finished ring):
   * entries [0, finishedLen), growing to twice historyLimit, then the newest
   * historyLimit are moved to the front (as trimRing; no array per message).
   */
  finished: Int32Array;
  finishedLen: number;
  statusCounts: Record<RecordStatus, number>;
  recordsPut: number;
  deleted: number;
  invocationCount: number;
  errorCount: number;
  throttleCount: number;
  duplicateCount: number;
  dlqCount: number;
  /** The dead-letter ring: rows moved to the DLQ (finished, so frozen) and when, in move order. */
  dlq: number[];
  dlqAt: number[];
  /**
   * The last DLQ_RECENT rows moved to the DLQ, which the snapshot shows: rows,
   * not stage messages made at each move (a messageId string per dead-lettered
   * message, of which the stage shows ten); a moved row no longer changes.
   */
  dlqRecent: number[];
  history: InvocationHistory;
  events: EventLog;
  /**
   * Row lists of the log's EV_VISIBILITY_EXPIRED entries, each a count then
   * its rows, in log order from 0 to rowListsEnd (reserveRowList): no event
   * object, id list or id strings per returning batch, which the bounded log
   * mostly overwrites unread.
   */
  rowLists: Int32Array;
  rowListsEnd: number;
  nextSeq: number;
  drainedSeq: number;
  applied: ScenarioAction[];
  metrics: MetricsState;
  /** The series the hot path counts into, by number (counters.ts; each copy makes its own). */
  seriesCache: SeriesCache;
  gmax: GaugeMaxima;
}

/** How many recent DLQ messages the snapshot shows. */
export const DLQ_RECENT = 10;

/** Send order of the scenario's explicit records: by `at` (negative = sent earlier), ties in list order. */
function recordOrder(scenario: ResolvedScenario): number[] {
  return scenario.records
    .map((r, i) => ({ i, at: r.at }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.i);
}

const zeroStatus = (): Record<RecordStatus, number> => ({
  succeeded: 0,
  sentToOnFailureDestination: 0,
  discarded: 0,
  movedToDlq: 0,
  filtered: 0,
  expired: 0,
  skipped: 0,
  pending: 0,
});

/** A fresh state at t = 0 (nothing scheduled yet: the simulation seeds the event queue). */
export function createQueueState(
  scenario: ResolvedScenario,
  historyLimit: number | null,
  keepEvents = true,
): QState {
  if (scenario.source.type !== 'sqs' && scenario.source.type !== 'sqs-fifo') {
    throw new Error(`queue model given a ${scenario.source.type} scenario`);
  }
  return {
    scenario,
    historyLimit: historyLimit === null ? null : Math.max(1, Math.floor(historyLimit)),
    keepEvents,
    fifo: scenario.source.type === 'sqs-fifo',
    source: scenario.source,
    mapping: scenario.mapping,
    fn: scenario.function,
    now: 0,
    rng: createRng(scenario.seed),
    queue: createTypedEventQueue(),
    // History unlimited (the CLI): room for every message the scenario plans, so the columns
    // are never copied to grow; bounded: rows are reused, the table starts small.
    m: emptyTable(historyLimit === null ? Math.max(1024, plannedRecords(scenario) + 16) : 1024),
    keyNames: [],
    keyIndex: new Map(),
    nextIdx: 0,
    nextSequence: 0,
    visibleHeap: [],
    sentQueue: new Int32Array(1024),
    sentHead: 0,
    sentEnd: 0,
    visibleCount: 0,
    inFlightCount: 0,
    dueAt: new Float64Array(256),
    dueRows: new Int32Array(256),
    dueReceipts: new Int32Array(256),
    dueFirst: new Uint8Array(256),
    visibilityHead: 0,
    dueEnd: 0,
    visibilityScheduledAt: Infinity,
    visibilityDue: Infinity,
    visibilityOrder: 0,
    liveCount: 0,
    sendOrder: new Int32Array(1024),
    sendHead: 0,
    sendEnd: 0,
    groups: new Map(),
    readyGroups: [],
    dedup: new Map(),
    dedupKeys: [],
    dedupTimes: [],
    dedupHead: 0,
    pollers: [],
    fleetSize: 0,
    idle: [],
    gathering: [],
    pendingDuplicates: [],
    running: 0,
    nextInvocation: 1,
    failNext: 0,
    idleSeconds: 0,
    second: { invocations: 0, failed: 0, throttles: 0, busyPeak: 0 },
    recordOrder: recordOrder(scenario),
    recordCursor: 0,
    actionCursor: 0,
    producers: [],
    producerDue: [],
    producerOrder: [],
    producerGen: 0,
    producerCounters: [],
    finished: new Int32Array(
      historyLimit === null ? 1024 : 2 * Math.max(1, Math.floor(historyLimit)),
    ),
    finishedLen: 0,
    statusCounts: zeroStatus(),
    recordsPut: 0,
    deleted: 0,
    invocationCount: 0,
    errorCount: 0,
    throttleCount: 0,
    duplicateCount: 0,
    dlqCount: 0,
    dlq: [],
    dlqAt: [],
    dlqRecent: [],
    // History unlimited: room for about one invocation and one delivery per planned message.
    history:
      historyLimit === null
        ? createHistory(
            Math.max(64, plannedRecords(scenario)),
            Math.max(256, plannedRecords(scenario) * 2),
          )
        : createHistory(64, 256),
    events: { items: [], times: new Float64Array(0), seqs: new Float64Array(0), head: 0, len: 0 },
    rowLists: new Int32Array(0),
    rowListsEnd: 0,
    nextSeq: 1,
    drainedSeq: 0,
    applied: [],
    metrics: createMetrics(),
    seriesCache: newSeriesCache(),
    gmax: { visible: 0, notVisible: 0, concurrency: 0, fleet: 0, dlq: 0, groups: 0 },
  };
}

// ---------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------

/** Producer message p<i>-<n> has id code i × PRODUCER_ID_BASE + n. */
export const PRODUCER_ID_BASE = 2 ** 32;

/** The id code of producer message p<index>-<n>. */
export const producerIdCode = (index: number, n: number): number => index * PRODUCER_ID_BASE + n;

/** The id code of an explicit id (its name is appended). */
export function explicitIdCode(s: QState, id: string): number {
  s.m.names.push(id);
  return -s.m.names.length;
}

/**
 * The last producer ids made, by the low bits of their code: the event log
 * names a message 4–5 times (put, batch sent, result, deleted) close
 * together, and each rebuilt event would make its id string again (two
 * number strings and a concatenation). A producer id depends only on its
 * code, so the cache serves every simulation.
 */
const ID_CACHE_SIZE = 1024;
const cachedCodes = new Float64Array(ID_CACHE_SIZE).fill(-1);
const cachedIds: RecordId[] = new Array<RecordId>(ID_CACHE_SIZE).fill('' as RecordId);

/** The record id an id code stands for, e.g. "r0" or "p0-17". */
export function idOfCode(s: QState, code: number): RecordId {
  if (code < 0) return s.m.names[-code - 1]! as RecordId;
  // (Division by 2^32 is exact: no floating-point remainder, which is a slow call.)
  const index = Math.floor(code / PRODUCER_ID_BASE);
  const n = code - index * PRODUCER_ID_BASE;
  const slot = n & (ID_CACHE_SIZE - 1);
  if (cachedCodes[slot] === code) return cachedIds[slot]!;
  const id = `p${index}-${n}` as RecordId;
  cachedCodes[slot] = code;
  cachedIds[slot] = id;
  return id;
}

/** Row r's record id. */
export const idOf = (s: QState, r: number): RecordId => idOfCode(s, s.m.code[r]!);

/** The id code of an id string if it has the producer form, else null. */
export function producerCodeOf(id: string): number | null {
  const m = /^p(\d{1,9})-(\d{1,15})$/.exec(id);
  return m ? producerIdCode(Number(m[1]), Number(m[2])) : null;
}

/** Whether row r holds the record `id` (code: producerCodeOf(id)). */
export function rowIs(s: QState, r: number, id: string, code: number | null): boolean {
  const c = s.m.code[r]!;
  if (c >= 0) return c === code;
  return s.m.names[-c - 1] === id;
}

/** Interned key index (MessageGroupId). */
export function internKey(s: QState, name: string): number {
  let k = s.keyIndex.get(name);
  if (k === undefined) {
    k = s.keyNames.length;
    s.keyNames.push(name);
    s.keyIndex.set(name, k);
  }
  return k;
}

/** Row r's key (MessageGroupId on FIFO). */
export const keyOf = (s: QState, r: number): string => s.keyNames[s.m.key[r]!]!;

/** Grows every column to hold at least `size` rows. */
function growTable(m: MsgTable, size: number): void {
  const columns = m as unknown as Record<string, Column>;
  for (const name of MSG_COLUMNS) columns[name] = growColumn(m[name], m.n, size);
}

/**
 * A row for a new message: a free one (bounded mode) or the next. With
 * history bounded, a full table is first swept (sweepRows); it grows when
 * less than a quarter of it came free.
 */
export function allocRow(s: QState): number {
  const m = s.m;
  const reused = m.free.pop();
  if (reused !== undefined) return reused;
  if (m.n === m.idx.length) {
    if (s.historyLimit !== null && m.n >= 4096) {
      sweepRows(s);
      const again = m.free.pop();
      if (again !== undefined && m.free.length * 4 >= m.n) return again;
      if (again !== undefined) m.free.push(again);
    }
    growTable(m, m.n + 1);
    // Rows freed by the sweep stay on the stack; the fresh row is the next one.
  }
  return m.n++;
}

/**
 * Bounded mode: every row no message, ring or log still names goes back on
 * the free stack. A row is kept while its message is live or held by a batch
 * or a waiting copy; while the finished ring, the stored invocation history,
 * the event log (a recordPut), the send order, the visible heap, the
 * visibility deadlines or a FIFO group names it.
 */
export function sweepRows(s: QState): void {
  // Each long loop is a function of its own: a sweep runs now and then over many rows, and in
  // one big function V8 optimised it mid-loop with no type feedback for what followed the loop,
  // then deoptimised there, again at each sweep (9 compilations in the SQS hour).
  const m = s.m;
  const kept = new Uint8Array(m.n);
  markLiveRows(m.place, m.holders, m.n, kept);
  for (const r of s.pendingDuplicates) kept[r] = 1;
  markRows(s.visibleHeap, 0, s.visibleHeap.length, kept);
  markRows(s.sentQueue, s.sentHead, s.sentEnd, kept);
  markRows(s.sendOrder, s.sendHead, s.sendEnd, kept);
  markRows(s.dueRows, s.visibilityHead, s.dueEnd, kept);
  for (const g of s.groups.values()) markRows(g.msgs, g.head, g.msgs.length, kept);
  for (const p of s.pollers) markRows(p.batch, 0, p.count, kept);
  markRows(s.finished, 0, s.finishedLen, kept);
  markRows(s.dlq, 0, s.dlq.length, kept);
  markRows(s.dlqRecent, 0, s.dlqRecent.length, kept);
  markRows(s.history.pool, 0, s.history.poolEnd, kept);
  markEventRows(s, kept);
  // Free rows already on the stack are marked not to push them twice.
  markRows(m.free, 0, m.free.length, kept, 2);
  freeUnmarked(m, kept);
}

/** Marks the rows still in the queue or held by a batch. */
function markLiveRows(
  place: QState['m']['place'],
  holders: QState['m']['holders'],
  n: number,
  kept: Uint8Array,
): void {
  for (let r = 0; r < n; r++) if (place[r] !== GONE || holders[r]! > 0) kept[r] = 1;
}

/** Marks (with `mark`) the rows list[from..to) names. */
function markRows(
  list: ArrayLike<number>,
  from: number,
  to: number,
  kept: Uint8Array,
  mark = 1,
): void {
  for (let i = from; i < to; i++) kept[list[i]!] = mark;
}

/** Marks the rows the kept event log names (compact entries). */
function markEventRows(s: QState, kept: Uint8Array): void {
  const ev = s.events;
  for (let k = 0; k < ev.len; k++) {
    const e = ev.items[eventPos(ev, k)]!;
    if (typeof e !== 'number') continue;
    if (namesRow(e)) kept[Math.floor(e / 8)] = 1;
    else if (e % 8 === EV_VISIBILITY_EXPIRED) {
      const at = (e - EV_VISIBILITY_EXPIRED) / 8;
      const end = at + 1 + s.rowLists[at]!;
      for (let i = at + 1; i < end; i++) kept[s.rowLists[i]!] = 1;
    }
  }
}

/** Frees every row no one marked (newest first onto the free stack), with its body and dedup id. */
function freeUnmarked(m: QState['m'], kept: Uint8Array): void {
  for (let r = m.n - 1; r >= 0; r--) {
    if (kept[r] !== 0) continue;
    m.free.push(r);
    m.bodies.delete(r);
    m.dedupIds.delete(r);
  }
}

/** Appends to a ring kept like a JS array trimmed by trimRing. */
export function trimRing<T>(arr: T[], limit: number | null): void {
  if (limit !== null && arr.length >= 2 * limit) arr.splice(0, arr.length - limit);
}

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

/** Distributes Omit over the SimEvent union so each variant keeps its own fields. */
export type NewEvent = SimEvent extends infer E
  ? E extends SimEvent
    ? Omit<E, 't' | 'seq'>
    : never
  : never;

/** Appends an event object (t and seq stamped here). */
export function logEvent(s: QState, e: NewEvent): void {
  // Callers pass a fresh literal: stamping it in place saves a copy.
  const stamped = e as { t?: number; seq?: number };
  stamped.t = s.now;
  stamped.seq = s.nextSeq++;
  if (s.keepEvents) pushEvent(s, stamped as SimEvent, stamped.seq);
}

/** Appends a compact event (kind EV_*, ref) at now. */
export function logCompact(s: QState, kind: number, ref: number): void {
  const seq = s.nextSeq++;
  if (s.keepEvents) pushEvent(s, ref * 8 + kind, seq);
}

/**
 * Room for a row list of up to `max` rows at the end of QState.rowLists;
 * returns its offset (the count goes there, the rows after it). When full,
 * the lists the log still holds move to the front (they are in log order, so
 * each moves down), and the column doubles when they fill half of it.
 */
export function reserveRowList(s: QState, max: number): number {
  if (s.rowListsEnd + 1 + max <= s.rowLists.length) return s.rowListsEnd;
  const lists = s.rowLists;
  const ev = s.events;
  let w = 0;
  for (let k = 0; k < ev.len; k++) {
    const p = eventPos(ev, k);
    const e = ev.items[p]!;
    if (typeof e !== 'number' || e % 8 !== EV_VISIBILITY_EXPIRED) continue;
    const at = (e - EV_VISIBILITY_EXPIRED) / 8;
    const size = 1 + lists[at]!;
    lists.copyWithin(w, at, at + size);
    ev.items[p] = w * 8 + EV_VISIBILITY_EXPIRED;
    w += size;
  }
  s.rowListsEnd = w;
  if ((w + 1 + max) * 2 > lists.length) {
    const grown = new Int32Array(Math.max(256, (w + 1 + max) * 2));
    grown.set(lists.subarray(0, w));
    s.rowLists = grown;
  }
  return w;
}

/** Logs an EV_VISIBILITY_EXPIRED event for the `count` rows written after offset `at` (reserveRowList). */
export function logRowList(s: QState, at: number, count: number): void {
  s.rowLists[at] = count;
  s.rowListsEnd = at + 1 + count;
  logCompact(s, EV_VISIBILITY_EXPIRED, at);
}

// ---------------------------------------------------------------------------
// Records leaving the queue
// ---------------------------------------------------------------------------

/** Ends a message's life in the queue with a final status (the finished ring keeps it, bounded). */
export function finishRecord(s: QState, r: number, status: QStatusCode): void {
  const m = s.m;
  if (m.place[r] !== GONE) s.liveCount--;
  m.place[r] = GONE;
  m.status[r] = status;
  countStatus(s.statusCounts, status);
  pushFinished(s, r);
}

/**
 * Counts a final status. A switch of named increments rather than an
 * increment keyed by the status name, which is a hash probe once per message.
 */
function countStatus(counts: Record<RecordStatus, number>, status: QStatusCode): void {
  switch (status) {
    case QST.pending:
      counts.pending++;
      break;
    case QST.succeeded:
      counts.succeeded++;
      break;
    case QST.movedToDlq:
      counts.movedToDlq++;
      break;
    case QST.filtered:
      counts.filtered++;
      break;
    case QST.expired:
      counts.expired++;
      break;
    case QST.skipped:
      counts.skipped++;
      break;
  }
}

/** Appends to the finished ring (see QState.finished). */
function pushFinished(s: QState, r: number): void {
  if (s.finishedLen === s.finished.length) {
    const grown = new Int32Array(Math.max(1024, s.finishedLen * 2));
    grown.set(s.finished);
    s.finished = grown;
  }
  s.finished[s.finishedLen++] = r;
  const limit = s.historyLimit;
  if (limit !== null && s.finishedLen >= 2 * limit) {
    s.finished.copyWithin(0, s.finishedLen - limit, s.finishedLen);
    s.finishedLen = limit;
  }
}

/** Appends a row to the send order. */
export function pushSendOrder(s: QState, r: number): void {
  if (s.sendEnd === s.sendOrder.length) {
    // Room: the pending part moves to the front, into a column twice as long when it fills half.
    const used = s.sendEnd - s.sendHead;
    if (used * 2 > s.sendOrder.length) {
      const next = new Int32Array(s.sendOrder.length * 2);
      next.set(s.sendOrder.subarray(s.sendHead, s.sendEnd));
      s.sendOrder = next;
    } else s.sendOrder.copyWithin(0, s.sendHead, s.sendEnd);
    s.sendHead = 0;
    s.sendEnd = used;
  }
  s.sendOrder[s.sendEnd++] = r;
}

/** Appends a sent message (row) to the queue of visible sends (QState.sentQueue). */
export function pushSent(s: QState, r: number): void {
  if (s.sentEnd === s.sentQueue.length) {
    // Room: the waiting part moves to the front, into a column twice as long when it fills half.
    const used = s.sentEnd - s.sentHead;
    if (used * 2 > s.sentQueue.length) {
      const next = new Int32Array(s.sentQueue.length * 2);
      next.set(s.sentQueue.subarray(s.sentHead, s.sentEnd));
      s.sentQueue = next;
    } else s.sentQueue.copyWithin(0, s.sentHead, s.sentEnd);
    s.sentHead = 0;
    s.sentEnd = used;
  }
  s.sentQueue[s.sentEnd++] = r;
}

/** The oldest message (row) still live (visible or in flight), or -1; drops GONE ones from the front. */
export function oldestLive(s: QState): number {
  const place = s.m.place;
  const order = s.sendOrder;
  while (s.sendHead < s.sendEnd && place[order[s.sendHead]!] === GONE) s.sendHead++;
  // Drop finished messages once they outnumber live ones (amortised O(1) per message).
  if (s.sendEnd - s.sendHead > 2 * s.liveCount + 1024) {
    let w = 0;
    for (let i = s.sendHead; i < s.sendEnd; i++) {
      const r = order[i]!;
      if (place[r] !== GONE) order[w++] = r;
    }
    s.sendHead = 0;
    s.sendEnd = w;
  } else if (s.sendHead > 1024 && s.sendHead * 2 > s.sendEnd) {
    // The skipped front is never read again.
    order.copyWithin(0, s.sendHead, s.sendEnd);
    s.sendEnd -= s.sendHead;
    s.sendHead = 0;
  }
  return s.sendHead < s.sendEnd ? order[s.sendHead]! : -1;
}

/** A record (row) by id: live ones from the send order, finished ones from the (bounded) ring; -1 if none. */
export function findRecord(s: QState, id: string): number {
  oldestLive(s);
  const code = producerCodeOf(id);
  const place = s.m.place;
  for (let i = s.sendHead; i < s.sendEnd; i++) {
    const r = s.sendOrder[i]!;
    if (place[r] !== GONE && rowIs(s, r, id, code)) return r;
  }
  for (let i = s.finishedLen - 1; i >= 0; i--) {
    const r = s.finished[i]!;
    if (rowIs(s, r, id, code)) return r;
  }
  return -1;
}

/** Adds a message (row) to a poller's batch. */
export function addToBatch(p: Poller, r: number, receipt: number, flag: number): void {
  if (p.count === p.batch.length) {
    const size = p.batch.length * 2;
    const batch = new Int32Array(size);
    batch.set(p.batch);
    p.batch = batch;
    const receipts = new Int32Array(size);
    receipts.set(p.receipts);
    p.receipts = receipts;
    const flags = new Uint8Array(size);
    flags.set(p.flags);
    p.flags = flags;
  }
  p.batch[p.count] = r;
  p.receipts[p.count] = receipt;
  p.flags[p.count] = flag;
  p.count++;
}

/** The invocations running now, in start order. */
export function runningInvocations(s: QState): number[] {
  const out: number[] = [];
  for (const p of s.pollers) {
    if (p.phase === 'invoking' && p.invocation !== null) out.push(p.invocation);
  }
  return out.sort((a, b) => a - b);
}

/** Whether invocation n is running (its poller is slot `slot`). */
export function isRunning(s: QState, n: number, slot: number): boolean {
  const p = s.pollers[slot];
  return p !== undefined && p.phase === 'invoking' && p.invocation === n;
}
