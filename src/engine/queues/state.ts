/**
 * The queue model's state: plain data only (no classes, no closures), so a
 * saved state survives structuredClone and continues byte-identically. Shared
 * object references (a message held by the queue, a poller's batch and an
 * invocation's history entry) are preserved by structuredClone and by
 * copyQueueState (checkpoint.ts), which saveState and restore use.
 */
import { createEventQueue, type EventQueue } from '../eventQueue';
import { createMetrics, type MetricsState } from '../metrics';
import { createRng, type RngState } from '../rng';
import type {
  BatchTrigger,
  DeadLetterEntry,
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
  StageMessage,
} from '../types';

/** Where a message is: visible in the queue, invisible (received, in flight), or gone. */
export const VISIBLE = 0;
export const IN_FLIGHT = 1;
export const GONE = 2;
export type MessagePlace = typeof VISIBLE | typeof IN_FLIGHT | typeof GONE;

/** One SQS message (a scenario record once sent). */
export interface QMessage {
  /** Put order, 0-based: also the oldest-first order of the queue. */
  readonly idx: number;
  readonly id: RecordId;
  /** MessageGroupId on FIFO; the record's key (unused) on standard queues. */
  readonly key: string;
  /** null = generated from the id when a payload needs it. */
  readonly body: string | null;
  /** Body size plus SQS/Lambda metadata, counted toward the 6 MB payload cap. */
  readonly bytes: number;
  readonly messageId: string;
  /** FIFO only: fixed-width decimal; '' on standard queues. */
  readonly sequenceNumber: string;
  /** FIFO only: the deduplication id used; '' on standard queues. */
  readonly dedupId: string;
  /** SentTimestamp in simulated seconds (negative = sent before the mapping existed). */
  readonly sentAt: number;
  readonly failDeliveries: number;
  readonly failAs: 'error' | 'timeout';
  place: MessagePlace;
  /** ApproximateReceiveCount; also the receipt-handle generation of the latest receive. */
  receiveCount: number;
  firstReceiveAt: number | null;
  /** While in flight: when the visibility timeout of the latest receive runs out. */
  visibleAt: number;
  /** Invocations (throttles excluded) that contained it. */
  deliveries: number;
  /** Poller batches holding it now (2+ = a duplicate delivery is under way). */
  holders: number;
  /** The latest invocation that contained it. */
  invocation: number | null;
  /** Final status once place is GONE. */
  status: RecordStatus;
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
  batch: QMessage[];
  /** Receipt generation (receive count) of each batch message when this poller got it. */
  receipts: number[];
  flags: number[];
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

/** One invoke attempt: kept while running and in the history ring. */
export interface QInvocation {
  readonly n: number;
  readonly slot: number;
  readonly start: number;
  end: number;
  readonly timeoutAt: number;
  readonly messages: readonly QMessage[];
  /** The receive count each message had in this delivery (its ApproximateReceiveCount). */
  readonly receipts: readonly number[];
  result: InvocationResult;
  readonly reportedFailures: readonly RecordId[];
  /** messageIds of a partialFailure response, as the function returned them. */
  readonly reportedIdentifiers: readonly string[];
  /** The record ids of `messages`, shared by the batchSent and invocationResult events. */
  readonly ids: readonly RecordId[];
  readonly trigger: BatchTrigger;
  readonly attempt: number;
}

/** A FIFO message group: its live messages in send order. */
export interface FifoGroup {
  readonly id: string;
  msgs: QMessage[];
  head: number;
  /** Messages of the group in flight: the group is locked while this is > 0. */
  inFlight: number;
}

/** The event loop's discriminated union. */
export type QEvent =
  | { readonly kind: 'putRecord' }
  | { readonly kind: 'produce'; readonly producer: number; readonly gen: number }
  | { readonly kind: 'action' }
  | { readonly kind: 'tick' }
  | { readonly kind: 'windowClose'; readonly slot: number; readonly gen: number }
  | { readonly kind: 'invocationEnd'; readonly n: number }
  | { readonly kind: 'throttleRetry'; readonly slot: number; readonly gen: number }
  /** The earliest visibility deadline is due (the deadlines themselves live in QState.dueAt …). */
  | { readonly kind: 'visibility' };

/** A producer in force, with its own clock cursor. */
export interface ProducerRun {
  readonly spec: ProducerSpec;
  readonly index: number;
  /** Next emission k: the record goes out at from + k / ratePerSecond. */
  k: number;
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

export interface QState {
  readonly scenario: ResolvedScenario;
  readonly historyLimit: number | null;
  /** False: logEvent only numbers events, keeping none (SimulationOptions.keepEvents). */
  readonly keepEvents: boolean;
  readonly fifo: boolean;
  source: QueueSourceConfig;
  mapping: MappingConfig;
  fn: FunctionConfig;
  now: number;
  rng: RngState;
  queue: EventQueue<QEvent>;

  // Queue contents.
  nextIdx: number;
  nextSequence: number;
  /** Standard: visible messages, a min-heap by idx (oldest first); GONE entries are skipped. */
  visibleHeap: QMessage[];
  visibleCount: number;
  /** Messages received and not yet deleted or visible again (ApproximateNumberOfMessagesNotVisible). */
  inFlightCount: number;
  /**
   * Visibility deadlines, one entry per received message in parallel arrays (no
   * object per receive), sorted by time and consumed from visibilityHead:
   * receives mostly append in order, so one scheduled event at a time keeps the
   * event heap small. dueAt = when the receive's timeout runs out, dueMsgs /
   * dueReceipts = the message and its receive count then, dueFirst = 1 on the
   * first message of each receive (one receive's messages expire together).
   */
  dueAt: number[];
  dueMsgs: QMessage[];
  dueReceipts: number[];
  dueFirst: number[];
  visibilityHead: number;
  visibilityScheduledAt: number | null;
  /** Live messages (visible or in flight). */
  liveCount: number;
  /** Messages in send order from the oldest that may still be live (GONE ones skipped, then dropped). */
  sendOrder: QMessage[];
  sendHead: number;
  groups: Map<string, FifoGroup>;
  /** FIFO: unlocked non-empty groups, a min-heap by the head message's idx. */
  readyGroups: { idx: number; group: string }[];
  /** FIFO deduplication ids seen in the last 5 minutes → (record id, time), oldest first. */
  dedup: Map<string, { id: RecordId; at: number }>;
  /**
   * The ids of `dedup` in the order they were remembered, with those times, from
   * dedupHead on: expiry reads these instead of walking the Map from its front,
   * which skips every deleted slot again on each send (quadratic on long FIFO runs).
   */
  dedupKeys: string[];
  dedupTimes: number[];
  dedupHead: number;

  // Pollers and invocations.
  pollers: Poller[];
  fleetSize: number;
  idle: number[];
  gathering: number[];
  /** At-least-once copies waiting for a free poller. */
  pendingDuplicates: QMessage[];
  running: Map<number, QInvocation>;
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
  producerGen: number;
  /** Per producer index: the next n of id p<i>-<n> (numbering continues across replacements). */
  producerCounters: number[];

  // Results and history.
  /**
   * Messages that left the queue (the same objects, status set), in finish order, a ring of
   * historyLimit. An array, not a Map: millions of Map inserts and deletes cost more than the
   * occasional linear lookup a record story needs.
   */
  finished: QMessage[];
  statusCounts: Record<RecordStatus, number>;
  recordsPut: number;
  deleted: number;
  invocationCount: number;
  errorCount: number;
  throttleCount: number;
  duplicateCount: number;
  dlqCount: number;
  dlq: DeadLetterEntry[];
  dlqRecent: StageMessage[];
  history: QInvocation[];
  events: SimEvent[];
  nextSeq: number;
  drainedSeq: number;
  applied: ScenarioAction[];
  metrics: MetricsState;
  gmax: GaugeMaxima;
}

/**
 * Stands in, in checkpoint copies (checkpoint.ts), for a finished message in
 * the send order or a spent visibility deadline: there only `place` (GONE) is
 * read, so the copy no longer keeps the message itself alive. Never written.
 */
export const SPENT: QMessage = Object.freeze({
  idx: -1,
  id: '' as RecordId,
  key: '',
  body: null,
  bytes: 0,
  messageId: '',
  sequenceNumber: '',
  dedupId: '',
  sentAt: 0,
  failDeliveries: 0,
  failAs: 'error',
  place: GONE,
  receiveCount: 0,
  firstReceiveAt: null,
  visibleAt: 0,
  deliveries: 0,
  holders: 0,
  invocation: null,
  status: 'succeeded',
});

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
    queue: createEventQueue<QEvent>(),
    nextIdx: 0,
    nextSequence: 0,
    visibleHeap: [],
    visibleCount: 0,
    inFlightCount: 0,
    dueAt: [],
    dueMsgs: [],
    dueReceipts: [],
    dueFirst: [],
    visibilityHead: 0,
    visibilityScheduledAt: null,
    liveCount: 0,
    sendOrder: [],
    sendHead: 0,
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
    running: new Map(),
    nextInvocation: 1,
    failNext: 0,
    idleSeconds: 0,
    second: { invocations: 0, failed: 0, throttles: 0, busyPeak: 0 },
    recordOrder: recordOrder(scenario),
    recordCursor: 0,
    actionCursor: 0,
    producers: [],
    producerGen: 0,
    producerCounters: [],
    finished: [],
    statusCounts: zeroStatus(),
    recordsPut: 0,
    deleted: 0,
    invocationCount: 0,
    errorCount: 0,
    throttleCount: 0,
    duplicateCount: 0,
    dlqCount: 0,
    dlq: [],
    dlqRecent: [],
    history: [],
    events: [],
    nextSeq: 1,
    drainedSeq: 0,
    applied: [],
    metrics: createMetrics(),
    gmax: { visible: 0, notVisible: 0, concurrency: 0, fleet: 0, dlq: 0, groups: 0 },
  };
}

/** Distributes Omit over the SimEvent union so each variant keeps its own fields. */
export type NewEvent = SimEvent extends infer E
  ? E extends SimEvent
    ? Omit<E, 't' | 'seq'>
    : never
  : never;

/** Appends to the event log (a ring of historyLimit when set, trimmed in amortised O(1)). */
export function logEvent(s: QState, e: NewEvent): void {
  // Callers pass a fresh literal: stamping it in place saves a copy on the hot path.
  const stamped = e as { t?: number; seq?: number };
  stamped.t = s.now;
  stamped.seq = s.nextSeq++;
  logStamped(s, stamped as SimEvent);
}

/**
 * logEvent for the hot paths (one event per message or invocation): the caller's
 * literal ends with `t: s.now, seq: s.nextSeq++`, so every field lives in the
 * object itself (adding t and seq afterwards gives each kept event a second,
 * out-of-object property store: ~25% more memory per event).
 */
export function logStamped(s: QState, e: SimEvent): void {
  if (!s.keepEvents) return;
  s.events.push(e);
  trimRing(s.events, s.historyLimit);
}

/** Keeps at most `limit` newest entries, trimming only when twice over so pushes stay O(1). */
export function trimRing<T>(arr: T[], limit: number | null): void {
  if (limit !== null && arr.length >= 2 * limit) arr.splice(0, arr.length - limit);
}

/** Ends a record's life in the queue with a final status (the report keeps it, bounded by historyLimit). */
export function finishRecord(s: QState, m: QMessage, status: RecordStatus): void {
  if (m.place !== GONE) s.liveCount--;
  m.place = GONE;
  m.status = status;
  s.statusCounts[status]++;
  s.finished.push(m);
  trimRing(s.finished, s.historyLimit);
}

/** The oldest message still live (visible or in flight), or undefined; drops GONE ones from the front. */
export function oldestLive(s: QState): QMessage | undefined {
  const order = s.sendOrder;
  while (s.sendHead < order.length && order[s.sendHead]!.place === GONE) s.sendHead++;
  // Drop finished messages once they outnumber live ones (amortised O(1) per message).
  if (order.length - s.sendHead > 2 * s.liveCount + 1024) {
    s.sendOrder = order.filter((m, i) => i >= s.sendHead && m.place !== GONE);
    s.sendHead = 0;
  } else if (s.sendHead > 1024 && s.sendHead * 2 > order.length) {
    // The skipped front is never read again: without this it kept every message ever sent
    // (and a checkpoint copied them all). Nothing from sendHead on changes.
    s.sendOrder = order.slice(s.sendHead);
    s.sendHead = 0;
  }
  return s.sendOrder[s.sendHead];
}

/** A record by id: live ones from the send order, finished ones from the (bounded) ring. */
export function findRecord(s: QState, id: string): QMessage | undefined {
  oldestLive(s);
  for (let i = s.sendHead; i < s.sendOrder.length; i++) {
    const m = s.sendOrder[i]!;
    if (m.id === id && m.place !== GONE) return m;
  }
  for (let i = s.finished.length - 1; i >= 0; i--)
    if (s.finished[i]!.id === id) return s.finished[i];
  return undefined;
}

/** Throws on an impossible variant: the event loop's switch ends here. */
export function assertNever(x: never): never {
  throw new Error(`unexpected queue event ${JSON.stringify(x)}`);
}
