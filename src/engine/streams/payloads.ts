/**
 * The exact payloads AWS builds (esm-semantics.md §2, §8): the invocation
 * event a function receives for a Kinesis or DynamoDB batch, the filterable
 * shape of one record, and the invocation record an on-failure destination
 * receives. Rebuilt on demand from the record table, so history costs nothing.
 */
import {
  DYNAMODB_STREAM_ARN,
  EXECUTION_ROLE_ARN,
  FUNCTION_ARN,
  KINESIS_STREAM_ARN,
  EPOCH_UNIX_SECONDS,
  REGION,
  unixSeconds,
} from '../aws';
import type {
  DestinationKind,
  OnFailureCondition,
  OnFailureInvocationRecord,
  OnFailureReportEntry,
  ShardId,
  StreamBatchInfo,
} from '../types';
import { base64Utf8, utf8Length } from '../encoding';
import type { TumblingFields } from './invocationLog';
import { uuidFrom } from '../md5';
import { isoTimeOf } from './isoTimes';
import {
  FLAG_BODY,
  FLAG_MODIFY,
  RECORD_METADATA_BYTES,
  idOf,
  idOfCode,
  seqOf,
  sequenceNumber,
  shardIdOf,
  type GivenUpBatch,
  type StreamState,
} from './state';

/** ISO time that never throws: a non-finite or out-of-range time (bad input) is clamped. */
function iso(t: number): string {
  const max = 8.64e15 / 1000 - EPOCH_UNIX_SECONDS - 1;
  return isoTimeOf(Number.isFinite(t) ? Math.min(max, Math.max(-EPOCH_UNIX_SECONDS, t)) : 0);
}

/** The stream's ARN for the source type. */
export const streamArn = (s: StreamState): string =>
  s.source.type === 'kinesis' ? KINESIS_STREAM_ARN : DYNAMODB_STREAM_ARN;

/** A record's body: the scenario's text, or a small generated JSON document. */
export function bodyOf(s: StreamState, i: number): string {
  return (
    s.rec.bodies[i] ??
    `{"id":"${idOf(s, i)}","key":"${s.keys.names[s.rec.key[i]!]!}","n":${s.rec.pos[i]!}}`
  );
}

/** A generated body's size without its key: the JSON frame, a typical id and counter (estimate). */
const GENERATED_BODY_BYTES = 48;

/** The record's data in bytes as the stream stores it (what GetRecords' size limits count). */
export function recordDataBytes(s: StreamState, i: number): number {
  // Generated bodies are ASCII of a known shape: estimate without building them.
  if ((s.rec.flags[i]! & FLAG_BODY) === 0) {
    return GENERATED_BODY_BYTES + s.keys.names[s.rec.key[i]!]!.length;
  }
  return utf8Length(s.rec.bodies[i]!);
}

/** Bytes the record adds to an invocation payload (data, base64 for Kinesis, plus metadata). */
export function recordBytes(s: StreamState, i: number): number {
  return payloadBytes(s, recordDataBytes(s, i));
}

/** Bytes a record of `raw` data bytes adds to an invocation payload (base64 for Kinesis). */
const payloadBytes = (s: StreamState, raw: number): number =>
  (s.source.type === 'kinesis' ? Math.ceil(raw / 3) * 4 : raw) + RECORD_METADATA_BYTES;

/** The longest key name seen, for the bounds below (a pure cache over the names, which only grow). */
const LONGEST = { names: null as readonly string[] | null, seen: 0, length: 0 };

/**
 * The most data bytes a record without a body of its own (a generated one)
 * can have in this run: recordDataBytes for the longest key so far. Reading
 * and batching compare it with their byte limits: when no run of generated
 * records up to the count limit can reach the byte limit, they count no bytes
 * until a record with a body comes (recordDataBytes read a key name per
 * record: ~3% of a busy run).
 */
export function generatedDataBytesBound(s: StreamState): number {
  const names = s.keys.names;
  const c = LONGEST;
  if (c.names !== names || c.seen > names.length) {
    c.names = names;
    c.seen = 0;
    c.length = 0;
  }
  for (; c.seen < names.length; c.seen++) c.length = Math.max(c.length, names[c.seen]!.length);
  return GENERATED_BODY_BYTES + c.length;
}

/** recordBytes' most for a generated record (see generatedDataBytesBound). */
export const generatedRecordBytesBound = (s: StreamState): number =>
  payloadBytes(s, generatedDataBytesBound(s));

function ddbImage(s: StreamState, i: number): Record<string, unknown> {
  return { pk: { S: s.keys.names[s.rec.key[i]!]! }, body: { S: bodyOf(s, i) } };
}

/** One record as the function sees it (Kinesis or DynamoDB shape). */
export function eventRecord(s: StreamState, i: number): Record<string, unknown> {
  const key = s.keys.names[s.rec.key[i]!]!;
  const seq = seqOf(s, i);
  const at = s.rec.at[i]!;
  if (s.source.type === 'kinesis') {
    return {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: key,
        sequenceNumber: seq,
        data: base64Utf8(bodyOf(s, i)),
        approximateArrivalTimestamp: unixSeconds(at),
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shardIdOf(s.keys.shard[s.rec.key[i]!]!)}:${seq}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: EXECUTION_ROLE_ARN,
      awsRegion: REGION,
      eventSourceARN: KINESIS_STREAM_ARN,
    };
  }
  const view = s.source.StreamViewType ?? 'NEW_AND_OLD_IMAGES';
  const modify = (s.rec.flags[i]! & FLAG_MODIFY) !== 0;
  const prev = s.rec.prev[i] ?? -1;
  const dynamodb: Record<string, unknown> = {
    ApproximateCreationDateTime: Math.floor(unixSeconds(at)),
    Keys: { pk: { S: key } },
  };
  if (view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES') dynamodb.NewImage = ddbImage(s, i);
  if ((view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES') && modify && prev >= 0) {
    dynamodb.OldImage = ddbImage(s, prev);
  }
  dynamodb.SequenceNumber = seq;
  dynamodb.SizeBytes = utf8Length(JSON.stringify(dynamodb));
  dynamodb.StreamViewType = view;
  return {
    eventID: uuidFrom(`ddb:${seq}`).replace(/-/g, ''),
    eventVersion: '1.1',
    eventName: modify ? 'MODIFY' : 'INSERT',
    eventSource: 'aws:dynamodb',
    awsRegion: REGION,
    eventSourceARN: DYNAMODB_STREAM_ARN,
    dynamodb,
  };
}

/** What FilterCriteria patterns match against (filter.ts): Kinesis `data`, DynamoDB `dynamodb` keys. */
export function filterableRecord(s: StreamState, i: number): Record<string, unknown> {
  if (s.source.type === 'kinesis') {
    return { data: bodyOf(s, i), partitionKey: s.keys.names[s.rec.key[i]!]! };
  }
  const r = eventRecord(s, i);
  return { eventName: r.eventName, dynamodb: r.dynamodb };
}

/** The invocation event for a batch, with tumbling-window fields when the mapping uses windows. */
export function invocationPayload(
  s: StreamState,
  recs: readonly number[],
  shard: number,
  tumbling: TumblingFields | null,
): Record<string, unknown> {
  const payload: Record<string, unknown> = { Records: recs.map((i) => eventRecord(s, i)) };
  if (tumbling !== null) {
    payload.window = { start: iso(tumbling.start), end: iso(tumbling.end) };
    payload.state = { ...tumbling.state };
    payload.shardId = shardIdOf(shard);
    payload.eventSourceARN = streamArn(s);
    payload.isFinalInvokeForWindow = tumbling.final;
    payload.isWindowTerminatedEarly = false;
  }
  return payload;
}

/**
 * A batch given up to an on-failure destination, kept compact in the state
 * (see GivenUpBatch); onFailureEntry rebuilds its report entry. Takes the
 * request's number now (the request id follows the order of deliveries).
 */
export function givenUpBatch(
  s: StreamState,
  recs: readonly number[],
  shard: number,
  condition: OnFailureCondition,
  approximateInvokeCount: number,
  functionErrored: boolean,
  kind: DestinationKind,
): GivenUpBatch {
  s.requestCounter++;
  const rec = s.rec;
  const first = recs[0]!;
  const last = recs[recs.length - 1]!;
  const codes = new Array<number>(recs.length);
  for (let k = 0; k < recs.length; k++) codes[k] = rec.id[recs[k]!]!;
  return {
    condition,
    approximateInvokeCount,
    shard,
    codes,
    firstShard: s.keys.shard[rec.key[first]!]!,
    firstPos: rec.pos[first]!,
    lastShard: s.keys.shard[rec.key[last]!]!,
    lastPos: rec.pos[last]!,
    firstAt: rec.at[first]!,
    lastAt: rec.at[last]!,
    at: s.now,
    destinationKind: kind,
    functionErrored,
    request: s.requestCounter,
    payload: kind === 's3' ? JSON.stringify(invocationPayload(s, recs, shard, null)) : null,
  };
}

/**
 * The report entry of a given-up batch, with the invocation record the
 * destination received (AWS shape). responseContext is present only for
 * RetryAttemptsExhausted after a function error or timeout (X-Amz-Function-Error
 * "Unhandled"); a RecordAgeExceeded record has none (§11), and neither do
 * batches whose last attempt returned an invalid or partial-failure response,
 * since the function itself did not error. `at` is the entry's time (the
 * run report gives it to the millisecond; passed in, so no copy of the entry is made).
 */
export function onFailureEntry(
  s: StreamState,
  d: GivenUpBatch,
  at: number = d.at,
): OnFailureReportEntry {
  const info: StreamBatchInfo = {
    shardId: shardIdOf(d.shard),
    startSequenceNumber: sequenceNumber(s, d.firstShard, d.firstPos),
    endSequenceNumber: sequenceNumber(s, d.lastShard, d.lastPos),
    approximateArrivalOfFirstRecord: iso(d.firstAt),
    approximateArrivalOfLastRecord: iso(d.lastAt),
    batchSize: d.codes.length,
    streamArn: streamArn(s),
  };
  const invocationRecord: OnFailureInvocationRecord = {
    requestContext: {
      requestId: uuidFrom(`request:${s.scenario.seed}:${d.request}`),
      functionArn: FUNCTION_ARN,
      condition: d.condition,
      approximateInvokeCount: d.approximateInvokeCount,
    },
    ...(d.condition === 'RetryAttemptsExhausted' && d.functionErrored
      ? {
          responseContext: {
            statusCode: 200,
            executedVersion: '$LATEST',
            functionError: 'Unhandled',
          },
        }
      : {}),
    version: '1.0',
    timestamp: iso(d.at),
    ...(s.source.type === 'kinesis' ? { KinesisBatchInfo: info } : { DDBStreamBatchInfo: info }),
    ...(d.payload !== null ? { payload: d.payload } : {}),
  };
  return {
    condition: d.condition,
    approximateInvokeCount: d.approximateInvokeCount,
    shardId: s.shards[d.shard]!.id as ShardId,
    startSequenceNumber: info.startSequenceNumber,
    endSequenceNumber: info.endSequenceNumber,
    batchSize: d.codes.length,
    records: d.codes.map((code) => idOfCode(s, code)),
    at,
    destinationKind: d.destinationKind,
    ...(d.destinationKind === 's3' ? { s3ObjectKey: s3ObjectKey(s, d) } : {}),
    invocationRecord,
  };
}

/**
 * Where an S3 on-failure destination stores a given-up batch (KIN-F):
 * aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>, at the delivery time.
 * The mapping's UUID comes from the seed (one per run), the last UUID from the request.
 */
function s3ObjectKey(s: StreamState, d: GivenUpBatch): string {
  const at = iso(d.at);
  const day = at.slice(0, 10);
  const time = at.slice(11, 19).replace(/:/g, '.');
  const esm = uuidFrom(`event-source-mapping:${s.scenario.seed}`);
  const object = uuidFrom(`s3-object:${s.scenario.seed}:${d.request}`);
  return `aws/lambda/${esm}/${shardIdOf(d.shard)}/${day.replace(/-/g, '/')}/${day}T${time}-${object}`;
}
