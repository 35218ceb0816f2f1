/**
 * The frame message on the wire. A stream shard's window of records (up to
 * 240 `StageRecord`s a shard) travels as columns instead of objects: a
 * structured clone writes every object's property names again, and each
 * Kinesis sequence number is 56 digits. At 8 shards × factor 10 and 1,000
 * records/s (the stage bench) the snapshot was 213 KB a frame, ~1 ms to write
 * in the worker and more to read on the page, every animation frame. Packed,
 * keys are listed once per shard, states are one byte each and sequence
 * numbers are sent as the window's common prefix and the rest of each.
 *
 * Lossless: `unpackFromHost(packFromHost(m))` equals `m` (wire.test.ts), with
 * records rebuilt in the engine's key order. Every other message, and a frame
 * of a queue (no shards), goes as it is.
 */
import type { RecordId, StageRecord, StageRecordState, StageShard } from '../engine/types';
import type { FrameMessage, FromHost } from './protocol';

/** A state's code on the wire; the record checks that every state has one. */
const STATE_CODE: Readonly<Record<StageRecordState, number>> = {
  waiting: 0,
  gathered: 1,
  inFlight: 2,
  retrying: 3,
  processed: 4,
  sentToOnFailureDestination: 5,
  discarded: 6,
  filtered: 7,
  skipped: 8,
};
const STATES = Object.keys(STATE_CODE) as StageRecordState[];

/** A shard's records as columns (index k is record k of the window). */
export interface PackedRecords {
  readonly ids: readonly RecordId[];
  /** The window's distinct partition keys; `key` indexes them. */
  readonly keys: readonly string[];
  readonly key: Uint32Array;
  /** What every sequence number of the window starts with; `seqRest` holds the rest of each. */
  readonly seqPrefix: string;
  readonly seqRest: readonly string[];
  readonly arrival: Float64Array;
  /** STATE_CODE of each state. */
  readonly state: Uint8Array;
  readonly deliveries: Float64Array;
  /** 1: poison. */
  readonly poison: Uint8Array;
}

export type WireShard = Omit<StageShard, 'records'> & { readonly records: PackedRecords };
export type WireSnapshot = Omit<FrameMessage['snapshot'], 'shards'> & {
  readonly shards: readonly WireShard[] | null;
};
export type WireFrame = Omit<FrameMessage, 'snapshot'> & { readonly snapshot: WireSnapshot };
/** What the host posts: a frame with its shards' records packed, any other message as it is. */
export type WireFromHost = Exclude<FromHost, FrameMessage> | WireFrame;

/** The message as it goes on the wire. */
export function packFromHost(message: FromHost): WireFromHost {
  if (message.type !== 'frame') return message;
  const { snapshot } = message;
  const shards = snapshot.shards === null ? null : snapshot.shards.map(packShard);
  return { ...message, snapshot: { ...snapshot, shards } };
}

/** The message the host built, from what came over the wire. */
export function unpackFromHost(message: WireFromHost): FromHost {
  if (message.type !== 'frame') return message;
  const { snapshot } = message;
  const shards = snapshot.shards === null ? null : snapshot.shards.map(unpackShard);
  return { ...message, snapshot: { ...snapshot, shards } };
}

/**
 * An unpacker for one transport: like unpackFromHost, but a record equal in every field to the
 * same shard's record of the previous frame is that object again, not a new one. While a run
 * plays, most of a shard's window is unchanged from frame to frame (at 10x on 8 shards × 10,
 * ~1,300 records a frame, a fifth of the page's allocations and so of its garbage collections).
 * The result is equal to unpackFromHost's (wire.test.ts).
 */
export function createUnpacker(): (message: WireFromHost) => FromHost {
  let previous = new Map<string, readonly StageRecord[]>();
  return (message) => {
    if (message.type !== 'frame') return message;
    const { snapshot } = message;
    if (snapshot.shards === null) {
      previous = new Map();
      return unpackFromHost(message);
    }
    const next = new Map<string, readonly StageRecord[]>();
    const shards = snapshot.shards.map((shard): StageShard => {
      const records = unpackRecords(shard.records, previous.get(shard.shardId));
      next.set(shard.shardId, records);
      return { ...shard, records };
    });
    previous = next;
    return { ...message, snapshot: { ...snapshot, shards } };
  };
}

function packShard(shard: StageShard): WireShard {
  return { ...shard, records: packRecords(shard.records) };
}

function unpackShard(shard: WireShard): StageShard {
  return { ...shard, records: unpackRecords(shard.records) };
}

/** The records as columns. */
export function packRecords(records: readonly StageRecord[]): PackedRecords {
  const n = records.length;
  const ids: RecordId[] = new Array<RecordId>(n);
  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  const key = new Uint32Array(n);
  const arrival = new Float64Array(n);
  const state = new Uint8Array(n);
  const deliveries = new Float64Array(n);
  const poison = new Uint8Array(n);
  const prefix = commonPrefix(records);
  const seqRest: string[] = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const r = records[k]!;
    ids[k] = r.id;
    let index = keyIndex.get(r.key);
    if (index === undefined) {
      index = keys.length;
      keys.push(r.key);
      keyIndex.set(r.key, index);
    }
    key[k] = index;
    seqRest[k] = r.sequenceNumber.slice(prefix.length);
    arrival[k] = r.arrival;
    state[k] = STATE_CODE[r.state];
    deliveries[k] = r.deliveries;
    poison[k] = r.poison ? 1 : 0;
  }
  return { ids, keys, key, seqPrefix: prefix, seqRest, arrival, state, deliveries, poison };
}

/**
 * The records again, each with the engine's keys in the engine's order. With `previous` (the
 * shard's records in the last frame), a record equal to its previous one in every field is
 * that object: the window slides forward, so record k is looked for at k plus the place of the
 * window's first record in `previous`.
 */
export function unpackRecords(
  p: PackedRecords,
  previous: readonly StageRecord[] = [],
): StageRecord[] {
  const n = p.ids.length;
  const out: StageRecord[] = new Array<StageRecord>(n);
  let shift = -1;
  if (n > 0 && previous.length > 0) {
    const first = p.ids[0];
    for (let j = 0; j < previous.length && shift < 0; j++) if (previous[j]!.id === first) shift = j;
  }
  for (let k = 0; k < n; k++) {
    const id = p.ids[k]!;
    const key = p.keys[p.key[k]!]!;
    const rest = p.seqRest[k]!;
    const arrival = p.arrival[k]!;
    const state = STATES[p.state[k]!]!;
    const deliveries = p.deliveries[k]!;
    const poison = p.poison[k] === 1;
    const old = shift < 0 ? undefined : previous[shift + k];
    if (
      old !== undefined &&
      old.id === id &&
      old.state === state &&
      old.deliveries === deliveries &&
      old.arrival === arrival &&
      old.poison === poison &&
      old.key === key &&
      old.sequenceNumber.length === p.seqPrefix.length + rest.length &&
      old.sequenceNumber.endsWith(rest) &&
      old.sequenceNumber.startsWith(p.seqPrefix)
    ) {
      out[k] = old;
      continue;
    }
    out[k] = {
      id,
      key,
      sequenceNumber: p.seqPrefix + rest,
      arrival,
      state,
      deliveries,
      poison,
    };
  }
  return out;
}

/**
 * The longest prefix every record's sequence number shares: that of the
 * smallest and the largest (in string order), which bound all the others.
 */
function commonPrefix(records: readonly StageRecord[]): string {
  if (records.length === 0) return '';
  let lo = records[0]!.sequenceNumber;
  let hi = lo;
  for (const r of records) {
    const s = r.sequenceNumber;
    if (s < lo) lo = s;
    else if (s > hi) hi = s;
  }
  let i = 0;
  while (i < lo.length && lo.charCodeAt(i) === hi.charCodeAt(i)) i++;
  return lo.slice(0, i);
}
