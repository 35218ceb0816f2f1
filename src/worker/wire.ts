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

/** The records again, each with the engine's keys in the engine's order. */
export function unpackRecords(p: PackedRecords): StageRecord[] {
  const n = p.ids.length;
  const out: StageRecord[] = new Array<StageRecord>(n);
  for (let k = 0; k < n; k++) {
    out[k] = {
      id: p.ids[k]!,
      key: p.keys[p.key[k]!]!,
      sequenceNumber: p.seqPrefix + p.seqRest[k]!,
      arrival: p.arrival[k]!,
      state: STATES[p.state[k]!]!,
      deliveries: p.deliveries[k]!,
      poison: p.poison[k] === 1,
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
