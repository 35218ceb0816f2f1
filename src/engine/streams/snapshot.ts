/**
 * The stage snapshot: what the UI draws at one instant. Bounded whatever the
 * traffic: per shard a window of records around the checkpoint (up to 40
 * before it, 200 from it) with exact hidden counts, plus lanes, blocking,
 * batching windows and poll times.
 */
import { ACCOUNT_CONCURRENCY, destinationKindOf } from '../aws';
import type {
  OnFailureReportEntry,
  RecordId,
  RecordStatus,
  ShardId,
  StageBlocked,
  StageInvocation,
  StageLane,
  StageRecord,
  StageRecordState,
  StageShard,
  StageSnapshot,
} from '../types';
import { RECORD_STATUSES } from '../types';
import { onFailureEntry } from './payloads';
import {
  ST,
  STATUS_NAMES,
  idOf,
  seqOf,
  type GivenUpBatch,
  type LaneState,
  type StreamState,
} from './state';

/**
 * The report entries of the last deliveries the stage shows, each rebuilt
 * once (the stage asks for a snapshot every frame; an entry never changes).
 * A pure cache: an entry is a function of its batch and the run's fixed
 * scenario, and goes with its batch.
 */
const RECENT_ENTRIES = new WeakMap<GivenUpBatch, OnFailureReportEntry>();

function recentEntry(s: StreamState, d: GivenUpBatch): OnFailureReportEntry {
  let entry = RECENT_ENTRIES.get(d);
  if (entry === undefined) {
    entry = onFailureEntry(s, d);
    RECENT_ENTRIES.set(d, entry);
  }
  return entry;
}

/** Records shown before the checkpoint and from it on. */
export const SNAPSHOT_BEFORE = 40;
export const SNAPSHOT_AFTER = 200;
/** Longest id/key list in one lane or invocation of the snapshot. */
const LIST_CAP = 50;

const FINAL_STATE: Partial<Record<number, StageRecordState>> = {
  [ST.succeeded]: 'processed',
  [ST.sent]: 'sentToOnFailureDestination',
  [ST.discarded]: 'discarded',
  [ST.filtered]: 'filtered',
  [ST.skipped]: 'skipped',
  [ST.expired]: 'discarded',
};

const ids = (s: StreamState, recs: readonly number[]): RecordId[] =>
  recs.slice(0, LIST_CAP).map((i) => idOf(s, i));

function laneBlocked(s: StreamState, lane: LaneState): StageBlocked | null {
  const piece = lane.pieces[0];
  if (lane.blocked === null || piece === undefined) return null;
  const first = piece.recs[0];
  return {
    since: lane.blocked.since,
    recordIds: ids(s, piece.recs),
    reason: lane.blocked.reason,
    retries: piece.retries,
    maxRetries: s.mapping.MaximumRetryAttempts,
    retryAt: lane.retryAt,
    oldestRecordAgeSeconds: first === undefined ? 0 : Math.max(0, s.now - s.rec.at[first]!),
    maxRecordAgeSeconds: s.mapping.MaximumRecordAgeInSeconds,
  };
}

function shardSnapshot(s: StreamState, index: number, invocations: StageInvocation[]): StageShard {
  const sh = s.shards[index]!;
  const lo = Math.max(sh.head, sh.cpPos - SNAPSHOT_BEFORE);
  const hi = Math.min(sh.size, sh.cpPos + SNAPSHOT_AFTER);
  const busy: Record<number, StageRecordState> = {};
  const lanes: StageLane[] = sh.lanes.map((lane, slot) => {
    lane.pieces.forEach((piece, p) => {
      const state: StageRecordState = p === 0 && lane.inFlight !== null ? 'inFlight' : 'retrying';
      for (const i of piece.recs) {
        const pos = s.rec.pos[i]!;
        if (pos >= lo && pos < hi) busy[i] = state;
      }
    });
    const piece = lane.pieces[0];
    if (lane.inFlight !== null && piece !== undefined) {
      invocations.push({
        n: lane.inFlight.n,
        start: lane.inFlight.start,
        end: lane.inFlight.end,
        timeoutAt: lane.inFlight.timeoutAt,
        shardId: sh.id as ShardId,
        slot,
        recordIds: ids(s, piece.recs),
        recordCount: piece.recs.length,
        attempt: piece.retries,
        trigger: piece.trigger,
      });
    }
    const keys: string[] = [];
    if (lane.inFlight !== null && piece !== undefined) {
      for (const i of piece.recs) {
        const k = s.keys.names[s.rec.key[i]!]!;
        if (!keys.includes(k)) keys.push(k);
        if (keys.length >= LIST_CAP) break;
      }
    }
    const w = s.mapping.MaximumBatchingWindowInSeconds;
    const gathering = lane.inFlight === null && lane.pieces.length === 0 && w > 0;
    return {
      slot,
      keysInFlight: keys,
      invocation: lane.inFlight?.n ?? null,
      blocked: laneBlocked(s, lane),
      window: gathering
        ? {
            openedAt: lane.windowOpenedAt,
            closesAt: lane.windowOpenedAt + w,
            gathered: lane.end - lane.head,
            batchSize: s.mapping.BatchSize,
          }
        : null,
    };
  });
  const records: StageRecord[] = [];
  for (let pos = lo; pos < hi; pos++) {
    const i = sh.recs[pos - sh.recsBase]!;
    const code = s.rec.status[i]!;
    const state: StageRecordState =
      code !== ST.pending
        ? (FINAL_STATE[code] ?? 'processed')
        : (busy[i] ?? (pos < sh.readPos ? 'gathered' : 'waiting'));
    records.push({
      id: idOf(s, i),
      key: s.keys.names[s.rec.key[i]!]!,
      sequenceNumber: seqOf(s, i),
      arrival: s.rec.at[i]!,
      state,
      deliveries: s.rec.deliveries[i]!,
      poison: s.rec.fail[i] === -1,
    });
  }
  let buffered = 0;
  for (const lane of sh.lanes) buffered += lane.end - lane.head;
  const oldest = sh.cpPos < sh.size ? sh.recs[sh.cpPos - sh.recsBase] : undefined;
  return {
    shardId: sh.id as ShardId,
    records,
    totalRecords: sh.size - sh.head,
    hiddenBefore: lo - sh.head,
    hiddenAfter: sh.size - hi,
    trimmed: sh.head,
    checkpoint: sh.cpPos > 0 ? seqOf(s, sh.recs[sh.cpPos - 1 - sh.recsBase]!) : null,
    waiting: sh.size - sh.readPos + buffered,
    lanes,
    lastPollAt: sh.lastPollAt,
    nextPollAt: sh.pollAt,
    iteratorAgeSeconds: oldest === undefined ? 0 : Math.max(0, s.now - s.rec.at[oldest]!),
  };
}

/** The stage at now(). */
export function buildSnapshot(s: StreamState, ended: boolean): StageSnapshot {
  const invocations: StageInvocation[] = [];
  const shards = s.shards.map((_, i) => shardSnapshot(s, i, invocations));
  const byStatus = {} as Record<RecordStatus, number>;
  for (const name of RECORD_STATUSES) byStatus[name] = 0;
  STATUS_NAMES.forEach((name, code) => (byStatus[name] = s.byStatus[code] ?? 0));
  const lanesCap = s.shards.reduce((sum, sh) => sum + sh.lanes.length, 0);
  const reserved = s.fn.ReservedConcurrentExecutions;
  const fnCap = reserved ?? ACCOUNT_CONCURRENCY;
  const cap = Math.min(lanesCap, fnCap);
  const capReason =
    cap === lanesCap
      ? `${s.shards.length} shard(s) × ParallelizationFactor ${s.mapping.ParallelizationFactor}`
      : reserved !== null
        ? `ReservedConcurrentExecutions ${reserved}`
        : `account concurrency ${ACCOUNT_CONCURRENCY}`;
  const arn = s.mapping.DestinationConfig?.OnFailure.Destination ?? null;
  return {
    t: s.now,
    ended,
    sourceType: s.source.type,
    source: s.source,
    mapping: s.mapping,
    function: s.fn,
    invocations,
    concurrency: { current: s.inFlightCount, cap, capReason },
    totals: {
      recordsPut: s.rec.dropped + s.rec.n,
      byStatus,
      invocations: s.invCount,
      errors: s.errors,
      throttles: s.throttles,
      duplicates: 0,
    },
    shards,
    queue: null,
    destination: {
      kind: arn === null ? null : destinationKindOf(arn),
      delivered: s.destination.length,
      recent: s.destination.slice(-10).map((d) => recentEntry(s, d)),
    },
  };
}
