/**
 * Reading shards and sending batches: one poller per shard (`pollShard`),
 * retention (`trimByRetention`), the batching decision per lane
 * (`dispatchLane`: batch full, window elapsed or payload full), throttling
 * (`throttleInvocation`) and the invoke itself (`invokeFunction`).
 */
import { ACCOUNT_CONCURRENCY, MAX_PAYLOAD_BYTES } from '../aws';
import { scheduleTyped } from '../typedEvents';
import { matchesFilter } from '../filter';
import {
  evaluateInvocationInto,
  type BatchItem,
  type InvocationInput,
  type MutableInvocationOutcome,
} from '../function';
import { count } from '../metrics';
import { countAt, gaugeAt, maxAt, maxPerShardAt, SM } from './metricSeries';
import type { BatchTrigger, InvocationResult, RecordId, ShardId } from '../types';
import {
  advanceCheckpoint,
  discardRecordsOlderThanMaxAge,
  markBlocked,
  markUnblocked,
  scheduleRetry,
} from './failures';
import { pushInvocation, type InvocationEntry, type TumblingFields } from './invocationLog';
import {
  filterableRecord,
  generatedDataBytesBound,
  generatedRecordBytesBound,
  recordBytes,
  recordDataBytes,
} from './payloads';
import { releasePiece, takeFlight, takePiece } from './spares';
import {
  FLAG_BODY,
  FLAG_TIMEOUT,
  POLL_CADENCE,
  SE,
  ST,
  arrivalAtPosition,
  idOf,
  laneBufferPush,
  TUMBLING_IDLE_CLOSE_SECONDS,
  clampFactor,
  createLane,
  logEvent,
  logInvocationEvent,
  metricSecond,
  nextSeq,
  pushEvent,
  retryBackoff,
  setStatus,
  type LaneState,
  type Piece,
  type ShardState,
  type StreamState,
  type TumblingWindow,
} from './state';

const cadence = (s: StreamState) =>
  POLL_CADENCE[s.source.type === 'dynamodb' ? 'dynamodb' : 'kinesis'];
const bufLength = (lane: LaneState): number => lane.end - lane.head;

/** A lane wants records: nothing in flight or retrying, and less than a batch gathered. */
export const laneHungry = (s: StreamState, lane: LaneState): boolean =>
  lane.inFlight === null &&
  lane.pieces.length === 0 &&
  bufLength(lane) < Math.max(1, s.mapping.BatchSize);

/** Some lane of the shard wants records (a plain loop: this runs after every invocation). */
export function anyLaneHungry(s: StreamState, sh: ShardState): boolean {
  const lanes = sh.lanes;
  for (let l = 0; l < lanes.length; l++) if (laneHungry(s, lanes[l]!)) return true;
  return false;
}

/** Asks for a poll of the shard at time `at` (or now), keeping the earliest request. */
export function requestPoll(s: StreamState, shard: number, at: number): void {
  const sh = s.shards[shard]!;
  const t = Math.max(at, s.now);
  if (sh.pollAt !== null && sh.pollAt <= t) return;
  sh.pollAt = t;
  scheduleTyped(s.queue, t, SE.poll, shard);
}

/**
 * Poll cadence: back to back while records wait unread (as soon as a lane is
 * free, at most at the per-shard call limit), otherwise one interval after the last poll.
 */
export function nextPollTime(s: StreamState, sh: ShardState): number {
  const c = cadence(s);
  const last = sh.lastPollAt ?? -Infinity;
  const waiting = sh.readPos < sh.size;
  return Math.max(s.now, last + (waiting ? c.minSpacing : c.idleInterval));
}

/** Retention trims the oldest records; one trimmed before it was processed is `expired`. */
export function trimByRetention(s: StreamState, shard: number): void {
  const sh = s.shards[shard]!;
  const cutoff = s.now - s.source.RetentionPeriodHours * 3600;
  if (sh.head >= sh.size || arrivalAtPosition(s, sh, sh.head) >= cutoff) return;
  const expired: RecordId[] = [];
  while (sh.head < sh.size && arrivalAtPosition(s, sh, sh.head) < cutoff) {
    // A forgotten position (compaction.ts) held a settled record: nothing to expire.
    if (sh.head >= sh.recsBase) {
      const i = sh.recs[sh.head - sh.recsBase]!;
      if (setStatus(s, i, ST.expired)) expired.push(idOf(s, i));
    }
    sh.head++;
  }
  if (sh.readPos < sh.head) sh.readPos = sh.head;
  if (expired.length > 0) logEvent(s, s.now, { kind: 'expired', recordIds: expired });
  advanceCheckpoint(s, shard);
}

/** The first arrival time a StartingPosition reads (LATEST: t = 0; AT_TIMESTAMP: the timestamp). */
function startingArrival(s: StreamState): number {
  const m = s.mapping;
  if (m.StartingPosition === 'LATEST') return 0;
  if (m.StartingPosition === 'AT_TIMESTAMP') return m.StartingPositionTimestamp ?? 0;
  return -Infinity;
}

/** Records a GetRecords polled before it counted bytes (scratch, never part of a state). */
const POLLED = { array: new Int32Array(0) };

function scratchPolled(n: number): Int32Array {
  if (POLLED.array.length < n) POLLED.array = new Int32Array(n);
  return POLLED.array;
}

/** One GetRecords: reads up to the per-call limits (records, bytes) into lanes (key hash mod factor). */
function readRecords(s: StreamState, shard: number): number {
  const sh = s.shards[shard]!;
  const rec = s.rec;
  const limit = cadence(s).maxRecords;
  const maxBytes = cadence(s).maxBytes;
  let bytes = 0;
  // As in gatherBatch: no byte count while generated records up to the call's record limit
  // cannot reach its byte limit; exact from the first record with a body of its own (the
  // records polled before it are noted in a scratch list, and summed then).
  let counting = limit * generatedDataBytesBound(s) > maxBytes;
  const uncounted = counting ? POLLED.array : scratchPolled(limit);
  const start = startingArrival(s);
  const factor = sh.lanes.length;
  const filter = s.mapping.FilterCriteria;
  const filtered: RecordId[] = [];
  let polled = 0;
  while (sh.readPos < sh.size && polled < limit) {
    const i = sh.recs[sh.readPos - sh.recsBase]!;
    sh.readPos++;
    if (rec.status[i] !== ST.pending) continue;
    const at = rec.at[i]!;
    // StartingPosition: LATEST and AT_TIMESTAMP never read records that arrived before their start.
    if (at < start) {
      setStatus(s, i, ST.skipped);
      continue;
    }
    // GetRecords returns at most maxBytes of data (always at least one record).
    if (!counting) {
      if ((rec.flags[i]! & FLAG_BODY) === 0) uncounted[polled] = i;
      else {
        counting = true;
        for (let k = 0; k < polled; k++) bytes += recordDataBytes(s, uncounted[k]!);
      }
    }
    if (counting) {
      const size = recordDataBytes(s, i);
      if (polled > 0 && bytes + size > maxBytes) {
        sh.readPos--;
        break;
      }
      bytes += size;
    }
    polled++;
    if (at > sh.arrivalClock) sh.arrivalClock = at;
    // FilterCriteria: a record that matches no filter is dropped and the iterator moves past it.
    if (filter !== null && !matchesFilter(filter, filterableRecord(s, i))) {
      setStatus(s, i, ST.filtered);
      filtered.push(idOf(s, i));
      continue;
    }
    laneBufferPush(sh.lanes[factor === 1 ? 0 : s.keys.hash[rec.key[i]!]! % factor]!, i);
  }
  if (filtered.length > 0) {
    count(s.metrics, 'FilteredOutEventCount', metricSecond(s), filtered.length);
    logEvent(s, s.now, { kind: 'filtered', recordIds: filtered });
  }
  return polled;
}

/** The shard's poller: trim, read if a lane wants records, dispatch, schedule the next poll. */
export function pollShard(s: StreamState, shard: number): void {
  const sh = s.shards[shard]!;
  sh.pollAt = null;
  trimByRetention(s, shard);
  if (!s.mapping.Enabled) return; // re-armed when the mapping is enabled again
  const getRecords = anyLaneHungry(s, sh);
  if (getRecords) {
    const polled = readRecords(s, shard);
    sh.lastPollAt = s.now;
    countAt(s.metrics, SM.PolledEventCount, metricSecond(s), polled);
    // Empty polls are logged only when the previous one was not empty (no flood of idle polls).
    if (polled > 0 || !sh.lastPollEmpty) {
      // Built whole (one object, no spread copy): a poll is the most frequent event.
      pushEvent(s, { t: s.now, seq: nextSeq(s), kind: 'poll', shardId: sh.id as ShardId, polled });
    }
    sh.lastPollEmpty = polled === 0;
    advanceCheckpoint(s, shard);
  }
  dispatchShard(s, shard);
  // Without a GetRecords (no lane wanted records) wait an interval; a lane that
  // frees up asks for an earlier poll itself.
  requestPoll(s, shard, getRecords ? nextPollTime(s, sh) : s.now + cadence(s).idleInterval);
}

/**
 * Tries to send a batch on every lane of the shard. It runs after every
 * invocation, when most lanes are busy or have nothing: a lane dispatchLane
 * would leave at once (a batch in flight or a retry pending; or no piece, no
 * record waiting and no tumbling window) is passed over without the call.
 */
export function dispatchShard(s: StreamState, shard: number): void {
  const sh = s.shards[shard]!;
  if (sh.repartition) repartitionWhenIdle(s, shard);
  for (let l = 0; l < sh.lanes.length; l++) {
    const lane = sh.lanes[l]!;
    if (lane.inFlight !== null || lane.retryAt !== null) continue;
    if (lane.pieces.length === 0 && lane.head === lane.end && lane.tumbling === null) continue;
    dispatchLane(s, shard, l);
  }
}

/**
 * A live ParallelizationFactor change re-spreads keys over lanes once no lane
 * has a batch in flight or retrying, so one key is never in two concurrent batches.
 */
function repartitionWhenIdle(s: StreamState, shard: number): void {
  const sh = s.shards[shard]!;
  if (sh.lanes.some((l) => l.inFlight !== null || l.pieces.length > 0)) return;
  const buffered: number[] = [];
  for (const l of sh.lanes) for (let j = l.head; j < l.end; j++) buffered.push(l.buf[j]!);
  buffered.sort((a, b) => s.rec.pos[a]! - s.rec.pos[b]!);
  const factor = clampFactor(s.mapping.ParallelizationFactor);
  sh.lanes = Array.from({ length: factor }, () => createLane(s.now));
  for (const i of buffered) laneBufferPush(sh.lanes[s.keys.hash[s.rec.key[i]!]! % factor]!, i);
  sh.repartition = false;
}

const windowOf = (at: number, size: number): TumblingWindow => {
  const start = Math.floor(at / size) * size;
  return { start, end: start + size };
};

/** Tumbling windows: a window is over once the shard's arrival clock passes its end, or 2 min after it ends. */
function windowOver(s: StreamState, sh: ShardState, w: TumblingWindow): boolean {
  return sh.arrivalClock >= w.end || s.now >= w.end + TUMBLING_IDLE_CLOSE_SECONDS;
}

function setLaneTimer(s: StreamState, shard: number, laneIndex: number, at: number): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  if (lane.timerAt !== null && lane.timerAt <= at && lane.timerAt >= s.now) return;
  lane.timerAt = at;
  scheduleTyped(s.queue, at, SE.timer, shard, laneIndex);
}

/**
 * The batching decision for one lane. A lane with a piece retries it (in
 * order, nothing behind it advances); otherwise it invokes when the batch is
 * full, the payload would pass 6 MB, or MaximumBatchingWindowInSeconds has
 * elapsed since its previous invocation completed (window 0: at once, with
 * what the poll read, up to BatchSize: AWS accepts any stream BatchSize with
 * a 0 s window).
 */
export function dispatchLane(s: StreamState, shard: number, laneIndex: number): void {
  const sh = s.shards[shard]!;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const lane = sh.lanes[laneIndex];
    if (lane === undefined || lane.inFlight !== null || lane.retryAt !== null) return;
    if (!s.mapping.Enabled) return;
    if (lane.pieces.length > 0) {
      if (sendPiece(s, shard, laneIndex)) return;
      continue;
    }
    if (sh.repartition) return;
    const status = s.rec.status;
    while (lane.head < lane.end && status[lane.buf[lane.head]!] !== ST.pending) lane.head++;
    const tw = s.mapping.TumblingWindowInSeconds;
    const size = Number.isFinite(tw) && tw > 0 ? tw : 0;
    const first = lane.head < lane.end ? lane.buf[lane.head]! : undefined;
    const firstWindow = size > 0 && first !== undefined ? windowOf(s.rec.at[first]!, size) : null;
    if (size > 0 && lane.tumbling !== null && firstWindow?.start !== lane.tumbling.start) {
      // Every record of the open window has been processed: finish it with a final invoke once over.
      if (windowOver(s, sh, lane.tumbling)) {
        const { start, end } = lane.tumbling;
        const piece = takePiece('windowEnd', { start, end }, true);
        piece.recs.length = 0;
        lane.pieces.push(piece);
        continue;
      }
      setLaneTimer(s, shard, laneIndex, lane.tumbling.end + TUMBLING_IDLE_CLOSE_SECONDS);
      return;
    }
    if (first === undefined) return;
    const piece = takePiece('polled', firstWindow, false);
    const batch = gatherBatch(s, lane, firstWindow, piece.recs);
    let trigger: BatchTrigger;
    if (batch.full) trigger = 'batchFull';
    else if (batch.payloadFull) trigger = 'payloadFull';
    else if (s.now >= lane.windowOpenedAt + s.mapping.MaximumBatchingWindowInSeconds) {
      // Window 0 (the stream default): the poll's records go at once, up to BatchSize.
      trigger = s.mapping.MaximumBatchingWindowInSeconds > 0 ? 'windowElapsed' : 'polled';
    } else {
      releasePiece(piece);
      setLaneTimer(
        s,
        shard,
        laneIndex,
        lane.windowOpenedAt + s.mapping.MaximumBatchingWindowInSeconds,
      );
      return;
    }
    lane.head += batch.taken;
    let final = false;
    if (firstWindow !== null) {
      if (lane.tumbling === null || lane.tumbling.start !== firstWindow.start) {
        lane.tumbling = { ...firstWindow, count: 0 };
      }
      const next = lane.head < lane.end ? lane.buf[lane.head]! : undefined;
      const moreInWindow = next !== undefined && s.rec.at[next]! < firstWindow.end;
      final = !moreInWindow && windowOver(s, sh, firstWindow);
    }
    piece.trigger = trigger;
    piece.final = final;
    lane.pieces.push(piece);
    if (sendPiece(s, shard, laneIndex)) return;
  }
}

/**
 * Takes records from the lane's buffer up to BatchSize, 6 MB, and one
 * tumbling window, written into `recs` (from 0; its length is set).
 */
function gatherBatch(
  s: StreamState,
  lane: LaneState,
  window: TumblingWindow | null,
  recs: number[],
): Gathered {
  const batchSize = Math.max(1, s.mapping.BatchSize);
  const status = s.rec.status;
  const flags = s.rec.flags;
  const buf = lane.buf;
  // Bytes are counted only when a batch could fill the payload: never while every record so far
  // is generated and BatchSize of them cannot reach 6 MB; from the first record with a body of
  // its own on, exactly (the records before it summed then).
  let counting = batchSize * generatedRecordBytesBound(s) > MAX_PAYLOAD_BYTES;
  let bytes = 0;
  let count = 0;
  let j = lane.head;
  let payloadFull = false;
  for (; j < lane.end && count < batchSize; j++) {
    const i = buf[j]!;
    if (status[i] !== ST.pending) continue;
    // A batch never spans two tumbling windows.
    if (window !== null && s.rec.at[i]! >= window.end) break;
    if (!counting && (flags[i]! & FLAG_BODY) !== 0) {
      counting = true;
      bytes = bytesOf(s, recs, count);
    }
    if (counting) {
      const b = recordBytes(s, i);
      if (bytes + b > MAX_PAYLOAD_BYTES && count > 0) {
        payloadFull = true;
        break;
      }
      bytes += b;
    }
    // Written in place (a reused array keeps its room: no allocation per batch).
    if (count < recs.length) recs[count] = i;
    else recs.push(i);
    count++;
  }
  // Setting an array's length is a runtime call even when it does not change.
  if (recs.length !== count) recs.length = count;
  const out = GATHERED;
  out.taken = j - lane.head;
  out.full = count >= batchSize;
  out.payloadFull = payloadFull;
  return out;
}

/** recordBytes summed over recs[0..count). */
function bytesOf(s: StreamState, recs: readonly number[], count: number): number {
  let bytes = 0;
  for (let k = 0; k < count; k++) bytes += recordBytes(s, recs[k]!);
  return bytes;
}

/** What gatherBatch found (one object, reused: read it before gathering again). */
interface Gathered {
  taken: number;
  full: boolean;
  payloadFull: boolean;
}
const GATHERED: Gathered = { taken: 0, full: false, payloadFull: false };

/**
 * Sends the lane's first piece: drops records retention removed, gives up
 * records past MaximumRecordAgeInSeconds, then throttles or invokes.
 * Returns false when nothing was left to send (the lane may go on).
 */
function sendPiece(s: StreamState, shard: number, laneIndex: number): boolean {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  const piece = lane.pieces[0]!;
  const status = s.rec.status;
  const recs = piece.recs;
  for (let k = 0; k < recs.length; k++) {
    if (status[recs[k]!] !== ST.pending) {
      piece.recs = recs.filter((i) => status[i] === ST.pending);
      break;
    }
  }
  discardRecordsOlderThanMaxAge(s, shard, piece);
  if (piece.recs.length === 0 && !piece.final) {
    releasePiece(lane.pieces.shift()!);
    if (lane.pieces.length === 0) {
      lane.failures = 0;
      lane.windowOpenedAt = s.now;
      markUnblocked(s, shard, laneIndex);
    }
    advanceCheckpoint(s, shard);
    return false;
  }
  const cap = s.fn.ReservedConcurrentExecutions ?? ACCOUNT_CONCURRENCY;
  if (s.inFlightCount >= cap) throttleInvocation(s, shard, laneIndex, piece);
  else invokeFunction(s, shard, laneIndex, piece);
  return true;
}

/**
 * No concurrency left (ReservedConcurrentExecutions, or the account's 1,000):
 * the invoke is throttled (429). It is recorded but not delivered, and the
 * same batch is retried after backoff; throttles never consume MaximumRetryAttempts.
 */
export function throttleInvocation(
  s: StreamState,
  shard: number,
  laneIndex: number,
  piece: Piece,
): void {
  const n = ++s.invCount;
  logInvocation(s, n, s.now, shard, laneIndex, piece, 'throttled', NO_RECORDS, null);
  s.throttles++;
  count(s.metrics, 'Throttles', metricSecond(s));
  logInvocationEvent(s, n, 0);
  logInvocationEvent(s, n, 1);
  piece.throttles++;
  markBlocked(s, shard, laneIndex, 'throttled', piece.recs);
  scheduleRetry(s, shard, laneIndex, piece, retryBackoff(piece.throttles), 'throttled');
}

/** A shared empty list of record indices (never mutated) so most invocations allocate none. */
const NO_RECORDS: number[] = [];

/**
 * The entry handed to pushInvocation, reused (the log copies its fields into
 * columns and keeps none of the object): no object per invocation.
 */
const ENTRY: InvocationEntry = {
  n: 0,
  start: 0,
  end: 0,
  shard: 0,
  lane: 0,
  recs: NO_RECORDS,
  result: 'success',
  reported: NO_RECORDS,
  trigger: 'polled',
  attempt: 0,
  tumbling: null,
};

/** Appends invocation n to the history through the reused ENTRY. */
function logInvocation(
  s: StreamState,
  n: number,
  end: number,
  shard: number,
  laneIndex: number,
  piece: Piece,
  result: InvocationResult,
  reported: readonly number[],
  tumbling: TumblingFields | null,
): void {
  const e = ENTRY;
  e.n = n;
  e.start = s.now;
  e.end = end;
  e.shard = shard;
  e.lane = laneIndex;
  e.recs = piece.recs;
  e.result = result;
  e.reported = reported;
  e.trigger = piece.trigger;
  e.attempt = piece.retries;
  e.tumbling = tumbling;
  pushInvocation(s.invocations, e);
  e.recs = NO_RECORDS;
  e.reported = NO_RECORDS;
  e.tumbling = null;
}

/** Stands in for every record that succeeds on this delivery (see invokeFunction). */
const CLEAN_ITEM: BatchItem = {
  id: '' as RecordId,
  itemIdentifier: '',
  failDeliveries: 0,
  failAs: 'error',
  deliveryNumber: 1,
};

/** Arrays of CLEAN_ITEM by length (never written). */
const CLEAN_BATCHES: BatchItem[][] = [];
const NO_ITEMS: BatchItem[] = [];
/** The function's outcome, reused (read before the next invocation). */
const OUTCOME: MutableInvocationOutcome = {
  result: 'success',
  duration: 0,
  reportedFailures: [],
  reportedIdentifiers: [],
  functionError: null,
};
/** The function's input, reused (invocations never nest). */
const INPUT: { -readonly [K in keyof InvocationInput]: InvocationInput[K] } = {
  fn: null as unknown as InvocationInput['fn'],
  reportBatchItemFailures: false,
  fifo: false,
  items: NO_ITEMS,
  forcedError: false,
};

/**
 * The function's view of a batch. A record that cannot fail on this delivery
 * is never listed or inspected by the function model (streams are not FIFO),
 * so one shared clean item stands in for it; a batch with none that can fail
 * is a shared array.
 */
function batchItems(s: StreamState, recs: readonly number[]): BatchItem[] {
  const rec = s.rec;
  let failing = -1;
  for (let k = 0; k < recs.length; k++) {
    const i = recs[k]!;
    const fail = rec.fail[i]!;
    if (fail === -1 || rec.deliveries[i]! + 1 <= fail) {
      failing = k;
      break;
    }
  }
  if (failing < 0) {
    let items = CLEAN_BATCHES[recs.length];
    if (items === undefined) {
      items = new Array<BatchItem>(recs.length).fill(CLEAN_ITEM);
      if (recs.length <= 10_000) CLEAN_BATCHES[recs.length] = items;
    }
    return items;
  }
  // One array reused (the function reads it during the call only), written in place. With
  // failureMode 'throw' the code lists no record (function.ts), so its items need no names.
  const named = s.fn.failureMode !== 'throw';
  const items = FAILING_BATCH;
  for (let k = 0; k < recs.length; k++) {
    const i = recs[k]!;
    const fail = rec.fail[i]!;
    const delivery = rec.deliveries[i]! + 1;
    const item: BatchItem =
      k < failing || (fail !== -1 && delivery > fail)
        ? CLEAN_ITEM
        : {
            id: named ? idOf(s, i) : NO_NAME,
            // The code would list sequence numbers; the record index identifies the same item.
            itemIdentifier: named ? String(i) : '',
            failDeliveries: fail,
            failAs: (rec.flags[i]! & FLAG_TIMEOUT) !== 0 ? 'timeout' : 'error',
            deliveryNumber: delivery,
          };
    if (k < items.length) items[k] = item;
    else items.push(item);
  }
  items.length = recs.length;
  return items;
}

/** The id of an item no code lists (failureMode 'throw', see batchItems). */
const NO_NAME = '' as RecordId;

/** The items of a batch with a record that can fail (see batchItems), reused. */
const FAILING_BATCH: BatchItem[] = [];

/** The last FunctionResponseTypes list asked about and its answer (a pure cache: lists are never written). */
const RESPONSE_TYPES = { list: null as readonly string[] | null, reports: false };

/**
 * Whether the mapping's FunctionResponseTypes holds ReportBatchItemFailures,
 * looked up once per list (a live edit brings a new mapping object and list)
 * instead of an `includes` per invocation.
 */
function reportsItemFailures(types: readonly string[]): boolean {
  const c = RESPONSE_TYPES;
  if (c.list !== types) {
    c.list = types;
    c.reports = types.includes('ReportBatchItemFailures');
  }
  return c.reports;
}

/** Runs the simulated function on the piece (function.ts decides the outcome) and schedules its end. */
export function invokeFunction(
  s: StreamState,
  shard: number,
  laneIndex: number,
  piece: Piece,
): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  const rec = s.rec;
  const n = ++s.invCount;
  const forced = s.forcedFailures > 0;
  if (forced) s.forcedFailures--;
  const input = INPUT;
  input.fn = s.fn;
  input.reportBatchItemFailures = reportsItemFailures(s.mapping.FunctionResponseTypes);
  input.items = batchItems(s, piece.recs);
  input.forcedError = forced;
  const outcome = OUTCOME;
  evaluateInvocationInto(input, s.rng, outcome);
  input.items = NO_ITEMS;
  const recs = piece.recs;
  for (let k = 0; k < recs.length; k++) rec.deliveries[recs[k]!]!++;
  const honoured =
    outcome.reportedIdentifiers.length === 0 ? NO_RECORDS : outcome.reportedIdentifiers.map(Number);
  let reported = honoured;
  if (outcome.result !== 'partialFailure' && outcome.reportedFailures.length > 0) {
    const listed = new Set<string>(outcome.reportedFailures);
    reported = piece.recs.filter((i) => listed.has(idOf(s, i)));
  }
  const end = s.now + outcome.duration;
  const flight = takeFlight();
  flight.n = n;
  flight.start = s.now;
  flight.end = end;
  flight.timeoutAt = s.now + s.fn.Timeout;
  flight.result = outcome.result;
  flight.reported = reported;
  flight.honoured = outcome.result === 'partialFailure' ? honoured : NO_RECORDS;
  lane.inFlight = flight;
  piece.invokes++;
  s.inFlightCount++;
  const tumbling =
    piece.window !== null
      ? {
          start: piece.window.start,
          end: piece.window.end,
          state: { count: lane.tumbling?.count ?? 0 },
          final: piece.final,
        }
      : null;
  logInvocation(s, n, end, shard, laneIndex, piece, outcome.result, reported, tumbling);
  const m = s.metrics;
  const second = metricSecond(s);
  countAt(m, SM.Invocations, second);
  countAt(m, SM.InvokedEventCount, second, piece.recs.length);
  gaugeAt(m, SM.ConcurrentExecutions, second, s.inFlightCount);
  maxAt(m, SM.Duration, second, Math.round(outcome.duration * 1000));
  const last = piece.recs[piece.recs.length - 1];
  if (last !== undefined) {
    // IteratorAge: age of the last record in the batch when it is sent, in ms.
    const age = Math.max(0, Math.round((s.now - rec.at[last]!) * 1000));
    maxAt(m, SM.IteratorAge, second, age);
    maxPerShardAt(m, shard, s.shards[shard]!.id, second, age);
  }
  logInvocationEvent(s, n, 0);
  scheduleTyped(s.queue, end, SE.complete, shard, laneIndex);
}
