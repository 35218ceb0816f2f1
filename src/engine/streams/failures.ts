/**
 * What happens after an invocation: the rules for success, complete failure,
 * bisecting, partial batch responses, record age, and giving up on a batch.
 * Each rule is a named function over the state; `whenInvocationCompletes`
 * picks one by result. None of them starts an invocation: the loop dispatches
 * the lane again afterwards.
 */
import { destinationKindOf, isFifoDestination } from '../aws';
import { scheduleTyped } from '../typedEvents';
import { count, gauge } from '../metrics';
import { gaugeAt, SM } from './metricSeries';
import type { InvocationResult, OnFailureCondition, RecordId, ShardId, SimEvent } from '../types';
import { givenUpBatch } from './payloads';
import { releaseFlight, releasePiece, takePiece } from './spares';
import {
  SE,
  ST,
  idOf,
  keepsEvents,
  logEvent,
  logInvocationEvent,
  metricSecond,
  nextSeq,
  pushCodedEvent,
  pushEvent,
  retryBackoff,
  seqOf,
  setStatus,
  skipEvent,
  type LaneState,
  type Piece,
  type StreamState,
} from './state';

const ids = (s: StreamState, recs: readonly number[]): RecordId[] => recs.map((i) => idOf(s, i));
/** The empty list a coded event holds in place of each of its lists (never written). */
const NO_IDS: readonly RecordId[] = Object.freeze([]);
const sid = (s: StreamState, shard: number): ShardId => s.shards[shard]!.id as ShardId;

/** Moves the shard's checkpoint past every finished record (the lowest unfinished record across lanes). */
export function advanceCheckpoint(s: StreamState, shard: number): void {
  const sh = s.shards[shard]!;
  const status = s.rec.status;
  while (sh.cpPos < sh.readPos && status[sh.recs[sh.cpPos - sh.recsBase]!] !== ST.pending) {
    sh.cpPos++;
  }
}

function updateBlockedGauge(s: StreamState): void {
  let blocked = 0;
  const shards = s.shards;
  for (let k = 0; k < shards.length; k++) if (shards[k]!.blockedLanes > 0) blocked++;
  gauge(s.metrics, 'BlockedShards', metricSecond(s), blocked);
}

/** A lane's batch failed or was throttled: nothing behind it in that lane advances until it is settled. */
export function markBlocked(
  s: StreamState,
  shard: number,
  laneIndex: number,
  reason: 'functionError' | 'throttled' | 'partialFailure',
  recs: readonly number[],
): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  if (lane.blocked !== null) {
    lane.blocked.reason = reason;
    return;
  }
  lane.blocked = { since: s.now, reason };
  s.shards[shard]!.blockedLanes++;
  updateBlockedGauge(s);
  if (!keepsEvents(s)) skipEvent(s);
  else {
    const e: SimEvent = {
      t: s.now,
      seq: nextSeq(s),
      kind: 'shardBlocked',
      shardId: sid(s, shard),
      slot: laneIndex,
      recordIds: NO_IDS,
    };
    pushCodedEvent(s, e, recs);
  }
}

export function markUnblocked(s: StreamState, shard: number, laneIndex: number): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  if (lane.blocked === null) return;
  lane.blocked = null;
  s.shards[shard]!.blockedLanes--;
  updateBlockedGauge(s);
  pushEvent(s, {
    t: s.now,
    seq: nextSeq(s),
    kind: 'shardUnblocked',
    shardId: sid(s, shard),
    slot: laneIndex,
  });
}

/** Schedules the lane's next attempt after `delay` and logs it. */
export function scheduleRetry(
  s: StreamState,
  shard: number,
  laneIndex: number,
  piece: Piece,
  delay: number,
  reason: 'functionError' | 'throttled' | 'partialFailure',
): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  const at = s.now + delay;
  lane.retryAt = at;
  scheduleTyped(s.queue, at, SE.retry, shard, laneIndex);
  if (!keepsEvents(s)) skipEvent(s);
  else {
    const e: SimEvent = {
      t: s.now,
      seq: nextSeq(s),
      kind: 'retryScheduled',
      shardId: sid(s, shard),
      recordIds: NO_IDS,
      attempt: piece.retries,
      maxAttempts: s.mapping.MaximumRetryAttempts,
      retryAt: at,
      reason,
    };
    pushCodedEvent(s, e, piece.recs);
  }
}

/** The lane finished its current piece: the next piece (or new records) may go. */
function settlePiece(s: StreamState, shard: number, laneIndex: number): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  releasePiece(lane.pieces.shift()!);
  if (lane.pieces.length === 0) {
    lane.failures = 0;
    markUnblocked(s, shard, laneIndex);
    // The next batching window starts when the previous invocation completes.
    lane.windowOpenedAt = s.now;
  }
  advanceCheckpoint(s, shard);
}

/**
 * Gives up on records: with an on-failure destination (kind from the ARN's
 * service) they are sent there as one AWS invocation record; without one they
 * are discarded (DroppedEventCount). A FIFO queue or topic as destination is
 * accepted by AWS but every delivery to it fails (DestinationDeliveryFailures):
 * the records are dropped, and DroppedEventCount includes them (MET). Either
 * way the checkpoint moves past them.
 */
export function giveUpOnBatch(
  s: StreamState,
  shard: number,
  recs: readonly number[],
  condition: OnFailureCondition,
  approximateInvokeCount: number,
  functionErrored: boolean,
): void {
  const live = recs.filter((i) => s.rec.status[i] === ST.pending);
  if (live.length === 0) return;
  const arn = s.mapping.DestinationConfig?.OnFailure.Destination ?? null;
  const kind = arn === null ? null : destinationKindOf(arn);
  if (kind === null || isFifoDestination(arn!)) {
    const recordIds = ids(s, live);
    for (const i of live) setStatus(s, i, ST.discarded);
    count(s.metrics, 'DroppedEventCount', metricSecond(s), live.length);
    if (kind !== null) count(s.metrics, 'DestinationDeliveryFailures', metricSecond(s));
    logEvent(s, s.now, {
      kind: 'discarded',
      shardId: sid(s, shard),
      condition,
      recordIds,
      ...(kind !== null ? { deliveryFailed: kind } : {}),
    });
  } else {
    const entry = givenUpBatch(
      s,
      live,
      shard,
      condition,
      approximateInvokeCount,
      functionErrored,
      kind,
    );
    for (let k = 0; k < live.length; k++) setStatus(s, live[k]!, ST.sent);
    count(s.metrics, 'OnFailureDestinationDeliveredEventCount', metricSecond(s), live.length);
    s.destination.push(entry);
    if (!keepsEvents(s)) skipEvent(s);
    else {
      // Its ids as codes, spelled when read (CodedEvent), as the entry keeps them.
      const e: SimEvent = {
        t: s.now,
        seq: nextSeq(s),
        kind: 'onFailureDestination',
        shardId: sid(s, shard),
        condition,
        destinationKind: kind,
        recordIds: NO_IDS,
      };
      pushCodedEvent(s, e, live);
    }
  }
}

/**
 * MaximumRecordAgeInSeconds: before every invoke (first try or retry), records
 * older than the maximum age are given up without an invocation
 * (RecordAgeExceeded, no responseContext); younger records of the batch go on.
 */
export function discardRecordsOlderThanMaxAge(s: StreamState, shard: number, piece: Piece): void {
  const maxAge = s.mapping.MaximumRecordAgeInSeconds;
  if (maxAge < 0 || piece.recs.length === 0) return;
  const at = s.rec.at;
  if (s.now - at[piece.recs[0]!]! <= maxAge) return; // records are in arrival order
  const old: number[] = [];
  const young: number[] = [];
  for (const i of piece.recs) (s.now - at[i]! > maxAge ? old : young).push(i);
  giveUpOnBatch(s, shard, old, 'RecordAgeExceeded', piece.invokes, false);
  piece.recs = young;
  advanceCheckpoint(s, shard);
}

function closeTumblingWindow(s: StreamState, shard: number, lane: LaneState): void {
  if (lane.tumbling === null) return;
  logEvent(s, s.now, {
    kind: 'windowClosed',
    shardId: s.shards[shard]!.id as ShardId,
    windowStart: lane.tumbling.start,
    windowEnd: lane.tumbling.end,
  });
  lane.tumbling = null;
}

/** Retry the piece after backoff, or give up once MaximumRetryAttempts is used up. */
function retryOrGiveUp(
  s: StreamState,
  shard: number,
  laneIndex: number,
  piece: Piece,
  reason: 'functionError' | 'partialFailure',
): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  const max = s.mapping.MaximumRetryAttempts;
  if (max >= 0 && piece.retries >= max) {
    const errored = piece.lastFailure === 'functionError' || piece.lastFailure === 'timeout';
    giveUpOnBatch(s, shard, piece.recs, 'RetryAttemptsExhausted', piece.invokes, errored);
    if (piece.final) closeTumblingWindow(s, shard, lane);
    settlePiece(s, shard, laneIndex);
    return;
  }
  piece.retries++;
  piece.trigger = reason === 'partialFailure' ? 'partialRetry' : 'retry';
  lane.failures++;
  scheduleRetry(s, shard, laneIndex, piece, retryBackoff(lane.failures), reason);
}

/** A fully successful batch is checkpointed at its highest sequence number; the lane is free. */
export function whenBatchSucceeds(
  s: StreamState,
  shard: number,
  laneIndex: number,
  n: number,
): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  const piece = lane.pieces[0]!;
  const recs = piece.recs;
  for (let k = 0; k < recs.length; k++) setStatus(s, recs[k]!, ST.succeeded);
  // The checkpoint event is rebuilt from the invocation entry (compact log).
  if (piece.recs.length > 0) logInvocationEvent(s, n, 2);
  // Tumbling windows: the function returned state = running count; the final invoke drops it.
  if (piece.window !== null && lane.tumbling !== null) {
    lane.tumbling.count += piece.recs.length;
    if (piece.final) closeTumblingWindow(s, shard, lane);
  }
  settlePiece(s, shard, laneIndex);
}

/** Writes from[start, end) into `to` from 0 and sets its length (no allocation once it has room). */
function fillRecs(to: number[], from: readonly number[], start: number, end: number): void {
  let n = 0;
  for (let k = start; k < end; k++) {
    if (n < to.length) to[n] = from[k]!;
    else to.push(from[k]!);
    n++;
  }
  to.length = n;
}

/**
 * BisectBatchOnFunctionError: split the failing batch in two (first half =
 * ceil(n/2)) and retry the halves in order. Splits do not consume retries;
 * each piece starts its own count.
 */
export function bisectFailedBatch(s: StreamState, shard: number, laneIndex: number): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  const piece = lane.pieces[0]!;
  const recs = piece.recs;
  const half = Math.ceil(recs.length / 2);
  // The halves are spare pieces (spares.ts) whose record arrays are filled in place.
  const left = takePiece('bisect', piece.window, false);
  const right = takePiece('bisect', piece.window, piece.final);
  fillRecs(left.recs, recs, 0, half);
  fillRecs(right.recs, recs, half, recs.length);
  lane.pieces.splice(0, 1, left, right);
  if (!keepsEvents(s)) skipEvent(s);
  else {
    const e: SimEvent = {
      t: s.now,
      seq: nextSeq(s),
      kind: 'bisect',
      shardId: sid(s, shard),
      left: NO_IDS,
      right: NO_IDS,
    };
    pushCodedEvent(s, e, piece.recs, half);
  }
  releasePiece(piece);
}

/**
 * A complete failure (function error, timeout, invalid response) blocks the
 * lane: the whole batch is retried after backoff, bisected first when
 * BisectBatchOnFunctionError is on and the failure was a function error or timeout.
 */
export function whenStreamBatchFails(
  s: StreamState,
  shard: number,
  laneIndex: number,
  result: InvocationResult,
): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  const piece = lane.pieces[0]!;
  piece.lastFailure = result;
  markBlocked(s, shard, laneIndex, 'functionError', piece.recs);
  const bisectable = result === 'functionError' || result === 'timeout';
  if (bisectable && s.mapping.BisectBatchOnFunctionError && piece.recs.length > 1) {
    bisectFailedBatch(s, shard, laneIndex);
    return;
  }
  retryOrGiveUp(s, shard, laneIndex, piece, 'functionError');
}

/**
 * ReportBatchItemFailures: the lowest reported sequence number becomes the
 * checkpoint; records before it succeeded, the rest are retried. If that
 * advanced the checkpoint the retry count starts fresh; otherwise it counts as
 * a retry. (With bisect on this is the split "at the returned sequence number".)
 */
export function applyPartialBatchResponse(
  s: StreamState,
  shard: number,
  laneIndex: number,
  honoured: readonly number[],
): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  const piece = lane.pieces[0]!;
  piece.lastFailure = 'partialFailure';
  let lowest = honoured[0]!;
  for (const i of honoured) if (s.rec.pos[i]! < s.rec.pos[lowest]!) lowest = i;
  const cut = piece.recs.indexOf(lowest);
  markBlocked(s, shard, laneIndex, 'partialFailure', piece.recs.slice(Math.max(0, cut)));
  if (cut > 0) {
    const done = piece.recs.slice(0, cut);
    for (const i of done) setStatus(s, i, ST.succeeded);
    const last = done[done.length - 1]!;
    logEvent(s, s.now, {
      kind: 'checkpoint',
      shardId: sid(s, shard),
      slot: laneIndex,
      sequenceNumber: seqOf(s, last),
      recordId: idOf(s, last),
    });
    if (piece.window !== null && lane.tumbling !== null) lane.tumbling.count += done.length;
    const rest: Piece = {
      recs: piece.recs.slice(cut),
      retries: 0,
      invokes: 0,
      throttles: 0,
      trigger: 'partialRetry',
      lastFailure: 'partialFailure',
      window: piece.window,
      final: piece.final,
    };
    lane.pieces[0] = rest;
    releasePiece(piece);
    advanceCheckpoint(s, shard);
    lane.failures++;
    scheduleRetry(s, shard, laneIndex, rest, retryBackoff(lane.failures), 'partialFailure');
    return;
  }
  retryOrGiveUp(s, shard, laneIndex, piece, 'partialFailure');
}

/** Routes a finished invocation to its rule. */
export function whenInvocationCompletes(s: StreamState, shard: number, laneIndex: number): void {
  const lane = s.shards[shard]!.lanes[laneIndex]!;
  const inv = lane.inFlight!;
  lane.inFlight = null;
  s.inFlightCount--;
  gaugeAt(s.metrics, SM.ConcurrentExecutions, metricSecond(s), s.inFlightCount);
  const piece = lane.pieces[0]!;
  logInvocationEvent(s, inv.n, 1);
  switch (inv.result) {
    case 'success':
      whenBatchSucceeds(s, shard, laneIndex, inv.n);
      break;
    case 'partialFailure':
      // FailedInvokeEventCount includes the items listed in a honoured batchItemFailures.
      count(s.metrics, 'FailedInvokeEventCount', metricSecond(s), inv.honoured.length);
      applyPartialBatchResponse(s, shard, laneIndex, inv.honoured);
      break;
    case 'functionError':
    case 'timeout':
    case 'invalidResponse':
      s.errors++;
      count(s.metrics, 'Errors', metricSecond(s));
      count(s.metrics, 'FailedInvokeEventCount', metricSecond(s), piece.recs.length);
      whenStreamBatchFails(s, shard, laneIndex, inv.result);
      break;
    default: {
      const never: never = inv.result;
      throw new Error(`unexpected result ${String(never)}`);
    }
  }
  releaseFlight(inv);
}
